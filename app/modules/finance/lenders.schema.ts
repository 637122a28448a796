import { z } from "zod";
import type { OtherPaymentKind } from "./finance-labels";
import { OTHER_PAYMENT_KIND_LABELS, TIE_KIND_LABELS } from "./finance-labels";
import { BRANDS } from "~/modules/branches/brands";
import { checkbox, day, MAX_INT, optionalPounds as pounds, optionalText, text, uuid, version, yearsAhead } from "~/utils/fields";
import type { TieKind } from "@db/schema/finance";
import { pageFields, sortDirection } from "~/utils/list-query";

// From the browser-safe label maps, so a page bundle never pulls in Drizzle.
const TIE_KIND_OPTIONS = Object.keys(TIE_KIND_LABELS) as [TieKind, ...TieKind[]];
const OTHER_PAYMENT_OPTIONS = Object.keys(OTHER_PAYMENT_KIND_LABELS) as [OtherPaymentKind, ...OtherPaymentKind[]];

const versioned = { version: version() };
// Agreements, schedules and payments are dated within the business's years, at most ten years ahead.
const isoDate = (what: string) => day(what, { to: yearsAhead(10) });
const optionalDate = (what: string) => day(what, { to: yearsAhead(10), required: `Enter the ${what}, or leave it empty.` }).optional();

/** Money typed in pounds → pence; empty → null. */
const optionalPounds = (label: string) => pounds(label, { example: "250 or 1,250.00" });

/** "1.5", "1.50" or "1.5%" → basis points (150); empty → null. The domain checks the range. */
const optionalPercent = z
  .string({ error: "Enter one percentage, like 1.5." })
  .trim()
  .optional()
  .transform((input, ctx) => {
    if (!input) return null;
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/.exec(input);
    if (!match) {
      ctx.addIssue({ code: "custom", message: "Enter a percentage like 1.5 or 1.50 (at most two decimal places)." });
      return z.NEVER;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  });

function endsAfterStart(from: "startsOn" | "effectiveFrom", to: "endsOn" | "effectiveTo") {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = value[from] as string | undefined;
    const end = value[to] as string | undefined;
    if (start && end && end < start) ctx.addIssue({ code: "custom", path: [to], message: "The end date can't be before the start date." });
  };
}

// --- Lenders -------------------------------------------------------------------------------------

const lenderFields = {
  name: text("lender's name", { min: 2, max: 120 }),
  /** The FCA register's firm reference number: 6 digits (older firms) or 7. Spaces are ignored. */
  fcaFrn: z
    .string({ error: "Enter the lender's FCA firm reference number." })
    .transform((input) => input.replace(/\s+/g, ""))
    .pipe(z.string({ error: "Enter the lender's FCA firm reference number." }).regex(/^\d{6,7}$/, { error: "An FCA firm reference number is 6 or 7 digits, like 311908." })),
  captiveBrands: z.array(z.enum(BRANDS, { error: "Choose captive brands from the list." })).max(BRANDS.length * 2, { error: "Choose each captive brand once." }).default([]),
};

export const CreateLenderSchema = z.object({ intent: z.literal("create"), ...lenderFields });
export const UpdateLenderSchema = z.object({
  intent: z.literal("update"),
  ...versioned,
  ...lenderFields,
  active: checkbox("active"),
});
export type LenderFields = Omit<z.infer<typeof CreateLenderSchema>, "intent">;

/** The list's URL state; a bad value falls back to the default instead of a 500. */
export const LenderListQuery = z.object({
  ...pageFields,
  sort: z.enum(["name", "frn", "ties"]).catch("name"),
  dir: sortDirection("asc"),
});
export type LenderListQuery = z.infer<typeof LenderListQuery>;

// --- Ties, schedules and other payments (the lender's page) -------------------------------------

export const AddTieSchema = z
  .object({
    intent: z.literal("add-tie"),
    reference: text("agreement's reference", { max: 80 }),
    kind: z.enum(TIE_KIND_OPTIONS, { error: "Choose the kind of tie." }),
    terms: text("terms", { min: 3, max: 2000, multiline: true, required: "Describe the terms." }),
    startsOn: isoDate("date the agreement started"),
    endsOn: optionalDate("date the agreement ends"),
  })
  .superRefine(endsAfterStart("startsOn", "endsOn"));

