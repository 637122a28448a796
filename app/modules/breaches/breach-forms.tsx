import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { SelectField, TextArea, type LastResult } from "~/modules/complaints/complaint-forms";

// Browser-safe: components only; the server checks every field again.

const useBreachForm = (id: string, lastResult: LastResult, defaultValue?: Record<string, string>) =>
  useStaffForm<Record<string, string | string[]>>({ id, lastResult: lastResult ?? undefined, defaultValue });

export function NewBreachForm(props: { lastResult: LastResult; offers: { id: string; title: string; revision: number }[]; today: string }) {
  const [form, fields] = useBreachForm("new-breach", props.lastResult, { foundOn: props.today });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="create" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextArea label="What happened" field={fields.description as never} rows={3} />
      <div className="form-grid">
        <TextField label="Day it happened" type="date" field={fields.occurredOn as never} hint="If known." />
        <TextField label="Day it was found" type="date" field={fields.foundOn as never} inputProps={{ required: true }} />
        <TextField label="Rule" field={fields.rule as never} hint="Like CONC 4.5.3R (commission disclosure)." inputProps={{ required: true, autoComplete: "off" }} />
        <TextField label="Finance deals involved" field={fields.dealReferences as never} hint="References like FIN-000123, separated by commas." inputProps={{ autoComplete: "off" }} />
      </div>
      <div className="field">
        <label htmlFor={fields.offerIds!.id}>Offers involved</label>
        <p className="hint" id={`${fields.offerIds!.id}-hint`}>
          Hold Ctrl (or ⌘) to choose more than one.
        </p>
        <select id={fields.offerIds!.id} name="offerIds" multiple size={5} aria-describedby={`${fields.offerIds!.id}-hint ${fields.offerIds!.errorId}`}>
          {props.offers.map((offer) => (
            <option key={offer.id} value={offer.id}>
              {offer.title} (revision {offer.revision})
            </option>
          ))}
        </select>
        <FieldError id={fields.offerIds!.errorId} errors={fields.offerIds!.errors} />
      </div>
      <div className="form-actions">
        <SubmitButton className="button primary">
          Record the breach
        </SubmitButton>
      </div>
    </Form>
  );
}

export function TellPrincipalForm(props: { lastResult: LastResult; version: number; now: string }) {
  const [form, fields] = useBreachForm("tell-principal", props.lastResult, { toldAt: props.now });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="tell-principal" />
      <input type="hidden" name="version" value={props.version} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-grid">
        <TextField label="Told the principal at" field={fields.toldAt as never} hint="London time." inputProps={{ type: "datetime-local", required: true }} />
        <TextField label="How, and who at Automotive Compliance" field={fields.note as never} inputProps={{ autoComplete: "off" }} />
      </div>
      <SubmitButton className="button primary">
        Record that the principal was told
      </SubmitButton>
    </Form>
  );
}

export function AddActionForm(props: { lastResult: LastResult; people: { id: string; name: string }[]; today: string }) {
  const [form, fields] = useBreachForm("add-action", props.lastResult, { dueOn: props.today });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-action" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-grid">
        <TextField label="Action" field={fields.description as never} inputProps={{ required: true, autoComplete: "off" }} />
        <SelectField label="Owner" field={fields.ownerId as never} options={props.people.map((p) => [p.id, p.name])} placeholder="Who does it" />
        <TextField label="Due" type="date" field={fields.dueOn as never} inputProps={{ required: true }} />
      </div>
      <SubmitButton className="button">
        Add the action
      </SubmitButton>
    </Form>
  );
}

export function CloseBreachForm(props: { lastResult: LastResult; version: number }) {
  const [form, fields] = useBreachForm("close", props.lastResult);
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="close" />
      <input type="hidden" name="version" value={props.version} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextArea label="How it was put right" field={fields.note as never} rows={2} />
      <SubmitButton className="button">
        Close the breach
      </SubmitButton>
    </Form>
  );
}
