import { createHash } from "node:crypto";
import { and, asc, eq, gte, inArray, isNull, lte, or } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import type { FinanceDeal } from "@db/schema/finance";
import { recordAudit } from "~/modules/audit/record.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { formatDateTime, londonToday } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { commissionFor } from "./commission";
import { manufacturerLender, scheduleInForce } from "./commission.server";
import { storedFigures } from "./deal-figures";
import { renderDisclosurePdf, type DisclosurePdfInput } from "./disclosure-pdf.server";
import { getSetting } from "./documents.server";
import { lockDeal, visibleDeal } from "./deals.server";

const { branches, dealDisclosures, disclosureAcknowledgments, disclosurePdfs, lenderOtherPayments, lenders, users } = schema;

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

type Disclosure = typeof dealDisclosures.$inferSelect;
type NoticeDocument = typeof schema.disclosureDocuments.$inferSelect;

/**
 * Renders the customer's document for a disclosure just recorded and keeps its bytes and SHA-256,
 * inside the disclosure's transaction (one stands or falls with the other).
 */
export async function keepDisclosureDocument(tx: Transaction, input: { deal: FinanceDeal; disclosure: Disclosure; notice: NoticeDocument; givenByName: string }) {
  const bytes = await renderDisclosurePdf(await pdfInput(tx, input));
  const sha256 = sha256Hex(bytes);
  await tx.insert(disclosurePdfs).values({ dealId: input.deal.id, disclosureId: input.disclosure.id, pdf: Buffer.from(bytes), sha256, byteLength: bytes.byteLength });
  return { sha256, byteLength: bytes.byteLength };
}

/** What the document shows, read in the transaction: the panel as it stood on the day of the disclosure. */
async function pdfInput(tx: Transaction, { deal, disclosure, notice, givenByName }: { deal: FinanceDeal; disclosure: Disclosure; notice: NoticeDocument; givenByName: string }): Promise<DisclosurePdfInput> {
  const on = londonToday(disclosure.givenAt);
  const creditPence = storedFigures(deal.quotedFigures).creditPence;
  const [[branch], active, captive, firm] = await Promise.all([
    tx.select({ name: branches.name }).from(branches).where(eq(branches.id, deal.branchId)),
    tx.select().from(lenders).where(eq(lenders.active, true)).orderBy(asc(lenders.name)),
    manufacturerLender(deal.vehicleBrand, tx),
    getSetting("regulatory_status", tx),
  ]);
  const ordered = [...active].sort((a, b) => Number(b.id === captive?.id) - Number(a.id === captive?.id));
  const panel = [];
  for (const lender of ordered) {
    const schedule = await scheduleInForce({ lenderId: lender.id, on, brand: deal.vehicleBrand, modelId: deal.vehicleModelId }, tx);
    panel.push({ name: lender.name, fcaFrn: lender.fcaFrn, manufacturer: lender.id === captive?.id, basis: schedule?.basis ?? null, likelyPence: schedule ? commissionFor(schedule, creditPence) : null });
  }
  const otherPayments = active.length
    ? await tx
        .select({ lenderName: lenders.name, kind: lenderOtherPayments.kind, description: lenderOtherPayments.description, amountPence: lenderOtherPayments.amountPence })
        .from(lenderOtherPayments)
        .innerJoin(lenders, eq(lenders.id, lenderOtherPayments.lenderId))
        .where(and(inArray(lenderOtherPayments.lenderId, active.map((l) => l.id)), lte(lenderOtherPayments.effectiveFrom, on), or(isNull(lenderOtherPayments.effectiveTo), gte(lenderOtherPayments.effectiveTo, on))))
        .orderBy(asc(lenders.name), asc(lenderOtherPayments.effectiveFrom), asc(lenderOtherPayments.id))
    : [];
  const lender = active.find((l) => l.id === disclosure.lenderId) ?? (await tx.select().from(lenders).where(eq(lenders.id, disclosure.lenderId)))[0]!;
  const [schedule] = disclosure.scheduleId ? await tx.select().from(schema.commissionSchedules).where(eq(schema.commissionSchedules.id, disclosure.scheduleId)) : [];
  return {
    reference: deal.reference,
    branchName: branch?.name ?? "",
    customerName: deal.customerName,
    vehicle: `${deal.vehicleDescription} (${deal.vehicleBrand})`,
    creditPence,
    givenAt: disclosure.givenAt,
    givenByName,
    medium: disclosure.medium,
    firmStatus: firm.text,
    notice: { version: notice.version, title: notice.title, body: notice.body, sha256: notice.sha256 },
    lender: { name: lender.name, fcaFrn: lender.fcaFrn },
    basis: disclosure.basis,
    schedule: schedule ? { amountPence: schedule.amountPence, percentBasisPoints: schedule.percentBasisPoints } : null,
    estimatedCommissionPence: disclosure.estimatedCommissionPence,
    panel,
    otherPayments,
    ties: (disclosure.tiesDisclosed as DisclosurePdfInput["ties"]).map((t) => ({ lenderName: t.lenderName, reference: t.reference, kind: t.kind, terms: t.terms })),
  };
}

