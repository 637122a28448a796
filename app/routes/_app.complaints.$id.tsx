import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { AssignForm, ReleaseHoldForm, StepForm } from "~/modules/complaints/complaint-forms";
import { CATEGORY_LABELS, CHANNEL_LABELS, OUTCOME_LABELS, STATUS_LABELS, STEP_LABELS } from "~/modules/complaints/complaint-labels";
import { complaintOwners, getComplaint } from "~/modules/complaints/complaints-read.server";
import { AssignSchema, ReleaseHoldSchema, StepSchema } from "~/modules/complaints/complaints.schema";
import { addComplaintStep, assignComplaint, releaseComplaintHold } from "~/modules/complaints/complaints.server";
import { formatDate, formatDateTime, fromLondonLocal, toLondonLocal } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { submissionOf } from "~/utils/submission.server";
import { notFound } from "~/utils/http.server";
import { formatPounds } from "~/utils/money";
import { uuidParam } from "~/utils/params.server";
import type { Result } from "~/utils/result.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.complaint.reference ?? "Complaint"} · Laguna Admin` }];

// Each step is checked again in the domain, against the complaint's branch; lifting a deal's hold is
// for admins and compliance.
export const access = {
  loader: "complaints:view",
  intents: { step: "complaints:edit", assign: "complaints:edit", "release-hold": "finance:review" },
} as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getComplaint(user, uuidParam(params));
  if (!detail) notFound("That complaint doesn't exist, or isn't in your branches.");
  const owners = detail.allowed.assign ? await complaintOwners([detail.complaint.branchId]) : [];
  return { ...detail, owners, now: toLondonLocal(new Date()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const once = submissionOf(actor, formData);
  const id = uuidParam(params);
  const schema = { step: StepSchema, assign: AssignSchema, "release-hold": ReleaseHoldSchema }[intent];
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  let result: Result;
  let done: string;
  switch (v.intent) {
    case "step":
      result = await addComplaintStep({ actor, id, ...v, occurredAt: fromLondonLocal(v.occurredAt), once });
      done = `${STEP_LABELS[v.kind]} recorded.`;
      break;
    case "assign":
      result = await assignComplaint({ actor, id, ...v, once });
      done = "Owner changed.";
      break;
    case "release-hold":
      result = await releaseComplaintHold({ actor, id, reason: v.reason, once });
      done = "Legal hold lifted on the deal.";
      break;
  }
  if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast(`/complaints/${id}`, done);
}

/** Deadlines are exclusive instants (midnight after the last day): the last day shown is the one before. */
const lastDay = (exclusive: Date | string) => formatDate(new Date(new Date(exclusive).getTime() - 1));

export default function ComplaintPage() {
  const { complaint, branchName, ownerName, dealReference, stockNumber, hasReservation, steps, holdOn, deadlines, allowed, owners, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const resultOf = (intent: string) => (answer?.intent === intent ? answer.result : undefined);
  const open = complaint.status === "open";
  return (
    <>
      <div className="page-header">
        <h1>
          Complaint {complaint.reference} <span className={open ? (deadlines.overdue ? "badge danger" : "badge warn") : "badge"}>{STATUS_LABELS[complaint.status]}</span>
          {deadlines.overdue ? <span className="badge danger">Overdue</span> : null}
        </h1>
        <Link to="/complaints">All complaints</Link>
      </div>

      <section className="panel" aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">Deadlines</h2>
        <dl className="facts">
          <dt>Received</dt>
          <dd>
            {formatDateTime(complaint.receivedAt)} · {CHANNEL_LABELS[complaint.channel]}
          </dd>
          <dt>Summary resolution by</dt>
          <dd>end of {lastDay(deadlines.summaryDueAt)} (the third business day after receipt)</dd>
          <dt>Final response by</dt>
          <dd>end of {lastDay(deadlines.finalDueAt)} (eight weeks after receipt)</dd>
          <dt>Financial Ombudsman</dt>
          <dd>
            {deadlines.ombudsmanUntil
              ? `the customer may refer until the end of ${lastDay(deadlines.ombudsmanUntil)} (six months from the response of ${formatDate(deadlines.ombudsmanFrom)})`
              : `with no final response, the customer may refer from ${lastDay(deadlines.ombudsmanFrom)} onwards`}
          </dd>
        </dl>
      </section>

      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">The complaint</h2>
        <dl className="facts">
          <dt>From</dt>
          <dd>
            {complaint.complainantName} · {complaint.complainantContact}
          </dd>
          <dt>Branch</dt>
          <dd>{branchName}</dd>
          <dt>About</dt>
          <dd>{CATEGORY_LABELS[complaint.category]}</dd>
          <dt>Finance deal</dt>
          <dd>
            {complaint.dealId ? (
              <>
                <Link to={`/finance/${complaint.dealId}`}>{dealReference}</Link> {holdOn ? <span className="badge danger">Legal hold</span> : <span className="muted">(hold lifted)</span>}
              </>
            ) : (
              <span className="muted">None</span>
            )}
          </dd>
          <dt>Bike</dt>
          <dd>{complaint.vehicleId ? <Link to={`/stock/${complaint.vehicleId}`}>{stockNumber}</Link> : <span className="muted">None</span>}{hasReservation ? " (with the complainant's reservation)" : ""}</dd>
          <dt>Complaint</dt>
          <dd className="prewrap">{complaint.description}</dd>
          <dt>The customer wants</dt>
          <dd className="prewrap">{complaint.desiredOutcome}</dd>
          <dt>Owner</dt>
          <dd>{ownerName}</dd>
        </dl>
        {allowed.assign && open ? <AssignForm lastResult={resultOf("assign")} version={complaint.version} ownerId={complaint.ownerId} owners={owners} /> : null}
      </section>

      <section className="panel" aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        {steps.length === 0 ? (
          <p className="empty">No steps yet. Acknowledge the complaint promptly, in writing.</p>
        ) : (
          <ol className="timeline">
            {steps.map((step) => (
              <li key={step.id}>
                <strong>{STEP_LABELS[step.kind]}</strong>
                {step.outcome ? `: ${OUTCOME_LABELS[step.outcome]}` : ""}
                {step.amountPence !== null ? `: ${formatPounds(step.amountPence)}` : ""} <span className="muted">· {formatDateTime(step.occurredAt)} · {step.byName}</span>
                {step.note ? <p className="prewrap">{step.note}</p> : null}
              </li>
            ))}
          </ol>
        )}
        {allowed.steps ? (
          <>
            <h3>Add a step</h3>
            <p className="hint">Steps are kept as recorded: a mistake is put right by a further step with a note.</p>
            <StepForm key={complaint.version} lastResult={resultOf("step")} version={complaint.version} now={now} />
          </>
        ) : null}
      </section>

      {allowed.releaseHold && dealReference ? (
        <section className="panel" aria-labelledby="hold-title">
          <h2 id="hold-title">Legal hold on {dealReference}</h2>
          <p>The complaint is closed. The deal&apos;s record stays on hold until someone lifts it here, saying why.</p>
          <ReleaseHoldForm lastResult={resultOf("release-hold")} dealReference={dealReference} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
