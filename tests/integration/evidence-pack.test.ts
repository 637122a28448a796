import { createHash } from "node:crypto";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { addDealEntry } from "~/modules/finance/deal-entries.server";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, signDeal } from "~/modules/finance/deal-steps.server";
import { decideAttempt } from "~/modules/finance/lender-answers.server";
import { currentSetting, sha256Of } from "~/modules/finance/documents.server";
import evidenceSchema from "~/modules/finance/evidence-pack.schema.json";
import { acknowledgeDisclosure } from "~/modules/finance/disclosure-records.server";
import { buildEvidencePack, type EvidencePack, type PackBody } from "~/modules/finance/evidence.server";
import { timelineOf, warningsOf } from "~/modules/finance/evidence-story.server";
import { loader as pageLoader } from "~/routes/_app.finance.$id_.evidence";
import { loader as jsonLoader } from "~/routes/finance.$id.evidence[.json]";
import { cookieFor, makeUser, seedGroup } from "../support/factories";
import { COMPLIANT_WORDING, makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(evidenceSchema);

function expectValid(pack: unknown) {
  const valid = validate(pack);
  expect(validate.errors ?? [], "the export must match evidence-pack.schema.json").toEqual([]);
  expect(valid).toBe(true);
}

let finance: SessionUser;
let ownManager: SessionUser;
let otherManager: SessionUser;
let panel: Awaited<ReturnType<typeof makePanel>>;
let dealId: string;
let reference: string;

const step = async () => ({ actor: finance, id: dealId, version: await versionOfDeal(dealId) });
const ok = (result: { ok: boolean; message?: string }) => expect(result, result.message).toMatchObject({ ok: true });
const latestAttempt = async () => {
  const [row] = await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, dealId)).orderBy(sql`sequence desc`).limit(1);
  return row!.id;
};
const discloseAndConsent = async (lenderId: string, acknowledge?: () => Promise<void>) => {
  ok(await recordDisclosure({ ...(await step()), lenderId, medium: "email", customerAskedAmount: true, amountToldToCustomer: "", givenAt: new Date() }));
  await acknowledge?.();
  ok(await recordConsent({ ...(await step()), kind: "initial", method: "e_signature", givenAt: new Date() }));
};

/** A deal through every step: captive lender declines, the general lender accepts, commission confirmed above the estimate. */
beforeAll(async () => {
  const branches = await seedGroup();
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  ownManager = await makeUser("manager", [branches["laguna-ktm"]!]);
  otherManager = await makeUser("manager", [branches["maidstone-honda"]!]);
  panel = await makePanel();
  dealId = await makeDeal(finance, branches["laguna-ktm"]!);

  await discloseAndConsent(panel.captive.id);
  ok(await proposeToLender({ ...(await step()), lenderId: panel.captive.id, orderReason: "" }));
  ok(await decideAttempt({ ...(await step()), attemptId: await latestAttempt(), outcome: "declined" }));
  await discloseAndConsent(panel.general.id, async () => {
    const [second] = await db().select().from(schema.dealDisclosures).where(eq(schema.dealDisclosures.lenderId, panel.general.id));
    ok(await acknowledgeDisclosure({ actor: finance, dealId, disclosureId: second!.id, method: "tablet", typedName: "Jo Rider" }));
  });
  ok(await proposeToLender({ ...(await step()), lenderId: panel.general.id, orderReason: "" }));
  ok(await decideAttempt({ ...(await step()), attemptId: await latestAttempt(), outcome: "accepted" }));
  // The general lender's fixed £400 was disclosed; £450 is confirmed, so fresh consent comes first.
  ok(await confirmCommission({ ...(await step()), amountPence: 45_000, medium: "email", confirmedAt: new Date() }));
  ok(await recordConsent({ ...(await step()), kind: "fresh", method: "email_reply", givenAt: new Date() }));
  ok(await signDeal({ ...(await step()), agreementNumber: "ORC-778812", signedAt: new Date() }));
  ok(await addDealEntry({ actor: finance, id: dealId, kind: "commission_paid", effectiveOn: "2026-03-31", amountPence: 43_000, reason: "Lender's March statement" }));
  ok(await addDealEntry({ actor: finance, id: dealId, kind: "correction", effectiveOn: "2026-04-02", amountPence: null, reason: "Customer's email was mistyped: jo.rider@example.com" }));

  const [deal] = await db().select({ reference: schema.financeDeals.reference }).from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId));
  reference = deal!.reference;
});