/** The documents and acknowledgments of a deal's disclosures (no bytes), for its page and evidence pack. */
export async function disclosureRecordsOf(dealId: string) {
  const [pdfs, acknowledgments] = await Promise.all([
    db().select({ id: disclosurePdfs.id, disclosureId: disclosurePdfs.disclosureId, sha256: disclosurePdfs.sha256, byteLength: disclosurePdfs.byteLength, createdAt: disclosurePdfs.createdAt }).from(disclosurePdfs).where(eq(disclosurePdfs.dealId, dealId)),
    db()
      .select({
        id: disclosureAcknowledgments.id,
        disclosureId: disclosureAcknowledgments.disclosureId,
        method: disclosureAcknowledgments.method,
        typedName: disclosureAcknowledgments.typedName,
        acknowledgedAt: disclosureAcknowledgments.acknowledgedAt,
        scanContentType: disclosureAcknowledgments.scanContentType,
        scanFileName: disclosureAcknowledgments.scanFileName,
        scanSha256: disclosureAcknowledgments.scanSha256,
        recordedBy: disclosureAcknowledgments.recordedBy,
        recordedByName: users.name,
        createdAt: disclosureAcknowledgments.createdAt,
      })
      .from(disclosureAcknowledgments)
      .innerJoin(users, eq(users.id, disclosureAcknowledgments.recordedBy))
      .where(eq(disclosureAcknowledgments.dealId, dealId)),
  ]);
  return { pdfs, acknowledgments };
}

/** Re-reads each kept PDF and hashes it again: whether the bytes are still the ones recorded. */
export async function recheckDisclosurePdfs(dealId: string) {
  const rows = await db().select({ disclosureId: disclosurePdfs.disclosureId, pdf: disclosurePdfs.pdf, sha256: disclosurePdfs.sha256 }).from(disclosurePdfs).where(eq(disclosurePdfs.dealId, dealId));
  return new Map(rows.map((row) => [row.disclosureId, { computedSha256: sha256Hex(row.pdf), matches: sha256Hex(row.pdf) === row.sha256 }]));
}

/** A kept file for download, when the user may see the deal it belongs to (else null: a 404). */
export async function disclosureFile(user: SessionUser, disclosureId: string, which: "pdf" | "scan") {
  if (!isUuid(disclosureId)) return null;
  const [disclosure] = await db().select({ dealId: dealDisclosures.dealId }).from(dealDisclosures).where(eq(dealDisclosures.id, disclosureId));
  const visible = disclosure ? await visibleDeal(user, disclosure.dealId) : null;
  if (!visible) return null;
  const n = (await db().select({ id: dealDisclosures.id }).from(dealDisclosures).where(eq(dealDisclosures.dealId, disclosure!.dealId)).orderBy(asc(dealDisclosures.givenAt), asc(dealDisclosures.createdAt))).findIndex((d) => d.id === disclosureId) + 1;
  const name = `${visible.deal.reference}-disclosure-${n}`;
  if (which === "pdf") {
    const [row] = await db().select({ pdf: disclosurePdfs.pdf }).from(disclosurePdfs).where(eq(disclosurePdfs.disclosureId, disclosureId));
    return row ? { bytes: row.pdf, contentType: "application/pdf", fileName: `${name}.pdf` } : null;
  }
  const [row] = await db().select({ scan: disclosureAcknowledgments.scan, contentType: disclosureAcknowledgments.scanContentType }).from(disclosureAcknowledgments).where(eq(disclosureAcknowledgments.disclosureId, disclosureId));
  if (!row?.scan || !row.contentType) return null;
  return { bytes: row.scan, contentType: row.contentType, fileName: `${name}-signed.${SCAN_TYPES[row.contentType as ScanType]}` };
}

/** The deal's disclosures whose document awaits the customer's acknowledgment: the one asked for, else the latest. */
export async function disclosuresToAcknowledge(user: SessionUser, dealId: string, wantedId: string | null) {
  const found = await visibleDeal(user, dealId);
  if (!found) return null;
  const { deal } = found;
  const [disclosures, records] = await Promise.all([
    db()
      .select({ id: dealDisclosures.id, givenAt: dealDisclosures.givenAt, medium: dealDisclosures.medium, estimatedCommissionPence: dealDisclosures.estimatedCommissionPence, lenderName: lenders.name })
      .from(dealDisclosures)
      .innerJoin(lenders, eq(lenders.id, dealDisclosures.lenderId))
      .where(eq(dealDisclosures.dealId, deal.id))
      .orderBy(asc(dealDisclosures.givenAt)),
    disclosureRecordsOf(deal.id),
  ]);
  const waiting = deal.signedAt ? [] : disclosures.filter((d) => records.pdfs.some((p) => p.disclosureId === d.id) && !records.acknowledgments.some((a) => a.disclosureId === d.id));
  const disclosure = waiting.find((d) => d.id === wantedId) ?? waiting.at(-1) ?? null;
  return { id: deal.id, branchId: deal.branchId, reference: deal.reference, customerName: deal.customerName, signed: Boolean(deal.signedAt), disclosure };
}

