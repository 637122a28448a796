import { asc, eq } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import type { FinanceDeal } from "@db/schema/finance";
import type { SessionUser } from "~/modules/auth/permissions";
import { can } from "~/modules/auth/permissions";
import { formatInstant, londonToday } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { commissionFor, commissionRatios, needsReview, type FinanceFigures } from "./commission";
import { checkDealFigures, storedFigures } from "./deal-figures";
import { manufacturerLender, reviewThresholds, scheduleInForce } from "./commission.server";
import { eligibilityProblem, lockDeal, touchDeal } from "./deals.server";
import { keepDisclosureDocument } from "./disclosure-records.server";
import { documentProblem, markDocumentUsed, tiesInForce, usableDocument } from "./documents.server";
import { orderProblem, proposalConsentProblem, disclosurerProblem, reviewerProblem, signerProblem, type Step } from "./record-order";

const { dealDisclosures, dealConsents, lenderAttempts, acceptanceWithdrawals, commissionReviews, commissionConfirmations, lenders } = schema;

/** Refuses a step recorded out of order (record-order.ts), naming the step it conflicts with. */
export function refuseOutOfOrder(step: Step, at: Date, deal: FinanceDeal, record: DealRecord, field?: string) {
  const problem = orderProblem(step, at, deal, record);
  if (problem) throw new Refusal(problem, field);
}

// Schedules, ties and documents are in force by London day.
const dayOf = (instant: Date) => londonToday(instant);

/** Everything recorded on a deal so far, read inside the step's transaction. */
export async function dealRecord(tx: Transaction, dealId: string) {
  const [disclosures, consents, attempts, reviews, confirmations, withdrawals] = await Promise.all([
    tx.select().from(dealDisclosures).where(eq(dealDisclosures.dealId, dealId)).orderBy(asc(dealDisclosures.givenAt)),
    tx.select().from(dealConsents).where(eq(dealConsents.dealId, dealId)).orderBy(asc(dealConsents.givenAt)),
    tx.select().from(lenderAttempts).where(eq(lenderAttempts.dealId, dealId)).orderBy(asc(lenderAttempts.sequence)),
    tx.select().from(commissionReviews).where(eq(commissionReviews.dealId, dealId)).orderBy(asc(commissionReviews.createdAt), asc(commissionReviews.reviewedAt)),
    tx.select().from(commissionConfirmations).where(eq(commissionConfirmations.dealId, dealId)).orderBy(asc(commissionConfirmations.confirmedAt)),
    tx.select().from(acceptanceWithdrawals).where(eq(acceptanceWithdrawals.dealId, dealId)).orderBy(asc(acceptanceWithdrawals.withdrawnAt)),
  ]);
  return { disclosures, consents, attempts, reviews, confirmations, withdrawals };
}
type DealRecord = Awaited<ReturnType<typeof dealRecord>>;

/** The lender's terms as approved: figures and commission (an answer before terms were recorded: the proposal). */
export type ApprovedTerms = FinanceFigures & { commissionPence: number };
export type Attempt = DealRecord["attempts"][number];
export const approvedTermsOf = (attempt: Attempt): ApprovedTerms => {
  const stored = (attempt.approvedFigures ?? attempt.quote) as { commissionPence?: number };
  return { ...storedFigures(stored), commissionPence: stored.commissionPence ?? 0 };
};

/** The acceptance (or counter-offer) in force: decided so, and not withdrawn since. */
export function liveAcceptance(record: Pick<DealRecord, "attempts" | "withdrawals">) {
  return record.attempts.find((a) => (a.outcome === "accepted" || a.outcome === "countered") && !record.withdrawals.some((w) => w.attemptId === a.id)) ?? null;
}

/** The engine's verdict on figures, as one refusal naming the first disagreement. */
export function refuseWrongFigures(figures: FinanceFigures, what: string, field?: string) {
  const check = checkDealFigures(figures);
  if (!check.ok) throw new Refusal(`${what}: ${check.problems.map((p) => p.message).join(" ")}`, field ?? check.problems[0]!.field);
}

/** The estimate a lender would pay on this deal, from the schedule in force on the day. */
async function commissionEstimate(tx: Transaction, deal: FinanceDeal, lenderId: string, on: string, creditPence: number) {
  const schedule = await scheduleInForce({ lenderId, on, brand: deal.vehicleBrand, modelId: deal.vehicleModelId }, tx);
  if (!schedule) throw new Refusal("This lender has no commission schedule in force for this bike on that day. Ask an admin to add one under Lenders.", "lenderId");
  return { schedule, amountPence: commissionFor(schedule, creditPence) };
}

