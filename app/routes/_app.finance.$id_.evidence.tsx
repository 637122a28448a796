import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ScrollingText, ScrollRegion } from "~/components/scroll-region";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import type { FinanceFigures } from "~/modules/finance/commission";
import { describeSchedule } from "~/modules/finance/deal-figures";
import { buildEvidencePack } from "~/modules/finance/evidence.server";
import { DEAL_STATUS_LABELS, formatBasisPoints } from "~/modules/finance/finance-labels";
import { formatDate, LONDON } from "~/utils/dates";
import { notFound } from "~/utils/http.server";
import { formatPounds } from "~/utils/money";

// `$id_`: a page of its own, not rendered inside the deal's page (which has no outlet).
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Evidence pack ${data?.deal.reference ?? ""} · Laguna Admin` }];

export const access = { loader: "finance:view" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const pack = await buildEvidencePack(user, params.id ?? "");
  if (!pack) notFound("That deal doesn't exist, or isn't in your branches.");
  return pack;
}

type Pack = ReturnType<typeof useLoaderData<typeof loader>>;

// Evidence needs the second and the zone (GMT or BST), not just the minute the other pages show.
const instant = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" });
const when = (iso: string | null) => (iso ? instant.format(new Date(iso)) : "—");
const or = (text: string | null | undefined, fallback = "—") => (text ? text : fallback);

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel evidence-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Table({ head, rows, empty }: { head: string[]; rows: ReactNode[][]; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ScrollRegion label={`Table of ${head.join(", ").toLowerCase()}`}>
      <table className="data">
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const FIGURE_ROWS: [string, (f: FinanceFigures) => string][] = [
  ["Cash price", (f) => formatPounds(f.cashPricePence)],
  ["Deposit (+ contribution, part exchange less settlement)", (f) => `${formatPounds(f.depositPence)} + ${formatPounds(f.depositContributionPence)} + ${formatPounds(f.partExchangePence)} − ${formatPounds(f.partExchangeSettlementPence)}`],
  ["Amount of credit", (f) => formatPounds(f.creditPence)],
  ["Duration", (f) => `${f.termMonths} months`],
  ["Payments", (f) => describeSchedule(f)],
  ["Rate / APR", (f) => `${formatBasisPoints(f.ratePercentBasisPoints)} ${f.rateFixed ? "fixed" : "variable"} / ${formatBasisPoints(f.aprBasisPoints)}`],
  ["Monthly / final payment", (f) => `${formatPounds(f.monthlyPaymentPence)} / ${formatPounds(f.finalPaymentPence)}`],
  ["Fees", (f) => f.fees.map((fee) => `${formatPounds(fee.amountPence)} in month ${fee.month}`).join(", ") || formatPounds(0)],
  ["Charge for credit", (f) => formatPounds(f.chargeForCreditPence)],
  ["Total payable", (f) => formatPounds(f.totalPayablePence)],
];

/** The answer, with the lender's approved terms and any withdrawal of the acceptance. */
function outcomeText(a: Pack["attempts"][number]) {
  const terms = a.approvedTerms
    ? `: ${formatPounds(a.approvedTerms.creditPence)} at ${formatBasisPoints(a.approvedTerms.aprBasisPoints)} APR, ${describeSchedule(a.approvedTerms)}, total payable ${formatPounds(a.approvedTerms.totalPayablePence)}, commission ${formatPounds(a.approvedTerms.commissionPence)}`
    : "";
  const withdrawn = a.acceptanceWithdrawn ? `; withdrawn ${when(a.acceptanceWithdrawn.at)}: ${a.acceptanceWithdrawn.reason}` : "";
  return `${a.outcomeLabel}${terms}${withdrawn}`;
}

function TiesTable({ ties }: { ties: Pack["disclosures"][number]["tiesDisclosed"] }) {
  return <Table head={["Reference", "Lender", "Kind", "Terms", "In force"]} empty="No ties in force." rows={ties.map((t) => [t.reference, t.lenderName, t.kindLabel, t.terms, `${t.startsOn ? formatDate(t.startsOn) : "—"} to ${t.endsOn ? formatDate(t.endsOn) : "open"}`])} />;
}

export default function EvidencePackPage() {
  const pack = useLoaderData<typeof loader>();
  const { deal, commission: c } = pack;
  const quoted = deal.quotedFigures;
  const signed = deal.signedFigures;
  return (
    <article className="evidence-pack">
      <div className="page-header no-print">
        <Link to={`/finance/${deal.id}`}>← {deal.reference}</Link>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
          <a className="button" href={`/finance/${deal.id}/evidence.json`} download={`${deal.reference}-evidence.json`}>
            Download JSON
          </a>
        </div>
      </div>
      <header className="panel evidence-section">
        <h1>Evidence pack · {deal.reference}</h1>
        <p>
          <strong>Trading names:</strong> {pack.firm.tradingNames.join(", ")}
        </p>
        <p>{pack.firm.regulatoryStatus.text}</p>
        <p className="muted">
          Regulatory status wording v{pack.firm.regulatoryStatus.version} · generated {when(pack.generatedAt)} by {pack.generatedBy.name} ({pack.generatedBy.email}) · times are UK time; the JSON export holds them in UTC.
        </p>
      </header>

      <Section id="ev-deal" title="The introduction">
        <dl className="facts">
          <dt>Status</dt>
          <dd>{DEAL_STATUS_LABELS[deal.status]}{deal.legalHold ? " · legal hold" : ""}{deal.notProceedingReason ? ` · not proceeding: ${deal.notProceedingReason}` : ""}</dd>
          <dt>Branch / staff</dt>
          <dd>{deal.branch.name} · {deal.staff.name} ({deal.staff.email}) · {deal.channel === "distance" ? "at a distance" : "in store"} · recorded {when(deal.createdAt)}</dd>
          <dt>Customer</dt>
          <dd>{deal.customer.name}, born {formatDate(deal.customer.dateOfBirth)} · {deal.customer.contact} · UK resident: {deal.customer.ukResident ? "yes" : "no"}</dd>
          <dt>Vulnerable</dt>
          <dd>{deal.customer.vulnerable ? `Yes: ${deal.customer.vulnerabilityNote}` : "No"}</dd>
          <dt>Guarantor</dt>
          <dd>{deal.guarantor.required ? `${or(deal.guarantor.name, "required, not recorded")} ${deal.guarantor.contact ?? ""}` : "Not required"}</dd>
          <dt>Bike / product</dt>
          <dd>{or(deal.vehicle.description)} ({deal.vehicle.brand}) · {deal.productLabel}</dd>
          <dt>Agreement</dt>
          <dd>{deal.agreementNumber ? `${deal.agreementNumber}, signed ${when(deal.signedAt)}${deal.signedBy ? ` (recorded by ${deal.signedBy.name})` : ""}` : "Not signed"}</dd>
        </dl>
        <Table head={["Figure", "As quoted", "As signed"]} empty="" rows={FIGURE_ROWS.map(([label, show]) => [label, show(quoted), signed ? show(signed) : "—"])} />
      </Section>

      <Section id="ev-timeline" title="What happened, in time order">
        <ol className="timeline">
          {pack.timeline.filter((e) => e.kind !== "audit").map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{when(e.at)}</time> {e.description}
              {e.by ? <span className="muted"> · {e.by}</span> : null}
            </li>
          ))}
        </ol>
        <p className="muted">Every system record behind these events is in the audit trail at the end.</p>
      </Section>

      {pack.disclosures.map((d, n) => (
        <Section key={d.id} id={`ev-disclosure-${n}`} title={`Disclosure ${n + 1}: ${when(d.givenAt)}`}>
          <dl className="facts">
            <dt>Given by / medium</dt>
            <dd>{d.givenBy?.name} ({d.givenBy?.email}) · {d.mediumLabel} · entered {when(d.recordedAt)}</dd>
            <dt>Lender</dt>
            <dd>{d.lender.name} (FRN {d.lender.fcaFrn})</dd>
            <dt>Likely commission</dt>
            <dd>{d.estimatedCommissionFormatted} · {d.basisLabel}{d.schedule ? ` (schedule v${d.schedule.version}${d.schedule.percentBasisPoints !== null ? `, ${formatBasisPoints(d.schedule.percentBasisPoints)}` : ""})` : ""}</dd>
            <dt>Customer asked the amount</dt>
            <dd>{d.customerAskedAmount ? `Yes, and was told: ${d.amountToldToCustomer}` : "No"}</dd>
            <dt>Document</dt>
            <dd>v{d.document.version ?? "?"} “{d.document.title}”{d.document.effectiveFrom ? `, in effect from ${formatDate(d.document.effectiveFrom)}` : ""}</dd>
          </dl>
          <h3>The text shown to the customer, verbatim</h3>
          <pre className="notes evidence-text">{d.document.text ?? "(document text missing)"}</pre>
          <p className="mono">
            SHA-256 recorded: {d.document.sha256}
            <br />
            SHA-256 of the text: {or(d.document.computedSha256)}{" "}
            {d.document.hashMatches ? <span className="badge ok">✓ matches</span> : <span className="badge danger">✗ does not match</span>}
          </p>
          <h3>Ties disclosed with it</h3>
          <TiesTable ties={d.tiesDisclosed} />
        </Section>
      ))}

      <Section id="ev-ties" title="Ties in force">
        <h3>{pack.tiesInForce.atFirstDisclosure ? `On the day of the first disclosure (${formatDate(pack.tiesInForce.atFirstDisclosure.on)})` : "No disclosure yet"}</h3>
        {pack.tiesInForce.atFirstDisclosure ? <TiesTable ties={pack.tiesInForce.atFirstDisclosure.ties} /> : null}
        {pack.tiesInForce.atSigning ? (
          <>
            <h3>On the day of signing ({formatDate(pack.tiesInForce.atSigning.on)})</h3>
            <TiesTable ties={pack.tiesInForce.atSigning.ties} />
          </>
        ) : null}
      </Section>

      <Section id="ev-consents" title="Consents">
        <Table head={["Given", "Kind", "Method", "Recorded by", "Entered"]} empty="No consent recorded." rows={pack.consents.map((x) => [when(x.givenAt), x.kind === "fresh" ? "Fresh (confirmed commission)" : "Initial (disclosure)", x.methodLabel, x.recordedBy?.name, when(x.recordedAt)])} />
      </Section>

      <Section id="ev-attempts" title="Lenders tried, in order">
        <Table
          head={["#", "Lender", "Proposed", "Order reason", "Credit / APR / term", "Commission on quote", "Outcome", "Decided"]}
          empty="No proposal yet."
          rows={pack.attempts.map((a) => [a.sequence, `${a.lender.name} (FRN ${a.lender.fcaFrn})`, when(a.proposedAt), or(a.orderReason), `${formatPounds(a.quote.creditPence)} / ${a.aprFormatted} / ${a.termMonths} months`, formatPounds(a.quote.commissionPence), outcomeText(a), when(a.decidedAt)])}
        />
      </Section>

      <Section id="ev-commission" title="Commission">
        <Table
          head={["Estimated (disclosed)", "Confirmed", "Paid", "Clawed back"]}
          empty=""
          rows={[[or(c.estimatedFormatted), or(c.confirmedFormatted), c.paidPence === null ? "Not yet" : <>{c.paidFormatted}{c.paidDiffersFromConfirmed ? <span className="badge danger"> differs from confirmed</span> : null}</>, or(c.clawedBackFormatted)]]}
        />
        <p>
          Lender: {c.lender ? c.lender.name : "none accepted"}.{c.confirmedAboveEstimate ? " The confirmed commission exceeded the estimate: fresh consent was needed before signing." : ""}
        </p>
        <Table
          head={[`Share of ${c.ratiosOf === "confirmed" ? "the confirmed" : "the quoted"} commission (${or(formatPounds(c.ratiosCommissionPence))})`, "Of the charge for credit", "Of the credit", "Of the total payable"]}
          empty=""
          rows={[["Ratio", c.ratios.ofChargeForCredit.formatted, c.ratios.ofCredit.formatted, c.ratios.ofTotalPayable.formatted]]}
        />
        <h3>Confirmations and reviews</h3>
        <Table
          head={["When", "What", "Amount", "By"]}
          empty="None."
          rows={[
            ...pack.confirmations.map((x) => [when(x.confirmedAt), `Confirmed to the customer ${x.mediumLabel.toLowerCase()}`, x.amountFormatted, x.confirmedBy?.name]),
            ...pack.reviews.map((r) => [when(r.at), `Admin review: ${r.decision}. ${r.note}`, r.commissionFormatted, r.reviewer?.name]),
          ]}
        />
      </Section>

      <Section id="ev-entries" title="Entries: corrections and later events">
        <Table head={["Entered", "Kind", "Effective", "Amount", "Reason", "By"]} empty="No entries." rows={pack.entries.map((e) => [when(e.recordedAt), e.kindLabel, formatDate(e.effectiveOn), or(e.amountFormatted), e.reason, e.recordedBy?.name])} />
      </Section>

      <Section id="ev-audit" title="Audit trail">
        <Table
          head={["#", "When", "Who", "Action", "Before", "After"]}
          empty="No audit rows."
          rows={pack.audit.map((a) => [a.id, when(a.at), or(a.actorEmail), a.action, a.before === null ? "—" : <ScrollingText label={`Audit entry ${a.id}, before`}>{JSON.stringify(a.before, null, 1)}</ScrollingText>, a.after === null ? "—" : <ScrollingText label={`Audit entry ${a.id}, after`}>{JSON.stringify(a.after, null, 1)}</ScrollingText>])}
        />
      </Section>
    </article>
  );
}
