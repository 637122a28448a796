import { isDeepStrictEqual } from "node:util";
import type { schema } from "@db/client";

/**
 * The design's rules for a signed finance deal, written out for the tests in plain arithmetic and
 * written apart from the app's own checks (signingProblem, needsReview, commissionRatios), so a rule
 * broken in the app is not also broken in the test that checks it.
 */
type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];
export interface DealRecordRows {
  disclosures: Row<typeof schema.dealDisclosures>[];
  consents: Row<typeof schema.dealConsents>[];
  attempts: Row<typeof schema.lenderAttempts>[];
  reviews: Row<typeof schema.commissionReviews>[];
  confirmations: Row<typeof schema.commissionConfirmations>[];
  withdrawals: Row<typeof schema.acceptanceWithdrawals>[];
}

/** The lender's answers in force: accepted, or accepted on different terms (countered), and not withdrawn since. */
export function acceptancesInForce({ attempts, withdrawals }: Pick<DealRecordRows, "attempts" | "withdrawals">) {
  return attempts.filter((a) => (a.outcome === "accepted" || a.outcome === "countered") && !withdrawals.some((w) => w.attemptId === a.id));
}

/** The terms a lender approved: stored with its answer (an answer recorded before terms were: the proposal). */
export const approvedTerms = (attempt: Row<typeof schema.lenderAttempts>) =>
  (attempt.approvedFigures ?? attempt.quote) as { chargeForCreditPence: number; creditPence: number; commissionPence?: number };

/** An admin reviews a commission at or over 35% of the charge for credit, or 10% of the credit (pence, no ratios). */
export function reviewDue(commissionPence: number, figures: { chargeForCreditPence: number; creditPence: number }) {
  const reaches = (wholePence: number, percent: number) => wholePence > 0 && commissionPence * 100 >= wholePence * percent;
  return reaches(figures.chargeForCreditPence, 35) || reaches(figures.creditPence, 10);
}

const time = (date: Date) => date.getTime();
const latest = <T>(rows: T[], at: (row: T) => Date) => [...rows].sort((a, b) => time(at(a)) - time(at(b))).at(-1);

/** Each proposal came after a disclosure for its lender and the customer's initial consent to it. */
export function proposalFaults({ disclosures, consents, attempts }: DealRecordRows): string[] {
  return attempts
    .filter(
      (attempt) =>
        !disclosures.some(
          (d) =>
            d.lenderId === attempt.lenderId &&
            time(d.givenAt) <= time(attempt.proposedAt) &&
            consents.some((c) => c.kind === "initial" && time(c.givenAt) >= time(d.givenAt) && time(c.givenAt) <= time(attempt.proposedAt)),
        ),
    )
    .map((attempt) => `attempt ${attempt.sequence} was proposed before a disclosure and consent for its lender`);
}

/** What is wrong with a signed deal's record by the design's rules: nothing, for a lawful one. */
export function signingFaults(deal: { signedAt: Date | null; signedAttemptId: string | null; signedFigures: unknown }, record: DealRecordRows): string[] {
  const faults = proposalFaults(record);
  const inForce = acceptancesInForce(record);
  if (inForce.length > 1) faults.push("more than one lender's acceptance in force");
  const accepted = inForce[0];
  if (!accepted) return [...faults, "signed without an accepted lender"];
  if (deal.signedAttemptId !== accepted.id) faults.push("signed against another attempt than the accepted one");
  if (!isDeepStrictEqual(deal.signedFigures, accepted.approvedFigures)) faults.push("signed on other figures than the lender approved");
  const confirmed = latest(record.confirmations.filter((c) => c.attemptId === accepted.id), (c) => c.confirmedAt);
  if (!confirmed) return [...faults, "signed without a commission confirmation"];
  if (deal.signedAt && time(confirmed.confirmedAt) > time(deal.signedAt)) faults.push("the commission was confirmed after signing");
  const disclosed = latest(record.disclosures.filter((d) => d.lenderId === accepted.lenderId), (d) => d.givenAt);
  if (confirmed.amountPence > (disclosed?.estimatedCommissionPence ?? 0) && !record.consents.some((c) => c.kind === "fresh" && time(c.givenAt) >= time(confirmed.confirmedAt))) {
    faults.push("the commission rose above the disclosure without fresh consent");
  }
  const quote = approvedTerms(accepted);
  const review = latest(record.reviews, (r) => r.createdAt);
  if (reviewDue(confirmed.amountPence, quote) && !(review?.decision === "approved" && review.commissionPence === confirmed.amountPence)) {
    faults.push("a high commission was signed without an admin's approval at the confirmed amount");
  }
  return faults;
}