export const EndTieSchema = z.object({
  intent: z.literal("end-tie"),
  ...versioned,
  tieId: uuid("Choose a tie from the register."),
  endsOn: isoDate("last day the agreement is in force"),
});

/**
 * `basis` is any text here on purpose: the domain decides what is allowed, so a crafted request for
 * a discretionary basis gets the reason, not a generic "invalid option".
 */
export const AddScheduleSchema = z
  .object({
    intent: z.literal("add-schedule"),
    basis: text("basis", { max: 60, required: "Choose how the commission is worked out." }),
    amount: optionalPounds("fee"),
    percent: optionalPercent,
    /** "" for every brand and model, "brand:KTM" or "model:<id>". */
    appliesTo: z
      .string({ error: "Choose one brand or model from the list." })
      .trim()
      .optional()
      .transform((input, ctx) => {
        if (!input) return { brand: null, modelId: null };
        const [kind, ...rest] = input.split(":");
        const value = rest.join(":");
        if (kind === "brand" && (BRANDS as readonly string[]).includes(value)) return { brand: value, modelId: null };
        if (kind === "model" && uuid("").safeParse(value).success) return { brand: null, modelId: value };
        ctx.addIssue({ code: "custom", message: "Choose a brand or a model from the list." });
        return z.NEVER;
      }),
    effectiveFrom: isoDate("date this version takes effect"),
    effectiveTo: optionalDate("date it ends"),
    notes: optionalText("notes", { max: 500, multiline: true }),
  })
  .superRefine(endsAfterStart("effectiveFrom", "effectiveTo"));
export type ScheduleFields = Omit<z.infer<typeof AddScheduleSchema>, "intent">;

export const AddOtherPaymentSchema = z
  .object({
    intent: z.literal("add-payment"),
    kind: z.enum(OTHER_PAYMENT_OPTIONS, { error: "Choose the kind of payment." }),
    description: text("description", { min: 3, max: 300, required: "Describe the payment." }),
    amount: optionalPounds("amount"),
    effectiveFrom: isoDate("date it starts"),
    effectiveTo: optionalDate("date it ends"),
  })
  .superRefine(endsAfterStart("effectiveFrom", "effectiveTo"));

export const LenderPageSchema = z.discriminatedUnion("intent", [UpdateLenderSchema, AddTieSchema, EndTieSchema, AddScheduleSchema, AddOtherPaymentSchema]);

// --- Disclosure documents and settings ----------------------------------------------------------

export const CreateDocumentSchema = z.object({
  intent: z.literal("create-document"),
  title: text("title", { min: 3, max: 160 }),
  // Browsers send CRLF from a textarea; the stored (and hashed) text uses LF so the hash is stable.
  body: text("wording", { min: 40, max: 20_000, multiline: true, required: "Enter the full wording shown to customers." }),
  effectiveFrom: isoDate("date this version takes effect"),
});

const outOfDate = "This form is out of date or damaged: reload the page and try again.";
const basedOn = { basedOnVersion: z.coerce.number({ error: outOfDate }).int({ error: outOfDate }).min(0, { error: outOfDate }).max(MAX_INT, { error: outOfDate }) };

export const SaveStatusSchema = z.object({
  intent: z.literal("save-status"),
  ...basedOn,
  text: text("regulatory status wording", { min: 40, max: 4000, multiline: true, required: "Enter the full regulatory status wording." }),
});

const percent = (label: string) =>
  z.coerce
    .number({ error: `Enter ${label} as a percentage, like 35.` })
    .gt(0, { error: "Use a percentage above 0." })
    .max(100, { error: "Use a percentage up to 100." });

export const SaveThresholdsSchema = z.object({
  intent: z.literal("save-thresholds"),
  ...basedOn,
  chargeForCreditPercent: percent("the share of the charge for credit"),
  creditPercent: percent("the share of the credit"),
});

export const DocumentsPageSchema = z.discriminatedUnion("intent", [CreateDocumentSchema, SaveStatusSchema, SaveThresholdsSchema]);
