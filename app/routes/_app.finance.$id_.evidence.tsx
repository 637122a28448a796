import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ScrollRegion } from "~/components/scroll-region";
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

const tieKey = (ties: { reference: string; terms: string }[]) => ties.map((t) => `${t.reference}|${t.terms}`).sort().join("\n");
const sameTies = (a: { reference: string; terms: string }[], b: { reference: string; terms: string }[]) => tieKey(a) === tieKey(b);
const basisOf = (d: Pack["disclosures"][number]) => `${d.basisLabel}${d.schedule?.percentBasisPoints != null ? ` (${formatBasisPoints(d.schedule.percentBasisPoints)})` : ""}`;

function HashCheck({ ok }: { ok: boolean }) {
  return ok ? <span className="badge ok">✓ hash re-checked: matches</span> : <span className="badge danger">✗ hash does not match</span>;
}

export default function EvidencePackPage() {
  const pack = useLoaderData<typeof loader>();
  const { deal, commission: c } = pack;
  const quoted = deal.quotedFigures;
  const signed = deal.signedFigures;
  // Each notice version once, however many disclosures showed it.
  const notices = pack.disclosures.filter((d, n) => pack.disclosures.findIndex((x) => x.document.id === d.document.id) === n).map((d) => d.document);
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
      <header className="evidence-section">
        <h1>Evidence pack · {deal.reference}</h1>
        <p className="muted">
          {pack.firm.tradingNames.join(", ")}. Regulatory status wording v{pack.firm.regulatoryStatus.version}: {pack.firm.regulatoryStatus.text}
        </p>
        <p className="muted">
          Generated {when(pack.generatedAt)} by {pack.generatedBy.name} ({pack.generatedBy.email}). Times are UK time; the JSON export holds them in UTC, with every audit row in full.
        </p>
      </header>

      <Section id="ev-warnings" title={pack.warnings.length ? `Warnings (${pack.warnings.length})` : "Warnings"}>
        {pack.warnings.length ? (
          <ul className="evidence-warnings">
            {pack.warnings.map((w, i) => (
              <li key={i}>
                <span className={`badge ${w.kind === "hold" ? "warn" : "danger"}`}>{WARNING_LABELS[w.kind]}</span> {w.message}
              </li>
            ))}
          </ul>
        ) : (
          <p>None: every step is in order, reviews were made by someone outside the deal, and every hash matches.</p>
        )}
      </Section>

      <Section id="ev-deal" title="The introduction">
        <dl className="facts">
          <dt>Status</dt>
          <dd>{DEAL_STATUS_LABELS[deal.status]}{deal.legalHold ? " · legal hold" : ""}{deal.notProceedingReason ? ` · not proceeding: ${deal.notProceedingReason}` : ""}</dd>
          <dt>Branch / staff</dt>
          <dd>{deal.branch.name} · {deal.staff.name} · {deal.channel === "distance" ? "at a distance" : "in store"} · recorded {when(deal.createdAt)}</dd>
          <dt>Customer</dt>
          <dd>{deal.customer.name}, born {formatDate(deal.customer.dateOfBirth)} · {deal.customer.contact} · UK resident: {deal.customer.ukResident ? "yes" : "no"} · vulnerable: {deal.customer.vulnerable ? `yes (${deal.customer.vulnerabilityNote ?? "note withheld: finance staff of this branch, admins and compliance read it"})` : "no"}</dd>
          <dt>Guarantor</dt>
          <dd>{deal.guarantor.required ? `${or(deal.guarantor.name, "required, not recorded")} ${deal.guarantor.contact ?? ""}` : "Not required"}</dd>
          <dt>Bike / product</dt>
          <dd>{or(deal.vehicle.description)} ({deal.vehicle.brand}) · {deal.productLabel}</dd>
          <dt>Agreement</dt>
          <dd>{deal.agreementNumber ? `${deal.agreementNumber}, signed ${when(deal.signedAt)}${deal.signedBy ? `, recorded by ${deal.signedBy.name}` : ""}` : "Not signed"}</dd>
        </dl>
        <Table head={["Figure", "As quoted", "As signed"]} empty="" rows={FIGURE_ROWS.map(([label, show]) => [label, show(quoted), signed ? show(signed) : "—"])} />
      </Section>

      <Section id="ev-timeline" title="What happened, in time order">
        <Table head={["Happened", "Entered", "Who", "What"]} empty="Nothing recorded." rows={pack.timeline.map((e) => [when(e.at), e.enteredAt === e.at ? "same" : when(e.enteredAt), or(e.by), e.description])} />
      </Section>

      <Section id="ev-commission" title="Commission">
        <Table
          head={["Lender", "Estimated (disclosed)", "Confirmed", "Paid", "Clawed back"]}
          empty=""
          rows={[[c.lender ? c.lender.name : "none accepted", or(c.estimatedFormatted), or(c.confirmedFormatted), c.paidPence === null ? "Not yet" : `${c.paidFormatted}${c.paidDiffersFromConfirmed ? " (differs from confirmed)" : ""}`, or(c.clawedBackFormatted)]]}
        />
        <Table
          head={[`Share of the ${c.ratiosOf === "confirmed" ? "confirmed" : "quoted"} commission (${or(formatPounds(c.ratiosCommissionPence))})`, "Of the charge for credit", "Of the credit", "Of the total payable", "Review needed"]}
          empty=""
          rows={[["Ratio", c.ratios.ofChargeForCredit.formatted, c.ratios.ofCredit.formatted, c.ratios.ofTotalPayable.formatted, c.reviewNeeded === null ? "—" : c.reviewNeeded ? "Yes" : "No"]]}
        />
        <h3>Lenders tried, in order</h3>
        <Table
          head={["#", "Lender", "Proposed", "Credit / APR / term", "Commission on quote", "Answer"]}
          empty="No proposal yet."
          rows={pack.attempts.map((a) => [a.sequence, `${a.lender.name} (FRN ${a.lender.fcaFrn})${a.orderReason ? `; before the manufacturer lender: ${a.orderReason}` : ""}`, when(a.proposedAt), `${formatPounds(a.quote.creditPence)} / ${a.aprFormatted} / ${a.termMonths} months`, formatPounds(a.quote.commissionPence), `${outcomeText(a)} (${when(a.decidedAt)})`])}
        />
      </Section>

      <Section id="ev-disclosures" title="Disclosures and the documents the customer was given">
        <Table
          head={["#", "Given", "Lender", "Basis", "Likely", "This deal's document", "Acknowledged"]}
          empty="No disclosure yet."
          rows={pack.disclosures.map((d, n) => [
            n + 1,
            `${when(d.givenAt)}, ${d.mediumLabel.toLowerCase()}, by ${d.givenBy?.name ?? "—"}`,
            d.lender.name,
            basisOf(d),
            `${d.estimatedCommissionFormatted}${d.customerAskedAmount ? ` (asked; told ${d.amountToldToCustomer})` : ""}`,
            d.customerDocument ? (
              <>
                <a href={d.customerDocument.url}>PDF</a> <span className="mono">SHA-256 {d.customerDocument.sha256}</span> <HashCheck ok={d.customerDocument.hashMatches} />
              </>
            ) : (
              "None kept"
            ),
            d.acknowledgment ? (
              <>
                {d.acknowledgment.method === "tablet" ? `On the tablet as "${d.acknowledgment.typedName}"` : "Signed on paper"}, {when(d.acknowledgment.acknowledgedAt)}
                {d.acknowledgment.scan ? (
                  <>
                    {" "}
                    · <a href={d.acknowledgment.scan.url}>scan</a>
                  </>
                ) : null}
              </>
            ) : (
              "Not recorded"
            ),
          ])}
        />
        <h3>Ties disclosed</h3>
        <TiesTable ties={pack.disclosures.at(-1)?.tiesDisclosed ?? []} />
        {pack.tiesInForce.atSigning ? (
          <>
            <h3>Ties in force on the day of signing ({formatDate(pack.tiesInForce.atSigning.on)})</h3>
            {sameTies(pack.tiesInForce.atSigning.ties, pack.disclosures.at(-1)?.tiesDisclosed ?? []) ? <p>The same as disclosed.</p> : <TiesTable ties={pack.tiesInForce.atSigning.ties} />}
          </>
        ) : null}
        {notices.map((doc) => (
          <div key={doc.id}>
            <h3>
              Notice v{doc.version ?? "?"} “{doc.title}”{doc.effectiveFrom ? `, in effect from ${formatDate(doc.effectiveFrom)}` : ""}: the text verbatim
            </h3>
            <pre className="notes evidence-text">{doc.text ?? "(text missing)"}</pre>
            <p className="mono">
              SHA-256 {doc.sha256} <HashCheck ok={doc.hashMatches} />
            </p>
          </div>
        ))}
      </Section>

      <Section id="ev-entries" title="Entries after signing">
        <Table head={["Entered", "Kind", "Effective", "Amount", "Reason", "By"]} empty="No entries." rows={pack.entries.map((e) => [when(e.recordedAt), e.kindLabel, formatDate(e.effectiveOn), or(e.amountFormatted), e.reason, e.recordedBy?.name])} />
      </Section>

      <Section id="ev-audit" title="Audit trail">
        <Table head={["#", "When", "What"]} empty="No audit rows." rows={pack.audit.map((a) => [a.id, when(a.at), a.sentence])} />
      </Section>
    </article>
  );
}

const WARNING_LABELS: Record<Pack["warnings"][number]["kind"], string> = {
  order: "Out of order",
  four_eyes: "Four eyes",
  review: "Review",
  hash: "Hash",
  document: "Document",
  consent: "Consent",
  payment: "Payment",
  hold: "Legal hold",
  entered_late: "Entered late",
};
