import { getFormProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { CONDITION_LABELS } from "./labels";
import { SubmitButton } from "~/components/submit-button";

export type VehicleFormValues = Partial<Record<
  | "branchId" | "modelId" | "vin" | "registration" | "condition" | "mileage" | "colour" | "retailPricePence"
  | "costPricePence" | "inStockOn" | "previousKeepers" | "v5cHeld" | "photos" | "notes" | "priceChangeReason",
  string
>>;

interface Option {
  id: string;
  label?: string;
  name?: string;
}

/** The bike's details, shared by /stock/new and /stock/:id/edit. The server checks everything again. */
export function VehicleForm(props: {
  mode: "create" | "update";
  branches: Option[];
  models: Option[];
  showCost: boolean;
  defaultValue?: VehicleFormValues;
  lastResult?: SubmissionResult<string[]> | null;
  version?: number;
  cancelTo: string;
}) {
  const [form, fields] = useStaffForm<VehicleFormValues>({ lastResult: props.lastResult, defaultValue: props.defaultValue });
  const select = (field: typeof fields.branchId, label: string, options: Option[], placeholder: string) => (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select {...getSelectProps(field)} key={field.key} required>
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label ?? option.name}
          </option>
        ))}
      </select>
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={props.mode} />
      {props.version ? <input type="hidden" name="version" value={props.version} /> : null}
      <div className="form-grid">
        {props.mode === "create" ? select(fields.branchId, "Branch", props.branches, "Choose a branch") : <input type="hidden" name="branchId" value={props.defaultValue?.branchId} />}
        {select(fields.modelId, "Model", props.models, "Choose a model")}
        <div className="field">
          <label htmlFor={fields.condition.id}>Condition</label>
          <select {...getSelectProps(fields.condition)} key={fields.condition.key} required>
            <option value="">Choose the condition</option>
            {Object.entries(CONDITION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <FieldError id={fields.condition.errorId} errors={fields.condition.errors} />
        </div>
        <TextField label="VIN" field={fields.vin} hint="17 characters; never I, O or Q." inputProps={{ required: true, maxLength: 20, autoCapitalize: "characters", spellCheck: false }} />
        <TextField label="Registration" field={fields.registration} hint="Optional for new bikes, e.g. AB21 CDE." inputProps={{ autoCapitalize: "characters", spellCheck: false }} />
        <TextField label="Mileage" field={fields.mileage} inputProps={{ inputMode: "numeric", required: true }} />
        <TextField label="Colour" field={fields.colour} />
        <TextField label="Retail price (£)" field={fields.retailPricePence} inputProps={{ inputMode: "decimal", required: true }} />
        {props.showCost ? <TextField label="Cost price (£)" field={fields.costPricePence} hint="Seen only by admins and this branch's managers." inputProps={{ inputMode: "decimal" }} /> : null}
        <TextField label="Date into stock" type="date" field={fields.inStockOn} inputProps={{ required: true }} />
        {props.mode === "update" ? (
          <TextField label="Reason for a price change" field={fields.priceChangeReason} hint="Needed only when the retail price changes; kept in its history." />
        ) : null}
      </div>
      <fieldset className="panel-inset">
        <legend>Used bikes</legend>
        <div className="form-grid">
          <TextField label="Previous keepers" field={fields.previousKeepers} inputProps={{ inputMode: "numeric" }} />
          <div className="field">
            <label htmlFor={fields.v5cHeld.id}>V5C held?</label>
            <select {...getSelectProps(fields.v5cHeld)} key={fields.v5cHeld.key}>
              <option value="">Not recorded</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
            <FieldError id={fields.v5cHeld.errorId} errors={fields.v5cHeld.errors} />
          </div>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={fields.photos.id}>Photo links</label>
        <p className="hint">One https:// address per line.</p>
        <textarea {...getTextareaProps(fields.photos)} key={fields.photos.key} rows={3} />
        <FieldError id={fields.photos.errorId} errors={fields.photos.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.notes.id}>Notes</label>
        <textarea {...getTextareaProps(fields.notes)} key={fields.notes.key} rows={3} />
        <FieldError id={fields.notes.errorId} errors={fields.notes.errors} />
      </div>
      <div className="form-actions">
        <SubmitButton className="button primary">
          {props.mode === "create" ? "Add to stock" : "Save changes"}
        </SubmitButton>
        <Link to={props.cancelTo}>Cancel</Link>
      </div>
    </Form>
  );
}
