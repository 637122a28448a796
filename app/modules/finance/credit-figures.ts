/**
 * The one module that computes and checks credit figures (deals, lender decisions, offers, seeds).
 * Pure and browser-safe: forms show live what the server will check with the same code.
 *
 * APR by the FCA's method (CONC App 1.1): the rate X at which the credit advanced equals the present
 * value of everything the customer repays, Σ D_l (1 + X)^(−t_l), each month counted as 1/12 of a
 * year, stated to one decimal place (a second decimal of 5 or more rounds up).
 */
import { formatPounds as pounds } from "~/utils/money";

export interface CreditFee {
  amountPence: number;
  /** Months after the credit is advanced when the customer pays it: 0 on signing. */
  month: number;
}

export interface CreditTerms {
  cashPricePence: number;
  /** Paid by the customer. */
  customerDepositPence: number;
  /** Paid by a third party (a manufacturer's deposit contribution): never part of what the customer pays. */
  depositContributionPence: number;
  partExchangeValuePence: number;
  /** Outstanding finance on the part exchange that the new credit settles. */
  partExchangeSettlementPence: number;
  /** Fees the customer pays on top of the repayments (not financed). */
  fees: CreditFee[];
  /** How long the agreement runs, in months. */
  durationMonths: number;
  regularPaymentCount: number;
  regularPaymentPence: number;
  /** Month of the first regular payment after the credit is advanced: 1 in arrears, 0 in advance. */
  firstPaymentMonth: number;
  /** Final (balloon or optional) payment; 0 for none. */
  finalPaymentPence: number;
  /** Its month; by default the month after the last regular payment (it may fall with the last one). */
  finalPaymentMonth?: number;
}

export interface SchedulePayment {
  month: number;
  amountPence: number;
  kind: "regular" | "final" | "fee";
}

export interface CreditFigures {
  amountOfCreditPence: number;
  /** Every repayment and fee the customer makes after the credit is advanced. */
  totalRepaidPence: number;
  totalChargeForCreditPence: number;
  /** What the customer pays: deposit, part exchange (net of settlement), every repayment and fee. */
  totalAmountPayablePence: number;
  /** The APR in tenths of a percent (99 = 9.9%), as it must be stated; null when no rate balances. */
  aprTenths: number | null;
  schedule: SchedulePayment[];
}

export type FiguresResult = { ok: true; figures: CreditFigures } | { ok: false; field: keyof CreditTerms; message: string };

/** The schedule and derived figures, or why the terms can't describe a credit agreement. */
export function computeCreditFigures(terms: CreditTerms): FiguresResult {
  const termsProblem = problemWithTerms(terms);
  if (termsProblem) return { ok: false, ...termsProblem };

  const amountOfCreditPence =
    terms.cashPricePence -
    terms.customerDepositPence -
    terms.depositContributionPence -
    (terms.partExchangeValuePence - terms.partExchangeSettlementPence);
  if (amountOfCreditPence <= 0) {
    return { ok: false, field: "customerDepositPence", message: "The deposit, contribution and part exchange leave no credit to finance." };
  }

  const schedule = scheduleOf(terms);
  const totalRepaidPence = schedule.reduce((sum, payment) => sum + payment.amountPence, 0);
  const aprFraction = solveApr(amountOfCreditPence, schedule);
  return {
    ok: true,
    figures: {
      amountOfCreditPence,
      totalRepaidPence,
      totalChargeForCreditPence: totalRepaidPence - amountOfCreditPence,
      totalAmountPayablePence:
        terms.customerDepositPence + terms.partExchangeValuePence - terms.partExchangeSettlementPence + totalRepaidPence,
      aprTenths: aprFraction === null ? null : roundToTenths(aprFraction),
      schedule,
    },
  };
}

/** Figures someone stated (a lender's quote, an offer's example), each optional. */
export interface StatedFigures {
  amountOfCreditPence?: number;
  totalChargeForCreditPence?: number;
  totalAmountPayablePence?: number;
  /** APR in basis points (990 = 9.90%): it must be a whole tenth of a percent. */
  aprBasisPoints?: number;
}

