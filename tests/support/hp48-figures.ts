import type { FinanceFigures } from "~/modules/finance/commission";

/**
 * A hire-purchase deal worked by hand: £18,495 cash, £2,000 deposit, £16,495 of credit, 48 × £414 at
 * 9.9% APR. Charge for credit 48 × £414 − £16,495 = £3,377; total payable £2,000 + 48 × £414 = £21,872.
 */
export const HP48: FinanceFigures = {
  cashPricePence: 1_849_500,
  depositPence: 200_000,
  depositContributionPence: 0,
  partExchangePence: 0,
  partExchangeSettlementPence: 0,
  creditPence: 1_649_500,
  termMonths: 48,
  regularPaymentCount: 48,
  firstPaymentMonth: 1,
  finalPaymentMonth: 0,
  ratePercentBasisPoints: 500,
  rateFixed: true,
  aprBasisPoints: 990,
  fees: [],
  feesPence: 0,
  monthlyPaymentPence: 41_400,
  finalPaymentPence: 0,
  chargeForCreditPence: 337_700,
  totalPayablePence: 2_187_200,
};
