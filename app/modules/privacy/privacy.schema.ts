import { z } from "zod";
import { checkbox, pastMoment, text, wholeNumber } from "~/utils/fields";
import { RETENTION_MAXIMUM_YEARS, RETENTION_MINIMUMS } from "./retention-rules";

const FORM_DAMAGED = "This form is out of date or damaged: reload the page and try again.";
const years = (label: string, min: number) => wholeNumber(label, { min, max: RETENTION_MAXIMUM_YEARS, message: `Enter whole years from ${min} to ${RETENTION_MAXIMUM_YEARS}.` });

export const RetentionRulesSchema = z.object({
  intent: z.literal("rules"),
  /** The rules' version the admin edited (0 while the defaults apply): a stale save is refused. */
  basedOnVersion: z.coerce
    .number({ error: FORM_DAMAGED })
    .int({ error: FORM_DAMAGED })
    .min(0, { error: FORM_DAMAGED })
    .max(1_000_000, { error: FORM_DAMAGED }),
  financeDealYears: years("years finance deals are kept", RETENTION_MINIMUMS.financeDealYears),
  complaintYears: years("years complaints are kept", RETENTION_MINIMUMS.complaintYears),
  inactiveCustomerYears: years("years without activity before anonymising", RETENTION_MINIMUMS.inactiveCustomerYears),
});

export const ApplyRetentionSchema = z.object({
  intent: z.literal("apply"),
  confirmed: checkbox("confirmation").refine((value) => value, { error: "Tick the box to confirm: anonymising can't be undone." }),
});

export const RetentionActionSchema = z.discriminatedUnion("intent", [RetentionRulesSchema, ApplyRetentionSchema]);

export const ErasureRequestSchema = z.object({
  receivedAt: pastMoment("date and time the request was received"),
  channel: text("channel the request came by", { min: 2, max: 100, required: "Say which channel the request came by (letter, email, in person)." }),
  confirmed: checkbox("confirmation").refine((value) => value, { error: "Tick the box to confirm: when nothing must be kept, the details are anonymised at once." }),
});
