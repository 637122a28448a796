import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import type { OfferKind } from "@db/schema/offers";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { BRANDS } from "~/modules/branches/brands";
import { EXAMPLE_INPUTS, exampleInputs, type ExampleInputName, type RepresentativeExample } from "./offer-example";
import { liveFigures, OfferFiguresPanel, textsOf } from "./offer-figures-panel";
import { OFFER_KIND_LABELS } from "./offer-rules";
import { SubmitButton } from "~/components/submit-button";

// No zod here: the pages import this, and the schema reads the same field list (offer-example.ts).

export type OfferFormValues = Partial<
  Record<"title" | "summary" | "terms" | "kind" | "brand" | "modelScope" | "validFrom" | "validTo" | "imageUrl" | "promotesFinance" | "rateFixed" | ExampleInputName, string> &
    Record<"modelIds" | "branchIds", string[]>
>;

/** A stored offer as the form's text. */
export function offerFormValues(offer: {
  title: string; summary: string; terms: string; kind: OfferKind; brand: string; modelIds: string[]; branchIds: string[];
  validFrom: string; validTo: string; imageUrl: string | null; representativeExample: RepresentativeExample | null;
}): OfferFormValues {
  const example = offer.representativeExample;
  return {
    ...offer,
    imageUrl: offer.imageUrl ?? "",
    modelScope: offer.modelIds.length ? "chosen" : "all",
    promotesFinance: example ? "on" : undefined,
    rateFixed: example?.rateFixed ? "on" : undefined,
    ...(example ? exampleInputs(example) : {}),
  };
}

interface Option {
  id: string;
  label: string;
}

/** The offer's fields, shared by /offers/new and the draft editor on /offers/:id. The server checks everything again. */
export function OfferForm(props: {
  mode: "create" | "update";
  kinds: OfferKind[];
  branches: Option[];
  models: (Option & { make: string })[];
  defaultValue?: OfferFormValues;
  lastResult?: SubmissionResult<string[]> | null;
  version?: number;
  cancelTo: string;
}) {
  const [form, fields] = useStaffForm<OfferFormValues>({ lastResult: props.lastResult, defaultValue: props.defaultValue });
  const text = (field: FieldMetadata<string | undefined>) => getTextareaProps(field);
  const chosenModels = [fields.modelIds.initialValue ?? []].flat().filter((id): id is string => Boolean(id));
  // Recomputed from the form's text on every keystroke, by the engine the server checks with.
  const [live, setLive] = useState(() => liveFigures(props.defaultValue ?? {}));
  return (
    <Form method="post" {...getFormProps(form)} onChange={(event) => setLive(liveFigures(textsOf(event.currentTarget)))}>
      <FormErrors id={form.errorId} errors={form.errors} />
      {props.mode === "update" ? (
        <>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="version" value={props.version} />
        </>
      ) : null}
      <div className="form-grid">
        <TextField label="Title" field={fields.title} inputProps={{ required: true, maxLength: 120 }} />
        <div className="field">
          <label htmlFor={fields.kind.id}>Kind</label>
          <select {...getSelectProps(fields.kind)} key={fields.kind.key} required>
            <option value="">Choose the kind</option>
            {props.kinds.map((kind) => (
              <option key={kind} value={kind}>
                {OFFER_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
          <FieldError id={fields.kind.errorId} errors={fields.kind.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.brand.id}>Brand</label>
          <select {...getSelectProps(fields.brand)} key={fields.brand.key} required>
            <option value="">Choose the brand</option>
            {BRANDS.map((brand) => (
              <option key={brand}>{brand}</option>
            ))}
          </select>
          <FieldError id={fields.brand.errorId} errors={fields.brand.errors} />
        </div>
        <TextField label="First day" type="date" field={fields.validFrom} inputProps={{ required: true }} />
        <TextField label="Last day" type="date" field={fields.validTo} hint="The offer ends at midnight UK time." inputProps={{ required: true }} />
        <TextField label="Image link" field={fields.imageUrl} hint="Optional; an https:// address." inputProps={{ inputMode: "url" }} />
      </div>
      <div className="field">
        <label htmlFor={fields.summary.id}>Summary</label>
        <textarea {...text(fields.summary)} key={fields.summary.key} rows={2} required />
        <FieldError id={fields.summary.errorId} errors={fields.summary.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.terms.id}>Terms and conditions</label>
        <textarea {...text(fields.terms)} key={fields.terms.key} rows={5} required />
        <FieldError id={fields.terms.errorId} errors={fields.terms.errors} />
      </div>
      <fieldset className="checkbox-group" aria-describedby={fields.branchIds.errorId}>
        <legend>Branches</legend>
        {getCollectionProps(fields.branchIds, { type: "checkbox", options: props.branches.map((branch) => branch.id) }).map(({ key, ...input }) => (
          <label key={key}>
            <input {...input} />
            {props.branches.find((branch) => branch.id === input.value)?.label}
          </label>
        ))}
      </fieldset>
      <FieldError id={fields.branchIds.errorId} errors={fields.branchIds.errors} />
      <fieldset className="checkbox-group">
        <legend>Models</legend>
        {getCollectionProps(fields.modelScope, { type: "radio", options: ["all", "chosen"] }).map(({ key, ...input }) => (
          <label key={key}>
            <input {...input} defaultChecked={input.value === (fields.modelScope.initialValue ?? "all")} />
            {input.value === "all" ? "Every model of the brand" : "Only the models chosen below"}
          </label>
        ))}
        <label htmlFor={fields.modelIds.id} className="skip-link">
          Models covered
        </label>
        <select id={fields.modelIds.id} name={fields.modelIds.name} multiple size={6} defaultValue={chosenModels} aria-describedby={fields.modelIds.errorId}>
          {props.models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.label}
            </option>
          ))}
        </select>
      </fieldset>
      <FieldError id={fields.modelIds.errorId} errors={fields.modelIds.errors} />
      <fieldset className="panel-inset">
        <legend>Finance</legend>
        <label className="checkbox">
          <input {...getInputProps(fields.promotesFinance, { type: "checkbox" })} key={fields.promotesFinance.key} />
          This offer promotes finance (it needs a representative example)
        </label>
        <div className="form-grid">
          {EXAMPLE_INPUTS.map((input) => (
            <TextField key={input.name} label={input.label} field={fields[input.name]} inputProps={{ inputMode: input.kind === "money" || input.kind === "percent" ? "decimal" : "numeric", placeholder: input.placeholder }} />
          ))}
        </div>
        <label className="checkbox">
          <input {...getInputProps(fields.rateFixed, { type: "checkbox" })} key={fields.rateFixed.key} />
          The rate of interest is fixed
        </label>
        <p className="hint">
          Months count from signing. Left empty, the first payment is a month after signing, the final payment the month after the last monthly
          one, an acceptance fee is paid with the first payment and an option to purchase fee with the last.
        </p>
      </fieldset>
      <OfferFiguresPanel live={live} />
      <div className="form-actions">
        <SubmitButton className="button primary">
          {props.mode === "create" ? "Save draft" : "Save changes"}
        </SubmitButton>
        <Link to={props.cancelTo}>Cancel</Link>
      </div>
    </Form>
  );
}
