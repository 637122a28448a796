import { asc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { isUuid } from "~/utils/ids";
import { commissionRatios, needsReview } from "./commission";
import { manufacturerLender, reviewThresholds } from "./commission.server";
import { storedFigures } from "./deal-figures";
import { reviewerProblem } from "./record-order";
import { entriesOf, legalHoldOn } from "./deal-entries.server";
import { disclosureRecordsOf } from "./disclosure-records.server";
import { commissionPosition, dealRecord, liveAcceptance, proposalProblem, signingProblem } from "./deal-steps.server";
import { visibleDeal } from "./deals.server";
import { revealVulnerabilityNote, vulnerabilityNoteViews } from "./vulnerability.server";
import type { PersonalViewPlace } from "@db/schema/privacy";

const { lenders, users, disclosureDocuments, auditLog } = schema;

/**
 * Everything the deal's page shows, and what the user may do next. The vulnerability note is never in
 * `deal`: it comes as `vulnerabilityNote`, shown (and the view logged) only when `notePlace` names
 * where it is being shown and the user may read it (vulnerability.server.ts).
 */
export async function getDealDetail(user: SessionUser, id: string, notePlace: PersonalViewPlace | null = null) {
  if (!isUuid(id)) return null;
  const found = await visibleDeal(user, id);
  if (!found) return null;
  const { vulnerabilityNote: note, ...deal } = found.deal;
  const { branchName } = found;
  const vulnerabilityNote = await revealVulnerabilityNote(user, { id: deal.id, branchId: deal.branchId, vulnerabilityNote: note }, notePlace);
  const record = await db().transaction((tx) => dealRecord(tx, deal.id));
  const people = [deal.staffId, deal.signedBy, ...record.disclosures.map((d) => d.givenBy), ...record.consents.map((c) => c.recordedBy), ...record.attempts.map((a) => a.recordedBy), ...record.withdrawals.map((w) => w.recordedBy), ...record.reviews.map((r) => r.reviewerId), ...record.confirmations.map((c) => c.confirmedBy)];
  const [entries, lenderRows, staff, documents, captive, position, audit, thresholds, disclosureRecords] = await Promise.all([
    entriesOf(deal.id),
    db().select({ id: lenders.id, name: lenders.name, fcaFrn: lenders.fcaFrn, captiveBrands: lenders.captiveBrands, active: lenders.active }).from(lenders).orderBy(asc(lenders.name)),
    db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people.filter((id): id is string => Boolean(id)))),
    record.disclosures.length
      ? db().select({ id: disclosureDocuments.id, version: disclosureDocuments.version, title: disclosureDocuments.title }).from(disclosureDocuments).where(inArray(disclosureDocuments.id, record.disclosures.map((d) => d.documentId)))
      : Promise.resolve([]),
    manufacturerLender(deal.vehicleBrand),
    commissionPosition(record),
    db().select().from(auditLog).where(eq(auditLog.entityId, deal.id)).orderBy(asc(auditLog.id)),
    reviewThresholds(),
    disclosureRecordsOf(deal.id),
  ]);
  // The likely commission as disclosed, against the figures as quoted: high already, before any lender answers.
  const disclosed = record.disclosures.at(-1);
  const estimateRatios = disclosed ? commissionRatios(disclosed.estimatedCommissionPence, storedFigures(deal.quotedFigures)) : null;
  const lenderName = new Map(lenderRows.map((l) => [l.id, l.name]));
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  const paidPence = entries.filter((e) => e.kind === "commission_paid").reduce((sum, e) => sum + (e.amountPence ?? 0), 0);
  const hasPaid = entries.some((e) => e.kind === "commission_paid");
  const nextLender = record.attempts.length === 0 ? captive?.id : undefined;
  const editable = can(user, "finance:edit", deal.branchId);
  return {
    deal,
    vulnerabilityNote,
    /** Who has read the note lately: shown to those who may read it. */
    noteViews: vulnerabilityNote.state === "none" || vulnerabilityNote.state === "withheld" ? [] : await vulnerabilityNoteViews(deal.id),
    branchName,
    staffName: staffName.get(deal.staffId) ?? "",
    /** Names of everyone who recorded a step, by id, for the deal's timeline. */
    people: Object.fromEntries(staffName),
    disclosureRecords,
    captiveLender: captive ? { id: captive.id, name: captive.name } : null,
    lenders: lenderRows.filter((l) => l.active),
    disclosures: record.disclosures.map((d) => ({ ...d, lenderName: lenderName.get(d.lenderId) ?? "", givenByName: staffName.get(d.givenBy) ?? "", document: documents.find((doc) => doc.id === d.documentId) ?? null })),
    consents: record.consents,
    attempts: record.attempts.map((a) => ({ ...a, lenderName: lenderName.get(a.lenderId) ?? "", recordedByName: staffName.get(a.recordedBy) ?? "" })),
    reviews: record.reviews,
    confirmations: record.confirmations,
    withdrawals: record.withdrawals,
    liveAcceptanceId: liveAcceptance(record)?.id ?? null,
    entries,
    audit,
    position: position && {
      lenderName: lenderName.get(position.accepted.lenderId) ?? "",
      commissionPence: position.commissionPence,
      ratios: position.ratios,
      reviewNeeded: position.review,
      disclosedPence: position.disclosed?.estimatedCommissionPence ?? null,
      confirmedPence: position.confirmed?.amountPence ?? null,
    },
    estimate: disclosed && estimateRatios ? { commissionPence: disclosed.estimatedCommissionPence, ratios: estimateRatios, reviewNeeded: needsReview(estimateRatios, thresholds) } : null,
    /** Why this user can't review the commission (four eyes), or null. */
    reviewBarred: reviewerProblem(user.id, found.deal, record),
    paid: hasPaid ? { paidPence, differsFromConfirmed: position?.confirmed ? paidPence !== position.confirmed.amountPence : true } : null,
    legalHold: legalHoldOn(entries),
    suggestedLenderId: nextLender ?? null,
    proposalProblems: Object.fromEntries(lenderRows.map((l) => [l.id, proposalProblem(found.deal, record, l.id)])),
    signingProblem: deal.signedAt ? null : await signingProblem(found.deal, record, undefined, user.id),
    // A hold by hand goes through the entry form (finance:edit): compliance places holds through complaints.
    allowed: { edit: editable && !deal.signedAt, entries: editable && Boolean(deal.signedAt), review: can(user, "finance:review"), hold: can(user, "finance:review") && can(user, "finance:edit") },
  };
}
export type DealDetail = NonNullable<Awaited<ReturnType<typeof getDealDetail>>>;
export type DealPageData = DealDetail & { today: string };
