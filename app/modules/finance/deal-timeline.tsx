import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate, LONDON } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { formatBasisPoints } from "./commission";
import type { DealPageData } from "./deal-detail.server";
import { describeSchedule, storedFigures } from "./deal-figures";
import { ATTEMPT_OUTCOME_LABELS, CONSENT_METHOD_LABELS, DISCLOSURE_MEDIUM_LABELS, ENTRY_KIND_LABELS } from "./finance-labels";

interface Event {
  at: string;
  key: string;
  body: ReactNode;
}

const iso = (value: Date | string) => new Date(value).toISOString();
// To the second: steps entered within one minute must read in the order they are listed.
const instant = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Every step of the deal as one list in the order it happened: a reader never has to merge sections in their head. */
export function DealTimeline({ detail }: { detail: DealPageData }) {
  const { deal } = detail;
  const name = (id: string | null | undefined) => (id ? (detail.people[id] ?? "") : "");
  const by = (id: string | null | undefined) => (id && name(id) ? <span className="muted"> · {name(id)}</span> : null);
  const events: Event[] = [];
  const add = (at: Date | string, key: string, body: ReactNode) => events.push({ at: iso(at), key, body });

  add(deal.createdAt, "created", <>Introduction recorded{by(deal.staffId)}</>);
  detail.disclosures.forEach((d, n) => {
    const pdf = detail.disclosureRecords.pdfs.find((p) => p.disclosureId === d.id);
    const ack = detail.disclosureRecords.acknowledgments.find((a) => a.disclosureId === d.id);
    add(
      d.givenAt,
      `disclosure-${d.id}`,
      <>
        Disclosure {n + 1} for {d.lenderName} ({DISCLOSURE_MEDIUM_LABELS[d.medium].toLowerCase()}): notice v{d.document?.version}, likely commission {formatPounds(d.estimatedCommissionPence)}, {(d.tiesDisclosed as unknown[]).length} tie(s) disclosed
        {d.customerAskedAmount ? `; the customer asked the amount and was told ${d.amountToldToCustomer}` : ""}
        {by(d.givenBy)}
        <div className="timeline-detail">
          {pdf ? (
            <>
              <a href={`/finance/disclosures/${d.id}/document.pdf`} download>
                Download the customer&apos;s document (PDF)
              </a>{" "}
              <span className="mono" aria-label={`SHA-256 of disclosure ${n + 1}'s document`}>
                SHA-256 {pdf.sha256}
              </span>
            </>
          ) : (
            <span className="muted">No per-deal document was kept for this disclosure.</span>
          )}
        </div>
        {pdf && !ack ? (
          <div className="timeline-detail">
            <span className="badge warn">Not yet acknowledged</span>{" "}
            {detail.allowed.edit ? <Link to={`/finance/${deal.id}/acknowledge?disclosure=${d.id}`}>Acknowledge on the tablet, or upload the signed copy</Link> : null}
          </div>
        ) : null}
      </>,
    );
    if (ack) {
      add(
        ack.acknowledgedAt,
        `ack-${ack.id}`,
        <>
          {ack.method === "tablet" ? (
            <>
              The customer acknowledged disclosure {n + 1} on the shop&apos;s tablet, typing &ldquo;{ack.typedName}&rdquo;
            </>
          ) : (
            <>
              The customer signed disclosure {n + 1} on paper:{" "}
              <a href={`/finance/disclosures/${d.id}/scan`} download>
                download the scan
              </a>
            </>
          )}
          <span className="muted"> · recorded by {ack.recordedByName}</span>
        </>,
      );
    }
  });
  for (const c of detail.consents) add(c.givenAt, `consent-${c.id}`, <>{c.kind === "fresh" ? "Fresh consent" : "Consent"} by {CONSENT_METHOD_LABELS[c.method].toLowerCase()}{by(c.recordedBy)}</>);
  for (const a of detail.attempts) {
    add(a.proposedAt, `proposal-${a.id}`, <>Proposal {a.sequence} to {a.lenderName}: APR {formatBasisPoints(a.aprBasisPoints)}, {a.termMonths} months{a.orderReason ? ` (before the manufacturer lender because: ${a.orderReason})` : ""}{by(a.recordedBy)}</>);
    if (a.decidedAt) {
      const terms = a.outcome === "countered" && a.approvedFigures ? storedFigures(a.approvedFigures) : null;
      add(
        a.decidedAt,
        `decision-${a.id}`,
        <>
          {a.lenderName} answered proposal {a.sequence}: <strong>{ATTEMPT_OUTCOME_LABELS[a.outcome]}</strong>
          {terms ? ` (approved: ${formatPounds(terms.creditPence)} of credit, APR ${formatBasisPoints(terms.aprBasisPoints)}, ${describeSchedule(terms)}, total payable ${formatPounds(terms.totalPayablePence)})` : ""}
        </>,
      );
    }
  }
  for (const w of detail.withdrawals) add(w.withdrawnAt, `withdrawal-${w.id}`, <>Acceptance withdrawn: {w.reason}{by(w.recordedBy)}</>);
  for (const r of detail.reviews) add(r.createdAt, `review-${r.id}`, <>Commission review by {name(r.reviewerId) || "an admin"}: {r.decision} at {formatPounds(r.commissionPence)}: {r.note}</>);
  for (const c of detail.confirmations) add(c.confirmedAt, `confirmation-${c.id}`, <>Exact commission {formatPounds(c.amountPence)} confirmed to the customer ({DISCLOSURE_MEDIUM_LABELS[c.medium].toLowerCase()}){by(c.confirmedBy)}</>);
  if (deal.signedAt) add(deal.signedAt, "signed", <><strong>Signed</strong>: agreement {deal.agreementNumber}, recorded by {name(deal.signedBy) || "—"}. The record is now closed to edits.</>);
  for (const e of detail.entries) add(e.createdAt, `entry-${e.id}`, <>{ENTRY_KIND_LABELS[e.kind]}{e.amountPence !== null ? ` ${formatPounds(e.amountPence)}` : ""}, effective {formatDate(e.effectiveOn)}: {e.reason}{by(e.createdBy)}</>);

  // A stable sort: steps at the same instant keep the order they are listed in above.
  events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  if (events.length === 1) return <p className="muted">Nothing recorded yet beyond the introduction. Start with the disclosure.</p>;
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.key}>
          <time dateTime={e.at}>{instant.format(new Date(e.at))}</time> {e.body}
        </li>
      ))}
    </ol>
  );
}
