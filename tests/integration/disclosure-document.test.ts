import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { recordDisclosure } from "~/modules/finance/deal-steps.server";
import { renderDisclosurePdf, type DisclosurePdfInput } from "~/modules/finance/disclosure-pdf.server";
import { acknowledgeDisclosure } from "~/modules/finance/disclosure-records.server";
import { loader as pdfLoader } from "~/routes/finance.disclosures.$id.document[.pdf]";
import { loader as scanLoader } from "~/routes/finance.disclosures.$id.scan";
import { refusedWith } from "../support/database-errors";
import { cookieFor, makeUser, seedGroup } from "../support/factories";
import { makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";
import { pdfText } from "../support/pdf-text";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
// A PNG's eight-byte signature and a little more: what a phone's scan starts with.
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const GIF = new TextEncoder().encode("GIF89a....");

let finance: SessionUser;
let otherFinance: SessionUser;
let panel: Awaited<ReturnType<typeof makePanel>>;
let dealId: string;
let reference: string;
const givenAt = new Date(Date.now() - 30 * 60_000);

async function disclose(id: string, lenderId: string, at = givenAt) {
  const result = await recordDisclosure({ actor: finance, id, version: await versionOfDeal(id), lenderId, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt: at });
  expect(result, result.ok ? "" : result.message).toMatchObject({ ok: true });
  const rows = await db().select().from(schema.dealDisclosures).where(eq(schema.dealDisclosures.dealId, id));
  return rows.sort((a, b) => +a.createdAt - +b.createdAt).at(-1)!.id;
}
const storedPdf = async (disclosureId: string) => (await db().select().from(schema.disclosurePdfs).where(eq(schema.disclosurePdfs.disclosureId, disclosureId)))[0]!;
const download = async (loader: typeof pdfLoader, user: SessionUser, id: string) =>
  (await loader({ request: new Request(`http://localhost/finance/disclosures/${id}`, { headers: { Cookie: await cookieFor(user) } }), params: { id }, context: { cspNonce: "" } }).catch((thrown: unknown) => thrown)) as Response;

let captiveDisclosure: string;

beforeAll(async () => {
  const branches = await seedGroup();
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  otherFinance = await makeUser("finance", [branches["maidstone-honda"]!]);
  panel = await makePanel();
  dealId = await makeDeal(finance, branches["laguna-ktm"]!);
  [{ reference }] = (await db().select({ reference: schema.financeDeals.reference }).from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId))) as [{ reference: string }];
  captiveDisclosure = await disclose(dealId, panel.captive.id);
});

