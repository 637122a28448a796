import { z } from "zod";
import { customerChoice } from "~/modules/customers/customers.schema";
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_OUTCOMES, COMPLAINT_STEP_KINDS } from "@db/schema/complaints";
import { optionalPounds, optionalText, pastMoment, text, uuid, version } from "~/utils/fields";
import { fromLondonLocal } from "~/utils/dates";
import { filterText, pageFields, searchTerm, sortDirection } from "~/utils/list-query";
import { BANK_HOLIDAY_YEARS } from "./bank-holidays";

/** The first day the deadlines can be worked out for (the bank-holiday table's first year). */
const EARLIEST = `${BANK_HOLIDAY_YEARS.first}-01-01T00:00`;
const moment = (label: string) =>
  pastMoment(label).refine((value) => fromLondonLocal(value) >= fromLondonLocal(EARLIEST), { error: `The ${label} can't be before 1 January ${BANK_HOLIDAY_YEARS.first}.` });
/** An optional link chosen from a list: empty means none. */
const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(uuid(message).optional());

export const ComplaintFieldsSchema = z.object({
  branchId: optionalId("Choose the branch from the list."),
  ...customerChoice,
  receivedAt: moment("date and time received"),
  channel: z.enum(COMPLAINT_CHANNELS, { error: "Choose how the complaint was received." }),
  complainantName: text("complainant's name", { min: 2, max: 120, required: "Enter the complainant's name." }),
  complainantContact: text("complainant's contact details", { min: 3, max: 200, required: "Enter how to reach the complainant (phone, email or address)." }),
  // Links by the numbers staff have to hand; the bike's reservation in the complainant's name is linked too.
  dealReference: optionalText("finance deal reference", { max: 40 }),
  stockNumber: optionalText("bike's stock number", { max: 40 }),
  category: z.enum(COMPLAINT_CATEGORIES, { error: "Choose what the complaint is about." }),
  description: text("description of the complaint", { min: 10, max: 4000, multiline: true, required: "Describe the complaint in at least 10 characters." }),
  desiredOutcome: text("outcome the customer wants", { min: 3, max: 2000, multiline: true, required: "Say what the customer wants to put it right." }),
  ownerId: uuid("Choose who handles the complaint."),
});
export type ComplaintFields = z.infer<typeof ComplaintFieldsSchema>;

export const StepSchema = z.object({
  intent: z.literal("step"),
  version: version(),
  kind: z.enum(COMPLAINT_STEP_KINDS, { error: "Choose the step." }),
  occurredAt: moment("time of the step"),
  outcome: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.enum(COMPLAINT_OUTCOMES, { error: "Choose the outcome from the list." }).optional()),
  amountPence: optionalPounds("amount", { example: "250 or 250.00" }),
  note: optionalText("note", { max: 4000, multiline: true }),
});
export type StepFields = z.infer<typeof StepSchema>;

export const AssignSchema = z.object({
  intent: z.literal("assign"),
  version: version(),
  ownerId: uuid("Choose who handles the complaint."),
});

export const ReleaseHoldSchema = z.object({
  intent: z.literal("release-hold"),
  reason: text("reason", { min: 3, max: 500, multiline: true, required: "Say why the deal's record no longer needs to be kept on hold." }),
});

export const COMPLAINT_SORTS = ["reference", "receivedAt", "finalDueAt", "complainant", "status"] as const;
export const COMPLAINT_VIEWS = ["open", "overdue", "due-this-week", "closed", "all"] as const;
export type ComplaintView = (typeof COMPLAINT_VIEWS)[number];

export const ComplaintListQuery = z.object({
  ...pageFields,
  sort: z.enum(COMPLAINT_SORTS).catch("finalDueAt"),
  dir: sortDirection("asc"),
  q: searchTerm(),
  view: z.enum(COMPLAINT_VIEWS).catch("open"),
  branch: filterText(60).optional().catch(undefined),
});
export type ComplaintListQuery = z.infer<typeof ComplaintListQuery>;
