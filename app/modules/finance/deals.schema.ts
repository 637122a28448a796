import { z } from "zod";
import { customerChoice } from "~/modules/customers/customers.schema";
import { CONSENT_METHODS, DISCLOSURE_MEDIA, ENTRY_KINDS, PRODUCTS } from "@db/schema/finance";
import { BUSINESS_START, checkbox, day, optionalPounds, optionalText, pastMoment, text, today, uuid, version, yearsAhead } from "~/utils/fields";
import { assembleDealFigures, checkDealFigures } from "./deal-figures";

// Every amount is from £0 to £1,000,000 (utils/fields): no figure, and no commission worked out from
// one, can overflow a stored integer. Empty means £0.
const pounds = (label: string, options: { min?: number } = {}) => optionalPounds(label, { empty: 0, example: "1250 or 1,250.00", ...options });

const percent = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, { error: `Enter the ${label} as a percentage, like 9.9.` })
    .transform((value) => Math.round(Number(value) * 100));

const months = (label: string, min: number, max: number) =>
  z.coerce.number({ error: `Enter the ${label}.` }).int({ error: `Enter the ${label} as a whole number.` }).min(min, { error: `Enter the ${label} (${min} to ${max}).` }).max(max, { error: `Enter the ${label} (${min} to ${max}).` });

