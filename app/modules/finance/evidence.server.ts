import { asc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { formatBasisPoints, formatPercent, type CommissionRatios, type FinanceFigures } from "./commission";
import { getDealDetail, type DealDetail } from "./deal-detail.server";
import { storedFigures } from "./deal-figures";
import { approvedTermsOf, liveAcceptance } from "./deal-steps.server";
import { disclosureRecordsOf, recheckDisclosurePdfs, typedNameDiffers } from "./disclosure-records.server";
import { currentSetting, sha256Of, tiesInForce } from "./documents.server";
import { auditSentence, timelineOf, warningsOf } from "./evidence-story.server";
import { ATTEMPT_OUTCOME_LABELS, COMMISSION_BASIS_LABELS, CONSENT_METHOD_LABELS, DISCLOSURE_MEDIUM_LABELS, ENTRY_KIND_LABELS, PRODUCT_LABELS, TIE_KIND_LABELS } from "./finance-labels";

const { branches, commissionSchedules, disclosureDocuments, lenders, users } = schema;

/**
 * A deal's evidence pack: what the customer was told (the document text itself, with its hash
 * re-checked), when, by whom and how; the ties, consents, lenders tried in order, commission estimated,
 * confirmed and paid, later entries and every audit row, plus one timeline of it all. Plain JSON
 * (ISO 8601 UTC, pence, basis points), described by evidence-pack.schema.json. Null when the user
 * may not see the deal.
 */
export async function buildEvidencePack(user: SessionUser, dealId: string, place: "evidence_pack" | "evidence_json" = "evidence_pack") {
  // The note of the customer's circumstances is in the pack only for those who may read it, and logged.
  const detail = await getDealDetail(user, dealId, place);
  if (!detail) return null;
  const pack = await assemble(user, detail);
  const timeline = timelineOf(pack);
  return { ...pack, warnings: warningsOf(pack, timeline), timeline };
}

export type EvidencePack = NonNullable<Awaited<ReturnType<typeof buildEvidencePack>>>;

async function assemble(user: SessionUser, detail: DealDetail) {
  const { deal, disclosures, consents, attempts, reviews, confirmations, entries, audit, position, withdrawals } = detail;
  const day = (instant: Date) => londonToday(instant); // the London day, as the disclosure step uses
  const firstDay = disclosures[0] ? day(disclosures[0].givenAt) : null;
  const signDay = deal.signedAt ? day(deal.signedAt) : null;
  const personIds = [deal.staffId, deal.signedBy, ...disclosures.map((d) => d.givenBy), ...consents.map((c) => c.recordedBy), ...attempts.map((a) => a.recordedBy), ...reviews.map((r) => r.reviewerId), ...confirmations.map((c) => c.confirmedBy), ...entries.map((e) => e.createdBy), ...withdrawals.map((w) => w.recordedBy)];
  const [people, lenderRows, documents, schedules, tiesFirst, tiesSigned, status, tradingNames, records, rechecked] = await Promise.all([
    db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, unique(personIds))),
    db().select({ id: lenders.id, name: lenders.name, fcaFrn: lenders.fcaFrn }).from(lenders).where(inArray(lenders.id, unique([...disclosures.map((d) => d.lenderId), ...attempts.map((a) => a.lenderId)]))),
    db().select().from(disclosureDocuments).where(inArray(disclosureDocuments.id, unique(disclosures.map((d) => d.documentId)))),
    db().select().from(commissionSchedules).where(inArray(commissionSchedules.id, unique(disclosures.map((d) => d.scheduleId)))),
    firstDay ? tiesInForce(firstDay) : Promise.resolve(null),
    signDay ? tiesInForce(signDay) : Promise.resolve(null),
    currentSetting("regulatory_status"),
    db().select({ name: branches.name }).from(branches).where(eq(branches.active, true)).orderBy(asc(branches.name)),
    disclosureRecordsOf(deal.id),
    recheckDisclosurePdfs(deal.id),
  ]);
  const person = (id: string | null) => {
    if (!id) return null;
    const found = people.find((p) => p.id === id);
    return { id, name: found?.name ?? "", email: found?.email ?? "" };
  };
  const withdrawal = (attemptId: string) => {
    const found = withdrawals.find((w) => w.attemptId === attemptId);
    return found ? { at: iso(found.withdrawnAt), reason: found.reason, recordedBy: person(found.recordedBy)!, recordedAt: iso(found.createdAt) } : null;
  };
  // An answer is entered by updating its attempt: when, is the time of its audit row.
  const decisionEntered = (attemptId: string) => {
    const row = audit.find((a) => a.action.startsWith("finance.attempt_") && (a.after as { attemptId?: string } | null)?.attemptId === attemptId);
    return row ? iso(row.createdAt) : null;
  };
  const lender = (id: string) => {
    const found = lenderRows.find((l) => l.id === id);
    return { id, name: found?.name ?? "", fcaFrn: found?.fcaFrn ?? "" };
  };

  // What this customer was given (the kept PDF, its hash checked again now) and how they acknowledged it.
  const customerDocument = (disclosureId: string) => {
    const pdf = records.pdfs.find((p) => p.disclosureId === disclosureId);
    const check = rechecked.get(disclosureId);
    if (!pdf || !check) return null;
    return { id: pdf.id, url: `/finance/disclosures/${disclosureId}/document.pdf`, sha256: pdf.sha256, computedSha256: check.computedSha256, hashMatches: check.matches, byteLength: pdf.byteLength, createdAt: iso(pdf.createdAt) };
  };
  const acknowledgment = (disclosureId: string) => {
    const found = records.acknowledgments.find((a) => a.disclosureId === disclosureId);
    if (!found) return null;
    return {
      id: found.id,
      method: found.method,
      methodLabel: found.method === "tablet" ? "On the shop's tablet" : "Signed on paper, scan uploaded",
      typedName: found.typedName,
      typedNameDiffers: typedNameDiffers(found.typedName, deal.customerName),
      acknowledgedAt: iso(found.acknowledgedAt),
      scan: found.scanSha256 ? { url: `/finance/disclosures/${disclosureId}/scan`, contentType: found.scanContentType ?? "", fileName: found.scanFileName ?? "", sha256: found.scanSha256 } : null,
      recordedBy: person(found.recordedBy) ?? { id: found.recordedBy, name: found.recordedByName, email: "" },
      recordedAt: iso(found.createdAt),
    };
  };

  const evidenceDisclosures = disclosures.map((d) => {
    const document = documents.find((doc) => doc.id === d.documentId);
    const schedule = schedules.find((s) => s.id === d.scheduleId);
    const computed = document ? sha256Of(document.body) : null;
    return {
      id: d.id,
      givenAt: iso(d.givenAt),
      givenBy: person(d.givenBy),
      medium: d.medium,
      mediumLabel: DISCLOSURE_MEDIUM_LABELS[d.medium],
      lender: lender(d.lenderId),
      document: {
        id: d.documentId,
        version: document?.version ?? null,
        title: document?.title ?? "",
        effectiveFrom: document?.effectiveFrom ?? null,
        sha256: d.documentSha256,
        computedSha256: computed,
        text: document?.body ?? null,
        hashMatches: computed === d.documentSha256,
      },
      basis: d.basis,
      basisLabel: COMMISSION_BASIS_LABELS[d.basis],
      schedule: schedule ? { id: schedule.id, version: schedule.version, amountPence: schedule.amountPence, percentBasisPoints: schedule.percentBasisPoints, effectiveFrom: schedule.effectiveFrom } : null,
      estimatedCommissionPence: d.estimatedCommissionPence,
      estimatedCommissionFormatted: formatPounds(d.estimatedCommissionPence),
      tiesDisclosed: (d.tiesDisclosed as Partial<StoredTie>[]).map(tie),
      customerDocument: customerDocument(d.id),
      acknowledgment: acknowledgment(d.id),
      customerAskedAmount: d.customerAskedAmount,
      amountToldToCustomer: d.amountToldToCustomer,
      recordedAt: iso(d.createdAt),
    };
  });

  const clawedBack = entries.filter((e) => e.kind === "clawback");
  const estimatedPence = position ? position.disclosedPence : (disclosures.at(-1)?.estimatedCommissionPence ?? null);
  const confirmedPence = position?.confirmedPence ?? null;
  const paidPence = detail.paid?.paidPence ?? null;
  const clawedBackPence = clawedBack.length ? clawedBack.reduce((sum, e) => sum + (e.amountPence ?? 0), 0) : null;

  const accepted = liveAcceptance({ attempts, withdrawals });
  return {
    schemaVersion: 1 as const,
    generatedAt: iso(new Date()),
    generatedBy: { id: user.id, name: user.name, email: user.email, role: user.role },
    firm: {
      regulatoryStatus: { text: status.value.text, version: status.version, savedAt: status.createdAt ? iso(status.createdAt) : null },
      tradingNames: tradingNames.map((b) => b.name),
    },
    deal: {
      id: deal.id,
      reference: deal.reference,
      status: deal.status,
      createdAt: iso(deal.createdAt),
      branch: { id: deal.branchId, name: detail.branchName },
      staff: person(deal.staffId)!,
      channel: deal.channel,
      customer: {
        name: deal.customerName,
        dateOfBirth: deal.customerDateOfBirth,
        ukResident: deal.customerUkResident,
        contact: deal.customerContact,
        vulnerable: deal.vulnerable,
        vulnerabilityNote: detail.vulnerabilityNote.state === "shown" ? detail.vulnerabilityNote.text : detail.vulnerabilityNote.state === "none" ? "" : null,
      },
      guarantor: { required: deal.guarantorRequired, name: deal.guarantorName, contact: deal.guarantorContact },
      vehicle: { id: deal.vehicleId, description: deal.vehicleDescription, brand: deal.vehicleBrand, modelId: deal.vehicleModelId },
      product: deal.product,
      productLabel: PRODUCT_LABELS[deal.product],
      quotedFigures: figures(deal.quotedFigures),
      signedFigures: deal.signedFigures ? figures(deal.signedFigures) : null,
      agreementNumber: deal.agreementNumber,
      signedAt: deal.signedAt ? iso(deal.signedAt) : null,
      signedBy: person(deal.signedBy),
      signingRecordedAt: audit.find((a) => a.action === "finance.signed")?.createdAt.toISOString() ?? null,
      notProceedingReason: deal.notProceedingReason,
      legalHold: detail.legalHold,
    },
    disclosures: evidenceDisclosures,
    tiesInForce: {
      atFirstDisclosure: firstDay && tiesFirst ? { on: firstDay, ties: tiesFirst.map(tie) } : null,
      atSigning: signDay && tiesSigned ? { on: signDay, ties: tiesSigned.map(tie) } : null,
    },
    consents: consents.map((c) => ({ id: c.id, kind: c.kind, method: c.method, methodLabel: CONSENT_METHOD_LABELS[c.method], givenAt: iso(c.givenAt), recordedBy: person(c.recordedBy), disclosureId: c.disclosureId, recordedAt: iso(c.createdAt) })),
    attempts: attempts.map((a) => ({
      id: a.id,
      sequence: a.sequence,
      lender: lender(a.lenderId),
      proposedAt: iso(a.proposedAt),
      orderReason: a.orderReason,
      quote: { ...figures(a.quote), commissionPence: (a.quote as { commissionPence?: number }).commissionPence ?? null },
      outcome: a.outcome,
      outcomeLabel: ATTEMPT_OUTCOME_LABELS[a.outcome],
      approvedTerms: a.approvedFigures ? approvedTermsOf(a) : null,
      acceptanceWithdrawn: withdrawal(a.id),
      decidedAt: a.decidedAt ? iso(a.decidedAt) : null,
      aprBasisPoints: a.aprBasisPoints,
      aprFormatted: formatBasisPoints(a.aprBasisPoints),
      termMonths: a.termMonths,
      recordedBy: person(a.recordedBy),
      recordedAt: iso(a.createdAt),
      decisionRecordedAt: decisionEntered(a.id),
    })),
    reviews: reviews.map((r) => ({ id: r.id, at: iso(r.createdAt), reviewer: person(r.reviewerId), decision: r.decision, note: r.note, commissionPence: r.commissionPence, commissionFormatted: formatPounds(r.commissionPence) })),
    confirmations: confirmations.map((c) => ({ id: c.id, attemptId: c.attemptId, confirmedAt: iso(c.confirmedAt), confirmedBy: person(c.confirmedBy), medium: c.medium, mediumLabel: DISCLOSURE_MEDIUM_LABELS[c.medium], amountPence: c.amountPence, amountFormatted: formatPounds(c.amountPence), recordedAt: iso(c.createdAt) })),
    commission: {
      lender: accepted ? lender(accepted.lenderId) : null,
      estimatedPence,
      estimatedFormatted: formatPounds(estimatedPence),
      confirmedPence,
      confirmedFormatted: formatPounds(confirmedPence),
      confirmedAboveEstimate: confirmedPence !== null && estimatedPence !== null ? confirmedPence > estimatedPence : null,
      paidPence,
      paidFormatted: formatPounds(paidPence),
      paidDiffersFromConfirmed: detail.paid ? detail.paid.differsFromConfirmed : null,
      clawedBackPence,
      clawedBackFormatted: formatPounds(clawedBackPence),
      // The deal page's figure: the confirmed commission, else the accepted lender's quote, against that quote.
      ratiosOf: position ? (confirmedPence !== null ? ("confirmed" as const) : ("quoted" as const)) : null,
      ratiosCommissionPence: position?.commissionPence ?? null,
      ratios: ratios(position?.ratios ?? null),
      reviewNeeded: position?.reviewNeeded ?? null,
    },
    entries: entries.map((e) => ({ id: e.id, kind: e.kind, kindLabel: ENTRY_KIND_LABELS[e.kind], effectiveOn: e.effectiveOn, amountPence: e.amountPence, amountFormatted: formatPounds(e.amountPence), reason: e.reason, details: e.details ?? null, recordedAt: iso(e.createdAt), recordedBy: person(e.createdBy) })),
    audit: audit.map((a) => ({ id: a.id, at: iso(a.createdAt), actorEmail: a.actorEmail, action: a.action, sentence: auditSentence(a), entityType: a.entityType, before: a.before ?? null, after: a.after ?? null })),
  };
}

