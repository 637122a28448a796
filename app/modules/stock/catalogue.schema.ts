import { z } from "zod";
import type { Category } from "@db/schema/stock";
import { optionalText, pounds, text, uuid, version } from "~/utils/fields";
import { CATEGORY_LABELS } from "./labels";
import { filterText, pageFields, searchTerm, sortDirection } from "~/utils/list-query";

// From the browser-safe label map, so the page bundle doesn't pull in Drizzle.
export const CATEGORY_OPTIONS = Object.keys(CATEGORY_LABELS) as [Category, ...Category[]];

export const MIN_MODEL_YEAR = 1950;
/** Manufacturers announce next year's models during this one. */
export const latestModelYear = () => new Date().getFullYear() + 1;

const optionalInteger = (label: string, example: string) =>
  z.coerce.number({ error: `Enter the ${label} as a whole number, like ${example}.` }).int({ error: `Enter the ${label} as a whole number, like ${example}.` });

const fields = {
  make: text("make", { max: 40, required: "Enter the make, like KTM." }),
  model: text("model", { max: 80, required: "Enter the model, like 790 Adventure." }),
  variant: optionalText("variant", { max: 60 }),
  modelYear: optionalInteger("model year", "2026")
    .min(MIN_MODEL_YEAR, { error: `Use a year from ${MIN_MODEL_YEAR}.` })
    .refine((year) => year <= latestModelYear(), { error: () => `Use a year up to ${latestModelYear()}.` })
    .optional(),
  category: z.enum(CATEGORY_OPTIONS, { error: "Choose a category." }),
  engineCc: optionalInteger("engine size", "799").min(49, { error: "Use 49 cc or more." }).max(2500, { error: "Use 2,500 cc or less." }).optional(),
  listPrice: pounds("list price", { min: 1, example: "10,499 or 10499.00" }).optional(),
};

function electricHasNoEngine(value: { category: Category; engineCc?: number }, ctx: z.RefinementCtx) {
  if (value.category === "electric" && value.engineCc !== undefined) {
    ctx.addIssue({ code: "custom", path: ["engineCc"], message: "An electric bike has no engine size: leave it empty." });
  }
}

// Checked even when other fields are wrong, so every message shows at once.
const whenBothValid = { when: (payload: z.core.ParsePayload) => !payload.issues.some((issue) => ["category", "engineCc"].includes(String(issue.path?.[0]))) };
export const CreateModelSchema = z.object({ intent: z.literal("create"), ...fields }).superRefine(electricHasNoEngine, whenBothValid);
export const UpdateModelSchema = z
  .object({ intent: z.literal("update"), id: uuid("Choose a model from the catalogue."), version: version(), ...fields })
  .superRefine(electricHasNoEngine, whenBothValid);
/** Both forms post to one action; `intent` tells them apart. */
export const ModelFormSchema = z.discriminatedUnion("intent", [CreateModelSchema, UpdateModelSchema]);

/** What the domain stores: money in pence, absent numbers as null. */
export interface ModelFields {
  make: string;
  model: string;
  variant: string;
  modelYear: number | null;
  category: Category;
  engineCc: number | null;
  listPricePence: number | null;
}

export function toModelFields(value: z.infer<typeof CreateModelSchema> | z.infer<typeof UpdateModelSchema>): ModelFields {
  return {
    make: value.make,
    model: value.model,
    variant: value.variant,
    modelYear: value.modelYear ?? null,
    category: value.category,
    engineCc: value.engineCc ?? null,
    listPricePence: value.listPrice ?? null,
  };
}

/** "KTM 790 Adventure (2026)", "KTM 450 Rally Replica": how a model reads in lists and selects. */
/** The list's URL state; a bad value falls back to the default instead of a 500. */
export const CatalogueListQuery = z.object({
  ...pageFields,
  sort: z.enum(["make", "model", "year", "category", "engine", "price"]).catch("make"),
  dir: sortDirection("asc"),
  q: searchTerm(),
  make: filterText(40).optional().catch(undefined),
  category: z.enum(CATEGORY_OPTIONS).optional().catch(undefined),
});
export type CatalogueListQuery = z.infer<typeof CatalogueListQuery>;