/** Records the disclosure given before any proposal: document version, likely commission, ties, medium. */
export async function recordDisclosure(input: {
  actor: SessionUser;
  id: string;
  version: number;
  lenderId: string;
  medium: string;
  customerAskedAmount: boolean;
  amountToldToCustomer: string;
  /** When it was given; now when not stated. */
  givenAt?: Date;
} & Submitted): Promise<Result<{ estimatedCommissionPence: number }>> {
  const givenAt = input.givenAt ?? new Date();
  if (!["paper", "email", "pdf"].includes(input.medium)) {
    return { ok: false, field: "medium", message: "Disclosure must be on a durable medium: paper, email or PDF. A text message (SMS) isn't one." };
  }
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const reviewer = disclosurerProblem(input.actor.id, record);
    if (reviewer) throw new Refusal(`Four eyes: ${reviewer}. Another member of staff must give it.`, undefined, 403);
    refuseOutOfOrder({ kind: "disclosure" }, givenAt, deal, record, "givenAt");
    const on = dayOf(givenAt);
    const document = await usableDocument(on, tx);
    if (!document) throw new Refusal("There is no disclosure document in force to show. Ask an admin to add one under Lenders.", undefined, 409);
    const ties = await tiesInForce(on, undefined, tx);
    const problem = documentProblem(document.body, ties);
    if (problem) throw new Refusal(`Disclosure document v${document.version} can't be used: ${problem}`, undefined, 409);
    const { schedule, amountPence } = await commissionEstimate(tx, deal, input.lenderId, on, storedFigures(deal.quotedFigures).creditPence);
    const [disclosure] = await tx.insert(dealDisclosures).values({
      dealId: deal.id,
      documentId: document.id,
      documentSha256: document.sha256,
      lenderId: input.lenderId,
      scheduleId: schedule.id,
      basis: schedule.basis,
      estimatedCommissionPence: amountPence,
      tiesDisclosed: ties,
      medium: input.medium as "paper" | "email" | "pdf",
      customerAskedAmount: input.customerAskedAmount,
      amountToldToCustomer: input.customerAskedAmount ? input.amountToldToCustomer || formatPounds(amountPence) : "",
      givenAt,
      givenBy: input.actor.id,
    }).returning();
    // What this customer was given for this deal, as a PDF kept byte for byte with its hash.
    const pdf = await keepDisclosureDocument(tx, { deal, disclosure: disclosure!, notice: document, givenByName: input.actor.name });
    // The document is now evidence: the database refuses any later edit of its text.
    await markDocumentUsed(tx, document.id);
    await touchDeal(tx, {
      actor: input.actor,
      before: deal,
      set: deal.status === "draft" ? { status: "disclosed" } : {},
      action: "finance.disclosed",
      detail: { lenderId: input.lenderId, documentVersion: document.version, sha256: document.sha256, pdfSha256: pdf.sha256, estimatedCommissionPence: amountPence, medium: input.medium, ties },
    });
    return { estimatedCommissionPence: amountPence };
  }, input.once);
}

export async function recordConsent(input: { actor: SessionUser; id: string; version: number; kind: "initial" | "fresh"; method: "signed_paper" | "email_reply" | "e_signature" | "recorded_call"; givenAt?: Date } & Submitted): Promise<Result> {
  const givenAt = input.givenAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const disclosure = record.disclosures.at(-1);
    if (!disclosure) throw new Refusal("Record the disclosure first: consent is to what the customer was told.", undefined, 409);
    if (input.kind === "fresh" && record.confirmations.length === 0) throw new Refusal("Fresh consent answers a confirmed commission: confirm it first.", "kind", 409);
    refuseOutOfOrder({ kind: "consent", fresh: input.kind === "fresh", disclosureId: disclosure.id }, givenAt, deal, record, "givenAt");
    await tx.insert(dealConsents).values({ dealId: deal.id, disclosureId: disclosure.id, kind: input.kind, method: input.method, givenAt, recordedBy: input.actor.id });
    await touchDeal(tx, { actor: input.actor, before: deal, action: "finance.consented", detail: { kind: input.kind, method: input.method, givenAt } });
    return {};
  }, input.once);
}

/** Whether the record allows a proposal to this lender at `at` (now), and why not. Only what was given by then counts. */
export function proposalProblem(deal: FinanceDeal, record: DealRecord, lenderId: string, at = new Date()) {
  const consent = proposalConsentProblem(lenderId, at, record);
  if (consent) return consent;
  if (deal.guarantorRequired && (!deal.guarantorName || !deal.guarantorContact)) return "A guarantor is required: record their name and contact before proposing.";
  if (record.attempts.some((a) => a.outcome === "pending")) return "Wait for the pending lender's answer first.";
  if (liveAcceptance(record)) return "A lender has already accepted this deal: record the acceptance as withdrawn before proposing again.";
  return null;
}

