import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { db, schema, type AppDatabase, type Transaction } from "@db/client";
import type { ApprovalKind } from "@db/schema/approvals";
import type { Offer } from "@db/schema/offers";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { readExample } from "~/modules/offers/offer-example";
import { isFinancePromotion, promotionProblems } from "~/modules/offers/promotion-rules";
import { formatDate, londonToday, startOfLondonDay } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, staleVersion, type Result } from "~/utils/result.server";
import { approvalHoldsOn, approvalLapsesOn } from "./approval-lapse";
import type { OfferApprovalState } from "./offer-approval-state";

export type { OfferApprovalState };

// Promotion approval: a compliance user (or an admin) signs off one offer revision, disclosure
// document version or lender tie exactly as it stands. Each approval keeps a frozen copy and its
// SHA-256; an offer's approval holds while the offer still matches the copy and for 12 months
// (approval-lapse.ts). Four eyes: nobody approves what they wrote or edited. Append-only (0028).

const { promotionApprovals, offers, disclosureDocuments, lenderTies, lenders, users, auditLog } = schema;

type Db = AppDatabase | Transaction;

/** JSON with keys sorted at every level, so one copy always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (copy: unknown) => createHash("sha256").update(stableJson(copy)).digest("hex");

type OfferContent = Pick<Offer, "title" | "summary" | "terms" | "kind" | "brand" | "modelIds" | "branchIds" | "validFrom" | "validTo" | "imageUrl" | "representativeExample">;

/** Everything of an offer revision the public sees: the text, the figures, what it covers and when. */
export function offerCopy(offer: OfferContent) {
  return {
    title: offer.title,
    summary: offer.summary,
    terms: offer.terms,
    kind: offer.kind,
    brand: offer.brand,
    modelIds: [...offer.modelIds].sort(),
    branchIds: [...offer.branchIds].sort(),
    validFrom: offer.validFrom,
    validTo: offer.validTo,
    imageUrl: offer.imageUrl,
    // Read through readExample, so the stored jsonb and the page's parsed copy give the same hash.
    representativeExample: readExample(offer.representativeExample) ?? offer.representativeExample ?? null,
  };
}

export type OfferCopy = ReturnType<typeof offerCopy>;

export interface ApprovalShown {
  id: string;
  approvedAt: Date;
  approvedById: string;
  approvedByName: string;
  approvedByRole: string;
  lapsesOn: string | null;
  copySha256: string;
  approvedCopy: unknown;
}

/**
 * Where an offer revision stands for approval on London day `today`:
 * `not_needed` (no finance), `missing` (never approved), `changed` (approved, then the draft was
 * edited), `lapsed` (12 months passed) or `current`. `approval` is the newest one matching the offer.
 */
export interface OfferApprovalStanding {
  state: OfferApprovalState;
  approval: ApprovalShown | null;
  /** Every approval of this revision, newest first. */
  history: ApprovalShown[];
}

const approvalColumns = {
  id: promotionApprovals.id,
  subjectId: promotionApprovals.subjectId,
  approvedAt: promotionApprovals.approvedAt,
  approvedById: promotionApprovals.approvedBy,
  approvedByName: users.name,
  approvedByRole: sql<string>`${users.role}::text`,
  lapsesOn: promotionApprovals.lapsesOn,
  copySha256: promotionApprovals.copySha256,
  approvedCopy: promotionApprovals.approvedCopy,
};

/** The approvals of some subjects of one kind, newest first, grouped by subject. */
export async function approvalsOf(kind: ApprovalKind, subjectIds: string[], tx: Db = db()): Promise<Map<string, ApprovalShown[]>> {
  const found = new Map<string, ApprovalShown[]>();
  if (subjectIds.length === 0) return found;
  const rows = await tx
    .select(approvalColumns)
    .from(promotionApprovals)
    .innerJoin(users, eq(users.id, promotionApprovals.approvedBy))
    .where(and(eq(promotionApprovals.kind, kind), inArray(promotionApprovals.subjectId, subjectIds)))
    .orderBy(desc(promotionApprovals.approvedAt), desc(promotionApprovals.createdAt));
  for (const { subjectId, ...row } of rows) found.set(subjectId, [...(found.get(subjectId) ?? []), row]);
  return found;
}

