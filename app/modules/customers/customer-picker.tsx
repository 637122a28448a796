import { useFetcher } from "@remix-run/react";
import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { FieldError } from "~/components/form";

// Browser-safe. A form's customer: search the records by name, email, phone or postcode and choose
// one (radio buttons: arrow keys move, Space chooses), or choose "New customer" and type the details.
// The chosen id goes with the form as `customerId`; the server fills the record's name and contact
// from the customer, and makes a new customer from the typed details when none is chosen.

export interface PickedCustomer {
  id: string;
  name: string;
  contact: string;
  postcode: string | null;
  dateOfBirth: string | null;
  ukResident: boolean | null;
}

interface SearchAnswer {
  q: string;
  customers: PickedCustomer[];
}

export function CustomerPicker(props: {
  /** The customer already chosen (a sale of a reserved bike: the reservation's customer). */
  initial?: PickedCustomer | null;
  errors?: string[];
  /** The name and contact fields (and any others) for a new customer. */
  newCustomerFields: ReactNode;
  /** The free-text field names the record keeps, sent filled from the chosen customer. */
  names: { name: string; contact: string };
  onChoose?: (customer: PickedCustomer | null) => void;
}) {
  const id = useId();
  const fetcher = useFetcher<SearchAnswer>();
  const [term, setTerm] = useState("");
  const [chosen, setChosen] = useState<PickedCustomer | null>(props.initial ?? null);
  const found = fetcher.data?.customers ?? [];
  const options = chosen && !found.some((c) => c.id === chosen.id) ? [chosen, ...found] : found;
  const search = () => {
    if (term.trim().length >= 2) fetcher.load(`/customers.json?${new URLSearchParams({ q: term.trim() })}`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter searches here; it must not send the form around the picker.
    if (event.key === "Enter") {
      event.preventDefault();
      search();
    }
  };
  const choose = (customer: PickedCustomer | null) => {
    setChosen(customer);
    props.onChoose?.(customer);
  };
  const status = fetcher.state !== "idle" ? "Searching…" : fetcher.data ? (found.length ? `${found.length} customer${found.length === 1 ? "" : "s"} found.` : `No customer matches “${fetcher.data.q}”.`) : "";
  return (
    <fieldset className="customer-picker">
      <legend>Customer</legend>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-search`}>Find a customer</label>
          <p className="hint" id={`${id}-hint`}>
            Name, email, phone or postcode.
          </p>
          <input id={`${id}-search`} type="search" value={term} onChange={(event) => setTerm(event.target.value)} onKeyDown={onKeyDown} aria-describedby={`${id}-hint`} autoComplete="off" />
        </div>
        <button type="button" className="button" onClick={search}>
          Search
        </button>
      </div>
      {/* Announced as it changes; not role="status", which the page's toast uses. */}
      <p aria-live="polite" className="hint">
        {status}
      </p>
      <fieldset className="checkbox-group customer-choices">
        <legend className="visually-hidden">Choose the customer</legend>
        {options.map((customer) => (
          <label key={customer.id} className="choice">
            <input type="radio" name="customerId" value={customer.id} checked={chosen?.id === customer.id} onChange={() => choose(customer)} />{" "}
            <strong>{customer.name}</strong> <span className="muted">{[customer.contact, customer.postcode].filter(Boolean).join(" · ") || "no contact recorded"}</span>
          </label>
        ))}
        <label className="choice">
          <input type="radio" name="customerId" value="" checked={chosen === null} onChange={() => choose(null)} /> New customer
        </label>
      </fieldset>
      <FieldError id={`${id}-error`} errors={props.errors} />
      {chosen ? (
        <>
          <input type="hidden" name={props.names.name} value={chosen.name} />
          <input type="hidden" name={props.names.contact} value={chosen.contact} />
          <p>
            For <strong>{chosen.name}</strong>. <a href={`/customers/${chosen.id}`}>Their record</a>
          </p>
        </>
      ) : (
        props.newCustomerFields
      )}
    </fieldset>
  );
}
