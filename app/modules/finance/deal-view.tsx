import { formatDate, formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { formatBasisPoints, formatPercent, type FinanceFigures } from "./commission";
import type { DealPageData } from "./deal-detail.server";
import { describeSchedule, storedFigures } from "./deal-figures";
import { DealTimeline } from "./deal-timeline";
import { PRODUCT_LABELS } from "./finance-labels";
import { Link } from "@remix-run/react";

function Figures({ figures, title }: { figures: FinanceFigures; title: string }) {
  return (
    <>
      <h3>{title}</h3>
      <dl className="facts">
        <dt>Cash price</dt>
        <dd>{formatPounds(figures.cashPricePence)}</dd>
        <dt>Deposit</dt>
        <dd>
          {formatPounds(figures.depositPence)}
          {figures.depositContributionPence ? ` + ${formatPounds(figures.depositContributionPence)} contribution` : ""}
          {figures.partExchangePence ? ` + ${formatPounds(figures.partExchangePence)} part exchange` : ""}
          {figures.partExchangeSettlementPence ? ` (less ${formatPounds(figures.partExchangeSettlementPence)} settled on it)` : ""}
        </dd>
        <dt>Amount of credit</dt>
        <dd>{formatPounds(figures.creditPence)}</dd>
        <dt>Duration</dt>
        <dd>{figures.termMonths} months</dd>
        <dt>Payments</dt>
        <dd>{describeSchedule(figures)}</dd>
        <dt>Rate / APR</dt>
        <dd>
          {formatBasisPoints(figures.ratePercentBasisPoints)} {figures.rateFixed ? "fixed" : "variable"} · APR {formatBasisPoints(figures.aprBasisPoints)}
        </dd>
        <dt>Fees</dt>
        <dd>{formatPounds(figures.feesPence)}</dd>
        <dt>Charge for credit</dt>
        <dd>{formatPounds(figures.chargeForCreditPence)}</dd>
        <dt>Total payable</dt>
        <dd>{formatPounds(figures.totalPayablePence)}</dd>
      </dl>
    </>
  );
}

/**
 * The note of the customer's circumstances: special-category data, read only on request (each view is
 * logged, and the last few readers are listed), and never shown to those who may not read it.
 */
function VulnerabilityNoteView({ detail }: { detail: DealPageData }) {
  const note = detail.vulnerabilityNote;
  if (note.state === "none") return <>Marked vulnerable; no note kept.</>;
  if (note.state === "withheld") return <span className="muted">A note of the customer&apos;s circumstances is kept: only finance staff of this branch, admins and compliance can read it.</span>;
  return (
    <>
      {note.state === "shown" ? (
        <p className="notes">{note.text}</p>
      ) : (
        <Link to="?note=show" preventScrollReset>
          Show the note (your view is logged)
        </Link>
      )}
      {detail.noteViews.length ? (
        <details>
          <summary className="muted">Read {detail.noteViews.length === 20 ? "20+ times" : `${detail.noteViews.length} time${detail.noteViews.length === 1 ? "" : "s"}`}</summary>
          <ul className="muted">
            {detail.noteViews.map((v, i) => (
              <li key={i}>
                {formatDateTime(v.at)} · {v.viewerEmail} · {VIEW_PLACE_LABELS[v.place]}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

const VIEW_PLACE_LABELS = { deal_page: "deal page", deal_edit_form: "edit form", evidence_pack: "evidence pack", evidence_json: "evidence JSON" } as const;

/** The deal's facts and the record so far, in the order things happened. */
export function DealView({ detail }: { detail: DealPageData }) {
  const { deal, position } = detail;
  return (
    <div>
      <section className="panel" aria-labelledby="deal-facts">
        <h2 id="deal-facts">Customer and bike</h2>
        <dl className="facts">
          <dt>Customer</dt>
          <dd>
            {deal.customerName}, born {formatDate(deal.customerDateOfBirth)} · {deal.customerContact}
          </dd>
          <dt>UK resident</dt>
          <dd>{deal.customerUkResident ? "Yes" : "No"}</dd>
          {deal.vulnerable ? (
            <>
              <dt>Vulnerability</dt>
              <dd>
                <VulnerabilityNoteView detail={detail} />
              </dd>
            </>
          ) : null}
          <dt>Guarantor</dt>
          <dd>{deal.guarantorRequired ? `${deal.guarantorName ?? "required, not yet recorded"} ${deal.guarantorContact ?? ""}` : "Not required"}</dd>
          <dt>Bike</dt>
          <dd>
            {deal.vehicleDescription} ({deal.vehicleBrand})
          </dd>
          <dt>Product</dt>
          <dd>{PRODUCT_LABELS[deal.product]}</dd>
          {deal.agreementNumber ? (
            <>
              <dt>Agreement</dt>
              <dd>
                {deal.agreementNumber}, signed {deal.signedAt ? formatDateTime(deal.signedAt) : ""}
              </dd>
            </>
          ) : null}
        </dl>
        <Figures figures={storedFigures(deal.signedFigures ?? deal.quotedFigures)} title={deal.signedFigures ? "As signed" : "As quoted"} />
      </section>
      {position ? (
        <section className="panel" aria-labelledby="deal-commission">
          <h2 id="deal-commission">Commission</h2>
          <dl className="facts">
            <dt>Lender</dt>
            <dd>{position.lenderName}</dd>
            <dt>Disclosed (likely)</dt>
            <dd>{position.disclosedPence === null ? "—" : formatPounds(position.disclosedPence)}</dd>
            <dt>Confirmed</dt>
            <dd>{position.confirmedPence === null ? "Not yet" : formatPounds(position.confirmedPence)}</dd>
            <dt>Paid</dt>
            <dd>
              {detail.paid ? formatPounds(detail.paid.paidPence) : "Not yet"}
              {detail.paid?.differsFromConfirmed ? <span className="badge danger"> differs from confirmed</span> : null}
            </dd>
            <dt>Share of the charge for credit</dt>
            <dd>{formatPercent(position.ratios.ofChargeForCredit)}</dd>
            <dt>Share of the credit</dt>
            <dd>{formatPercent(position.ratios.ofCredit)}</dd>
            <dt>Share of the total payable</dt>
            <dd>{formatPercent(position.ratios.ofTotalPayable)}</dd>
          </dl>
          {position.reviewNeeded ? <p className="badge warn">High commission: an admin's review is needed before signing.</p> : null}
        </section>
      ) : null}
      <section className="panel" aria-labelledby="deal-record">
        <h2 id="deal-record">The record, in time order</h2>
        <DealTimeline detail={detail} />
      </section>
    </div>
  );
}
