import { z } from "zod";
import { MARKETING_CONSENT_METHODS } from "@db/schema/customers";
import { fromLondonLocal } from "~/utils/dates";
import { email, optionalDay, optionalText, pastMoment, text, today, uuid, version } from "~/utils/fields";
import { pageFields, searchTerm, sortDirection } from "~/utils/list-query";

/**
 * A UK postcode: outward code (area letters, district digit, optional letter or digit), a space or
 * none, inward code (a digit and two letters); GIR 0AA is the one exception to the pattern.
 */
const UK_POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$/;

/** The standard form of a postcode: upper case, one space before the inward code ("sw1a1aa" → "SW1A 1AA"). */
export function normalisePostcode(value: string) {
  const compact = value.replace(/\s+/g, "").toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

const postcode = () =>
  optionalText("postcode", { max: 10 })
    .transform((value) => (value ? normalisePostcode(value) : ""))
    .refine((value) => value === "" || UK_POSTCODE.test(value), { error: "Enter a UK postcode, like SW1A 1AA." });

/**
 * An optional field checked by `checked` when filled: empty (or absent) is "". (Written as a transform,
 * like optionalDay, because conform's coercion turns "" into undefined before a union would see it.)
 */
function optionalChecked<T extends string>(checked: z.ZodType<T>) {
  return z
    .string()
    .optional()
    .transform((input, ctx): T | "" => {
      if (input === undefined || input.trim() === "") return "";
      const result = checked.safeParse(input.trim());
      if (result.success) return result.data;
      for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    });
}

const optionalEmail = () => optionalChecked(email("email address", { example: "name@example.com" }));

const phone = () =>
  optionalText("phone number", { max: 30 }).refine((value) => value === "" || (/^\+?[0-9 ()-]{9,}$/.test(value) && value.replace(/[^0-9]/g, "").length >= 9), {
    error: "Enter a phone number of at least 9 digits, like 07700 900123.",
  });

const optionalMoment = (label: string) => optionalChecked(pastMoment(label));

export const UK_RESIDENT_CHOICES = ["yes", "no", "unknown"] as const;

/** The customer record's fields, as the form sends them. */
export const CustomerFieldsSchema = z
  .object({
    name: text("customer's name", { min: 2, max: 120, required: "Enter the customer's name." }),
    dateOfBirth: optionalDay("date of birth", { from: "1900-01-01", to: today, tooLate: "The date of birth can't be in the future." }),
    email: optionalEmail(),
    phone: phone(),
    addressLine1: optionalText("first address line", { max: 120 }),
    addressLine2: optionalText("second address line", { max: 120 }),
    town: optionalText("town", { max: 80 }),
    postcode: postcode(),
    ukResident: z.enum(UK_RESIDENT_CHOICES, { error: "Say whether the customer lives in the UK, or that you don't know." }).default("unknown"),
    marketingConsentGivenAt: optionalMoment("time marketing consent was given"),
    marketingConsentMethod: optionalChecked(z.enum(MARKETING_CONSENT_METHODS, { error: "Choose how marketing consent was given from the list." })),
    marketingConsentWording: optionalText("consent wording's version", { max: 40 }),
    marketingConsentWithdrawnAt: optionalMoment("time marketing consent was withdrawn"),
    notes: optionalText("notes", { max: 4000, multiline: true }),
  })
  .superRefine((value, ctx) => {
    if (value.marketingConsentGivenAt && !value.marketingConsentMethod) {
      ctx.addIssue({ code: "custom", path: ["marketingConsentMethod"], message: "Say how the customer gave marketing consent." });
    }
    if (value.marketingConsentGivenAt && !value.marketingConsentWording) {
      ctx.addIssue({ code: "custom", path: ["marketingConsentWording"], message: "Give the version of the consent wording the customer agreed to." });
    }
    if (value.marketingConsentWithdrawnAt && !value.marketingConsentGivenAt) {
      ctx.addIssue({ code: "custom", path: ["marketingConsentWithdrawnAt"], message: "Consent can only be withdrawn after it was given: enter when it was given." });
    } else if (value.marketingConsentWithdrawnAt && fromLondonLocal(value.marketingConsentWithdrawnAt) < fromLondonLocal(value.marketingConsentGivenAt)) {
      ctx.addIssue({ code: "custom", path: ["marketingConsentWithdrawnAt"], message: "Consent can't be withdrawn before it was given." });
    }
  });
export type CustomerFields = z.infer<typeof CustomerFieldsSchema>;

export const CustomerUpdateSchema = z.object({ intent: z.literal("update"), version: version() }).and(CustomerFieldsSchema);

export const MergeSchema = z.object({
  intent: z.literal("merge"),
  otherId: uuid("Choose the record to merge into this one."),
  reason: text("reason for the merge", { min: 3, max: 500, multiline: true, required: "Say why these two records are the same person." }),
});

export const UnmergeSchema = z.object({
  intent: z.literal("unmerge"),
  mergeId: uuid("Choose the merge to reverse."),
  reason: text("reason for reversing the merge", { min: 3, max: 500, multiline: true, required: "Say why the merge was wrong." }),
});

export const CUSTOMER_SORTS = ["name", "postcode", "createdAt"] as const;

export const CustomerListQuery = z.object({
  ...pageFields,
  sort: z.enum(CUSTOMER_SORTS).catch("name"),
  dir: sortDirection("asc"),
  q: searchTerm(),
  duplicates: z
    .enum(["1"])
    .optional()
    .catch(undefined),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

/**
 * A form's customer: one chosen from the search (`customerId`), or a new one made in place from the
 * name and contact typed (then both are required; the routes' schemas check that).
 */
export const customerChoice = {
  customerId: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(uuid("Choose the customer from the search results, or choose a new customer.").optional()),
};
