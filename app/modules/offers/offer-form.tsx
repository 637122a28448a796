import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { OfferKind } from "@db/schema/offers";
import { FieldError, FormErrors, TextField } from "~/components/form";
import { BRANDS } from "~/modules/branches/brands";
import { penceToInput } from "~/utils/money";
import { OFFER_KIND_LABELS, type RepresentativeExample } from "./offer-rules";

// No zod here: the pages import this, and the schema reads the same field list.

export interface ExampleInput {
  name: "apr" | "rate" | "cashPrice" | "deposit" | "depositContribution" | "credit" | "termMonths" | "monthlyPayment" | "finalPayment" | "fees" | "totalPayable";
  key: Exclude<keyof RepresentativeExample, "rateFixed">;
  label: string;
  kind: "money" | "percent" | "months";
  optional?: boolean;
}

export const EXAMPLE_INPUTS: readonly ExampleInput[] = [
  { name: "apr", key: "aprBasisPoints", label: "Representative APR (%)", kind: "percent" },
  { name: "rate", key: "ratePercentBasisPoints", label: "Rate of interest (% a year)", kind: "percent" },
  { name: "cashPrice", key: "cashPricePence", label: "Cash price (£)", kind: "money" },
  { name: "deposit", key: "depositPence", label: "Customer deposit (£)", kind: "money" },
  { name: "depositContribution", key: "depositContributionPence", label: "Deposit contribution (£)", kind: "money", optional: true },
  { name: "credit", key: "creditPence", label: "Amount of credit (£)", kind: "money" },
  { name: "termMonths", key: "termMonths", label: "Term (months)", kind: "months" },
  { name: "monthlyPayment", key: "monthlyPaymentPence", label: "Monthly payment (£)", kind: "money" },
  { name: "finalPayment", key: "finalPaymentPence", label: "Optional final payment (£)", kind: "money", optional: true },
  { name: "fees", key: "feesPence", label: "Fees (£)", kind: "money", optional: true },
  { name: "totalPayable", key: "totalPayablePence", label: "Total amount payable (£)", kind: "money" },
];

export type OfferFormValues = Partial<
  Record<"title" | "summary" | "terms" | "kind" | "brand" | "modelScope" | "validFrom" | "validTo" | "imageUrl" | "promotesFinance" | "rateFixed" | ExampleInput["name"], string> &
    Record<"modelIds" | "branchIds", string[]>
>;

/** A stored offer as the form's text. */
export function offerFormValues(offer: {
  title: string; summary: string; terms: string; kind: OfferKind; brand: string; modelIds: string[]; branchIds: string[];
  validFrom: string; validTo: string; imageUrl: string | null; representativeExample: RepresentativeExample | null;
}): OfferFormValues {
  const example = offer.representativeExample;
  const values: OfferFormValues = {
    ...offer,
    imageUrl: offer.imageUrl ?? "",
    modelScope: offer.modelIds.length ? "chosen" : "all",
    promotesFinance: example ? "on" : undefined,
    rateFixed: example?.rateFixed ? "on" : undefined,
  };
  if (example) {
    for (const input of EXAMPLE_INPUTS) {
      const value = example[input.key];
      values[input.name] = input.kind === "money" ? penceToInput(value) : input.kind === "percent" ? (value / 100).toFixed(2) : String(value);
    }
  }
  return values;
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
  const [form, fields] = useForm<OfferFormValues>({ lastResult: props.lastResult, defaultValue: props.defaultValue, shouldValidate: "onSubmit" });
  const text = (field: FieldMetadata<string | undefined>) => getTextareaProps(field);
  const chosenModels = [fields.modelIds.initialValue ?? []].flat().filter((id): id is string => Boolean(id));
  return (
    <Form method="post" {...getFormProps(form)}>
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
            <TextField key={input.name} label={input.label} field={fields[input.name]} inputProps={{ inputMode: input.kind === "months" ? "numeric" : "decimal" }} />
          ))}
        </div>
        <label className="checkbox">
          <input {...getInputProps(fields.rateFixed, { type: "checkbox" })} key={fields.rateFixed.key} />
          The rate of interest is fixed
        </label>
        <p className="hint">The amount of credit must be the cash price less the deposit and contribution, and the total payable the deposit plus every payment and fee.</p>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary">
          {props.mode === "create" ? "Save draft" : "Save changes"}
        </button>
        <Link to={props.cancelTo}>Cancel</Link>
      </div>
    </Form>
  );
}
