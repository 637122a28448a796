import type { FinanceDeal } from "@db/schema/finance";
import { formatInstant } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { commissionRatios, needsReview, type FinanceFigures, type ReviewThresholds } from "./commission";
import { checkDealFigures, storedFigures } from "./deal-figures";
import type { DealRecord } from "./deal-steps.server";
import { proposalConsentProblem, signerProblem } from "./record-order";

/**
 * The rules of a deal's steps that need no database: which acceptance is in force, whether a proposal
 * or a signing may go ahead, and what a review approved. deal-steps.server.ts reads the record (and
 * the review thresholds) in the step's transaction and applies these.
 */

/** The lender's terms as approved: figures and commission (an answer before terms were recorded: the proposal). */
export type ApprovedTerms = FinanceFigures & { commissionPence: number };
export type Attempt = DealRecord["attempts"][number];
export const approvedTermsOf = (attempt: Pick<Attempt, "approvedFigures" | "quote">): ApprovedTerms => {
  const stored = (attempt.approvedFigures ?? attempt.quote) as { commissionPence?: number };
  return { ...storedFigures(stored), commissionPence: stored.commissionPence ?? 0 };
};

/** The acceptance (or counter-offer) in force: decided so, and not withdrawn since. */
export function liveAcceptance(record: Pick<DealRecord, "attempts" | "withdrawals">) {
  return record.attempts.find((a) => (a.outcome === "accepted" || a.outcome === "countered") && !record.withdrawals.some((w) => w.attemptId === a.id)) ?? null;
}

const guarantorMissing = (deal: Pick<FinanceDeal, "guarantorRequired" | "guarantorName" | "guarantorContact">) => deal.guarantorRequired && (!deal.guarantorName || !deal.guarantorContact);

/** Whether the record allows a proposal to this lender at `at` (now), and why not. Only what was given by then counts. */
export function proposalProblem(deal: FinanceDeal, record: DealRecord, lenderId: string, at = new Date()) {
  const consent = proposalConsentProblem(lenderId, at, record);
  if (consent) return consent;
  if (guarantorMissing(deal)) return "A guarantor is required: record their name and contact before proposing.";
  if (record.attempts.some((a) => a.outcome === "pending")) return "Wait for the pending lender's answer first.";
  if (liveAcceptance(record)) return "A lender has already accepted this deal: record the acceptance as withdrawn before proposing again.";
  return null;
}

/** The accepted attempt, its commission, the ratios and whether a second person's review is needed; null before an acceptance. */
export function positionOf(record: DealRecord, thresholds: ReviewThresholds) {
  const accepted = liveAcceptance(record);
  if (!accepted) return null;
  const quote = approvedTermsOf(accepted);
  const confirmed = record.confirmations.filter((c) => c.attemptId === accepted.id).at(-1);
  const commissionPence = confirmed?.amountPence ?? quote.commissionPence;
  const ratios = commissionRatios(commissionPence, quote);
  const review = needsReview(ratios, thresholds);
  const disclosed = [...record.disclosures].reverse().find((d) => d.lenderId === accepted.lenderId);
  return { accepted, quote, commissionPence, ratios, thresholds, review, disclosed, confirmed };
}
export type Position = NonNullable<ReturnType<typeof positionOf>>;

/** A confirmed commission needs fresh consent when nothing was disclosed, or it is more than the estimate disclosed. */
export function freshConsentNeeded(position: Pick<Position, "disclosed">, amountPence: number) {
  return !position.disclosed || amountPence > position.disclosed.estimatedCommissionPence;
}

/** What changed since a review, against the figures it approved: null when nothing did. */
function reviewedFiguresChanged(review: DealRecord["reviews"][number], position: Position) {
  if (review.attemptId !== null && review.attemptId !== position.accepted.id) return "another lender's answer is in force";
  if (review.commissionPence !== position.commissionPence) return `the commission is now ${formatPounds(position.commissionPence)}, not ${formatPounds(review.commissionPence)}`;
  if ((review.creditPence !== null && review.creditPence !== position.quote.creditPence) || (review.chargeForCreditPence !== null && review.chargeForCreditPence !== position.quote.chargeForCreditPence)) {
    return "the credit or the charge for credit changed";
  }
  return null;
}

/** Why the deal can't be signed yet, or null; with `signer`, also whether they may sign it (four eyes). */
export function signingProblemOf(deal: FinanceDeal, record: DealRecord, position: Position | null, signer?: string) {
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
  if (guarantorMissing(deal)) return "Record the guarantor's details first.";
  const check = checkDealFigures(position.quote);
  if (!check.ok) {
    // An acceptance recorded before the engine checked figures: it can't be edited, only let go.
    return `The accepted figures disagree with each other: ${check.problems.map((p) => p.message).join(" ")} Record the acceptance as withdrawn, correct the deal's figures and propose again.`;
  }
  const barred = signer ? signerProblem(signer, record) : null;
  if (barred) return `Four eyes: ${barred}. Someone else must record the signing.`;
  return null;
}
