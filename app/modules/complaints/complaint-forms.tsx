import { getFormProps, getSelectProps, getTextareaProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { ConfirmButton } from "~/components/confirm-button";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { CustomerPicker } from "~/modules/customers/customer-picker";
import { CATEGORY_LABELS, CHANNEL_LABELS, OUTCOME_LABELS, STEP_LABELS } from "./complaint-labels";

// Browser-safe: components and labels only; the server checks every field again.

export type LastResult = SubmissionResult<string[]> | undefined | null;
type Meta = FieldMetadata<string | undefined>;

export function SelectField(props: { label: string; field: Meta; options: [string, string][]; placeholder: string; hint?: string }) {
  const { field } = props;
  return (
    <div className="field">
      <label htmlFor={field.id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${field.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <select {...getSelectProps(field, { ariaDescribedBy: props.hint ? `${field.id}-hint` : undefined })} key={field.key}>
        <option value="">{props.placeholder}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextArea(props: { label: string; field: Meta; rows?: number; hint?: string }) {
  const { field } = props;
  return (
    <div className="field">
      <label htmlFor={field.id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${field.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <textarea {...getTextareaProps(field, { ariaDescribedBy: props.hint ? `${field.id}-hint` : undefined })} key={field.key} rows={props.rows ?? 3} />
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
}

interface Option {
  id: string;
  name: string;
}

export function NewComplaintForm(props: { lastResult: LastResult; branches: Option[]; owners: Option[]; defaultValue: Record<string, string> }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "new-complaint", lastResult: props.lastResult ?? undefined, defaultValue: props.defaultValue });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>Received</legend>
        <div className="form-grid">
          <TextField label="Date and time received" field={fields.receivedAt!} hint="London time. The deadlines run from this." inputProps={{ type: "datetime-local", required: true }} />
          <SelectField label="How it was received" field={fields.channel!} options={Object.entries(CHANNEL_LABELS)} placeholder="Choose how" />
        </div>
      </fieldset>
      <CustomerPicker
        names={{ name: fields.complainantName!.name, contact: fields.complainantContact!.name }}
        errors={fields.customerId?.errors}
        newCustomerFields={
          <div className="form-grid">
            <TextField label="Complainant's name" field={fields.complainantName!} inputProps={{ required: true, autoComplete: "off" }} />
            <TextField label="Contact details" field={fields.complainantContact!} hint="Phone, email or postal address." inputProps={{ required: true, autoComplete: "off" }} />
          </div>
        }
      />
      <fieldset>
        <legend>What it concerns</legend>
        <div className="form-grid">
          <TextField label="Finance deal reference" field={fields.dealReference!} hint="Like FIN-000123, if it concerns a deal: the deal goes on legal hold." inputProps={{ autoComplete: "off" }} />
          <TextField label="Bike's stock number" field={fields.stockNumber!} hint="If it concerns a bike; its reservation in the complainant's name is linked too." inputProps={{ autoComplete: "off" }} />
          <SelectField label="Branch" field={fields.branchId!} options={props.branches.map((b) => [b.id, b.name])} placeholder="The deal's or bike's branch" hint="Leave empty to take the deal's (or bike's) branch." />
        </div>
      </fieldset>
      <fieldset>
        <legend>What about</legend>
        <SelectField label="Category" field={fields.category!} options={Object.entries(CATEGORY_LABELS)} placeholder="Choose what it is about" />
        <TextArea label="The complaint" field={fields.description!} rows={4} />
        <TextArea label="What the customer wants" field={fields.desiredOutcome!} rows={2} />
        <SelectField label="Owner" field={fields.ownerId!} options={props.owners.map((o) => [o.id, o.name])} placeholder="Who handles it" />
      </fieldset>
      <div className="form-actions">
        <SubmitButton className="button primary">
          Record the complaint
        </SubmitButton>
        <Link to="/complaints">Cancel</Link>
      </div>
    </Form>
  );
}

export function StepForm(props: { lastResult: LastResult; version: number; now: string }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "step", lastResult: props.lastResult ?? undefined, defaultValue: { occurredAt: props.now } });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="step" />
      <input type="hidden" name="version" value={props.version} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="form-grid">
        <SelectField label="Step" field={fields.kind!} options={Object.entries(STEP_LABELS)} placeholder="Choose the step" />
        <TextField label="Date and time" field={fields.occurredAt!} hint="London time: when it was sent or happened." inputProps={{ type: "datetime-local", required: true }} />
        <SelectField label="Outcome" field={fields.outcome!} options={Object.entries(OUTCOME_LABELS)} placeholder="Not applicable" hint="For a final response or the Ombudsman's outcome." />
        <TextField label="Amount (£)" field={fields.amountPence!} hint="For redress offered or paid." inputProps={{ inputMode: "decimal", autoComplete: "off" }} />
      </div>
      <TextArea label="Note" field={fields.note!} hint="What was said or decided; for a root cause, the cause." />
      <div className="form-actions">
        <SubmitButton className="button primary">
          Add the step
        </SubmitButton>
      </div>
    </Form>
  );
}

export function AssignForm(props: { lastResult: LastResult; version: number; ownerId: string; owners: Option[] }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "assign", lastResult: props.lastResult ?? undefined, defaultValue: { ownerId: props.ownerId } });
  return (
    <Form method="post" {...getFormProps(form)} className="filters">
      <input type="hidden" name="intent" value="assign" />
      <input type="hidden" name="version" value={props.version} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField label="Owner" field={fields.ownerId!} options={props.owners.map((o) => [o.id, o.name])} placeholder="Who handles it" />
      <SubmitButton className="button">
        Change owner
      </SubmitButton>
    </Form>
  );
}

export function ReleaseHoldForm(props: { lastResult: LastResult; dealReference: string }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "release-hold", lastResult: props.lastResult ?? undefined });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="release-hold" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextArea label="Why the hold can be lifted" field={fields.reason!} rows={2} />
      <ConfirmButton label="Lift the legal hold" title={`Lift the legal hold on ${props.dealReference}?`} confirmLabel="Lift the hold">
        The deal&apos;s record will no longer be kept for this complaint. This is recorded on the deal and in the audit log.
      </ConfirmButton>
    </Form>
  );
}