export interface FigureProblem {
  field: keyof StatedFigures | keyof CreditTerms;
  message: string;
}

export type CheckResult =
  | { ok: true; figures: CreditFigures }
  | { ok: false; figures: CreditFigures | null; problems: FigureProblem[] };

/** Refuses stated figures that disagree with the terms, each with the computed figure shown. */
export function checkCreditFigures(terms: CreditTerms, stated: StatedFigures): CheckResult {
  const computed = computeCreditFigures(terms);
  if (!computed.ok) return { ok: false, figures: null, problems: [{ field: computed.field, message: computed.message }] };
  const { figures } = computed;
  const problems: FigureProblem[] = [];

  if (stated.amountOfCreditPence !== undefined && stated.amountOfCreditPence !== figures.amountOfCreditPence) {
    problems.push({
      field: "amountOfCreditPence",
      message: `The figures give ${pounds(figures.amountOfCreditPence)} of credit (cash price less the deposit, any contribution and the part exchange net of settlement).`,
    });
  }
  const repayments = describeRepayments(terms);
  if (stated.totalChargeForCreditPence !== undefined && stated.totalChargeForCreditPence !== figures.totalChargeForCreditPence) {
    problems.push({
      field: "totalChargeForCreditPence",
      message: `The figures give a charge for credit of ${pounds(figures.totalChargeForCreditPence)}: ${repayments} = ${pounds(figures.totalRepaidPence)}, less ${pounds(figures.amountOfCreditPence)} of credit.`,
    });
  }
  if (stated.totalAmountPayablePence !== undefined && stated.totalAmountPayablePence !== figures.totalAmountPayablePence) {
    problems.push({
      field: "totalAmountPayablePence",
      message: `The figures give a total amount payable of ${pounds(figures.totalAmountPayablePence)}: the customer's deposit and part exchange plus ${repayments} (a third party's contribution is not the customer's).`,
    });
  }
  if (stated.aprBasisPoints !== undefined) {
    const statedTenths = stated.aprBasisPoints / 10;
    if (figures.totalChargeForCreditPence < 0) {
      problems.push({ field: "aprBasisPoints", message: `${repayments} = ${pounds(figures.totalRepaidPence)} repays less than the ${pounds(figures.amountOfCreditPence)} of credit: check the payments.` });
    } else if (figures.aprTenths === null) {
      problems.push({ field: "aprBasisPoints", message: "No APR makes these repayments equal the credit: check the payments." });
    } else if (statedTenths !== figures.aprTenths) {
      const statedText = Number.isInteger(statedTenths) ? `${formatAprTenths(statedTenths)}` : `${(stated.aprBasisPoints / 100).toFixed(2)}%`;
      problems.push({
        field: "aprBasisPoints",
        message: `The figures give ${formatAprTenths(figures.aprTenths)} APR, not ${statedText}: ${repayments} on ${pounds(figures.amountOfCreditPence)} of credit.`,
      });
    }
  }
  return problems.length ? { ok: false, figures, problems } : { ok: true, figures };
}

/** "9.9%" from tenths of a percent. */
export function formatAprTenths(tenths: number) {
  return `${(tenths / 10).toFixed(1)}%`;
}