const routeArgs = async (user: SessionUser, id = dealId) => ({
  request: new Request(`http://localhost/finance/${id}/evidence.json`, { headers: { Cookie: await cookieFor(user) } }),
  params: { id },
  context: { cspNonce: "" },
});

async function download(user: SessionUser, id = dealId) {
  const response = (await jsonLoader(await routeArgs(user, id))) as Response;
  return { response, pack: (await response.json()) as EvidencePack };
}

describe("the evidence pack", () => {
  it("validates the real JSON export against the repo's JSON Schema, and sends it as a no-store attachment", async () => {
    const { response, pack } = await download(finance);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${reference}-evidence.json"`);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expectValid(pack);
    // The schema is strict: an unknown field or a wrong type is refused.
    expect(validate({ ...pack, extra: true })).toBe(false);
    expect(validate({ ...pack, commission: { ...pack.commission, paidPence: "430.00" } })).toBe(false);
    expect(validate({ ...pack, disclosures: [{ ...pack.disclosures[0], document: { ...pack.disclosures[0]!.document, sha256: "abc" } }] })).toBe(false);
    expect(pack.schemaVersion).toBe(1);
    expect(pack.generatedBy.email).toBe(finance.email);
  });

  it("gives the regulatory status in force now and the trading names", async () => {
    const pack = (await buildEvidencePack(finance, dealId))!;
    const status = await currentSetting("regulatory_status");
    expect(pack.firm.regulatoryStatus).toMatchObject({ text: status.value.text, version: status.version });
    expect(pack.firm.tradingNames).toEqual(expect.arrayContaining(["Laguna Motorcycles", "Maidstone Honda", "Kent Motorcycles"]));
  });

  it("tells the whole story in time order", async () => {
    const { timeline } = (await buildEvidencePack(finance, dealId))!;
    const times = timeline.map((event) => event.at);
    expect(times).toEqual([...times].sort());
    expect(timeline.map((event) => event.kind)).toEqual(["deal_created", "disclosure", "consent", "proposal", "decision", "disclosure", "acknowledgment", "consent", "proposal", "decision", "confirmation", "consent", "signed", "entry", "entry"]);
    expect(timeline.find((event) => event.kind === "decision")!.description).toContain("declined");
    // Each line: when it happened, when it was entered, who.
    expect(timeline.find((event) => event.kind === "signed")).toMatchObject({ by: finance.name, description: expect.stringContaining("ORC-778812") });
    expect(timeline.every((event) => event.enteredAt !== null && event.enteredAt >= event.at)).toBe(true);
    expect(timeline.find((event) => event.kind === "acknowledgment")!.description).toBe('The customer acknowledged disclosure 2 on the shop\'s tablet, typing "Jo Rider".');
  });

  it("links this deal's documents with their hashes re-checked, and how the customer acknowledged them", async () => {
    const { disclosures } = (await buildEvidencePack(finance, dealId))!;
    const kept = await db().select().from(schema.disclosurePdfs).where(eq(schema.disclosurePdfs.dealId, dealId));
    for (const d of disclosures) {
      const row = kept.find((k) => k.disclosureId === d.id)!;
      expect(d.customerDocument).toMatchObject({ url: `/finance/disclosures/${d.id}/document.pdf`, sha256: row.sha256, hashMatches: true, byteLength: row.pdf.byteLength });
      expect(d.customerDocument!.computedSha256).toBe(createHash("sha256").update(row.pdf).digest("hex"));
    }
    expect(disclosures.map((d) => d.acknowledgment && [d.acknowledgment.method, d.acknowledgment.typedName, d.acknowledgment.typedNameDiffers])).toEqual([null, ["tablet", "Jo Rider", false]]);
  });

  it("puts at the top what a reviewer must look at: here an unacknowledged document and a payment that differs", async () => {
    const { warnings } = (await buildEvidencePack(finance, dealId))!;
    expect(warnings).toEqual([
      { kind: "document", message: "Disclosure 1: the customer's acknowledgment of the document is not recorded." },
      { kind: "payment", message: "The commission paid (£430.00) differs from the commission confirmed (£450.00)." },
    ]);
  });

  it("warns of a signing dated before its confirmation, a step before the deal existed, and a review by the deal's own staff", async () => {
    const pack = JSON.parse(JSON.stringify(await buildEvidencePack(finance, dealId))) as PackBody;
    const confirmedAt = pack.confirmations[0]!.confirmedAt;
    pack.deal.signedAt = new Date(Date.parse(confirmedAt) - 4 * 86_400_000).toISOString();
    pack.consents[0]!.givenAt = new Date(Date.parse(pack.deal.createdAt) - 60_000).toISOString();
    pack.reviews.push({ id: "r", at: pack.confirmations[0]!.confirmedAt, reviewer: pack.deal.staff, decision: "approved", note: "Fine.", commissionPence: 45_000, commissionFormatted: "£450.00" });
    const messages = warningsOf(pack, timelineOf(pack)).map((w) => `${w.kind}: ${w.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^order: The signing \(.+\) is dated before the deal was recorded/),
      expect.stringMatching(/^order: Signing \(.+\) is dated before the commission confirmation/),
      expect.stringMatching(/^order: Signing \(.+\) is dated before the commission review/),
      expect.stringMatching(/^order: Signing \(.+\) is dated before the fresh consent/),
      expect.stringMatching(/^order: A consent \(.+\) is dated before the deal was recorded/),
      expect.stringMatching(/^order: Consent \(.+\) is dated before the disclosure it answers/),
      `four_eyes: The review was made by ${finance.name}, who took part in the deal (the deal's member of staff, gave the disclosure, recorded the signing): nobody reviews their own deal.`,
    ]));
  });

  it("holds the exact text shown with its hash, checked again", async () => {
    const { disclosures } = (await buildEvidencePack(finance, dealId))!;
    expect(disclosures).toHaveLength(2);
    for (const disclosure of disclosures) {
      expect(disclosure.document.text).toBe(COMPLIANT_WORDING);
      expect(disclosure.document.sha256).toBe(sha256Of(COMPLIANT_WORDING));
      expect(disclosure.document.hashMatches).toBe(true);
      expect(disclosure).toMatchObject({ medium: "email", givenBy: { id: finance.id, email: finance.email }, customerAskedAmount: true });
      expect(disclosure.tiesDisclosed.map((tie) => tie.reference)).toContain("TIE-KTM-1");
    }
    expect(disclosures.map((d) => [d.lender.id, d.estimatedCommissionPence, d.amountToldToCustomer])).toEqual([
      [panel.captive.id, 40_000, "£400.00"],
      [panel.general.id, 40_000, "£400.00"],
    ]);
  });

  it("lists the lenders tried in order, the ties in force, consents and entries", async () => {
    const pack = (await buildEvidencePack(finance, dealId))!;
    expect(pack.attempts.map((a) => [a.sequence, a.lender.id, a.outcome, a.aprBasisPoints, a.termMonths])).toEqual([
      [1, panel.captive.id, "declined", 1030, 48],
      [2, panel.general.id, "accepted", 1030, 48],
    ]);
    expect(pack.attempts.every((a) => a.decidedAt !== null && a.decidedAt >= a.proposedAt)).toBe(true);
    expect(pack.tiesInForce.atFirstDisclosure?.ties.map((t) => t.reference)).toContain("TIE-KTM-1");
    expect(pack.tiesInForce.atSigning?.ties.map((t) => t.reference)).toContain("TIE-KTM-1");
    expect(pack.consents.map((c) => c.kind)).toEqual(["initial", "initial", "fresh"]);
    expect(pack.entries.map((e) => [e.kind, e.amountPence])).toEqual([["commission_paid", 43_000], ["correction", null]]);
    expect(pack.deal).toMatchObject({ reference, status: "signed", agreementNumber: "ORC-778812", legalHold: false });
    expect(pack.deal.signedFigures?.creditPence).toBe(1_000_000);
  });

  it("shows commission estimated, confirmed and paid, flags paid differing from confirmed, with the right ratios", async () => {
    const { commission } = (await buildEvidencePack(finance, dealId))!;
    expect(commission).toMatchObject({
      lender: { id: panel.general.id },
      estimatedPence: 40_000,
      estimatedFormatted: "£400.00",
      confirmedPence: 45_000,
      confirmedAboveEstimate: true,
      paidPence: 43_000,
      paidFormatted: "£430.00",
      paidDiffersFromConfirmed: true,
      ratiosOf: "confirmed",
      ratiosCommissionPence: 45_000,
    });
    // £450 against £2,144 charge for credit, £10,000 credit and £13,144 total payable.
    expect(commission.ratios.ofChargeForCredit).toEqual({ ratio: 45_000 / 214_400, basisPoints: 2099, formatted: "21.0%" });
    expect(commission.ratios.ofCredit).toEqual({ ratio: 0.045, basisPoints: 450, formatted: "4.5%" });
    expect(commission.ratios.ofTotalPayable).toEqual({ ratio: 45_000 / 1_314_400, basisPoints: 342, formatted: "3.4%" });
  });

  it("includes every audit row for the deal, and writes none itself", async () => {
    const rows = await db().select().from(schema.auditLog).where(eq(schema.auditLog.entityId, dealId));
    const { pack } = await download(finance);
    expect(pack.audit.map((a) => a.id)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    expect(pack.audit.map((a) => a.action)).toEqual(expect.arrayContaining(["finance.created", "finance.disclosed", "finance.attempt_declined", "finance.signed", "finance.entry_correction"]));
    expect(pack.audit.find((a) => a.action === "finance.signed")?.actorEmail).toBe(finance.email);
    // As sentences for the page; the raw rows stay in the JSON.
    expect(pack.audit.find((a) => a.action === "finance.signed")?.sentence).toBe(`${finance.email} recorded the signing.`);
    expect(pack.audit.find((a) => a.action === "finance.attempt_declined")?.sentence).toBe(`${finance.email} recorded a lender's answer: declined.`);
    expect(pack.audit.find((a) => a.action === "finance.disclosure_acknowledged")?.sentence).toBe(`${finance.email} recorded the customer's acknowledgment on the tablet (the name typed is kept with the acknowledgment, not in the audit log).`);
    expect(await db().select().from(schema.auditLog).where(eq(schema.auditLog.entityId, dealId))).toHaveLength(rows.length);
  });

  it("flags a disclosure whose recorded hash doesn't match the text", async () => {
    const id = await makeDeal(finance, (await seedGroup())["laguna-ktm"]!);
    const [document] = await db().select().from(schema.disclosureDocuments).limit(1);
    await db().insert(schema.dealDisclosures).values({ dealId: id, documentId: document!.id, documentSha256: "0".repeat(64), lenderId: panel.captive.id, basis: "fixed_fee", estimatedCommissionPence: 1, tiesDisclosed: [], medium: "paper", givenAt: new Date(), givenBy: finance.id });
    const pack = (await buildEvidencePack(finance, id))!;
    expect(pack.disclosures[0]!.document).toMatchObject({ hashMatches: false, computedSha256: sha256Of(COMPLIANT_WORDING) });
    expect(pack.commission.paidDiffersFromConfirmed).toBeNull();
    expectValid(JSON.parse(JSON.stringify(pack)));
  });
});

describe("who may see it", () => {
  it("lets the branch's manager download it and gives a manager of another branch a 404", async () => {
    expect((await download(ownManager)).response.status).toBe(200);
    for (const load of [jsonLoader, pageLoader]) {
      const thrown = await load(await routeArgs(otherManager)).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
    expect(await buildEvidencePack(otherManager, dealId)).toBeNull();
  });

  it("answers 404 for an id that isn't a deal", async () => {
    const thrown = await jsonLoader(await routeArgs(finance, "not-a-uuid")).catch((error: unknown) => error);
    expect((thrown as Response).status).toBe(404);
  });

  it("serves the printable page from the same pack", async () => {
    const pack = await pageLoader(await routeArgs(finance));
    expect(pack.deal.reference).toBe(reference);
    expect(pack.disclosures[0]!.document.text).toBe(COMPLIANT_WORDING);
  });
});
