import { getCollectionProps, getFormProps, getSelectProps, getTextareaProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ConfirmButton } from "~/components/confirm-button";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { BRANDS } from "~/modules/branches/brands";
import { COMMISSION_BASIS_LABELS, DISCRETIONARY_COMMISSION_REFUSAL, OTHER_PAYMENT_KIND_LABELS, TIE_KIND_LABELS } from "./finance-labels";
import { SubmitButton } from "~/components/submit-button";

// Browser-safe: labels and components only. The server checks everything again.

export type LastResult = SubmissionResult<string[]> | undefined;
type TextMeta = Parameters<typeof TextField>[0]["field"];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shared by the create and edit forms, whose schemas differ
type ListMeta = FieldMetadata<string[] | undefined, any, string[]>;

/** A change an admin can make, folded away until opened (or until it comes back with errors). */
export function ActionPanel(props: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="panel action-panel" open={props.open}>
      <summary>{props.title}</summary>
      {props.children}
    </details>
  );
}

export function useActionForm(id: string, lastResult: LastResult, defaultValue?: Record<string, string>) {
  return useStaffForm<Record<string, string>>({ id, lastResult, defaultValue });
}

/** The lender's own fields, for the create form (list page) and the edit form (lender page). */
export function LenderFieldset({ fields }: { fields: Record<"name" | "fcaFrn", TextMeta> & { captiveBrands: ListMeta } }) {
  return (
    <>
      <div className="form-grid">
        <TextField label="Lender name" field={fields.name} inputProps={{ required: true, autoComplete: "off" }} />
        <TextField
          label="FCA firm reference number"
          field={fields.fcaFrn}
          hint="6 or 7 digits, from the FCA register."
          inputProps={{ required: true, inputMode: "numeric", autoComplete: "off", maxLength: 9 }}
        />
      </div>
      <fieldset className="checkbox-group" aria-describedby={fields.captiveBrands.errorId}>
        <legend>Manufacturer (captive) lender for</legend>
        <p className="hint">Tick the franchises whose own finance company this is; none for a general lender.</p>
        {getCollectionProps(fields.captiveBrands, { type: "checkbox", options: [...BRANDS] }).map(({ key, ...props }) => (
          <label key={key}>
            <input {...props} />
            {props.value}
          </label>
        ))}
      </fieldset>
      <FieldError id={fields.captiveBrands.errorId} errors={fields.captiveBrands.errors} />
    </>
  );
}

