import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { SelectField, TextArea, type LastResult } from "~/modules/complaints/complaint-forms";
import { ANSWER_LABELS, ANSWERS, RATING_LABELS, RATINGS, type Checklist } from "./checklist";

// Browser-safe: components only; the server checks every field again (reviews.schema.ts, checklist.ts).

const useReviewForm = (id: string, lastResult: LastResult, defaultValue?: Record<string, string>) =>
  useStaffForm<Record<string, string | string[]>>({ id, lastResult: lastResult ?? undefined, defaultValue });

export function DrawSampleForm(props: { lastResult: LastResult; lastMonth: string }) {
  const [form, fields] = useReviewForm("draw-sample", props.lastResult, { month: props.lastMonth });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="draw-sample" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-grid">
        <TextField label="Month" field={fields.month as never} hint="A month that has ended, like 2026-11." inputProps={{ type: "month", required: true }} />
        <TextField label="Seed" field={fields.seed as never} hint="Leave empty for a new random seed; give one to repeat a draw." inputProps={{ inputMode: "numeric", autoComplete: "off" }} />
      </div>
      <SubmitButton className="button primary">Draw the sample</SubmitButton>
    </Form>
  );
}

/** The checklist: each question met / not met / not applicable, with a note (needed when not met). */
export function ReviewForm(props: { lastResult: LastResult; checklist: Checklist; vulnerable: boolean }) {
  const [form, fields] = useReviewForm("record-review", props.lastResult);
  const field = (name: string) => (fields as Record<string, { id: string; errorId: string; errors?: string[]; initialValue?: unknown } | undefined>)[name]!;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="record-review" />
      <input type="hidden" name="checklistVersion" value={props.checklist.version} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <ol className="checklist">
        {props.checklist.questions.map((q) => {
          const answer = field(q.key);
          const note = field(`${q.key}Note`);
          return (
            <li key={q.key} className="field">
              <fieldset aria-describedby={`${answer.id}-hint ${answer.errorId}`}>
                <legend>{q.text}</legend>
                <p className="hint" id={`${answer.id}-hint`}>
                  {q.hint}
                  {q.applicableWhenVulnerable && props.vulnerable ? " This customer is recorded as vulnerable." : ""}
                </p>
                <div className="radio-row">
                  {ANSWERS.map((value) => (
                    <label key={value} className="radio">
                      <input type="radio" name={q.key} value={value} defaultChecked={answer.initialValue === value} required /> {ANSWER_LABELS[value]}
                    </label>
                  ))}
                </div>
                <FieldError id={answer.errorId} errors={answer.errors} />
              </fieldset>
              <label htmlFor={note.id}>Note on this question</label>
              <textarea id={note.id} name={`${q.key}Note`} rows={2} defaultValue={typeof note.initialValue === "string" ? note.initialValue : ""} aria-describedby={note.errorId} />
              <FieldError id={note.errorId} errors={note.errors} />
            </li>
          );
        })}
      </ol>
      <SelectField label="Overall rating" field={fields.rating as never} options={RATINGS.map((r) => [r, RATING_LABELS[r]])} placeholder="Choose a rating" hint="Satisfactory only when no question is not met." />
      <TextArea label="Summary" field={fields.summary as never} rows={3} hint="What went well and what didn't, for the branch and the principal." />
      <p className="hint">A review once recorded can't be changed.</p>
      <SubmitButton className="button primary">Record the review</SubmitButton>
    </Form>
  );
}

export function AddReviewActionForm(props: { lastResult: LastResult; owners: { id: string; name: string }[]; today: string }) {
  const [form, fields] = useReviewForm("add-action", props.lastResult, { dueOn: props.today });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-action" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-grid">
        <TextField label="Action" field={fields.description as never} inputProps={{ required: true, autoComplete: "off" }} />
        <SelectField label="Owner" field={fields.ownerId as never} options={props.owners.map((p) => [p.id, p.name])} placeholder="Who at the branch does it" />
        <TextField label="Due" type="date" field={fields.dueOn as never} inputProps={{ required: true }} />
      </div>
      <SubmitButton className="button">Add the action</SubmitButton>
    </Form>
  );
}

/** Closing one action: what was done. Each row has its own form (its own id). */
export function CloseActionForm(props: { lastResult: LastResult; actionId: string; description: string }) {
  const [form, fields] = useReviewForm(`close-${props.actionId}`, props.lastResult);
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="close-action" />
      <input type="hidden" name="actionId" value={props.actionId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField label="What was done" field={fields.note as never} inputProps={{ required: true, autoComplete: "off" }} />
      <SubmitButton className="button" aria-label={`Close the action: ${props.description}`}>
        Close the action
      </SubmitButton>
    </Form>
  );
}
