import { z } from "zod";
import type { OfferKind } from "@db/schema/offers";
import { BRANDS } from "~/modules/branches/brands";
import { EXAMPLE_INPUTS, exampleFromInputs, type ExampleInput, type RepresentativeExample } from "./offer-example";
import { OFFER_KIND_LABELS, type OfferStatus } from "./offer-rules";
import { promotionProblems } from "./promotion-rules";
import { pageFields, sortDirection } from "~/utils/list-query";

const KIND_OPTIONS = Object.keys(OFFER_KIND_LABELS) as [OfferKind, ...OfferKind[]];

const text = (label: string, max: number) =>
  z.string({ error: `Enter the ${label}.` }).trim().min(1, { error: `Enter the ${label}.` }).max(max, { error: `Keep the ${label} to ${max} characters.` });
const optionalText = z.string().trim().optional();
const checkbox = z.enum(["on"]).optional().transform((value) => value === "on");

const exampleInputs = Object.fromEntries(EXAMPLE_INPUTS.map((input) => [input.name, optionalText])) as Record<ExampleInput["name"], typeof optionalText>;

const rawFields = z.object({
  title: text("title", 120),
  summary: text("summary", 500),
  terms: text("terms and conditions", 5000),
  kind: z.enum(KIND_OPTIONS, { error: "Choose manufacturer or dealer exclusive." }),
  brand: z.enum(BRANDS, { error: "Choose the brand." }),
  modelScope: z.enum(["all", "chosen"]).default("all"),
  modelIds: z.array(z.uuid({ error: "Choose models from the list." })).default([]),
  branchIds: z.array(z.uuid({ error: "Choose branches from the list." }), { error: "Choose at least one branch." }).min(1, { error: "Choose at least one branch." }),
  validFrom: z.iso.date({ error: "Enter the first day of the offer." }),
  validTo: z.iso.date({ error: "Enter the last day of the offer." }),
  imageUrl: optionalText.refine((url) => !url || /^https:\/\/[^\s/]+\.[^\s]+$/.test(url), { error: "Use an https:// address for the image, or leave it empty." }),
  promotesFinance: checkbox,
  rateFixed: checkbox,
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
export const VersionSchema = z.object({ version: z.coerce.number().int().min(1) });

/** The lifecycle buttons on /offers/:id. */
export const OfferStepSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), version: z.coerce.number().int().min(1) }),
  z.object({ intent: z.literal("withdraw"), version: z.coerce.number().int().min(1) }),
  z.object({ intent: z.literal("revise") }),
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