/** `proposedAt` (default now) lets a back-dated history be entered; it can't be in the future. */
export async function proposeToLender(input: { actor: SessionUser; id: string; version: number; lenderId: string; orderReason: string; proposedAt?: Date } & Submitted): Promise<Result> {
  const proposedAt = input.proposedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const eligibility = eligibilityProblem(deal);
    if (eligibility) throw new Refusal(eligibility, undefined, 409);
    const record = await dealRecord(tx, deal.id);
    const problem = proposalProblem(deal, record, input.lenderId, proposedAt);
    if (problem) throw new Refusal(problem, undefined, 409);
    refuseOutOfOrder({ kind: "proposal", lenderId: input.lenderId, sequence: record.attempts.length + 1 }, proposedAt, deal, record, "proposedAt");
    // The manufacturer lender for the bike's brand comes first; another first only with a reason.
    const captive = await manufacturerLender(deal.vehicleBrand, tx);
    if (record.attempts.length === 0 && captive && captive.id !== input.lenderId && !input.orderReason) {
      throw new Refusal(`${captive.name} is the manufacturer lender for ${deal.vehicleBrand}: propose to it first, or record why another lender comes first.`, "orderReason");
    }
    const [lender] = await tx.select().from(lenders).where(eq(lenders.id, input.lenderId));
    if (!lender?.active) throw new Refusal("Choose an active lender on the panel.", "lenderId");
    const figures = storedFigures(deal.quotedFigures);
    refuseWrongFigures(figures, "The quoted figures disagree with each other; edit the deal first", "lenderId");
    const { amountPence } = await commissionEstimate(tx, deal, input.lenderId, dayOf(proposedAt), figures.creditPence);
    await tx.insert(lenderAttempts).values({
      dealId: deal.id,
      lenderId: input.lenderId,
      sequence: record.attempts.length + 1,
      orderReason: input.orderReason,
      quote: { ...figures, commissionPence: amountPence },
      aprBasisPoints: figures.aprBasisPoints,
      termMonths: figures.termMonths,
      proposedAt,
      recordedBy: input.actor.id,
    });
    await touchDeal(tx, { actor: input.actor, before: deal, set: { status: "proposed" }, action: "finance.proposed", detail: { lender: lender.name, sequence: record.attempts.length + 1, orderReason: input.orderReason } });
    return {};
  }, input.once);
}

/** The accepted attempt, its commission, the ratios and whether a second person's review is needed. */
export async function commissionPosition(record: DealRecord, tx?: Transaction) {
  const accepted = liveAcceptance(record);
  if (!accepted) return null;
  const quote = approvedTermsOf(accepted);
  const confirmed = record.confirmations.filter((c) => c.attemptId === accepted.id).at(-1);
  const commissionPence = confirmed?.amountPence ?? quote.commissionPence;
  const ratios = commissionRatios(commissionPence, quote);
  const thresholds = await reviewThresholds(tx);
  const review = needsReview(ratios, thresholds);
  const disclosed = [...record.disclosures].reverse().find((d) => d.lenderId === accepted.lenderId);
  return { accepted, quote, commissionPence, ratios, thresholds, review, disclosed, confirmed };
}
type Position = NonNullable<Awaited<ReturnType<typeof commissionPosition>>>;

/** What changed since a review, against the figures it approved: null when nothing did. */
function reviewedFiguresChanged(review: DealRecord["reviews"][number], position: Position) {
  if (review.attemptId !== null && review.attemptId !== position.accepted.id) return "another lender's answer is in force";
  if (review.commissionPence !== position.commissionPence) return `the commission is now ${formatPounds(position.commissionPence)}, not ${formatPounds(review.commissionPence)}`;
  if ((review.creditPence !== null && review.creditPence !== position.quote.creditPence) || (review.chargeForCreditPence !== null && review.chargeForCreditPence !== position.quote.chargeForCreditPence)) {
    return "the credit or the charge for credit changed";
  }
  return null;
}

/** The review of a high commission, by a second person (four eyes), with the figures and ratios it approved. */
export async function reviewCommission(input: { actor: SessionUser; id: string; version: number; decision: "approved" | "rejected"; note: string; reviewedAt?: Date } & Submitted): Promise<Result> {
  if (!can(input.actor, "finance:review")) return { ok: false, status: 403, message: "Only an admin can review a deal's commission." };
  const reviewedAt = input.reviewedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const position = await commissionPosition(record, tx);
    if (!position) throw new Refusal("A lender must accept the deal before its commission is reviewed.", undefined, 409);
    const barred = reviewerProblem(input.actor.id, deal, record);
    if (barred) throw new Refusal(`Four eyes: ${barred}. Another admin must review it.`, undefined, 403);
    refuseOutOfOrder({ kind: "review", attemptId: position.accepted.id }, reviewedAt, deal, record, "reviewedAt");
    const { quote, commissionPence, ratios, thresholds } = position;
    await tx.insert(commissionReviews).values({
      dealId: deal.id,
      reviewerId: input.actor.id,
      decision: input.decision,
      note: input.note,
      commissionPence,
      attemptId: position.accepted.id,
      creditPence: quote.creditPence,
      chargeForCreditPence: quote.chargeForCreditPence,
      totalPayablePence: quote.totalPayablePence,
      ratios: { ...ratios, thresholds },
      reviewedAt,
    });
    await touchDeal(tx, { actor: input.actor, before: deal, action: "finance.reviewed", detail: { decision: input.decision, note: input.note, commissionPence, ratios, reviewedAt } });
    return {};
  }, input.once);
}

