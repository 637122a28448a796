import { getFormProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { TextArea } from "~/modules/complaints/complaint-forms";
import { CONSENT_METHOD_LABELS } from "./customer-labels";

// Browser-safe: components only; the server checks every field again.

type LastResult = SubmissionResult<string[]> | undefined | null;

/** The customer record's fields: used to add a customer and to edit one. */
export function CustomerForm(props: { id: string; lastResult: LastResult; defaultValue: Record<string, string>; hidden?: Record<string, string>; submitLabel: string }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: props.id, lastResult: props.lastResult ?? undefined, defaultValue: props.defaultValue });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset>
        <legend>Who</legend>
        <div className="form-grid">
          <TextField label="Name" field={fields.name!} inputProps={{ required: true, autoComplete: "off" }} />
          <TextField label="Date of birth" type="date" field={fields.dateOfBirth!} />
          <div className="field">
            <label htmlFor={fields.ukResident!.id}>Lives in the UK?</label>
            <select {...getSelectProps(fields.ukResident!)} key={fields.ukResident!.key}>
              <option value="unknown">Not asked yet</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
            <FieldError id={fields.ukResident!.errorId} errors={fields.ukResident!.errors} />
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        <div className="form-grid">
          <TextField label="Email" type="email" field={fields.email!} inputProps={{ autoComplete: "off" }} />
          <TextField label="Phone" type="tel" field={fields.phone!} inputProps={{ autoComplete: "off" }} />
          <TextField label="Address line 1" field={fields.addressLine1!} inputProps={{ autoComplete: "off" }} />
          <TextField label="Address line 2" field={fields.addressLine2!} inputProps={{ autoComplete: "off" }} />
          <TextField label="Town" field={fields.town!} inputProps={{ autoComplete: "off" }} />
          <TextField label="Postcode" field={fields.postcode!} hint="A UK postcode, like SW1A 1AA." inputProps={{ autoComplete: "off", autoCapitalize: "characters" }} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Marketing consent</legend>
        <p className="hint">Record consent only as the customer gave it: when, how, and the version of the wording they agreed to.</p>
        <div className="form-grid">
          <TextField label="Given at" field={fields.marketingConsentGivenAt!} hint="London time; empty if not given." inputProps={{ type: "datetime-local" }} />
          <div className="field">
            <label htmlFor={fields.marketingConsentMethod!.id}>How it was given</label>
            <select {...getSelectProps(fields.marketingConsentMethod!)} key={fields.marketingConsentMethod!.key}>
              <option value="">Not given</option>
              {Object.entries(CONSENT_METHOD_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            <FieldError id={fields.marketingConsentMethod!.errorId} errors={fields.marketingConsentMethod!.errors} />
          </div>
          <TextField label="Wording version" field={fields.marketingConsentWording!} hint="Like 2026-01." inputProps={{ autoComplete: "off" }} />
          <TextField label="Withdrawn at" field={fields.marketingConsentWithdrawnAt!} hint="London time; empty while consent stands." inputProps={{ type: "datetime-local" }} />
        </div>
      </fieldset>
      <TextArea label="Notes" field={fields.notes!} rows={3} />
      <SubmitButton className="button primary">{props.submitLabel}</SubmitButton>
    </Form>
  );
}
