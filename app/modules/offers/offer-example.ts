import { checkCreditFigures, formatAprTenths, type CreditFigures, type CreditTerms } from "~/modules/finance/credit-figures";
import { formatPounds, parsePence, penceToInput } from "~/utils/money";

// A finance offer's representative example: its schedule and stated figures, and their check by the
// credit-figures engine. Pure and browser-safe: the form shows live what the server will decide.

export interface ExampleFee {
  /** The nature of the charge, as the customer reads it ("Option to purchase fee"). */
  name: string;
  amountPence: number;
  /** Months after signing when it is paid: 0 on signing. */
  month: number;
}

/** What an offer states, in pence and basis points; months count from signing. */
export interface RepresentativeExample {
  aprBasisPoints: number;
  ratePercentBasisPoints: number;
  rateFixed: boolean;
  cashPricePence: number;
  depositPence: number;
  /** A third party's (the manufacturer's or the dealer's) contribution: never the customer's money. */
  depositContributionPence: number;
  creditPence: number;
  /** The duration of the agreement. */
  termMonths: number;
  /** How many regular monthly payments (a PCP's are one fewer than its months, or as many with a final payment after). */
  paymentCount: number;
  monthlyPaymentPence: number;
  /** 1: a month after signing; 0: on signing. */
  firstPaymentMonth: number;
  finalPaymentPence: number;
  /** Null when there is no final payment. */
  finalPaymentMonth: number | null;
  fees: ExampleFee[];
  totalPayablePence: number;
}

export const ACCEPTANCE_FEE = "Acceptance fee";
export const PURCHASE_FEE = "Option to purchase fee";

type NumberKey = Exclude<keyof RepresentativeExample, "rateFixed" | "fees" | "finalPaymentMonth">;

export interface ExampleInput {
  name:
    | "apr" | "rate" | "cashPrice" | "deposit" | "depositContribution" | "credit" | "termMonths" | "paymentCount" | "monthlyPayment"
    | "firstPaymentMonth" | "finalPayment" | "finalPaymentMonth" | "acceptanceFee" | "acceptanceFeeMonth" | "purchaseFee" | "purchaseFeeMonth" | "totalPayable";
  label: string;
  kind: "money" | "percent" | "months" | "month";
  /** Left empty: 0, or for a month, worked out from the schedule. */
  optional?: boolean;
  /** What an empty field means, shown in it. */
  placeholder?: string;
}

// The form's order; labels are what staff read and what the refusals name.
export const EXAMPLE_INPUTS: readonly ExampleInput[] = [
  { name: "apr", label: "Representative APR (%)", kind: "percent" },
  { name: "rate", label: "Rate of interest (% a year)", kind: "percent" },
  { name: "cashPrice", label: "Cash price (£)", kind: "money" },
  { name: "deposit", label: "Customer deposit (£)", kind: "money" },
  { name: "depositContribution", label: "Deposit contribution (£)", kind: "money", optional: true },
  { name: "credit", label: "Amount of credit (£)", kind: "money" },
  { name: "termMonths", label: "Duration of the agreement (months)", kind: "months" },
  { name: "paymentCount", label: "Number of monthly payments", kind: "months" },
  { name: "monthlyPayment", label: "Each monthly payment (£)", kind: "money" },
  { name: "firstPaymentMonth", label: "First payment, months after signing", kind: "month", optional: true, placeholder: "1" },
  { name: "finalPayment", label: "Optional final payment (£)", kind: "money", optional: true },
  { name: "finalPaymentMonth", label: "Final payment in month", kind: "month", optional: true, placeholder: "after the last monthly one" },
  { name: "acceptanceFee", label: "Acceptance fee (£)", kind: "money", optional: true },
  { name: "acceptanceFeeMonth", label: "Acceptance fee paid in month", kind: "month", optional: true, placeholder: "with the first payment" },
  { name: "purchaseFee", label: "Option to purchase fee (£)", kind: "money", optional: true },
  { name: "purchaseFeeMonth", label: "Option to purchase fee paid in month", kind: "month", optional: true, placeholder: "with the last payment" },
  { name: "totalPayable", label: "Total amount payable (£)", kind: "money" },
];

export type ExampleInputName = ExampleInput["name"];

const PARSERS: Record<ExampleInput["kind"], (input: string) => number | null> = {
  money: (input) => {
    const pence = parsePence(input);
    // Stryker disable next-line ConditionalExpression: equivalent, null <= 100_000_000 is true and null is returned either way
    return pence !== null && pence <= 100_000_000 ? pence : null;
  },
  // The parsers' own trim()s are equivalent mutants: exampleFromInputs passes them trimmed text.
  percent: (input) => {
    // Stryker disable next-line MethodExpression: equivalent, see above
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/.exec(input.trim());
    if (!match) return null;
    const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    return basisPoints <= 10_000 ? basisPoints : null;
  },
  // Stryker disable next-line MethodExpression: equivalent, see above
  months: (input) => (/^\d{1,3}$/.test(input.trim()) && Number(input) >= 1 && Number(input) <= 120 ? Number(input) : null),
  // Stryker disable next-line MethodExpression: equivalent, see above
  month: (input) => (/^\d{1,3}$/.test(input.trim()) && Number(input) <= 120 ? Number(input) : null),
};

