import { z } from "zod";
import { day, optionalText, pastMoment, text, today, uuid, version } from "~/utils/fields";
import { pageFields, searchTerm, sortDirection } from "~/utils/list-query";

/** Deal references as typed: separated by commas, spaces or lines, upper-cased, each FIN-digits. */
const dealReferences = z
  .string()
  .optional()
  .transform((value) => [...new Set((value ?? "").split(/[\s,;]+/).map((ref) => ref.trim().toUpperCase()).filter(Boolean))])
  .refine((refs) => refs.length <= 50, { error: "Name at most 50 deals." })
  .refine((refs) => refs.every((ref) => /^FIN-\d{1,9}$/.test(ref)), { error: "Give deal references like FIN-000123, separated by commas." });

export const BreachFieldsSchema = z.object({
  intent: z.literal("create"),
  description: text("description of what happened", { min: 10, max: 4000, multiline: true, required: "Describe what happened in at least 10 characters." }),
  occurredOn: z
    .string({ error: "Enter the day it happened as one date, or leave it empty." })
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(day("day it happened", { to: today, tooLate: "The day it happened can't be in the future." }).optional()),
  foundOn: day("day it was found", { to: today, tooLate: "The day it was found can't be in the future." }),
  rule: text("rule", { min: 3, max: 200, required: "Name the rule breached, like CONC 4.5.3R." }),
  dealReferences,
  offerIds: z.array(uuid("Choose offers from the list.")).max(50).default([]),
});
export type BreachFields = z.infer<typeof BreachFieldsSchema>;

export const TellPrincipalSchema = z.object({
  intent: z.literal("tell-principal"),
  version: version(),
  toldAt: pastMoment("date and time the principal was told"),
  note: optionalText("note", { max: 2000, multiline: true }),
});

export const AddActionSchema = z.object({
  intent: z.literal("add-action"),
  description: text("description of the action", { min: 3, max: 1000, multiline: true, required: "Describe the action." }),
  ownerId: uuid("Choose who owns the action."),
  dueOn: day("due day", { from: "2020-01-01", to: "2100-12-31" }),
});

export const CompleteActionSchema = z.object({
  intent: z.literal("complete-action"),
  actionId: uuid("That action doesn't exist."),
});

export const CloseBreachSchema = z.object({
  intent: z.literal("close"),
  version: version(),
  note: text("closing note", { min: 3, max: 2000, multiline: true, required: "Say how the breach was put right." }),
});

export const BreachListQuery = z.object({
  ...pageFields,
  sort: z.enum(["reference", "foundOn"]).catch("foundOn"),
  dir: sortDirection("desc"),
  q: searchTerm(),
  view: z.enum(["open", "closed", "all"]).catch("open"),
});
export type BreachListQuery = z.infer<typeof BreachListQuery>;
