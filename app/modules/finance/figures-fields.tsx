import type { FieldMetadata } from "@conform-to/react";
import { useState, type FormEvent } from "react";
import { FieldError, TextField } from "~/components/form";
import { formatPounds, parsePence, penceToInput } from "~/utils/money";
import type { FinanceFigures } from "./commission";
import { formatAprTenths } from "./credit-figures";
import { assembleDealFigures, checkDealFigures, computeDealFigures, dealFigureInputs, describeSchedule, type DealFigureInputs } from "./deal-figures";

type Values = Record<string, string>;
type Field = (name: string) => FieldMetadata<string>;

const MONEY = [
  "cashPricePence",
  "depositPence",
  "depositContributionPence",
  "partExchangePence",
  "partExchangeSettlementPence",
  "creditPence",
  "feeAtSigningPence",
  "feeWithLastPaymentPence",
  "monthlyPaymentPence",
  "finalPaymentPence",
  "chargeForCreditPence",
  "totalPayablePence",
] as const;

const INPUTS: [name: string, label: string, hint?: string][] = [
  ["cashPricePence", "Cash price (£)"],
  ["depositPence", "Customer's deposit (£)"],
  ["depositContributionPence", "Deposit contribution (£)", "From the manufacturer or lender: not paid by the customer."],
  ["partExchangePence", "Part exchange (£)"],
  ["partExchangeSettlementPence", "Finance settled on the part exchange (£)"],
  ["creditPence", "Amount of credit (£)"],
  ["termMonths", "Duration (months)"],
  ["regularPaymentCount", "Number of monthly payments"],
  ["monthlyPaymentPence", "Monthly payment (£)"],
  ["finalPaymentPence", "Final payment (£)", "PCP only."],
  ["finalPaymentMonth", "Final payment in month", "Blank: the month after the last monthly payment."],
  ["feeAtSigningPence", "Fee paid on signing (£)"],
  ["feeWithLastPaymentPence", "Fee paid with the last payment (£)", "An option-to-purchase fee, for example."],
  ["ratePercentBasisPoints", "Rate of interest (%)"],
  ["aprBasisPoints", "APR (%)"],
  ["chargeForCreditPence", "Total charge for credit (£)"],
  ["totalPayablePence", "Total amount payable (£)"],
];

function Choice({ field, label, options }: { field: FieldMetadata<string>; label: string; options: [string, string][] }) {
  return (
    <fieldset className="checkbox-group" aria-describedby={field.errorId}>
      <legend>{label}</legend>
      {options.map(([value, text]) => (
        <label key={value}>
          <input type="radio" name={field.name} value={value} defaultChecked={field.initialValue === value} key={`${field.key}-${value}`} />
          {text}
        </label>
      ))}
      <FieldError id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

/** The inputs of a set of credit figures (a deal as quoted, a lender's approved terms). */
export function FiguresInputs({ field }: { field: Field }) {
  return (
    <>
      {INPUTS.map(([name, label, hint]) => (
        <TextField key={name} label={label} field={field(name)} hint={hint} inputProps={{ inputMode: "decimal" }} />
      ))}
      <Choice field={field("firstPaymentMonth")} label="First monthly payment" options={[["1", "A month after signing"], ["0", "On signing"]]} />
      <Choice field={field("rateFixed")} label="Rate fixed?" options={[["yes", "Fixed"], ["no", "Variable"]]} />
    </>
  );
}

/** The form's text as figures, or null while something can't be read yet (the server says why). */
export function figuresFromValues(values: Values): FinanceFigures | null {
  const money: Record<string, number> = {};
  for (const name of MONEY) {
    const text = (values[name] ?? "").trim();
    const pence = text === "" ? 0 : parsePence(text);
    if (pence === null) return null;
    money[name] = pence;
  }
  const whole = (name: string) => (/^\d{1,3}$/.test((values[name] ?? "").trim()) ? Number(values[name]) : null);
  const percent = (name: string) => (/^\d{1,2}(\.\d{1,2})?$/.test((values[name] ?? "").trim()) ? Math.round(Number(values[name]) * 100) : null);
  const [termMonths, regularPaymentCount, aprBasisPoints] = [whole("termMonths"), whole("regularPaymentCount"), percent("aprBasisPoints")];
  if (termMonths === null || regularPaymentCount === null || aprBasisPoints === null) return null;
  return assembleDealFigures({
    ...(money as Pick<DealFigureInputs, (typeof MONEY)[number]>),
    termMonths,
    regularPaymentCount,
    firstPaymentMonth: values.firstPaymentMonth === "0" ? 0 : 1,
    finalPaymentMonth: whole("finalPaymentMonth"),
    ratePercentBasisPoints: percent("ratePercentBasisPoints") ?? 0,
    rateFixed: values.rateFixed !== "no",
    aprBasisPoints,
  });
}

/** Stored figures as the form's text values. */
export function figuresToValues(f: FinanceFigures): Values {
  const inputs = dealFigureInputs(f);
  return {
    ...Object.fromEntries(MONEY.map((name) => [name, penceToInput(inputs[name])])),
    termMonths: String(inputs.termMonths),
    regularPaymentCount: String(inputs.regularPaymentCount),
    firstPaymentMonth: String(inputs.firstPaymentMonth),
    finalPaymentMonth: inputs.finalPaymentMonth === null ? "" : String(inputs.finalPaymentMonth),
    ratePercentBasisPoints: String(inputs.ratePercentBasisPoints / 100),
    rateFixed: inputs.rateFixed ? "yes" : "no",
    aprBasisPoints: String(inputs.aprBasisPoints / 100),
  };
}

/** Keeps the form's current text for the live figures; put `onChange` on the <Form>. */
export function useFormValues(initial: Values) {
  const [values, setValues] = useState(initial);
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const data = new FormData(event.currentTarget);
    setValues(Object.fromEntries([...data.entries()].map(([key, value]) => [key, String(value)])));
  };
  return { values, onChange };
}

/** What the credit-figures engine gives for the figures typed so far: the same check the server makes. */
export function LiveFigures({ values }: { values: Values }) {
  const figures = figuresFromValues(values);
  const computed = figures && computeDealFigures(figures);
  const check = figures && computed?.ok ? checkDealFigures(figures) : null;
  return (
    <aside className="panel live-figures" aria-live="polite" aria-label="Computed figures">
      <h3>Computed figures</h3>
      {!figures ? (
        <p className="hint">Fill in the amounts, duration, number of payments and APR to see the figures.</p>
      ) : !computed?.ok ? (
        <p className="hint">{computed?.message}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Amount of credit</dt>
            <dd>{formatPounds(computed.figures.amountOfCreditPence)}</dd>
            <dt>Total charge for credit</dt>
            <dd>{formatPounds(computed.figures.totalChargeForCreditPence)}</dd>
            <dt>Total amount payable</dt>
            <dd>{formatPounds(computed.figures.totalAmountPayablePence)}</dd>
            <dt>APR</dt>
            <dd>{computed.figures.aprTenths === null ? "—" : formatAprTenths(computed.figures.aprTenths)}</dd>
            <dt>Payments</dt>
            <dd>{describeSchedule(figures)}</dd>
          </dl>
          {check && !check.ok ? (
            <ul className="field-error" role="status">
              {check.problems.map((p) => (
                <li key={p.field}>{p.message}</li>
              ))}
            </ul>
          ) : (
            <p className="hint">The stated figures agree.</p>
          )}
        </>
      )}
    </aside>
  );
}