const PROMPTS: Record<ExampleInput["kind"], string> = {
  money: "in pounds, like 9,499 or 9499.00",
  percent: "as a percentage, like 9.9",
  months: "in whole months, from 1 to 120",
  month: "as a month after signing, from 0 to 120",
};

export interface ExampleProblem {
  field: ExampleInputName;
  message: string;
}

/** The example from the form's text, or every figure that is missing or unreadable. */
export function exampleFromInputs(
  raw: Partial<Record<ExampleInputName, string | undefined>>,
  rateFixed: boolean,
): { ok: true; example: RepresentativeExample } | { ok: false; problems: ExampleProblem[] } {
  const values: Partial<Record<ExampleInputName, number>> = {};
  const problems: ExampleProblem[] = [];
  for (const input of EXAMPLE_INPUTS) {
    const typed = raw[input.name]?.trim();
    if (!typed) {
      if (!input.optional) problems.push({ field: input.name, message: `Enter the ${input.label.toLowerCase()} ${PROMPTS[input.kind]}.` });
      continue;
    }
    const parsed = PARSERS[input.kind](typed);
    if (parsed === null) problems.push({ field: input.name, message: `Enter the ${input.label.toLowerCase()} ${PROMPTS[input.kind]}.` });
    else values[input.name] = parsed;
  }
  if (problems.length) return { ok: false, problems };
  const v = values as Record<ExampleInputName, number> & Partial<Record<ExampleInputName, number>>;
  const firstPaymentMonth = v.firstPaymentMonth ?? 1;
  const lastRegularMonth = firstPaymentMonth + v.paymentCount - 1;
  const finalPaymentPence = v.finalPayment ?? 0;
  const finalPaymentMonth = finalPaymentPence > 0 ? (v.finalPaymentMonth ?? lastRegularMonth + 1) : null;
  const fees: ExampleFee[] = [];
  // Unless staff say otherwise: an acceptance fee comes with the first payment, an option to purchase fee with the last.
  if (v.acceptanceFee) fees.push({ name: ACCEPTANCE_FEE, amountPence: v.acceptanceFee, month: v.acceptanceFeeMonth ?? firstPaymentMonth });
  if (v.purchaseFee) fees.push({ name: PURCHASE_FEE, amountPence: v.purchaseFee, month: v.purchaseFeeMonth ?? finalPaymentMonth ?? lastRegularMonth });
  return {
    ok: true,
    example: {
      aprBasisPoints: v.apr,
      ratePercentBasisPoints: v.rate,
      rateFixed,
      cashPricePence: v.cashPrice,
      depositPence: v.deposit,
      depositContributionPence: v.depositContribution ?? 0,
      creditPence: v.credit,
      termMonths: v.termMonths,
      paymentCount: v.paymentCount,
      monthlyPaymentPence: v.monthlyPayment,
      firstPaymentMonth,
      finalPaymentPence,
      finalPaymentMonth,
      fees,
      totalPayablePence: v.totalPayable,
    },
  };
}

/** A stored example as the form's text. */
export function exampleInputs(example: RepresentativeExample): Partial<Record<ExampleInputName, string>> {
  const percent = (basisPoints: number) => (basisPoints / 100).toFixed(2);
  const acceptance = example.fees.find((fee) => fee.name === ACCEPTANCE_FEE);
  // A fee of another name (one migrated from a single "fees" figure) is offered in the other slot.
  const other = example.fees.find((fee) => fee !== acceptance);
  return {
    apr: percent(example.aprBasisPoints),
    rate: percent(example.ratePercentBasisPoints),
    cashPrice: penceToInput(example.cashPricePence),
    deposit: penceToInput(example.depositPence),
    depositContribution: example.depositContributionPence ? penceToInput(example.depositContributionPence) : "",
    credit: penceToInput(example.creditPence),
    termMonths: String(example.termMonths),
    paymentCount: String(example.paymentCount),
    monthlyPayment: penceToInput(example.monthlyPaymentPence),
    firstPaymentMonth: String(example.firstPaymentMonth),
    finalPayment: example.finalPaymentPence ? penceToInput(example.finalPaymentPence) : "",
    finalPaymentMonth: example.finalPaymentMonth === null ? "" : String(example.finalPaymentMonth),
    acceptanceFee: acceptance ? penceToInput(acceptance.amountPence) : "",
    acceptanceFeeMonth: acceptance ? String(acceptance.month) : "",
    purchaseFee: other ? penceToInput(other.amountPence) : "",
    purchaseFeeMonth: other ? String(other.month) : "",
  };
}