function SelectField(props: { label: string; field: TextMeta; options: Record<string, string>; placeholder: string; children?: ReactNode }) {
  const { field } = props;
  return (
    <div className="field">
      <label htmlFor={field.id}>{props.label}</label>
      <select {...getSelectProps(field)} key={field.key}>
        <option value="">{props.placeholder}</option>
        {Object.entries(props.options).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
        {props.children}
      </select>
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextArea(props: { label: string; field: TextMeta; rows?: number; hint?: string }) {
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

export function AddTieForm({ lastResult, today }: { lastResult: LastResult; today: string }) {
  const [form, fields] = useActionForm("add-tie", lastResult, { startsOn: today });
  return (
    <ActionPanel title="Add a tie" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-tie" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-grid">
          <TextField label="Agreement reference" field={fields.reference!} inputProps={{ required: true, autoComplete: "off" }} />
          <SelectField label="Kind" field={fields.kind!} options={TIE_KIND_LABELS} placeholder="Choose the kind of tie" />
          <TextField label="In force from" type="date" field={fields.startsOn!} inputProps={{ required: true }} />
          <TextField label="Ends on" type="date" field={fields.endsOn!} hint="Its last day in force; leave empty if open-ended." />
        </div>
        <TextArea label="Terms" field={fields.terms!} hint="What was agreed: targets, funding limits, support given." />
        <SubmitButton className="button primary">
          Add tie
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}

interface OpenTie {
  id: string;
  reference: string;
  startsOn: string;
  version: number;
}

/** One small form per open tie; a tie is ended (dated), never deleted. */
export function EndTieForms({ ties, lastResult, today }: { ties: OpenTie[]; lastResult: LastResult; today: string }) {
  if (ties.length === 0) return null;
  const forTie = (id: string) => (lastResult?.initialValue?.tieId === id ? lastResult : undefined);
  return (
    <ActionPanel title="End a tie" open={Boolean(lastResult)}>
      {ties.map((tie) => (
        <EndTieForm key={`${tie.id}-${tie.version}`} tie={tie} lastResult={forTie(tie.id)} today={today} />
      ))}
    </ActionPanel>
  );
}

function EndTieForm({ tie, lastResult, today }: { tie: OpenTie; lastResult: LastResult; today: string }) {
  const [form, fields] = useActionForm(`end-tie-${tie.id}`, lastResult, { endsOn: today });
  return (
    <Form method="post" {...getFormProps(form)} className="panel-inset">
      <input type="hidden" name="intent" value="end-tie" />
      <input type="hidden" name="tieId" value={tie.id} />
      <input type="hidden" name="version" value={tie.version} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField label={`Last day in force for ${tie.reference}`} type="date" field={fields.endsOn!} inputProps={{ required: true, min: tie.startsOn }} />
      <ConfirmButton label={`End ${tie.reference}`} title={`End tie ${tie.reference}?`} danger={false}>
        <p>The tie stays in the register with its end date; deals after that day no longer show it.</p>
      </ConfirmButton>
    </Form>
  );
}

export function AddScheduleForm(props: { lastResult: LastResult; today: string; models: { id: string; label: string }[] }) {
  const [form, fields] = useActionForm("add-schedule", props.lastResult, { effectiveFrom: props.today, basis: "fixed_fee" });
  const basis = fields.basis!;
  return (
    <ActionPanel title="Add a schedule version" open={Boolean(props.lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-schedule" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="checkbox-group" aria-describedby={basis.errorId}>
          <legend>Basis</legend>
          {Object.entries(COMMISSION_BASIS_LABELS).map(([value, label]) => (
            <label key={value}>
              <input type="radio" name={basis.name} value={value} defaultChecked={basis.initialValue === value} key={`${basis.key}-${value}`} />
              {label}
            </label>
          ))}
          <label className="muted">
            <input type="radio" disabled aria-describedby={`${basis.id}-banned`} />
            Varies with the interest rate we set
          </label>
          <p className="hint" id={`${basis.id}-banned`}>
            Not offered: {DISCRETIONARY_COMMISSION_REFUSAL}
          </p>
          <FieldError id={basis.errorId} errors={basis.errors} />
        </fieldset>
        <div className="form-grid">
          <TextField label="Fixed fee (£)" field={fields.amount!} hint="For a fixed fee." inputProps={{ inputMode: "decimal" }} />
          <TextField label="Percentage of the credit (%)" field={fields.percent!} hint="For a percentage: 0.01 to 20." inputProps={{ inputMode: "decimal" }} />
          <SelectField label="Applies to" field={fields.appliesTo!} options={{}} placeholder="Every brand and model">
            <optgroup label="Brand">
              {BRANDS.map((brand) => (
                <option key={brand} value={`brand:${brand}`}>
                  {brand}
                </option>
              ))}
            </optgroup>
            <optgroup label="Model">
              {props.models.map((model) => (
                <option key={model.id} value={`model:${model.id}`}>
                  {model.label}
                </option>
              ))}
            </optgroup>
          </SelectField>
          <TextField label="Effective from" type="date" field={fields.effectiveFrom!} inputProps={{ required: true }} />
          <TextField label="Effective to" type="date" field={fields.effectiveTo!} hint="Leave empty until a later version replaces it." />
        </div>
        <TextField label="Notes" field={fields.notes!} hint="Optional, like the lender's letter reference." />
        <SubmitButton className="button primary">
          Add version
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}

export function AddPaymentForm({ lastResult, today }: { lastResult: LastResult; today: string }) {
  const [form, fields] = useActionForm("add-payment", lastResult, { effectiveFrom: today });
  return (
    <ActionPanel title="Add another payment" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-payment" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-grid">
          <SelectField label="Kind" field={fields.kind!} options={OTHER_PAYMENT_KIND_LABELS} placeholder="Choose the kind of payment" />
          <TextField label="Amount (£)" field={fields.amount!} hint="Leave empty when it depends on volume." inputProps={{ inputMode: "decimal" }} />
          <TextField label="From" type="date" field={fields.effectiveFrom!} inputProps={{ required: true }} />
          <TextField label="To" type="date" field={fields.effectiveTo!} hint="Optional." />
        </div>
        <TextField label="Description" field={fields.description!} hint="Like: £50 per proposal over 40 a quarter." inputProps={{ required: true }} />
        <SubmitButton className="button primary">
          Add payment
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}
