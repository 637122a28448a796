import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { storedFigures } from "./deal-figures";
import { PRODUCT_LABELS } from "./finance-labels";
import { FiguresInputs, figuresToValues, LiveFigures, useFormValues } from "./figures-fields";
import { SubmitButton } from "~/components/submit-button";
import { CustomerPicker } from "~/modules/customers/customer-picker";

type Values = Record<string, string>;

/** The introduction's facts and the figures as quoted; the server checks every rule again. */
export function DealForm(props: {
  mode: "create" | "update";
  branches: { id: string; name: string }[];
  bikes: { id: string; label: string }[];
  defaultValue?: Values;
  lastResult?: SubmissionResult<string[]> | null;
  version?: number;
  cancelTo: string;
}) {
  const [form, fields] = useStaffForm<Values>({ lastResult: props.lastResult, defaultValue: props.defaultValue });
  const field = (name: string) => fields[name] as FieldMetadata<string>;
  const live = useFormValues({ ...props.defaultValue, ...(props.lastResult?.initialValue as Values | undefined) });
  const choice = (name: string, label: string, options: [string, string][]) => (
    <fieldset className="checkbox-group" aria-describedby={field(name).errorId}>
      <legend>{label}</legend>
      {options.map(([value, text]) => (
        <label key={value}>
          <input type="radio" name={name} value={value} defaultChecked={field(name).initialValue === value} key={`${field(name).key}-${value}`} />
          {text}
        </label>
      ))}
      <FieldError id={field(name).errorId} errors={field(name).errors} />
    </fieldset>
  );
  return (
    <Form method="post" {...getFormProps(form)} onChange={live.onChange}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={props.mode} />
      {props.version ? <input type="hidden" name="version" value={props.version} /> : null}
      <h2>The customer</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={field("branchId").id}>Branch</label>
          <select {...getSelectProps(field("branchId"))} key={field("branchId").key} required>
            <option value="">Choose a branch</option>
            {props.branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
          <FieldError id={field("branchId").errorId} errors={field("branchId").errors} />
        </div>
        {props.mode === "update" ? (
          <>
            <TextField label="Customer name" field={field("customerName")} inputProps={{ required: true, autoComplete: "off" }} />
            <TextField label="Phone or email" field={field("customerContact")} inputProps={{ required: true, autoComplete: "off" }} />
          </>
        ) : null}
        <TextField label="Date of birth" type="date" field={field("customerDateOfBirth")} inputProps={{ required: true }} />
      </div>
      {props.mode === "create" ? (
        <CustomerPicker
          names={{ name: field("customerName").name, contact: field("customerContact").name }}
          errors={field("customerId").errors}
          onChoose={(customer) => {
            // The deal's own copy starts from the record; staff confirm it with the customer.
            if (customer?.dateOfBirth) form.update({ name: "customerDateOfBirth", value: customer.dateOfBirth });
            if (customer && customer.ukResident !== null) form.update({ name: "customerUkResident", value: customer.ukResident ? "yes" : "no" });
          }}
          newCustomerFields={
            <div className="form-grid">
              <TextField label="Customer name" field={field("customerName")} inputProps={{ required: true, autoComplete: "off" }} />
              <TextField label="Phone or email" field={field("customerContact")} inputProps={{ required: true, autoComplete: "off" }} />
            </div>
          }
        />
      ) : null}
      <div className="form-grid">
        {choice("channel", "Channel", [["in_store", "In store"], ["distance", "At a distance"]])}
        {choice("customerUkResident", "Lives in the UK?", [["yes", "Yes"], ["no", "No"]])}
      </div>
      <div className="field">
        <label className="checkbox">
          <input {...getInputProps(field("vulnerable"), { type: "checkbox", value: "on" })} key={field("vulnerable").key} /> The customer shows signs of vulnerability
        </label>
      </div>
      <div className="field">
        <label htmlFor={field("vulnerabilityNote").id}>Vulnerability note</label>
        <textarea {...getTextareaProps(field("vulnerabilityNote"))} key={field("vulnerabilityNote").key} rows={2} />
        <FieldError id={field("vulnerabilityNote").errorId} errors={field("vulnerabilityNote").errors} />
      </div>
      <div className="field">
        <label className="checkbox">
          <input {...getInputProps(field("guarantorRequired"), { type: "checkbox", value: "on" })} key={field("guarantorRequired").key} /> A guarantor is required
        </label>
      </div>
      <div className="form-grid">
        <TextField label="Guarantor name" field={field("guarantorName")} />
        <TextField label="Guarantor phone or email" field={field("guarantorContact")} />
      </div>
      <h2>The bike</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={field("vehicleId").id}>From stock</label>
          <select {...getSelectProps(field("vehicleId"))} key={field("vehicleId").key}>
            <option value="">Not from stock (describe it)</option>
            {props.bikes.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
          <FieldError id={field("vehicleId").errorId} errors={field("vehicleId").errors} />
        </div>
        <TextField label="Description (if not from stock)" field={field("vehicleDescription")} />
        <TextField label="Make (if not from stock)" field={field("vehicleBrand")} />
      </div>
      <h2>The finance as quoted</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={field("product").id}>Product</label>
          <select {...getSelectProps(field("product"))} key={field("product").key} required>
            <option value="">Choose a product</option>
            {Object.entries(PRODUCT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <FieldError id={field("product").errorId} errors={field("product").errors} />
        </div>
        <FiguresInputs field={field} />
      </div>
      <LiveFigures values={live.values} />
      <div className="form-actions">
        <SubmitButton className="button primary">
          {props.mode === "create" ? "Record introduction" : "Save changes"}
        </SubmitButton>
        <Link to={props.cancelTo}>Cancel</Link>
      </div>
    </Form>
  );
}

/** A deal's stored facts as the form's text values (pounds, percentages). */
export function dealToFormValues(deal: {
  branchId: string;
  channel: string;
  customerName: string;
  customerDateOfBirth: string;
  customerUkResident: boolean;
  customerContact: string;
  vulnerable: boolean;
  vulnerabilityNote: string;
  guarantorRequired: boolean;
  guarantorName: string | null;
  guarantorContact: string | null;
  vehicleId: string | null;
  vehicleDescription: string;
  vehicleBrand: string;
  product: string;
  quotedFigures: unknown;
}): Values {
  return {
    branchId: deal.branchId,
    channel: deal.channel,
    customerName: deal.customerName,
    customerDateOfBirth: deal.customerDateOfBirth,
    customerUkResident: deal.customerUkResident ? "yes" : "no",
    customerContact: deal.customerContact,
    vulnerable: deal.vulnerable ? "on" : "",
    vulnerabilityNote: deal.vulnerabilityNote,
    guarantorRequired: deal.guarantorRequired ? "on" : "",
    guarantorName: deal.guarantorName ?? "",
    guarantorContact: deal.guarantorContact ?? "",
    vehicleId: deal.vehicleId ?? "",
    vehicleDescription: deal.vehicleId ? "" : deal.vehicleDescription,
    vehicleBrand: deal.vehicleId ? "" : deal.vehicleBrand,
    product: deal.product,
    ...figuresToValues(storedFigures(deal.quotedFigures)),
  };
}