/** The standing of one offer revision from its approvals (newest first) on `today`. */
export function offerStandingFrom(offer: OfferContent & { representativeExample: unknown }, history: ApprovalShown[], today: string): OfferApprovalStanding {
  if (!isFinancePromotion(offer)) return { state: "not_needed", approval: null, history };
  if (history.length === 0) return { state: "missing", approval: null, history };
  const hash = sha256(offerCopy(offer));
  const matching = history.find((approval) => approval.copySha256 === hash);
  if (!matching) return { state: "changed", approval: null, history };
  return { state: approvalHoldsOn(matching.lapsesOn, today) ? "current" : "lapsed", approval: matching, history };
}

/** The approval standing of offer revisions, by id, on `today`. */
export async function offerApprovalStandings(rows: (OfferContent & { id: string })[], today = londonToday(), tx: Db = db()) {
  const approvals = await approvalsOf("offer", rows.map((row) => row.id), tx);
  return new Map(rows.map((row) => [row.id, offerStandingFrom(row, approvals.get(row.id) ?? [], today)]));
}

export async function offerApprovalStanding(offer: OfferContent & { id: string }, today = londonToday(), tx: Db = db()) {
  return (await offerApprovalStandings([offer], today, tx)).get(offer.id)!;
}

/**
 * Why this offer revision may not be published for want of an approval, or null. Publishing calls it
 * inside its transaction, so an approval and a publish can't pass each other.
 */
export async function publishApprovalProblem(tx: Transaction, offer: Offer, today: string): Promise<string | null> {
  const standing = await offerApprovalStanding(offer, today, tx);
  switch (standing.state) {
    case "missing":
      return "It can't be published yet: it promotes finance, so a compliance user must approve this revision first.";
    case "changed":
      return "It can't be published yet: the draft was changed after it was approved, so a compliance user must approve it again.";
    case "lapsed":
      return `It can't be published yet: its approval lapsed on ${formatDate(`${standing.approval!.lapsesOn}T12:00:00Z`)}, so a compliance user must approve it again.`;
    default:
      return null;
  }
}

/** Who wrote or edited this offer revision (its author, and whoever saved a change to it). */
async function offerParticipants(tx: Transaction, offer: Offer): Promise<Set<string>> {
  const edits = await tx
    .select({ actorId: auditLog.actorId })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "offer"), eq(auditLog.entityId, offer.id), inArray(auditLog.action, ["offer.created", "offer.updated", "offer.revised"])));
  return new Set([offer.createdBy, ...edits.map((row) => row.actorId)].filter((id): id is string => Boolean(id)));
}

function refuseUnlessApprover(actor: SessionUser) {
  if (!can(actor, "promotions:approve")) throw new Refusal("Only a compliance user can approve promotions.", undefined, 403);
}

const FOUR_EYES = "wrote or edited";

async function insertApproval(tx: Transaction, input: { actor: SessionUser; kind: ApprovalKind; subjectId: string; copy: unknown; lapsesOn: string | null; now: Date }) {
  const [approval] = await tx
    .insert(promotionApprovals)
    .values({ kind: input.kind, subjectId: input.subjectId, approvedBy: input.actor.id, approvedAt: input.now, lapsesOn: input.lapsesOn, approvedCopy: input.copy, copySha256: sha256(input.copy) })
    .returning();
  return approval!;
}

/**
 * A compliance user approves an offer revision exactly as they saw it (`version`): a draft before it
 * is published, or a published revision again once its approval has lapsed. Holds for 12 months.
 */
export async function approveOffer(input: { actor: SessionUser; id: string; version: number; now?: Date }): Promise<Result<{ lapsesOn: string }>> {
  const now = input.now ?? new Date();
  return attempt(async (tx) => {
    refuseUnlessApprover(input.actor);
    const [offer] = isUuid(input.id) ? await tx.select().from(offers).where(eq(offers.id, input.id)).for("update") : [];
    if (!offer) throw new Refusal("That offer no longer exists.", undefined, 404);
    const title = `"${offer.title}"`;
    if (offer.state !== "draft" && offer.state !== "published") throw new Refusal(`${title} is ${offer.state}: there is nothing to approve.`, undefined, 409);
    if (!isFinancePromotion(offer)) throw new Refusal(`${title} doesn't promote finance: it needs no approval.`, undefined, 409);
    const [problem] = promotionProblems(offer);
    if (problem) throw new Refusal(`It can't be approved as it stands. ${problem.message}`);
    if (offer.version !== input.version) throw staleVersion(title, offer.version);
    const today = londonToday(now);
    const standing = await offerApprovalStanding(offer, today, tx);
    if (standing.state === "current") throw new Refusal(`${title} is already approved until ${formatDate(`${standing.approval!.lapsesOn}T12:00:00Z`)}.`, undefined, 409);
    if ((await offerParticipants(tx, offer)).has(input.actor.id)) {
      throw new Refusal(`Four eyes: you ${FOUR_EYES} this revision, so someone else must approve it.`, undefined, 403);
    }
    const lapsesOn = approvalLapsesOn(now);
    const approval = await insertApproval(tx, { actor: input.actor, kind: "offer", subjectId: offer.id, copy: offerCopy(offer), lapsesOn, now });
    await recordAudit(tx, { actor: input.actor, action: "offer.approved", entityType: "offer", entityId: offer.id, after: approval });
    return { lapsesOn };
  });
}

