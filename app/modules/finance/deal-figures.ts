/**
 * A deal's figures (FinanceFigures, as stored on deals, lender quotes and approved terms) read by the
 * one credit-figures engine. Pure and browser-safe: the deal form shows live what the server checks.
 */
import { formatPounds as pounds } from "~/utils/money";
import type { FinanceFigures } from "./commission";
import { checkCreditFigures, computeCreditFigures, type CreditFigures, type CreditTerms } from "./credit-figures";

/** Deal field names, as the form and the stored figures spell them. */
export type DealFigureField = keyof FinanceFigures | "feeAtSigningPence" | "feeWithLastPaymentPence";

const FIELD_OF: Record<string, DealFigureField> = {
  cashPricePence: "cashPricePence",
  customerDepositPence: "depositPence",
  depositContributionPence: "depositContributionPence",
  partExchangeValuePence: "partExchangePence",
  partExchangeSettlementPence: "partExchangeSettlementPence",
  fees: "feeAtSigningPence",
  durationMonths: "termMonths",
  regularPaymentCount: "regularPaymentCount",
  regularPaymentPence: "monthlyPaymentPence",
  firstPaymentMonth: "firstPaymentMonth",
  finalPaymentPence: "finalPaymentPence",
  finalPaymentMonth: "finalPaymentMonth",
  amountOfCreditPence: "creditPence",
  totalChargeForCreditPence: "chargeForCreditPence",
  totalAmountPayablePence: "totalPayablePence",
  aprBasisPoints: "aprBasisPoints",
};

// Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite is already false for anything not a number
const num = (value: unknown, fallback = 0) => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

/**
 * Stored figures, including those written before the schedule was recorded (migration 0014 fills
 * unsigned deals; signed deals and lender quotes are frozen): then the term was also the number of
 * payments, paid monthly in arrears, any final payment with the last one, any fees on signing.
 */
export function storedFigures(stored: unknown): FinanceFigures {
  const f = (stored ?? {}) as Partial<FinanceFigures>;
  const termMonths = num(f.termMonths);
  const finalPaymentPence = num(f.finalPaymentPence);
  const feesPence = num(f.feesPence);
  const fees = Array.isArray(f.fees) ? f.fees.map((fee) => ({ amountPence: num(fee.amountPence), month: num(fee.month) })) : feesPence > 0 ? [{ amountPence: feesPence, month: 0 }] : [];
  return {
    cashPricePence: num(f.cashPricePence),
    depositPence: num(f.depositPence),
    depositContributionPence: num(f.depositContributionPence),
    partExchangePence: num(f.partExchangePence),
    partExchangeSettlementPence: num(f.partExchangeSettlementPence),
    creditPence: num(f.creditPence),
    termMonths,
    regularPaymentCount: num(f.regularPaymentCount, termMonths),
    firstPaymentMonth: num(f.firstPaymentMonth, 1),
    finalPaymentMonth: num(f.finalPaymentMonth, finalPaymentPence > 0 ? termMonths : 0),
    ratePercentBasisPoints: num(f.ratePercentBasisPoints),
    rateFixed: f.rateFixed === true,
    aprBasisPoints: num(f.aprBasisPoints),
    fees,
    feesPence: fees.reduce((sum, fee) => sum + fee.amountPence, 0),
    monthlyPaymentPence: num(f.monthlyPaymentPence),
    finalPaymentPence,
    chargeForCreditPence: num(f.chargeForCreditPence),
    totalPayablePence: num(f.totalPayablePence),
  };
}

/** The engine's inputs from a deal's figures (the stated results are checked, never used). */
export function dealCreditTerms(f: FinanceFigures): CreditTerms {
  return {
    cashPricePence: f.cashPricePence,
    customerDepositPence: f.depositPence,
    depositContributionPence: f.depositContributionPence,
    partExchangeValuePence: f.partExchangePence,
    partExchangeSettlementPence: f.partExchangeSettlementPence,
    fees: f.fees,
    durationMonths: f.termMonths,
    regularPaymentCount: f.regularPaymentCount,
    regularPaymentPence: f.monthlyPaymentPence,
    firstPaymentMonth: f.firstPaymentMonth,
    finalPaymentPence: f.finalPaymentPence,
    finalPaymentMonth: f.finalPaymentPence > 0 && f.finalPaymentMonth > 0 ? f.finalPaymentMonth : undefined,
  };
}

export interface DealFigureProblem {
  field: DealFigureField;
  message: string;
}

export type DealFiguresCheck = { ok: true; figures: CreditFigures } | { ok: false; figures: CreditFigures | null; problems: DealFigureProblem[] };

