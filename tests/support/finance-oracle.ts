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

type Deal = { createdAt: Date; staffId: string; signedAt: Date | null; signedBy: string | null };
const SLACK_MS = 5 * 60_000; // the design's "few minutes" of clock slack

/**
 * Every event on the record out of order, written from the list (#12), not from the app's
 * rule module: each time after the deal was recorded (to the second) and not beyond its entry by more
 * than the slack; consent at or after its disclosure (fresh consent after a confirmation); a proposal
 * after consent to its lender's disclosure and after earlier answers; an answer after its proposal; a
 * withdrawal, confirmation or review after the acceptance (a review also after the confirmations of
 * it entered before it); a signing after every event; and no review by the deal's staff, a discloser or the signer.
 */
export function orderFaults(deal: Deal, record: DealRecordRows): string[] {
  const faults: string[] = [];
  const recorded = Math.floor(deal.createdAt.getTime() / 1000) * 1000;
  const events: [string, Date | null, Date][] = [
    ...record.disclosures.map((d) => ["disclosure", d.givenAt, d.createdAt] as [string, Date, Date]),
    ...record.consents.map((c) => [`${c.kind} consent`, c.givenAt, c.createdAt] as [string, Date, Date]),
    ...record.attempts.map((a) => [`proposal ${a.sequence}`, a.proposedAt, a.createdAt] as [string, Date, Date]),
    ...record.attempts.map((a) => [`answer ${a.sequence}`, a.decidedAt, a.decisionRecordedAt ?? a.createdAt] as [string, Date | null, Date]),
    ...record.withdrawals.map((w) => ["withdrawal", w.withdrawnAt, w.createdAt] as [string, Date, Date]),
    ...record.confirmations.map((c) => ["confirmation", c.confirmedAt, c.createdAt] as [string, Date, Date]),
    ...record.reviews.map((r) => ["review", r.reviewedAt, r.createdAt] as [string, Date, Date]),
  ];
  for (const [what, at, entered] of events) {
    if (!at) continue;
    if (time(at) < recorded) faults.push(`${what} before the deal was recorded`);
    if (time(at) > time(entered) + SLACK_MS) faults.push(`${what} dated in the future when entered`);
    if (deal.signedAt && time(at) > time(deal.signedAt)) faults.push(`${what} after signing`);
  }
  for (const c of record.consents) {
    const disclosure = record.disclosures.find((d) => d.id === c.disclosureId);
    if (disclosure && time(c.givenAt) < time(disclosure.givenAt)) faults.push(`${c.kind} consent before its disclosure`);
    if (c.kind === "fresh" && !record.confirmations.some((x) => time(x.confirmedAt) <= time(c.givenAt))) faults.push("fresh consent before any confirmation");
  }
  for (const a of record.attempts) {
    const consented = record.disclosures.some(
      (d) => d.lenderId === a.lenderId && time(d.givenAt) <= time(a.proposedAt) && record.consents.some((c) => c.kind === "initial" && time(d.givenAt) <= time(c.givenAt) && time(c.givenAt) <= time(a.proposedAt)),
    );
    if (!consented) faults.push(`proposal ${a.sequence} before consent to its lender's disclosure`);
    for (const earlier of record.attempts.filter((e) => e.sequence < a.sequence)) {
      if (earlier.decidedAt && time(a.proposedAt) < time(earlier.decidedAt)) faults.push(`proposal ${a.sequence} before the answer to proposal ${earlier.sequence}`);
    }
    if (a.decidedAt && time(a.decidedAt) < time(a.proposedAt)) faults.push(`answer ${a.sequence} before its proposal`);
  }
  const decided = (attemptId: string | null) => record.attempts.find((a) => a.id === attemptId)?.decidedAt ?? null;
  const afterAcceptance = (what: string, attemptId: string | null, at: Date) => {
    const acceptance = decided(attemptId);
    if (acceptance && time(at) < time(acceptance)) faults.push(`${what} before the acceptance`);
  };
  for (const w of record.withdrawals) afterAcceptance("withdrawal", w.attemptId, w.withdrawnAt);
  for (const c of record.confirmations) afterAcceptance("confirmation", c.attemptId, c.confirmedAt);
  for (const r of record.reviews) {
    afterAcceptance("review", r.attemptId, r.reviewedAt);
    for (const c of record.confirmations.filter((x) => x.attemptId === r.attemptId && time(x.createdAt) <= time(r.createdAt))) {
      if (time(r.reviewedAt) < time(c.confirmedAt)) faults.push("review before the confirmation it reviewed");
    }
    if (r.reviewerId === deal.staffId) faults.push("reviewed by the deal's own member of staff");
    if (record.disclosures.some((d) => d.givenBy === r.reviewerId)) faults.push("reviewed by whoever gave a disclosure");
    if (r.reviewerId === deal.signedBy) faults.push("reviewed by the signer");
  }
  return faults;
}