/** The example as the engine's terms: a credit agreement with no part exchange. */
export function exampleTerms(e: RepresentativeExample): CreditTerms {
  return {
    cashPricePence: e.cashPricePence,
    customerDepositPence: e.depositPence,
    depositContributionPence: e.depositContributionPence,
    partExchangeValuePence: 0,
    partExchangeSettlementPence: 0,
    fees: e.fees.map((fee) => ({ amountPence: fee.amountPence, month: fee.month })),
    durationMonths: e.termMonths,
    regularPaymentCount: e.paymentCount,
    regularPaymentPence: e.monthlyPaymentPence,
    firstPaymentMonth: e.firstPaymentMonth,
    finalPaymentPence: e.finalPaymentPence,
    finalPaymentMonth: e.finalPaymentMonth ?? undefined,
  };
}

// Where each of the engine's fields sits on the offer form.
const ENGINE_FIELD: Record<string, ExampleInputName> = {
  aprBasisPoints: "apr",
  amountOfCreditPence: "credit",
  totalAmountPayablePence: "totalPayable",
  totalChargeForCreditPence: "totalPayable",
  cashPricePence: "cashPrice",
  customerDepositPence: "deposit",
  depositContributionPence: "depositContribution",
  durationMonths: "termMonths",
  regularPaymentCount: "paymentCount",
  regularPaymentPence: "monthlyPayment",
  firstPaymentMonth: "firstPaymentMonth",
  finalPaymentPence: "finalPayment",
  finalPaymentMonth: "finalPaymentMonth",
  fees: "acceptanceFee",
};

/**
 * The engine's check of the stated credit, total payable and APR against the schedule, and of the
 * rate of interest against the payments: 0% means the payments repay only the credit (fees aside).
 */
export function checkExample(e: RepresentativeExample): { figures: CreditFigures | null; problems: ExampleProblem[] } {
  const result = checkCreditFigures(exampleTerms(e), {
    amountOfCreditPence: e.creditPence,
    totalAmountPayablePence: e.totalPayablePence,
    aprBasisPoints: e.aprBasisPoints,
  });
  const problems: ExampleProblem[] = result.ok ? [] : result.problems.map((p) => ({ field: ENGINE_FIELD[p.field] ?? "apr", message: p.message }));
  const figures = result.figures;
  if (figures && figures.aprTenths !== null) {
    const interestPence = figures.schedule.filter((p) => p.kind !== "fee").reduce((sum, p) => sum + p.amountPence, 0) - figures.amountOfCreditPence;
    if (e.ratePercentBasisPoints === 0 && interestPence > 0) {
      problems.push({
        field: "rate",
        message: `A 0% rate of interest means the payments repay only the credit, but these repay ${formatPounds(interestPence)} more than the ${formatPounds(figures.amountOfCreditPence)} of credit (${formatAprTenths(figures.aprTenths)} APR).`,
      });
    } else if (e.ratePercentBasisPoints > 0 && interestPence <= 0) {
      problems.push({ field: "rate", message: "The payments repay only the credit: the rate of interest is 0%." });
    }
  }
  return { figures, problems };
}

const isWhole = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * A stored jsonb value as a complete representative example, or null when any part is missing or
 * malformed (rows written before the schedule was recorded, or by hand).
 */
export function readExample(value: unknown): RepresentativeExample | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const e = value as Record<string, unknown>;
  const wholes: NumberKey[] = [
    "aprBasisPoints", "ratePercentBasisPoints", "cashPricePence", "depositPence", "depositContributionPence", "creditPence",
    "termMonths", "paymentCount", "monthlyPaymentPence", "firstPaymentMonth", "finalPaymentPence", "totalPayablePence",
  ];
  if (!wholes.every((key) => isWhole(e[key]))) return null;
  if (typeof e.rateFixed !== "boolean") return null;
  if (e.finalPaymentMonth !== null && !isWhole(e.finalPaymentMonth)) return null;
  if (!Array.isArray(e.fees)) return null;
  const feesOk = e.fees.every(
    (fee: unknown) =>
      fee !== null && typeof fee === "object" && typeof (fee as ExampleFee).name === "string" && (fee as ExampleFee).name.trim() !== "" && isWhole((fee as ExampleFee).amountPence) && isWhole((fee as ExampleFee).month),
  );
  if (!feesOk) return null;
  const fees = (e.fees as ExampleFee[]).map((fee) => ({ name: fee.name, amountPence: fee.amountPence, month: fee.month }));
  const n = e as Record<NumberKey, number>;
  return {
    aprBasisPoints: n.aprBasisPoints,
    ratePercentBasisPoints: n.ratePercentBasisPoints,
    rateFixed: e.rateFixed,
    cashPricePence: n.cashPricePence,
    depositPence: n.depositPence,
    depositContributionPence: n.depositContributionPence,
    creditPence: n.creditPence,
    termMonths: n.termMonths,
    paymentCount: n.paymentCount,
    monthlyPaymentPence: n.monthlyPaymentPence,
    firstPaymentMonth: n.firstPaymentMonth,
    finalPaymentPence: n.finalPaymentPence,
    finalPaymentMonth: e.finalPaymentMonth as number | null,
    fees,
    totalPayablePence: n.totalPayablePence,
  };
}