/** A compliance user approves a disclosure-document version (its wording is frozen once written). */
export async function approveDocument(input: { actor: SessionUser; id: string; now?: Date }): Promise<Result<{ version: number }>> {
  const now = input.now ?? new Date();
  return attempt(async (tx) => {
    refuseUnlessApprover(input.actor);
    const [document] = isUuid(input.id) ? await tx.select().from(disclosureDocuments).where(eq(disclosureDocuments.id, input.id)).for("update") : [];
    if (!document) throw new Refusal("That disclosure document no longer exists.", undefined, 404);
    const copy = { version: document.version, title: document.title, body: document.body, sha256: document.sha256, effectiveFrom: document.effectiveFrom };
    const [already] = (await approvalsOf("disclosure_document", [document.id], tx)).get(document.id) ?? [];
    if (already && already.copySha256 === sha256(copy)) throw new Refusal(`Version ${document.version} is already approved.`, undefined, 409);
    if (document.createdBy === input.actor.id) throw new Refusal(`Four eyes: you ${FOUR_EYES} version ${document.version}, so someone else must approve it.`, undefined, 403);
    const approval = await insertApproval(tx, { actor: input.actor, kind: "disclosure_document", subjectId: document.id, copy, lapsesOn: null, now });
    await recordAudit(tx, { actor: input.actor, action: "disclosure_document.approved", entityType: "disclosure_document", entityId: document.id, after: approval });
    return { version: document.version };
  });
}

/** What a tie's approval covers: the agreement as recorded (its later ending needs no new approval). */
const tieCopy = (tie: { reference: string; kind: string; terms: string; startsOn: string }, lenderName: string) => ({
  lender: lenderName,
  reference: tie.reference,
  kind: tie.kind,
  terms: tie.terms,
  startsOn: tie.startsOn,
});

/** A compliance user approves a lender-panel tie as recorded in the tie register. */
export async function approveTie(input: { actor: SessionUser; id: string; now?: Date }): Promise<Result<{ reference: string }>> {
  const now = input.now ?? new Date();
  return attempt(async (tx) => {
    refuseUnlessApprover(input.actor);
    const [found] = isUuid(input.id)
      ? await tx.select({ tie: lenderTies, lenderName: lenders.name }).from(lenderTies).innerJoin(lenders, eq(lenders.id, lenderTies.lenderId)).where(eq(lenderTies.id, input.id)).for("update", { of: lenderTies })
      : [];
    if (!found) throw new Refusal("That tie no longer exists.", undefined, 404);
    const { tie, lenderName } = found;
    const copy = tieCopy(tie, lenderName);
    const [already] = (await approvalsOf("lender_tie", [tie.id], tx)).get(tie.id) ?? [];
    if (already && already.copySha256 === sha256(copy)) throw new Refusal(`The tie ${tie.reference} is already approved.`, undefined, 409);
    const recorders = await tx
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "lender"), eq(auditLog.entityId, tie.lenderId), eq(auditLog.action, "lender.tie_added"), sql`${auditLog.after}->>'id' = ${tie.id}`));
    if (recorders.some((row) => row.actorId === input.actor.id)) throw new Refusal(`Four eyes: you recorded the tie ${tie.reference}, so someone else must approve it.`, undefined, 403);
    const approval = await insertApproval(tx, { actor: input.actor, kind: "lender_tie", subjectId: tie.id, copy, lapsesOn: null, now });
    await recordAudit(tx, { actor: input.actor, action: "lender.tie_approved", entityType: "lender", entityId: tie.lenderId, after: approval });
    return { reference: tie.reference };
  });
}

/** A document's or tie's approval as its list shows it: the newest, and whether it still matches. */
export async function listedApprovals(kind: "disclosure_document" | "lender_tie", ids: string[]) {
  const approvals = await approvalsOf(kind, ids);
  return new Map(ids.map((id) => [id, approvals.get(id)?.[0] ?? null]));
}