export async function confirmCommission(input: { actor: SessionUser; id: string; version: number; amountPence: number; medium: "paper" | "email" | "pdf"; confirmedAt?: Date } & Submitted): Promise<Result<{ needsFreshConsent: boolean }>> {
  const confirmedAt = input.confirmedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const position = await commissionPosition(record, tx);
    if (!position) throw new Refusal("A lender must accept the deal before the exact commission is confirmed.", undefined, 409);
    refuseOutOfOrder({ kind: "confirmation", attemptId: position.accepted.id }, confirmedAt, deal, record, "confirmedAt");
    await tx.insert(commissionConfirmations).values({ dealId: deal.id, attemptId: position.accepted.id, amountPence: input.amountPence, medium: input.medium, confirmedAt, confirmedBy: input.actor.id });
    const needsFreshConsent = !position.disclosed || input.amountPence > position.disclosed.estimatedCommissionPence;
    await touchDeal(tx, { actor: input.actor, before: deal, action: "finance.commission_confirmed", detail: { amountPence: input.amountPence, disclosedPence: position.disclosed?.estimatedCommissionPence, needsFreshConsent } });
    return { needsFreshConsent };
  }, input.once);
}

/** Why the deal can't be signed yet, or null; with `signer`, also whether they may sign it (four eyes). */
export async function signingProblem(deal: FinanceDeal, record: DealRecord, tx?: Transaction, signer?: string) {
  const position = await commissionPosition(record, tx);
  if (!position) return "A lender must accept the deal first.";
  const confirmed = position.confirmed;
  if (!confirmed) return "Confirm the exact commission to the customer before signing.";
  const disclosedPence = position.disclosed?.estimatedCommissionPence ?? 0;
  if (confirmed.amountPence > disclosedPence && !record.consents.some((c) => c.kind === "fresh" && c.givenAt >= confirmed.confirmedAt)) {
    return `The confirmed commission (${formatPounds(confirmed.amountPence)}) is more than was disclosed (${formatPounds(disclosedPence)}): record the customer's fresh consent first.`;
  }
  if (position.review) {
    const review = record.reviews.at(-1);
    if (!review) return "The commission is high against the charge for credit or the credit: an admin must review it before signing.";
    const changed = reviewedFiguresChanged(review, position);
    if (changed) return `The figures changed since the review of ${formatInstant(review.reviewedAt)} (${changed}): another admin must review them before signing.`;
    if (review.decision === "rejected") return "An admin rejected this commission: the deal can't be signed on these terms.";
  }
  if (deal.guarantorRequired && (!deal.guarantorName || !deal.guarantorContact)) return "Record the guarantor's details first.";
  const check = checkDealFigures(position.quote);
  if (!check.ok) {
    // An acceptance recorded before the engine checked figures: it can't be edited, only let go.
    return `The accepted figures disagree with each other: ${check.problems.map((p) => p.message).join(" ")} Record the acceptance as withdrawn, correct the deal's figures and propose again.`;
  }
  const barred = signer ? signerProblem(signer, record) : null;
  if (barred) return `Four eyes: ${barred}. Someone else must record the signing.`;
  return null;
}

export async function signDeal(input: { actor: SessionUser; id: string; version: number; agreementNumber: string; signedAt?: Date } & Submitted): Promise<Result> {
  const signedAt = input.signedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const problem = await signingProblem(deal, record, tx, input.actor.id);
    if (problem) throw new Refusal(problem, undefined, 409);
    // Signing comes after every step on the record: the commission confirmation, fresh consent, review.
    refuseOutOfOrder({ kind: "signing" }, signedAt, deal, record, "signedAt");
    // The signed figures are the lender's approved terms, which signingProblem re-checked.
    const accepted = liveAcceptance(record)!;
    await touchDeal(tx, {
      actor: input.actor,
      before: deal,
      set: { status: "signed", agreementNumber: input.agreementNumber, signedAt, signedBy: input.actor.id, signedAttemptId: accepted.id, signedFigures: approvedTermsOf(accepted) },
      action: "finance.signed",
    });
    return {};
  }, input.once);
}
