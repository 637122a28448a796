import type { OfferKind } from "@db/schema/offers";
import { formatDate } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import type { RepresentativeExample } from "./offer-example";
import { OFFER_KIND_LABELS } from "./offer-rules";

export interface OfferCardOffer {
  title: string;
  summary: string;
  terms: string;
  kind: OfferKind;
  brand: string;
  validFrom: string;
  validTo: string;
  imageUrl: string | null;
  representativeExample: RepresentativeExample | null;
  /** A financial promotion's compliance approval (shown under the example). */
  approval?: { approvedAt: Date | string; approvedByName: string; lapsesOn: string | null } | null;
}

const percent = (basisPoints: number) => `${(basisPoints / 100).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 2 })}%`;
// A London calendar day: noon UTC is the same date in London whatever the clocks do.
const day = (isoDate: string) => formatDate(`${isoDate}T12:00:00Z`);

/**
 * The offer as the public sees it, on /site/offers and as the preview on /offers/:id. `modelNames`
 * empty means every model of the brand.
 */
export function OfferCard(props: { offer: OfferCardOffer; modelNames: string[]; headingLevel?: 2 | 3 }) {
  const { offer, modelNames } = props;
  const Heading = props.headingLevel === 2 ? "h2" : "h3";
  const example = offer.representativeExample;
  return (
    <article className="offer-card" aria-label={offer.title}>
      {offer.imageUrl ? <img src={offer.imageUrl} alt="" loading="lazy" /> : null}
      <p>
        <span className={offer.kind === "manufacturer" ? "badge" : "badge ok"}>{OFFER_KIND_LABELS[offer.kind]}</span>
      </p>
      <Heading>{offer.title}</Heading>
      {/* CONC 3.5.5R: the APR no less prominent than any cost figure, the title's included. */}
      {example ? (
        <p className="offer-apr">
          <strong>{percent(example.aprBasisPoints)} APR</strong> representative
        </p>
      ) : null}
      <p>{offer.summary}</p>
      <p className="hint">
        {offer.brand}: {modelNames.length ? modelNames.join(", ") : `every ${offer.brand} model`}
      </p>
      <p className="hint">
        Valid from {day(offer.validFrom)} to {day(offer.validTo)}
      </p>
      {example ? <RepresentativeExampleBlock example={example} /> : null}
      {offer.approval ? (
        <p className="hint">
          Financial promotion approved by {offer.approval.approvedByName} on {formatDate(offer.approval.approvedAt)}
          {offer.approval.lapsesOn ? `; it lapses on ${day(offer.approval.lapsesOn)}` : ""}.
        </p>
      ) : null}
      <details>
        <summary>Terms and conditions</summary>
        <p style={{ whiteSpace: "pre-line" }}>{offer.terms}</p>
      </details>
    </article>
  );
}

/** "a month after signing", "on signing", "in month 37". */
function when(month: number) {
  if (month === 0) return "on signing";
  if (month === 1) return "a month after signing";
  return `in month ${month}`;
}

/** Every item CONC 3.5.13R asks of a representative example, the schedule included. */
export function RepresentativeExampleBlock({ example }: { example: RepresentativeExample }) {
  const rows: [string, string][] = [
    ["Cash price", formatPounds(example.cashPricePence)],
    ["Customer deposit", formatPounds(example.depositPence)],
    ...(example.depositContributionPence ? ([["Deposit contribution", formatPounds(example.depositContributionPence)]] as [string, string][]) : []),
    ["Amount of credit", formatPounds(example.creditPence)],
    ["Duration of agreement", `${example.termMonths} months`],
    [`${example.paymentCount} monthly payments of (the first ${when(example.firstPaymentMonth)})`, formatPounds(example.monthlyPaymentPence)],
    ...(example.finalPaymentPence && example.finalPaymentMonth !== null
      ? ([[`Optional final payment (${when(example.finalPaymentMonth)})`, formatPounds(example.finalPaymentPence)]] as [string, string][])
      : []),
    ...example.fees.map((fee): [string, string] => [`${fee.name} (paid ${when(fee.month)})`, formatPounds(fee.amountPence)]),
    ["Total amount payable", formatPounds(example.totalPayablePence)],
    [`Rate of interest (${example.rateFixed ? "fixed" : "variable"})`, `${percent(example.ratePercentBasisPoints)} a year`],
    ["Representative APR", percent(example.aprBasisPoints)],
  ];
  return (
    <section className="panel-inset" aria-label="Representative example">
      <h4>Representative example</h4>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label} style={{ display: "contents" }}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