/** The deal's stated credit, charge, total payable and APR against what its terms give. */
export function checkDealFigures(f: FinanceFigures): DealFiguresCheck {
  const result = checkCreditFigures(dealCreditTerms(f), {
    amountOfCreditPence: f.creditPence,
    totalChargeForCreditPence: f.chargeForCreditPence,
    totalAmountPayablePence: f.totalPayablePence,
    aprBasisPoints: f.aprBasisPoints,
  });
  if (result.ok) return result;
  return { ok: false, figures: result.figures, problems: result.problems.map((p) => ({ field: FIELD_OF[p.field] ?? "creditPence", message: p.message })) };
}

/** The computed figures alone (for the live panel), or why the terms can't be computed. */
export function computeDealFigures(f: FinanceFigures) {
  const result = computeCreditFigures(dealCreditTerms(f));
  return result.ok ? result : { ok: false as const, field: FIELD_OF[result.field] ?? "creditPence", message: result.message };
}

/** Whether two sets of figures are the same terms (a lender's answer against the proposal). */
export function sameTerms(a: FinanceFigures, b: FinanceFigures) {
  const keys: (keyof FinanceFigures)[] = [
    "cashPricePence",
    "depositPence",
    "depositContributionPence",
    "partExchangePence",
    "partExchangeSettlementPence",
    "creditPence",
    "termMonths",
    "regularPaymentCount",
    "firstPaymentMonth",
    "finalPaymentMonth",
    "ratePercentBasisPoints",
    "rateFixed",
    "aprBasisPoints",
    "feesPence",
    "monthlyPaymentPence",
    "finalPaymentPence",
    "chargeForCreditPence",
    "totalPayablePence",
  ];
  return keys.every((key) => a[key] === b[key]) && JSON.stringify(a.fees) === JSON.stringify(b.fees);
}

/** "47 × £150.00 from month 1, then £5,000.00 in month 48" */
export function describeSchedule(f: FinanceFigures) {
  const regular = `${f.regularPaymentCount} × ${pounds(f.monthlyPaymentPence)} from month ${f.firstPaymentMonth}`;
  return f.finalPaymentPence > 0 ? `${regular}, then ${pounds(f.finalPaymentPence)} in month ${f.finalPaymentMonth || f.firstPaymentMonth + f.regularPaymentCount}` : regular;
}

/** The form's figures (amounts in pence, rates in basis points) as the figures stored and checked. */
export interface DealFigureInputs {
  cashPricePence: number;
  depositPence: number;
  depositContributionPence: number;
  partExchangePence: number;
  partExchangeSettlementPence: number;
  creditPence: number;
  termMonths: number;
  regularPaymentCount: number;
  firstPaymentMonth: number;
  /** Blank on the form: the month after the last regular payment. */
  finalPaymentMonth: number | null;
  ratePercentBasisPoints: number;
  rateFixed: boolean;
  aprBasisPoints: number;
  feeAtSigningPence: number;
  feeWithLastPaymentPence: number;
  monthlyPaymentPence: number;
  finalPaymentPence: number;
  chargeForCreditPence: number;
  totalPayablePence: number;
}

export function assembleDealFigures(input: DealFigureInputs): FinanceFigures {
  const { feeAtSigningPence, feeWithLastPaymentPence, ...rest } = input;
  const finalPaymentMonth = input.finalPaymentPence > 0 ? (input.finalPaymentMonth ?? input.firstPaymentMonth + input.regularPaymentCount) : 0;
  const lastMonth = finalPaymentMonth || input.firstPaymentMonth + input.regularPaymentCount - 1;
  const fees = [
    { amountPence: feeAtSigningPence, month: 0 },
    { amountPence: feeWithLastPaymentPence, month: lastMonth },
  ].filter((fee) => fee.amountPence > 0);
  return { ...rest, finalPaymentMonth, fees, feesPence: feeAtSigningPence + feeWithLastPaymentPence };
}

/** Stored figures back into the form's inputs (a fee is "on signing" unless paid with the last payment). */
export function dealFigureInputs(f: FinanceFigures): DealFigureInputs {
  const lastMonth = f.finalPaymentMonth || f.firstPaymentMonth + f.regularPaymentCount - 1;
  const withLast = f.fees.filter((fee) => fee.month === lastMonth && fee.month > 0).reduce((sum, fee) => sum + fee.amountPence, 0);
  const { fees: _fees, feesPence, ...rest } = f;
  return { ...rest, finalPaymentMonth: f.finalPaymentPence > 0 ? f.finalPaymentMonth : null, feeAtSigningPence: feesPence - withLast, feeWithLastPaymentPence: withLast };
}
