/** Commission arithmetic, pure and browser-safe: the page shows what the server computed with it. */

export interface FinanceFigures {
  cashPricePence: number;
  /** Paid by the customer. */
  depositPence: number;
  /** Paid by a third party (manufacturer, lender): never part of what the customer pays. */
  depositContributionPence: number;
  partExchangePence: number;
  /** Outstanding finance on the part exchange, settled out of the new credit. */
  partExchangeSettlementPence: number;
  creditPence: number;
  /** How long the agreement runs. */
  termMonths: number;
  regularPaymentCount: number;
  /** 1: the first payment a month after signing; 0: on signing. */
  firstPaymentMonth: number;
  /** Month of the final payment; 0 when there is none. */
  finalPaymentMonth: number;
  /** Rate of interest and APR in basis points (1290 = 12.90%). */
  ratePercentBasisPoints: number;
  rateFixed: boolean;
  aprBasisPoints: number;
  /** Every fee, with the month it is paid; feesPence is their sum. */
  fees: { amountPence: number; month: number }[];
  feesPence: number;
  monthlyPaymentPence: number;
  finalPaymentPence: number;
  chargeForCreditPence: number;
  totalPayablePence: number;
}

export interface Schedule {
  basis: "fixed_fee" | "percent_of_credit";
  amountPence: number | null;
  percentBasisPoints: number | null;
}

export function commissionFor(schedule: Schedule, creditPence: number) {
  if (schedule.basis === "fixed_fee") return schedule.amountPence ?? 0;
  return Math.round((creditPence * (schedule.percentBasisPoints ?? 0)) / 10_000);
}

export interface CommissionRatios {
  ofChargeForCredit: number | null;
  ofCredit: number | null;
  ofTotalPayable: number | null;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Commission as a share of the charge for credit, of the credit and of the total payable. */
export function commissionRatios(commissionPence: number, figures: Pick<FinanceFigures, "chargeForCreditPence" | "creditPence" | "totalPayablePence">): CommissionRatios {
  return {
    ofChargeForCredit: share(commissionPence, figures.chargeForCreditPence),
    ofCredit: share(commissionPence, figures.creditPence),
    ofTotalPayable: share(commissionPence, figures.totalPayablePence),
  };
}

export interface ReviewThresholds {
  chargeForCreditPercent: number;
  creditPercent: number;
}

export const DEFAULT_REVIEW_THRESHOLDS: ReviewThresholds = { chargeForCreditPercent: 35, creditPercent: 10 };

/**
 * A deal needs an admin's review before signing when its commission reaches either threshold (the
 * Johnson case was 55% of the charge for credit and 25% of the loan). Either is enough: the review is
 * the cautious reading of "35% of the charge for credit and 10% of the credit".
 */
export function needsReview(ratios: CommissionRatios, thresholds: ReviewThresholds) {
  return (
    (ratios.ofChargeForCredit !== null && ratios.ofChargeForCredit * 100 >= thresholds.chargeForCreditPercent) ||
    (ratios.ofCredit !== null && ratios.ofCredit * 100 >= thresholds.creditPercent)
  );
}

export function formatPercent(ratio: number | null) {
  return ratio === null ? "—" : `${(ratio * 100).toFixed(1)}%`;
}

export function formatBasisPoints(bp: number) {
  return `${(bp / 100).toFixed(2)}%`;
}

/** Age in whole years on a day (YYYY-MM-DD), for the 18-or-over rule. */
export function ageOn(dateOfBirth: string, day: string) {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