/** The figures as quoted; the credit-figures engine checks the stated ones against the schedule. */
export const FiguresSchema = z
  .object({
    cashPricePence: pounds("cash price", { min: 1 }),
    depositPence: pounds("deposit"),
    depositContributionPence: pounds("deposit contribution"),
    partExchangePence: pounds("part exchange"),
    partExchangeSettlementPence: pounds("finance settled on the part exchange"),
    creditPence: pounds("amount of credit"),
    termMonths: months("duration in months", 1, 120),
    regularPaymentCount: months("number of monthly payments", 1, 120),
    firstPaymentMonth: z.enum(["0", "1"], { error: "Say when the first payment is due." }).transform(Number),
    finalPaymentMonth: z
      .union([z.literal("").transform(() => null), months("month of the final payment", 1, 120)], { error: "Enter the month of the final payment (1 to 120), or leave it empty." })
      .default(null),
    ratePercentBasisPoints: percent("rate of interest"),
    rateFixed: z.enum(["yes", "no"], { error: "Say whether the rate is fixed." }).transform((value) => value === "yes"),
    aprBasisPoints: percent("APR"),
    feeAtSigningPence: pounds("fee paid on signing"),
    feeWithLastPaymentPence: pounds("fee paid with the last payment"),
    monthlyPaymentPence: pounds("monthly payment"),
    finalPaymentPence: pounds("final payment"),
    chargeForCreditPence: pounds("total charge for credit"),
    totalPayablePence: pounds("total amount payable"),
  })
  .transform(assembleDealFigures)
  .superRefine((figures, ctx) => {
    if (figures.depositPence > figures.cashPricePence) {
      ctx.addIssue({ code: "custom", path: ["depositPence"], message: "The deposit can't be more than the cash price." });
      return; // the engine would only add that no credit is left
    }
    const check = checkDealFigures(figures);
    if (!check.ok) for (const problem of check.problems) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

export const DealFieldsSchema = z
  .object({
    branchId: uuid("Choose a branch."),
    ...customerChoice,
    channel: z.enum(["in_store", "distance"], { error: "Choose in store or at a distance." }),
    customerName: text("customer's name", { min: 2, max: 120 }),
    customerDateOfBirth: day("customer's date of birth", { from: "1900-01-01", to: today, tooLate: "The date of birth can't be in the future." }),
    customerUkResident: z.enum(["yes", "no"], { error: "Say whether the customer lives in the UK." }).transform((v) => v === "yes"),
    customerContact: text("customer's phone or email", { min: 5, max: 200, required: "Enter a phone number or email." }),
    vulnerable: checkbox("customer may be vulnerable"),
    vulnerabilityNote: optionalText("note of the customer's circumstances", { max: 2000, multiline: true }),
    guarantorRequired: checkbox("guarantor required"),
    guarantorName: optionalText("guarantor's name", { max: 120 }),
    guarantorContact: optionalText("guarantor's phone or email", { max: 200 }),
    vehicleId: z.union([z.literal(""), uuid("Choose a bike from stock, or describe it.")], { error: "Choose a bike from stock, or describe it." }).default(""),
    vehicleDescription: optionalText("bike's description", { max: 300 }),
    vehicleBrand: optionalText("bike's make", { max: 60 }),
    product: z.enum(PRODUCTS, { error: "Choose the finance product." }),
  })
  .and(FiguresSchema)
  .superRefine((d, ctx) => {
    if (d.vulnerable && !d.vulnerabilityNote) ctx.addIssue({ code: "custom", path: ["vulnerabilityNote"], message: "Note what the customer's circumstances need from us." });
    if (!d.vehicleId && (!d.vehicleDescription || !d.vehicleBrand)) {
      ctx.addIssue({ code: "custom", path: ["vehicleDescription"], message: "Choose a bike from stock, or describe it and give its make." });
    }
    if (d.product !== "pcp" && d.finalPaymentPence > 0) ctx.addIssue({ code: "custom", path: ["finalPaymentPence"], message: "Only a PCP has a final (balloon) payment." });
  });
export type DealFields = z.output<typeof DealFieldsSchema>;

/** The edit form: the deal's fields and the version they were loaded at. */
export const DealUpdateSchema = z.object({ version: version() }).and(DealFieldsSchema);

const versioned = { version: version() };
// A step's "When" left empty means now, to the second, when the form is sent (conform reads "" as absent).

export const DisclosureSchema = z.object({
  intent: z.literal("disclose"),
  ...versioned,
  lenderId: uuid("Choose the lender whose commission you disclosed."),
  medium: text("medium", { max: 40, required: "Choose how the disclosure was given." }),
  customerAskedAmount: checkbox("customer asked for the amount"),
  amountToldToCustomer: optionalText("amount told to the customer", { max: 300 }),
  givenAt: pastMoment("time the disclosure was given").optional(),
});

export const ConsentSchema = z.object({
  intent: z.literal("consent"),
  ...versioned,
  kind: z.enum(["initial", "fresh"], { error: "Choose whether this is the first consent or a fresh one." }).default("initial"),
  method: z.enum(CONSENT_METHODS, { error: "Choose how the customer consented." }),
  givenAt: pastMoment("time consent was given").optional(),
});

export const ProposeSchema = z.object({
  intent: z.literal("propose"),
  ...versioned,
  lenderId: uuid("Choose a lender."),
  orderReason: optionalText("reason for the order of lenders", { max: 500, multiline: true }),
});

export const DecideSchema = z.object({
  intent: z.literal("decide"),
  ...versioned,
  attemptId: uuid("Choose the proposal that was answered."),
  outcome: z.enum(["accepted", "countered", "declined", "referred", "withdrawn"], { error: "Choose the lender's answer." }),
});

/** An acceptance or counter-offer carries the lender's approved figures and commission. */
export const DecideWithTermsSchema = DecideSchema.extend({ commissionPence: pounds("lender's commission") }).and(FiguresSchema);
export const acceptsWithTerms = (outcome: unknown) => outcome === "accepted" || outcome === "countered";

export const WithdrawAcceptanceSchema = z.object({
  intent: z.literal("withdraw-acceptance"),
  ...versioned,
  reason: text("reason", { min: 3, max: 500, required: "Say why the acceptance fell away (the reason)." }),
  withdrawnAt: pastMoment("time the acceptance fell away").optional(),
});

export const ReviewSchema = z.object({
  intent: z.literal("review"),
  ...versioned,
  decision: z.enum(["approved", "rejected"], { error: "Choose approve or reject." }),
  note: text("note of what you checked", { min: 10, max: 2000, multiline: true, required: "Write what you checked (at least a sentence)." }),
  reviewedAt: pastMoment("time of the review").optional(),
});

export const ConfirmSchema = z.object({
  intent: z.literal("confirm"),
  ...versioned,
  amountPence: pounds("exact commission"),
  medium: z.enum(DISCLOSURE_MEDIA, { error: "Choose how it was confirmed." }),
  confirmedAt: pastMoment("time the commission was confirmed").optional(),
});

export const SignSchema = z.object({
  intent: z.literal("sign"),
  ...versioned,
  agreementNumber: text("agreement number", { min: 3, max: 60 }),
  signedAt: pastMoment("time of signing").optional(),
});

export const EntrySchema = z.object({
  intent: z.literal("entry"),
  kind: z.enum(ENTRY_KINDS, { error: "Choose the kind of entry." }),
  // Entries are dated from the business's start to a year ahead (a settlement agreed for next month).
  effectiveOn: day("date the entry takes effect", { from: BUSINESS_START, to: yearsAhead(1) }),
  amountPence: optionalPounds("amount", { example: "1250 or 1,250.00" }),
  reason: text("reason", { min: 3, max: 2000, multiline: true, required: "Give the reason." }),
});

export const NotProceedingSchema = z.object({
  intent: z.literal("not-proceeding"),
  ...versioned,
  reason: text("reason", { min: 3, max: 500, multiline: true, required: "Give the reason the deal isn't going ahead." }),
});
