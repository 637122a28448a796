import { z } from "zod";
import type { OfferKind } from "@db/schema/offers";
import { BRANDS } from "~/modules/branches/brands";
import { checkbox as tickBox, day, text, uuid, version, yearsAhead } from "~/utils/fields";
import { EXAMPLE_INPUTS, exampleFromInputs, type ExampleInput, type RepresentativeExample } from "./offer-example";
import { OFFER_KIND_LABELS, type OfferStatus } from "./offer-rules";
import { promotionProblems } from "./promotion-rules";
import { pageFields, sortDirection } from "~/utils/list-query";

const KIND_OPTIONS = Object.keys(OFFER_KIND_LABELS) as [OfferKind, ...OfferKind[]];

const required = (label: string, max: number) => text(label, { max, multiline: true });
const lowerFirst = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** An optional single-line value, checked like all text (no control characters). */
function optionalLine(label: string) {
  return z
    .string({ error: `Enter one ${label}.` })
    .trim()
    .max(2000, { error: `Keep the ${label} to 2,000 characters.` })
    .refine((value) => !/\p{Cc}/u.test(value), { error: `The ${label} contains a hidden control character (such as a NUL): retype it without one.` })
    .optional();
}

const exampleInputs = Object.fromEntries(EXAMPLE_INPUTS.map((input) => [input.name, optionalLine(lowerFirst(input.label.replace(/\s*\(.*\)$/, "")))])) as Record<
  ExampleInput["name"],
  ReturnType<typeof optionalLine>
>;

const rawFields = z.object({
  title: text("title", { max: 120 }),
  summary: required("summary", 500),
  terms: required("terms and conditions", 5000),
  kind: z.enum(KIND_OPTIONS, { error: "Choose manufacturer or dealer exclusive." }),
  brand: z.enum(BRANDS, { error: "Choose the brand." }),
  modelScope: z.enum(["all", "chosen"], { error: "Choose every model of the brand, or chosen models." }).default("all"),
  modelIds: z.array(uuid("Choose models from the list.")).max(200, { error: "Choose at most 200 models." }).default([]),
  branchIds: z.array(uuid("Choose branches from the list."), { error: "Choose at least one branch." }).min(1, { error: "Choose at least one branch." }).max(50, { error: "Choose at most 50 branches." }),
  // An offer runs within the business's years, planned at most two years ahead.
  validFrom: day("first day of the offer", { to: yearsAhead(2), required: "Enter the first day of the offer." }),
  validTo: day("last day of the offer", { to: yearsAhead(3), required: "Enter the last day of the offer." }),
  imageUrl: optionalLine("image address").refine((url) => !url || /^https:\/\/[^\s/]+\.[^\s]+$/.test(url), { error: "Use an https:// address for the image, or leave it empty." }),
  promotesFinance: tickBox("promotes finance"),
  rateFixed: tickBox("fixed rate"),
  ...exampleInputs,
});

/** What the domain stores: pence and basis points, with null for an absent image or example. */
export interface OfferFields {
  title: string;
  summary: string;
  terms: string;
  kind: OfferKind;
  brand: (typeof BRANDS)[number];
  modelIds: string[];
  branchIds: string[];
  validFrom: string;
  validTo: string;
  imageUrl: string | null;
  representativeExample: RepresentativeExample | null;
}

type RawFields = z.infer<typeof rawFields>;

/** The example's figures, each problem placed on its own field; null when any is missing or unreadable. */
function toExample(raw: RawFields, ctx: z.RefinementCtx): RepresentativeExample | null {
  const read = exampleFromInputs(raw, raw.rateFixed);
  if (!read.ok) {
    for (const problem of read.problems) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
    return null;
  }
  return read.example;
}

const CROSS_CHECKED = new Set<string>(["validFrom", "validTo", "modelScope", "modelIds", "promotesFinance", "rateFixed", ...EXAMPLE_INPUTS.map((input) => input.name)]);

const textOf = (value: unknown) => (typeof value === "string" ? value : "");

function crossCheck(raw: RawFields, ctx: z.RefinementCtx) {
  if (raw.validTo < raw.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "The last day can't be before the first day." });
  if (raw.modelScope === "chosen" && raw.modelIds.length === 0) {
    ctx.addIssue({ code: "custom", path: ["modelIds"], message: "Choose at least one model, or choose every model of the brand." });
  }
  const representativeExample = raw.promotesFinance ? toExample(raw, ctx) : null;
  if (raw.promotesFinance && !representativeExample) return;
  // The rule the domain applies at save and publish, here so every message shows at once; a missing
  // text (its own error already placed) reads as empty.
  const texts = { title: textOf(raw.title), summary: textOf(raw.summary), terms: textOf(raw.terms) };
  for (const problem of promotionProblems({ ...texts, representativeExample })) {
    ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  }
}

const ignoreIssues = { addIssue: () => undefined } as unknown as z.RefinementCtx;

// Cross-checked even when other fields are wrong, so every message shows at once.
export const OfferFieldsSchema = rawFields
  .superRefine(crossCheck, { when: (payload) => !payload.issues.some((issue) => CROSS_CHECKED.has(String(issue.path?.[0]))) })
  .transform((raw): OfferFields => {
    const representativeExample = raw.promotesFinance ? toExample(raw, ignoreIssues) : null;
    return {
      title: raw.title,
      summary: raw.summary,
      terms: raw.terms,
      kind: raw.kind,
      brand: raw.brand,
      modelIds: raw.modelScope === "chosen" ? [...new Set(raw.modelIds)] : [],
      branchIds: [...new Set(raw.branchIds)],
      validFrom: raw.validFrom,
      validTo: raw.validTo,
      imageUrl: raw.imageUrl || null,
      representativeExample,
    };
  });

/** The version a form was loaded at, sent back with every change on /offers/:id. */
export const VersionSchema = z.object({ version: version() });

/** The lifecycle buttons on /offers/:id. */
export const OfferStepSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), version: version() }),
  z.object({ intent: z.literal("withdraw"), version: version() }),
  z.object({ intent: z.literal("revise") }),
  z.object({ intent: z.literal("approve"), version: version() }),
]);

export const OFFER_STATUS_FILTERS = ["current", "all", "draft", "scheduled", "live", "expired", "withdrawn", "superseded"] as const satisfies readonly (OfferStatus | "current" | "all")[];

/** The list's URL state; a bad value falls back to the default instead of a 500. */
export const OfferListQuery = z.object({
  ...pageFields,
  sort: z.enum(["title", "kind", "brand", "status", "validFrom", "validTo", "updated"]).catch("validFrom"),
  dir: sortDirection("desc"),
  status: z.enum(OFFER_STATUS_FILTERS).catch("current"),
  kind: z.enum(KIND_OPTIONS).optional().catch(undefined),
  brand: z.enum(BRANDS).optional().catch(undefined),
  branch: z.uuid().optional().catch(undefined),
});
export type OfferListQuery = z.infer<typeof OfferListQuery>;

export function parseOfferQuery(params: URLSearchParams) {
  return OfferListQuery.parse(Object.fromEntries(params));
}
