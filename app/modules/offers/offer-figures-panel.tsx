import { formatAprTenths } from "~/modules/finance/credit-figures";
import { formatPounds } from "~/utils/money";
import { checkExample, EXAMPLE_INPUTS, exampleFromInputs, type ExampleInputName } from "./offer-example";
import { promotionProblems, type PromotionProblem } from "./promotion-rules";

// What the server will decide, shown as staff type: the same engine and the same promotion rule.

export type OfferTexts = Partial<Record<"title" | "summary" | "terms" | "promotesFinance" | "rateFixed" | ExampleInputName, string>>;

export type LiveFigures =
  | { state: "none"; problems: PromotionProblem[] }
  | { state: "incomplete"; missing: string[] }
  | { state: "refused"; problems: PromotionProblem[] }
  | { state: "computed"; credit: number; charge: number; payable: number; aprTenths: number | null; problems: PromotionProblem[] };

const LABELS = new Map(EXAMPLE_INPUTS.map((input) => [input.name, input.label.replace(/ \(.*\)$/, "")]));

/** The figures the engine computes from the form's current text. */
export function liveFigures(values: OfferTexts): LiveFigures {
  const texts = { title: values.title ?? "", summary: values.summary ?? "", terms: values.terms ?? "" };
  if (values.promotesFinance !== "on") return { state: "none", problems: promotionProblems({ ...texts, representativeExample: null }) };
  const read = exampleFromInputs(values, values.rateFixed === "on");
  if (!read.ok) return { state: "incomplete", missing: read.problems.map((problem) => LABELS.get(problem.field) ?? problem.field) };
  const { figures } = checkExample(read.example);
  const problems = promotionProblems({ ...texts, representativeExample: read.example });
  if (!figures) return { state: "refused", problems };
  return {
    state: "computed",
    credit: figures.amountOfCreditPence,
    charge: figures.totalChargeForCreditPence,
    payable: figures.totalAmountPayablePence,
    aprTenths: figures.aprTenths,
    problems,
  };
}

/** The form's text as the panel reads it. */
export function textsOf(form: HTMLFormElement): OfferTexts {
  const data = new FormData(form);
  const values: OfferTexts = {};
  for (const name of ["title", "summary", "terms", "promotesFinance", "rateFixed", ...EXAMPLE_INPUTS.map((input) => input.name)] as const) {
    const value = data.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

export function OfferFiguresPanel({ live }: { live: LiveFigures }) {
  return (
    <section className="panel-inset" aria-label="Computed figures" aria-live="polite">
      <h3>Computed figures</h3>
      {live.state === "none" ? (
        <p className="hint">{live.problems.length ? live.problems[0]!.message : "No finance wording: this offer needs no representative example."}</p>
      ) : live.state === "incomplete" ? (
        <p className="hint">To compute the figures, complete: {live.missing.join("; ")}.</p>
      ) : live.state === "refused" ? (
        <p className="field-error">{live.problems.map((problem) => problem.message).join(" ")}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Amount of credit</dt>
            <dd>{formatPounds(live.credit)}</dd>
            <dt>Total charge for credit</dt>
            <dd>{formatPounds(live.charge)}</dd>
            <dt>Total amount payable</dt>
            <dd>{formatPounds(live.payable)}</dd>
            <dt>APR (CONC App 1.1)</dt>
            <dd>{live.aprTenths === null ? "none balances these payments" : formatAprTenths(live.aprTenths)}</dd>
          </dl>
          {live.problems.length ? (
            <ul className="field-error">
              {live.problems.map((problem) => (
                <li key={problem.message}>{problem.message}</li>
              ))}
            </ul>
          ) : (
            <p className="hint">The stated figures agree with these.</p>
          )}
        </>
      )}
    </section>
  );
}