// --- Acknowledgment ------------------------------------------------------------------------------

export const SCAN_MAX_BYTES = 5 * 1024 * 1024;
const SCAN_TYPES = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" } as const;
type ScanType = keyof typeof SCAN_TYPES;

/** The file's type from its first bytes, not from what the browser claims. */
export function scanTypeOf(bytes: Uint8Array): ScanType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  return null;
}

const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, " ").toLowerCase() === b.trim().replace(/\s+/g, " ").toLowerCase();
export const typedNameDiffers = (typed: string | null, customer: string) => typed !== null && !sameName(typed, customer);

/** The scan's bytes, type (from its bytes) and name, or a refusal saying what is wrong with it. */
function checkedScan(scan: { bytes: Uint8Array; fileName: string }) {
  if (scan.bytes.byteLength === 0) throw new Refusal("Choose the scan of the signed document.", "scan");
  if (scan.bytes.byteLength > SCAN_MAX_BYTES) throw new Refusal("The scan is larger than the 5 MB allowed: scan at a lower resolution.", "scan");
  const contentType = scanTypeOf(scan.bytes);
  if (!contentType) throw new Refusal("The scan must be a PDF, JPEG or PNG file.", "scan");
  return { bytes: Buffer.from(scan.bytes), contentType, fileName: scan.fileName.slice(0, 200) };
}

export type AcknowledgmentInput =
  | { method: "tablet"; typedName: string }
  | { method: "paper_scan"; signedAt: Date; scan: { bytes: Uint8Array; fileName: string } };

/**
 * Records how the customer acknowledged a disclosure's document: on the shop's tablet (their typed
 * name, now), or signed on paper (the scan kept with its hash, and when they signed). Once per disclosure.
 */
export async function acknowledgeDisclosure(input: { actor: SessionUser; dealId: string; disclosureId: string } & AcknowledgmentInput & Submitted): Promise<Result> {
  const now = new Date();
  const acknowledgedAt = input.method === "tablet" ? now : input.signedAt;
  return attempt(async (tx) => {
    // Who may work on the deal is checked first; the file only then.
    const deal = await lockDeal(tx, input.actor, input.dealId);
    if (acknowledgedAt.getTime() > now.getTime() + 60_000) throw new Refusal("The time the customer signed can't be in the future.", "signedAt");
    const scan = input.method === "paper_scan" ? checkedScan(input.scan) : null;
    const [disclosure] = isUuid(input.disclosureId) ? await tx.select().from(dealDisclosures).where(and(eq(dealDisclosures.id, input.disclosureId), eq(dealDisclosures.dealId, deal.id))) : [];
    if (!disclosure) throw new Refusal("Choose one of this deal's disclosures.", "disclosureId");
    const [existing] = await tx.select({ id: disclosureAcknowledgments.id }).from(disclosureAcknowledgments).where(eq(disclosureAcknowledgments.disclosureId, disclosure.id));
    if (existing) throw new Refusal("This disclosure has already been acknowledged: the record keeps the first acknowledgment.", undefined, 409);
    if (acknowledgedAt < disclosure.givenAt) throw new Refusal(`The customer can't acknowledge the document before it was given (${formatDateTime(disclosure.givenAt)}).`, "signedAt");
    const [row] = await tx
      .insert(disclosureAcknowledgments)
      .values({
        dealId: deal.id,
        disclosureId: disclosure.id,
        method: input.method,
        typedName: input.method === "tablet" ? input.typedName : null,
        acknowledgedAt,
        scan: scan?.bytes ?? null,
        scanContentType: scan?.contentType ?? null,
        scanFileName: scan?.fileName ?? null,
        scanSha256: scan ? sha256Hex(scan.bytes) : null,
        recordedBy: input.actor.id,
      })
      .returning({ id: disclosureAcknowledgments.id, scanSha256: disclosureAcknowledgments.scanSha256 });
    await recordAudit(tx, {
      actor: input.actor,
      action: "finance.disclosure_acknowledged",
      entityType: "finance_deal",
      entityId: deal.id,
      after: { disclosureId: disclosure.id, method: input.method, typedName: input.method === "tablet" ? input.typedName : null, acknowledgedAt, scanSha256: row!.scanSha256 },
    });
    return {};
  }, input.once);
}

/** A kept file as a download: never cached, never sniffed as another type. */
export function fileResponse(file: { bytes: Buffer; contentType: string; fileName: string }) {
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"`,
      // Personal and regulated data: never kept by a browser or a proxy.
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
