import { z } from "zod";
import { CONSENT_METHODS, DISCLOSURE_MEDIA, ENTRY_KINDS, PRODUCTS } from "@db/schema/finance";
import { parsePence } from "~/utils/money";
import { assembleDealFigures, checkDealFigures } from "./deal-figures";

const pounds = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .transform((value) => (value === "" ? "0" : value))
    .refine((value) => parsePence(value) !== null, { error: `Enter the ${label} in pounds, like 1250 or 1,250.00.` })
    .transform((value) => parsePence(value)!);

const percent = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, { error: `Enter the ${label} as a percentage, like 9.9.` })
    .transform((value) => Math.round(Number(value) * 100));

const isoDate = z.iso.date({ error: "Enter a date." });
const when = z.iso.datetime({ local: true, error: "Enter the date and time." });

const months = (label: string, min: number, max: number) =>
  z.coerce.number({ error: `Enter the ${label}.` }).int({ error: `Enter the ${label} as a whole number.` }).min(min, { error: `Enter the ${label} (${min} to ${max}).` }).max(max, { error: `Enter the ${label} (${min} to ${max}).` });

/** The figures as quoted; the credit-figures engine checks the stated ones against the schedule. */
export const FiguresSchema = z
  .object({
    cashPricePence: pounds("cash price"),
    depositPence: pounds("deposit"),
    depositContributionPence: pounds("deposit contribution"),
    partExchangePence: pounds("part exchange"),
    partExchangeSettlementPence: pounds("finance settled on the part exchange"),
    creditPence: pounds("amount of credit"),
    termMonths: months("duration in months", 1, 120),
    regularPaymentCount: months("number of monthly payments", 1, 120),
    firstPaymentMonth: z.enum(["0", "1"], { error: "Say when the first payment is due." }).transform(Number),
    finalPaymentMonth: z.union([z.literal("").transform(() => null), months("month of the final payment", 1, 120)]).default(null),
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
    const check = checkDealFigures(figures);
    if (!check.ok) for (const problem of check.problems) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

export const DealFieldsSchema = z
  .object({
    branchId: z.uuid({ error: "Choose a branch." }),
    channel: z.enum(["in_store", "distance"], { error: "Choose in store or at a distance." }),
    customerName: z.string({ error: "Enter the customer's name." }).trim().min(2, { error: "Enter the customer's name." }).max(120),
    customerDateOfBirth: isoDate,
    customerUkResident: z.enum(["yes", "no"], { error: "Say whether the customer lives in the UK." }).transform((v) => v === "yes"),
    customerContact: z.string({ error: "Enter a phone number or email." }).trim().min(5, { error: "Enter a phone number or email." }).max(200),
    vulnerable: z.enum(["on"]).optional().transform((v) => v === "on"),
    vulnerabilityNote: z.string().trim().max(2000).default(""),
    guarantorRequired: z.enum(["on"]).optional().transform((v) => v === "on"),
    guarantorName: z.string().trim().max(120).default(""),
    guarantorContact: z.string().trim().max(200).default(""),
    vehicleId: z.union([z.literal(""), z.uuid()]).default(""),
    vehicleDescription: z.string().trim().max(300).default(""),
    vehicleBrand: z.string().trim().max(60).default(""),
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

const versioned = { version: z.coerce.number().int().min(1) };

export const DisclosureSchema = z.object({
  intent: z.literal("disclose"),
  ...versioned,
  lenderId: z.uuid({ error: "Choose the lender whose commission you disclosed." }),
  medium: z.string({ error: "Choose how the disclosure was given." }),
  customerAskedAmount: z.enum(["on"]).optional().transform((v) => v === "on"),
  amountToldToCustomer: z.string().trim().max(300).default(""),
  givenAt: when,
});

export const ConsentSchema = z.object({
  intent: z.literal("consent"),
  ...versioned,
  kind: z.enum(["initial", "fresh"]).default("initial"),
  method: z.enum(CONSENT_METHODS, { error: "Choose how the customer consented." }),
  givenAt: when,
});

export const ProposeSchema = z.object({
  intent: z.literal("propose"),
  ...versioned,
  lenderId: z.uuid({ error: "Choose a lender." }),
  orderReason: z.string().trim().max(500).default(""),
});

export const DecideSchema = z.object({
  intent: z.literal("decide"),
  ...versioned,
  attemptId: z.uuid(),
  outcome: z.enum(["accepted", "countered", "declined", "referred", "withdrawn"], { error: "Choose the lender's answer." }),
});

/** An acceptance or counter-offer carries the lender's approved figures and commission. */
export const DecideWithTermsSchema = DecideSchema.extend({ commissionPence: pounds("lender's commission") }).and(FiguresSchema);
export const acceptsWithTerms = (outcome: unknown) => outcome === "accepted" || outcome === "countered";

export const WithdrawAcceptanceSchema = z.object({
  intent: z.literal("withdraw-acceptance"),
  ...versioned,
  reason: z.string({ error: "Say why the acceptance fell away." }).trim().min(3, { error: "Say why the acceptance fell away." }).max(500),
  withdrawnAt: when,
});

export const ReviewSchema = z.object({
  intent: z.literal("review"),
  ...versioned,
  decision: z.enum(["approved", "rejected"], { error: "Choose approve or reject." }),
  note: z.string({ error: "Write what you checked." }).trim().min(10, { error: "Write what you checked (at least a sentence)." }).max(2000),
});

export const ConfirmSchema = z.object({
  intent: z.literal("confirm"),
  ...versioned,
  amountPence: pounds("exact commission"),
  medium: z.enum(DISCLOSURE_MEDIA, { error: "Choose how it was confirmed." }),
  confirmedAt: when,
});

export const SignSchema = z.object({
  intent: z.literal("sign"),
  ...versioned,
  agreementNumber: z.string({ error: "Enter the agreement number." }).trim().min(3, { error: "Enter the agreement number." }).max(60),
  signedAt: when,
});

export const EntrySchema = z.object({
  intent: z.literal("entry"),
  kind: z.enum(ENTRY_KINDS, { error: "Choose the kind of entry." }),
  effectiveOn: isoDate,
  amountPence: z.union([z.literal("").transform(() => null), pounds("amount")]).default(null),
  reason: z.string({ error: "Give the reason." }).trim().min(3, { error: "Give the reason." }).max(2000),
});

export const NotProceedingSchema = z.object({
  intent: z.literal("not-proceeding"),
  ...versioned,
  reason: z.string({ error: "Say why the deal isn't going ahead." }).trim().min(3).max(500),
});
