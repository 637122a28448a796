import { z } from "zod";
import type { OtherPaymentKind } from "./finance-labels";
import { OTHER_PAYMENT_KIND_LABELS, TIE_KIND_LABELS } from "./finance-labels";
import { BRANDS } from "~/modules/branches/brands";
import { parsePence } from "~/utils/money";
import type { TieKind } from "@db/schema/finance";
import { pageFields, sortDirection } from "~/utils/list-query";

// From the browser-safe label maps, so a page bundle never pulls in Drizzle.
const TIE_KIND_OPTIONS = Object.keys(TIE_KIND_LABELS) as [TieKind, ...TieKind[]];
const OTHER_PAYMENT_OPTIONS = Object.keys(OTHER_PAYMENT_KIND_LABELS) as [OtherPaymentKind, ...OtherPaymentKind[]];

const versioned = { version: z.coerce.number().int().min(1) };
const isoDate = (what: string) => z.iso.date({ error: `Enter ${what}.` });
const optionalDate = z.iso.date({ error: "Enter a date, or leave it empty." }).optional();

/** Money typed in pounds → pence; empty → null. */
const optionalPounds = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((input, ctx) => {
      if (!input) return null;
      const pence = parsePence(input);
      if (pence === null || pence > 100_000_000) {
        ctx.addIssue({ code: "custom", message: `Enter the ${label} in pounds, like 250 or 1,250.00.` });
        return z.NEVER;
      }
      return pence;
    });

/** "1.5", "1.50" or "1.5%" → basis points (150); empty → null. The domain checks the range. */
const optionalPercent = z
  .string()
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
  name: z.string({ error: "Enter the lender's name." }).trim().min(2, { error: "Enter the lender's name." }).max(120),
  /** The FCA register's firm reference number: 6 digits (older firms) or 7. Spaces are ignored. */
  fcaFrn: z
    .string({ error: "Enter the lender's FCA firm reference number." })
    .transform((input) => input.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6,7}$/, { error: "An FCA firm reference number is 6 or 7 digits, like 311908." })),
  captiveBrands: z.array(z.enum(BRANDS, { error: "Choose brands from the list." })).default([]),
};

export const CreateLenderSchema = z.object({ intent: z.literal("create"), ...lenderFields });
export const UpdateLenderSchema = z.object({
  intent: z.literal("update"),
  ...versioned,
  ...lenderFields,
  active: z.enum(["on"]).optional().transform((value) => value === "on"),
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
    reference: z.string({ error: "Enter the agreement's reference." }).trim().min(1, { error: "Enter the agreement's reference." }).max(80),
    kind: z.enum(TIE_KIND_OPTIONS, { error: "Choose the kind of tie." }),
    terms: z.string({ error: "Describe the terms." }).trim().min(3, { error: "Describe the terms." }).max(2000),
    startsOn: isoDate("the date the agreement started"),
    endsOn: optionalDate,
  })
  .superRefine(endsAfterStart("startsOn", "endsOn"));

export const EndTieSchema = z.object({
  intent: z.literal("end-tie"),
  ...versioned,
  tieId: z.uuid(),
  endsOn: isoDate("the last day the agreement is in force"),
});

/**
 * `basis` is any text here on purpose: the domain decides what is allowed, so a crafted request for
 * a discretionary basis gets the reason, not a generic "invalid option".
 */
export const AddScheduleSchema = z
  .object({
    intent: z.literal("add-schedule"),
    basis: z.string({ error: "Choose how the commission is worked out." }).trim().min(1),
    amount: optionalPounds("fee"),
    percent: optionalPercent,
    /** "" for every brand and model, "brand:KTM" or "model:<id>". */
    appliesTo: z
      .string()
      .trim()
      .optional()
      .transform((input, ctx) => {
        if (!input) return { brand: null, modelId: null };
        const [kind, ...rest] = input.split(":");
        const value = rest.join(":");
        if (kind === "brand" && (BRANDS as readonly string[]).includes(value)) return { brand: value, modelId: null };
        if (kind === "model" && z.uuid().safeParse(value).success) return { brand: null, modelId: value };
        ctx.addIssue({ code: "custom", message: "Choose a brand or a model from the list." });
        return z.NEVER;
      }),
    effectiveFrom: isoDate("the date this version takes effect"),
    effectiveTo: optionalDate,
    notes: z.string().trim().max(500).default(""),
  })
  .superRefine(endsAfterStart("effectiveFrom", "effectiveTo"));
export type ScheduleFields = Omit<z.infer<typeof AddScheduleSchema>, "intent">;

export const AddOtherPaymentSchema = z
  .object({
    intent: z.literal("add-payment"),
    kind: z.enum(OTHER_PAYMENT_OPTIONS, { error: "Choose the kind of payment." }),
    description: z.string({ error: "Describe the payment." }).trim().min(3, { error: "Describe the payment." }).max(300),
    amount: optionalPounds("amount"),
    effectiveFrom: isoDate("the date it starts"),
    effectiveTo: optionalDate,
  })
  .superRefine(endsAfterStart("effectiveFrom", "effectiveTo"));

export const LenderPageSchema = z.discriminatedUnion("intent", [UpdateLenderSchema, AddTieSchema, EndTieSchema, AddScheduleSchema, AddOtherPaymentSchema]);

// --- Disclosure documents and settings ----------------------------------------------------------

export const CreateDocumentSchema = z.object({
  intent: z.literal("create-document"),
  title: z.string({ error: "Enter a title." }).trim().min(3, { error: "Enter a title." }).max(160),
  // Browsers send CRLF from a textarea; the stored (and hashed) text uses LF so the hash is stable.
  body: z
    .string({ error: "Enter the wording shown to customers." })
    .transform((text) => text.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(40, { error: "Enter the full wording shown to customers." }).max(20_000)),
  effectiveFrom: isoDate("the date this version takes effect"),
});

const basedOn = { basedOnVersion: z.coerce.number().int().min(0) };

export const SaveStatusSchema = z.object({
  intent: z.literal("save-status"),
  ...basedOn,
  text: z
    .string({ error: "Enter the regulatory status wording." })
    .transform((text) => text.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(40, { error: "Enter the full regulatory status wording." }).max(4000)),
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