/** Who approved a listed document or tie, and when, as its list shows it; null when nobody has. */
export function approvalShown(approval: ApprovalShown | null | undefined) {
  return approval ? { approvedByName: approval.approvedByName, approvedAt: approval.approvedAt } : null;
}

/**
 * What waits for a compliance user: offer revisions (drafts and published) that promote finance
 * without a current approval, and every disclosure document and tie with its approval or none.
 */
export async function approvalQueue(today = londonToday()) {
  const [offerRows, documentRows, tieRows, recent] = await Promise.all([
    db()
      .select()
      .from(offers)
      .where(and(inArray(offers.state, ["draft", "published"]), gte(offers.validTo, today)))
      .orderBy(asc(offers.validFrom), asc(offers.title)),
    db().select().from(disclosureDocuments).orderBy(desc(disclosureDocuments.version)),
    db().select({ tie: lenderTies, lenderName: lenders.name }).from(lenderTies).innerJoin(lenders, eq(lenders.id, lenderTies.lenderId)).orderBy(asc(lenders.name), desc(lenderTies.startsOn)),
    db()
      .select({ ...approvalColumns, kind: promotionApprovals.kind })
      .from(promotionApprovals)
      .innerJoin(users, eq(users.id, promotionApprovals.approvedBy))
      .orderBy(desc(promotionApprovals.approvedAt))
      .limit(50),
  ]);
  const finance = offerRows.filter((row) => isFinancePromotion(row));
  const standings = await offerApprovalStandings(finance, today);
  const [documentApprovals, tieApprovals] = await Promise.all([
    listedApprovals("disclosure_document", documentRows.map((row) => row.id)),
    listedApprovals("lender_tie", tieRows.map((row) => row.tie.id)),
  ]);
  return {
    offers: finance
      .map((row) => ({ id: row.id, title: row.title, revision: row.revision, state: row.state, kind: row.kind, validFrom: row.validFrom, standing: standings.get(row.id)!.state, lapsesOn: standings.get(row.id)!.approval?.lapsesOn ?? null }))
      .filter((row) => row.standing !== "current" || (row.lapsesOn !== null && row.lapsesOn <= dayAfter(today, 30))),
    documents: documentRows.map((row) => ({ id: row.id, version: row.version, title: row.title, effectiveFrom: row.effectiveFrom, approval: documentApprovals.get(row.id) ?? null })),
    ties: tieRows.map(({ tie, lenderName }) => ({ id: tie.id, lenderId: tie.lenderId, lenderName, reference: tie.reference, kind: tie.kind, startsOn: tie.startsOn, endsOn: tie.endsOn, approval: tieApprovals.get(tie.id) ?? null })),
    recent: recent.map((row) => ({ id: row.id, kind: row.kind, subjectId: row.subjectId, approvedAt: row.approvedAt, approvedByName: row.approvedByName, lapsesOn: row.lapsesOn, what: describeCopy(row.kind, row.approvedCopy) })),
  };
}

function dayAfter(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function describeCopy(kind: ApprovalKind, copy: unknown) {
  const c = copy as Record<string, unknown>;
  if (kind === "offer") return `Offer "${String(c.title)}"`;
  if (kind === "disclosure_document") return `Disclosure document v${String(c.version)} "${String(c.title)}"`;
  return `Tie ${String(c.reference)} with ${String(c.lender)}`;
}

/** A period's bound: an instant, or a London day (its midnight). */
const boundOf = (bound: Date | string) => (typeof bound === "string" ? startOfLondonDay(bound) : bound);

/**
 * How many approvals were given in [from, to), by kind: for the oversight export's "promotions
 * approved". Days are London days (from 00:00 on `from` to 00:00 on `to`); instants are taken as given.
 */
export async function countApprovals(period: { from: Date | string; to: Date | string }, tx: Db = db()): Promise<Record<ApprovalKind, number>> {
  const rows = await tx
    .select({ kind: promotionApprovals.kind, n: count() })
    .from(promotionApprovals)
    .where(and(gte(promotionApprovals.approvedAt, boundOf(period.from)), lt(promotionApprovals.approvedAt, boundOf(period.to))))
    .groupBy(promotionApprovals.kind);
  const counts: Record<ApprovalKind, number> = { offer: 0, disclosure_document: 0, lender_tie: 0 };
  for (const row of rows) counts[row.kind] = Number(row.n);
  return counts;
}
