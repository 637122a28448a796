import { Form } from "@remix-run/react";
import { ConfirmButton } from "~/components/confirm-button";
import { StepUpCode } from "~/components/step-up-code";
import { RepresentativeExampleBlock } from "~/modules/offers/offer-card";
import { readExample } from "~/modules/offers/offer-example";
import { formatDate, formatDateTime } from "~/utils/dates";

// The offer page's "Promotion approval" panel: where this revision stands, who approved it, when,
// until when, and the frozen copy of the text and figures they approved. The server decides.

type State = "not_needed" | "missing" | "changed" | "lapsed" | "current";
interface Approval {
  id: string;
  approvedAt: string | Date;
  approvedByName: string;
  approvedByRole: string;
  lapsesOn: string | null;
  copySha256: string;
  approvedCopy: unknown;
}

const day = (isoDate: string) => formatDate(`${isoDate}T12:00:00Z`);

const BADGE: Record<State, { text: string; className: string }> = {
  not_needed: { text: "Not a finance promotion", className: "badge" },
  missing: { text: "Awaiting approval", className: "badge warn" },
  changed: { text: "Changed since approval", className: "badge warn" },
  lapsed: { text: "Approval lapsed", className: "badge danger" },
  current: { text: "Approved", className: "badge ok" },
};

export function OfferApprovalPanel(props: {
  standing: { state: State; approval: Approval | null; history: Approval[] };
  offer: { state: string; version: number; title: string };
  canApprove: boolean;
  stepUp?: string;
}) {
  const { standing, offer } = props;
  if (standing.state === "not_needed") return null;
  const approval = standing.approval;
  const approvable = props.canApprove && standing.state !== "current";
  const earlier = standing.history.filter((row) => row.id !== approval?.id);
  return (
    <section className="panel" aria-labelledby="approval-title">
      <div className="page-header">
        <h2 id="approval-title">Promotion approval</h2>
        <span className={BADGE[standing.state].className}>{BADGE[standing.state].text}</span>
      </div>
      <p>{explain(standing.state, offer.state, approval)}</p>
      {approval ? (
        <>
          <dl className="facts">
            <dt>Approved by</dt>
            <dd>
              {approval.approvedByName} ({approval.approvedByRole})
            </dd>
            <dt>Approved at</dt>
            <dd>{formatDateTime(approval.approvedAt)}</dd>
            <dt>Lapses on</dt>
            <dd>{approval.lapsesOn ? day(approval.lapsesOn) : "Never"}</dd>
            <dt>SHA-256 of the copy</dt>
            <dd className="mono">{approval.copySha256.slice(0, 16)}…</dd>
          </dl>
          <ApprovedCopy copy={approval.approvedCopy} />
        </>
      ) : null}
      {earlier.length ? (
        <details>
          <summary>Earlier approvals of this revision ({earlier.length})</summary>
          <ul>
            {earlier.map((row) => (
              <li key={row.id}>
                {row.approvedByName}, {formatDateTime(row.approvedAt)}
                {row.lapsesOn ? `, lapsing ${day(row.lapsesOn)}` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {approvable ? (
        <Form method="post" className="form-actions">
          <input type="hidden" name="version" value={offer.version} />
          <StepUpCode formId="approve" errors={props.stepUp ? [props.stepUp] : undefined} />
          <ConfirmButton label="Approve this revision" title={`Approve "${offer.title}"?`} name="intent" value="approve" danger={false}>
            <p>You approve its text and representative example exactly as they stand, for 12 months. Any change to it, or a new revision, needs a new approval.</p>
          </ConfirmButton>
        </Form>
      ) : null}
    </section>
  );
}

function explain(state: State, offerState: string, approval: Approval | null) {
  switch (state) {
    case "missing":
      return "This offer promotes finance: a compliance user must approve this revision before it is published. Whoever wrote or edited it can't approve it.";
    case "changed":
      return "The draft was changed after it was approved: it needs approving again before it is published.";
    case "lapsed":
      return offerState === "published"
        ? `The approval lapsed on ${day(approval!.lapsesOn!)}: the offer is off the public offers page until a compliance user approves it again.`
        : `The approval lapsed on ${day(approval!.lapsesOn!)}: it needs approving again before it is published.`;
    default:
      return offerState === "published" ? "Shown on the public offers page under this approval." : "Approved as it stands: it may be published.";
  }
}

function ApprovedCopy({ copy }: { copy: unknown }) {
  const c = copy as { title?: string; summary?: string; terms?: string; representativeExample?: unknown; validFrom?: string; validTo?: string };
  const example = readExample(c.representativeExample);
  return (
    <details>
      <summary>The text and figures approved</summary>
      <dl className="facts">
        <dt>Title</dt>
        <dd>{c.title}</dd>
        <dt>Summary</dt>
        <dd>{c.summary}</dd>
        <dt>Terms</dt>
        <dd style={{ whiteSpace: "pre-line" }}>{c.terms}</dd>
        {c.validFrom && c.validTo ? (
          <>
            <dt>Valid</dt>
            <dd>
              {day(c.validFrom)} to {day(c.validTo)}
            </dd>
          </>
        ) : null}
      </dl>
      {example ? <RepresentativeExampleBlock example={example} /> : null}
    </details>
  );
}
