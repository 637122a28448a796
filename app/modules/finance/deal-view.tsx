import { formatDate, formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { formatBasisPoints, formatPercent, type FinanceFigures } from "./commission";
import type { DealPageData } from "./deal-detail.server";
import { describeSchedule, storedFigures } from "./deal-figures";
import { ATTEMPT_OUTCOME_LABELS, CONSENT_METHOD_LABELS, DISCLOSURE_MEDIUM_LABELS, ENTRY_KIND_LABELS, PRODUCT_LABELS } from "./finance-labels";

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

/** A counter-offer's terms in one line: what the lender approved instead. */
function ApprovedTerms({ terms }: { terms: unknown }) {
  const f = storedFigures(terms);
  return (
    <span>
      {" "}
      — approved: {formatPounds(f.creditPence)} of credit, APR {formatBasisPoints(f.aprBasisPoints)}, {describeSchedule(f)}, total payable {formatPounds(f.totalPayablePence)}
    </span>
  );
}

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
              <dd>{deal.vulnerabilityNote}</dd>
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
        <h2 id="deal-record">The record</h2>
        <ol className="timeline">
          {detail.disclosures.map((d) => (
            <li key={d.id}>
              <time>{formatDateTime(d.givenAt)}</time> Disclosure for {d.lenderName} ({DISCLOSURE_MEDIUM_LABELS[d.medium].toLowerCase()}): document v{d.document?.version} (sha256 {d.documentSha256.slice(0, 12)}…), likely commission {formatPounds(d.estimatedCommissionPence)}, {(d.tiesDisclosed as unknown[]).length} tie(s) disclosed
              {d.customerAskedAmount ? `; customer asked the amount and was told ${d.amountToldToCustomer}` : ""} · {d.givenByName}
            </li>
          ))}
          {detail.consents.map((c) => (
            <li key={c.id}>
              <time>{formatDateTime(c.givenAt)}</time> {c.kind === "fresh" ? "Fresh consent" : "Consent"} by {CONSENT_METHOD_LABELS[c.method]}
            </li>
          ))}
          {detail.attempts.map((a) => (
            <li key={a.id}>
              <time>{formatDateTime(a.proposedAt)}</time> Proposal {a.sequence} to {a.lenderName}: APR {formatBasisPoints(a.aprBasisPoints)}, {a.termMonths} months — <strong>{ATTEMPT_OUTCOME_LABELS[a.outcome]}</strong>
              {a.orderReason ? ` (before the manufacturer lender because: ${a.orderReason})` : ""}
              {a.outcome === "countered" && a.approvedFigures ? <ApprovedTerms terms={a.approvedFigures} /> : null}
              {detail.withdrawals
                .filter((w) => w.attemptId === a.id)
                .map((w) => (
                  <span key={w.id}>
                    {" "}
                    · acceptance withdrawn {formatDateTime(w.withdrawnAt)}: {w.reason}
                  </span>
                ))}
            </li>
          ))}
          {detail.reviews.map((r) => (
            <li key={r.id}>
              <time>{formatDateTime(r.createdAt)}</time> Admin review: {r.decision} at {formatPounds(r.commissionPence)} — {r.note}
            </li>
          ))}
          {detail.confirmations.map((c) => (
            <li key={c.id}>
              <time>{formatDateTime(c.confirmedAt)}</time> Exact commission {formatPounds(c.amountPence)} confirmed ({DISCLOSURE_MEDIUM_LABELS[c.medium].toLowerCase()})
            </li>
          ))}
          {detail.entries.map((e) => (
            <li key={e.id}>
              <time>{formatDate(e.effectiveOn)}</time> {ENTRY_KIND_LABELS[e.kind]}
              {e.amountPence !== null ? ` ${formatPounds(e.amountPence)}` : ""}: {e.reason}
            </li>
          ))}
        </ol>
        {detail.disclosures.length + detail.attempts.length + detail.entries.length === 0 ? <p className="muted">Nothing recorded yet. Start with the disclosure.</p> : null}
      </section>
    </div>
  );
}