export type PackBody = Awaited<ReturnType<typeof assemble>>;

interface StoredTie {
  id: string;
  lenderId: string;
  lenderName: string;
  reference: string;
  kind: keyof typeof TIE_KIND_LABELS;
  terms: string;
  startsOn: string;
  endsOn: string | null;
}

const iso = (instant: Date) => instant.toISOString();
const unique = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => Boolean(id)))];

function tie(row: Partial<StoredTie>) {
  return {
    reference: row.reference ?? "",
    lenderId: row.lenderId ?? null,
    lenderName: row.lenderName ?? "",
    kind: row.kind ?? "other",
    kindLabel: TIE_KIND_LABELS[row.kind ?? "other"] ?? row.kind ?? "",
    terms: row.terms ?? "",
    startsOn: row.startsOn ?? null,
    endsOn: row.endsOn ?? null,
  };
}

/** The stored figures, exactly the known keys (pence, months, basis points), old rows read as the engine reads them. */
const figures = (stored: unknown): FinanceFigures => storedFigures(stored);

function ratios(values: CommissionRatios | null) {
  const one = (ratio: number | null) => ({ ratio, basisPoints: ratio === null ? null : Math.round(ratio * 10_000), formatted: formatPercent(ratio) });
  return { ofChargeForCredit: one(values?.ofChargeForCredit ?? null), ofCredit: one(values?.ofCredit ?? null), ofTotalPayable: one(values?.ofTotalPayable ?? null) };
}
