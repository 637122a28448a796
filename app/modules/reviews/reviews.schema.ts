import { z } from "zod";
import { choice, day, optionalText, optionalWholeNumber, text, uuid, wholeNumber } from "~/utils/fields";
import { ANSWERS, CHECKLISTS, CURRENT_CHECKLIST_VERSION, NOTE_MAX, RATINGS, type AnswerEntry, type Rating } from "./checklist";

/** A calendar month as YYYY-MM (a month input). */
const month = z
  .string({ error: "Choose the month to sample." })
  .trim()
  .regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, { error: "Choose the month to sample, like 2026-11." });

export const DrawSampleSchema = z.object({
  intent: z.literal("draw-sample"),
  month,
  /** Empty: a new random seed. Given: redraw a month elsewhere with a known seed (a check by the principal). */
  seed: optionalWholeNumber("seed", { min: 0, max: 2_147_483_647, message: "Enter the seed as a whole number, or leave it empty." }),
});

const questions = CHECKLISTS[CURRENT_CHECKLIST_VERSION]!.questions;

/** The checklist form: for each question `<key>` (met / not met / not applicable) and `<key>Note`. */
export const RecordReviewSchema = z
  .object({
    intent: z.literal("record-review"),
    checklistVersion: wholeNumber("checklist version", { min: 1, max: 1000, message: "This form is out of date or damaged: reload the page and try again." }),
    rating: choice("overall rating", RATINGS, "Choose the overall rating."),
    summary: optionalText("summary of the review", { max: 4000, multiline: true }),
    ...Object.fromEntries(
      questions.flatMap((q) => [
        [q.key, choice(`answer to “${q.text}”`, ANSWERS, `Answer “${q.text}”: met, not met or not applicable.`)],
        [`${q.key}Note`, optionalText(`note on “${q.text}”`, { max: NOTE_MAX, multiline: true })],
      ]),
    ),
  })
  .transform((value) => {
    // The question fields are built from the checklist, so their keys aren't in the inferred type.
    const fields = value as unknown as { checklistVersion: number; rating: Rating; summary: string } & Record<string, string>;
    const answers: AnswerEntry[] = questions.map((q) => ({ key: q.key, answer: fields[q.key] as AnswerEntry["answer"], note: fields[`${q.key}Note`] ?? "" }));
    return { checklistVersion: fields.checklistVersion, rating: fields.rating, summary: fields.summary, answers };
  });
export type RecordReviewFields = z.output<typeof RecordReviewSchema>;

export const AddReviewActionSchema = z.object({
  intent: z.literal("add-action"),
  description: text("description of the action", { min: 3, max: 1000, multiline: true, required: "Describe the action." }),
  ownerId: uuid("Choose who owns the action."),
  dueOn: day("due day", { from: "2020-01-01", to: "2100-12-31" }),
});

export const CloseReviewActionSchema = z.object({
  intent: z.literal("close-action"),
  actionId: uuid("That action doesn't exist."),
  note: text("closing note", { min: 3, max: 2000, multiline: true, required: "Add a closing note saying what was done." }),
});

export const ReviewActionsQuery = z.object({
  view: z.enum(["open", "closed", "all"]).catch("open"),
});