function problemWithTerms(t: CreditTerms): { field: keyof CreditTerms; message: string } | null {
  const wholePence: (keyof CreditTerms)[] = [
    "cashPricePence",
    "customerDepositPence",
    "depositContributionPence",
    "partExchangeValuePence",
    "partExchangeSettlementPence",
    "regularPaymentPence",
    "finalPaymentPence",
  ];
  for (const field of wholePence) {
    const value = t[field] as number;
    if (!Number.isSafeInteger(value) || value < 0) return { field, message: "Enter an amount of £0 or more, in pounds and pence." };
  }
  if (!Number.isInteger(t.durationMonths) || t.durationMonths < 1 || t.durationMonths > 120) {
    return { field: "durationMonths", message: "The agreement lasts between 1 and 120 months." };
  }
  if (!Number.isInteger(t.regularPaymentCount) || t.regularPaymentCount < 1) {
    return { field: "regularPaymentCount", message: "Enter how many regular payments there are (at least one)." };
  }
  if (t.regularPaymentPence <= 0) return { field: "regularPaymentPence", message: "Enter the regular payment." };
  if (!Number.isInteger(t.firstPaymentMonth) || t.firstPaymentMonth < 0 || t.firstPaymentMonth > 3) {
    return { field: "firstPaymentMonth", message: "The first payment falls between signing (month 0) and month 3." };
  }
  const lastRegularMonth = t.firstPaymentMonth + t.regularPaymentCount - 1;
  if (lastRegularMonth > t.durationMonths) {
    return {
      field: "regularPaymentCount",
      message: `${t.regularPaymentCount} monthly payments from month ${t.firstPaymentMonth} run past the ${t.durationMonths}-month agreement.`,
    };
  }
  const finalMonth = t.finalPaymentMonth ?? lastRegularMonth + 1;
  if (t.finalPaymentPence > 0 && (finalMonth < lastRegularMonth || finalMonth > t.durationMonths)) {
    return { field: "finalPaymentMonth", message: `The final payment falls with or after the last regular payment (month ${lastRegularMonth}) and by month ${t.durationMonths}.` };
  }
  for (const fee of t.fees) {
    if (!Number.isSafeInteger(fee.amountPence) || fee.amountPence < 0 || !Number.isInteger(fee.month) || fee.month < 0 || fee.month > t.durationMonths) {
      return { field: "fees", message: "Each fee is £0 or more, paid between signing and the end of the agreement." };
    }
  }
  return null;
}

function scheduleOf(t: CreditTerms): SchedulePayment[] {
  const schedule: SchedulePayment[] = [];
  for (let k = 0; k < t.regularPaymentCount; k++) {
    schedule.push({ month: t.firstPaymentMonth + k, amountPence: t.regularPaymentPence, kind: "regular" });
  }
  if (t.finalPaymentPence > 0) {
    schedule.push({ month: t.finalPaymentMonth ?? t.firstPaymentMonth + t.regularPaymentCount, amountPence: t.finalPaymentPence, kind: "final" });
  }
  for (const fee of t.fees) if (fee.amountPence > 0) schedule.push({ month: fee.month, amountPence: fee.amountPence, kind: "fee" });
  return schedule.sort((a, b) => a.month - b.month);
}

/** Present value of the schedule at annual rate x, months as twelfths of a year. */
function presentValue(schedule: SchedulePayment[], x: number) {
  return schedule.reduce((sum, p) => sum + p.amountPence * Math.pow(1 + x, -p.month / 12), 0);
}

/**
 * The annual rate at which the schedule's present value equals the credit. The present value falls
 * as the rate rises, so bisection between −99% and a rate high enough always finds the one root.
 */
function solveApr(creditPence: number, schedule: SchedulePayment[]): number | null {
  let low = -0.99;
  let high = 1;
  while (presentValue(schedule, high) > creditPence) {
    high *= 2;
    if (high > 1e6) return null;
  }
  if (presentValue(schedule, low) < creditPence) return null;
  // Equivalent mutants: the bisection converges (to 1e-12, far below a tenth of a percent) well before
  // either bound, and where the present value equals the credit exactly either half holds the root.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator,UpdateOperator: equivalent, see above
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    // Stryker disable next-line EqualityOperator: equivalent, see above
    if (presentValue(schedule, mid) > creditPence) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** To one decimal place, a half rounded up; 1e-9 absorbs floating-point error. */
function roundToTenths(fraction: number) {
  const tenths = Math.floor(fraction * 1000 + 0.5 + 1e-9);
  return Object.is(tenths, -0) ? 0 : tenths;
}

function describeRepayments(t: CreditTerms) {
  const parts = [`${pounds(t.regularPaymentPence)} × ${t.regularPaymentCount}`];
  if (t.finalPaymentPence > 0) parts.push(`a final ${pounds(t.finalPaymentPence)}`);
  const fees = t.fees.reduce((sum, fee) => sum + fee.amountPence, 0);
  if (fees > 0) parts.push(`${pounds(fees)} of fees`);
  return parts.join(" + ");
}