describe("the per-deal disclosure document", () => {
  it("keeps the PDF with the SHA-256 of its exact bytes", async () => {
    const row = await storedPdf(captiveDisclosure);
    expect(row.pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(row.byteLength).toBe(row.pdf.byteLength);
    expect(row.sha256).toBe(sha256(row.pdf));
  });

  it("tells this customer this deal's lender, basis, likely amount, panel order, ties and the effect on the price", async () => {
    const text = pdfText((await storedPdf(captiveDisclosure)).pdf);
    expect(text).toContain(`How we are paid: ${reference}`);
    expect(text).toContain("Customer: Jo Rider");
    expect(text).toContain(`Lender: ${panel.captive.name} (FCA FRN 123456)`);
    // £10,000 of credit at the captive lender's 4%: £400.
    expect(text).toContain("Commission basis: Fixed percentage of the amount of credit (4.00% of £10,000.00 borrowed)");
    expect(text).toContain("Likely commission: £400.00");
    expect(text).toContain(`1. ${panel.captive.name} (FCA FRN 123456), the manufacturer's lender for this bike`);
    expect(text).toContain(`2. ${panel.general.name} (FCA FRN 7654321): fixed fee, likely £400.00`);
    expect(text).toContain(`${panel.captive.name} (TIE-KTM-1): stock funding. Preferential stock funding for new KTMs`);
    expect(text).toContain("it never depends on the interest rate");
    expect(text).toContain("credit broker and not a lender");
  });

  it("is dated from the disclosure, and the same facts give the same bytes", async () => {
    const stored = await PDFDocument.load((await storedPdf(captiveDisclosure)).pdf, { updateMetadata: false });
    expect(stored.getCreationDate()?.getTime()).toBe(Math.floor(givenAt.getTime() / 1000) * 1000);
    const input: DisclosurePdfInput = {
      reference: "FIN-000042", branchName: "Laguna Motorcycles", customerName: "Sam Rider", vehicle: "KTM 390 Adventure X (KTM)", creditPence: 500_000,
      givenAt: new Date("2026-06-01T09:30:00Z"), givenByName: "Frankie Finance", medium: "paper", firmStatus: "We are a credit broker, not a lender.",
      notice: { version: 3, title: "How we are paid", body: "We are a credit broker and not a lender.", sha256: "ab".repeat(32) },
      lender: { name: "KTM Finance", fcaFrn: "123456" }, basis: "fixed_fee", schedule: { amountPence: 25_000, percentBasisPoints: null }, estimatedCommissionPence: 25_000,
      panel: [{ name: "KTM Finance", fcaFrn: "123456", manufacturer: true, basis: "fixed_fee", likelyPence: 25_000 }], otherPayments: [], ties: [],
    };
    const [first, second] = [await renderDisclosurePdf(input), await renderDisclosurePdf(input)];
    expect(sha256(first)).toBe(sha256(second));
    expect(sha256(await renderDisclosurePdf({ ...input, estimatedCommissionPence: 25_001 }))).not.toBe(sha256(first));
  });

  it("serves exactly the stored bytes, as a PDF download never cached, to whoever may see the deal", async () => {
    const row = await storedPdf(captiveDisclosure);
    const response = await download(pdfLoader, finance, captiveDisclosure);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${reference}-disclosure-1.pdf"`);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const served = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(served).equals(row.pdf)).toBe(true);
    expect(sha256(served)).toBe(row.sha256);
    expect((await download(pdfLoader, otherFinance, captiveDisclosure)).status).toBe(404);
  });

  it("is append-only: the database refuses to change or remove a kept document", async () => {
    await expect(db().update(schema.disclosurePdfs).set({ sha256: "0".repeat(64) }).where(eq(schema.disclosurePdfs.disclosureId, captiveDisclosure))).rejects.toEqual(
      refusedWith("finance log: UPDATE on disclosure_pdfs is not allowed"),
    );
    await expect(db().delete(schema.disclosurePdfs).where(eq(schema.disclosurePdfs.disclosureId, captiveDisclosure))).rejects.toEqual(refusedWith("finance log: DELETE on disclosure_pdfs is not allowed"));
  });
});

describe("the customer's acknowledgment", () => {
  it("records the name typed on the tablet, once", async () => {
    const result = await acknowledgeDisclosure({ actor: finance, dealId, disclosureId: captiveDisclosure, method: "tablet", typedName: "Jo Rider" });
    expect(result).toEqual({ ok: true });
    const [row] = await db().select().from(schema.disclosureAcknowledgments).where(eq(schema.disclosureAcknowledgments.disclosureId, captiveDisclosure));
    expect(row).toMatchObject({ method: "tablet", typedName: "Jo Rider", scan: null, recordedBy: finance.id });
    expect(Math.abs(row!.acknowledgedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await acknowledgeDisclosure({ actor: finance, dealId, disclosureId: captiveDisclosure, method: "tablet", typedName: "Jo Rider" })).toEqual({
      ok: false, status: 409, field: undefined, message: "This disclosure has already been acknowledged: the record keeps the first acknowledgment.",
    });
    await expect(db().update(schema.disclosureAcknowledgments).set({ typedName: "Someone Else" }).where(eq(schema.disclosureAcknowledgments.disclosureId, captiveDisclosure))).rejects.toEqual(
      refusedWith("finance log: UPDATE on disclosure_acknowledgments is not allowed"),
    );
  });

  it("keeps a signed paper copy's scan (PDF, JPEG or PNG by its bytes, up to 5 MB), served as stored", async () => {
    const disclosureId = await disclose(dealId, panel.general.id);
    const paper = (scan: Uint8Array, signedAt = new Date()) => acknowledgeDisclosure({ actor: finance, dealId, disclosureId, method: "paper_scan", signedAt, scan: { bytes: scan, fileName: "signed.png" } });
    expect(await paper(GIF)).toEqual({ ok: false, status: 400, field: "scan", message: "The scan must be a PDF, JPEG or PNG file." });
    expect(await paper(new Uint8Array(5 * 1024 * 1024 + 1))).toEqual({ ok: false, status: 400, field: "scan", message: "The scan is larger than the 5 MB allowed: scan at a lower resolution." });
    expect(await paper(PNG, new Date(givenAt.getTime() - 60_000))).toMatchObject({ ok: false, field: "signedAt", message: expect.stringMatching(/^The customer can't acknowledge the document before it was given/) });
    expect(await paper(PNG)).toEqual({ ok: true });
    const response = await download(scanLoader, finance, disclosureId);
    expect(response.headers.get("Content-Type")).toBe("image/png");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${reference}-disclosure-2-signed.png"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    const [row] = await db().select().from(schema.disclosureAcknowledgments).where(eq(schema.disclosureAcknowledgments.disclosureId, disclosureId));
    expect(row!.scanSha256).toBe(sha256(PNG));
    expect((await download(scanLoader, otherFinance, disclosureId)).status).toBe(404);
  });
});
