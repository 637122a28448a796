import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import { can } from "~/modules/auth/permissions";
import type { RouteAccess } from "~/modules/auth/route-access";
import { RATING_LABELS, type Rating } from "~/modules/reviews/checklist";
import { CloseActionForm, DrawSampleForm } from "~/modules/reviews/review-forms";
import { listReviewActions, listSamples } from "~/modules/reviews/reviews-read.server";
import { CloseReviewActionSchema, DrawSampleSchema, ReviewActionsQuery } from "~/modules/reviews/reviews.schema";
import { closeReviewAction, drawMonthSample } from "~/modules/reviews/reviews.server";
import { SAMPLE_RULE } from "~/modules/reviews/sampling";
import { formatDate, londonToday } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "File reviews · Laguna Admin" }];

// Branch staff see (and close) their branches' actions here; compliance and admins also the samples.
export const access = {
  loader: "reviews:actions",
  intents: { "draw-sample": "reviews:manage", "close-action": "reviews:actions" },
} as const satisfies RouteAccess;

/** The month before this one (London), the default to sample. */
function lastMonth() {
  const [year, month] = londonToday().split("-").map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const { view } = ReviewActionsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const reviewer = can(user, "reviews:manage");
  const [samples, actions] = [reviewer ? await listSamples(user) : [], await listReviewActions(user, view)];
  return { view, reviewer, samples: samples.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })), actions, lastMonth: lastMonth() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const once = submissionOf(actor, formData);
  if (intent === "draw-sample") {
    const submission = parseWithZod(formData, { schema: DrawSampleSchema });
    if (submission.status !== "success") return data({ intent, id: null, result: submission.reply() }, { status: 400 });
    const result = await drawMonthSample({ actor, month: submission.value.month, seed: submission.value.seed ?? undefined, once });
    if (!result.ok) return data({ intent, id: null, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
    return redirectWithToast(`/compliance/reviews/samples/${result.id}`, `Drew ${result.deals} deals to review for ${submission.value.month}.`);
  }
  const submission = parseWithZod(formData, { schema: CloseReviewActionSchema });
  const id = String(formData.get("actionId") ?? "");
  if (submission.status !== "success") return data({ intent, id, result: submission.reply() }, { status: 400 });
  const result = await closeReviewAction({ actor, actionId: submission.value.actionId, note: submission.value.note, once });
  if (!result.ok) return data({ intent, id, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast("/compliance/reviews", "Action closed.");
}

type SampleRow = Awaited<ReturnType<typeof loader>>["samples"][number];
const sampleColumn = createColumnHelper<SampleRow>();
const sampleColumns = [
  sampleColumn.accessor("month", { header: "Month", enableSorting: false, cell: (info) => <Link to={`/compliance/reviews/samples/${info.row.original.id}`}>{info.getValue()}</Link> }),
  sampleColumn.accessor("deals", { header: "Deals drawn", enableSorting: false, meta: { numeric: true } }),
  sampleColumn.accessor("reviewed", { header: "Reviewed", enableSorting: false, meta: { numeric: true } }),
  sampleColumn.accessor("openActions", { header: "Open actions", enableSorting: false, meta: { numeric: true } }),
  sampleColumn.accessor("seed", { header: "Seed", enableSorting: false, meta: { numeric: true } }),
];

export default function FileReviewsPage() {
  const { view, reviewer, samples, actions, lastMonth } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <>
      <h1>File reviews</h1>
      <p className="hint">
        Each month a sample of signed finance deals per branch is reviewed against the checklist for Automotive Compliance Ltd (our principal, FCA 497010). Sample: {SAMPLE_RULE}.
      </p>
      {reviewer ? (
        <section className="panel" aria-labelledby="samples-title">
          <h2 id="samples-title">Monthly samples</h2>
          <DataTable caption="Monthly samples" columns={sampleColumns} data={samples} rowCount={samples.length} state={{ page: 1, size: 200, sort: "month", dir: "desc" }} getRowId={(row) => row.id} empty="No month has been sampled yet." />
          <details className="action-panel" open={answer?.intent === "draw-sample"}>
            <summary>Draw a month's sample</summary>
            <DrawSampleForm lastResult={answer?.intent === "draw-sample" ? answer.result : undefined} lastMonth={lastMonth} />
          </details>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="actions-title">
        <h2 id="actions-title">{reviewer ? "Actions for the branches" : "Actions for your branches"}</h2>
        <nav aria-label="Actions shown" className="filters">
          {(["open", "closed", "all"] as const).map((v) => (
            <Link key={v} to={`/compliance/reviews?view=${v}`} className={view === v ? "button primary" : "button"} aria-current={view === v ? "true" : undefined}>
              {{ open: "Open", closed: "Closed", all: "All" }[v]}
            </Link>
          ))}
        </nav>
        {actions.length === 0 ? (
          <p className="empty">{view === "open" ? "No open actions." : "No actions."}</p>
        ) : (
          <ul className="timeline">
            {actions.map((item) => (
              <li key={item.id}>
                <strong>{item.description}</strong>{" "}
                <span className="muted">
                  · {item.branchName} · <Link to={`/finance/${item.dealId}`}>{item.dealReference}</Link> · review rated {RATING_LABELS[item.rating as Rating].toLowerCase()} · {item.ownerName} · due {formatDate(item.dueOn)}
                </span>{" "}
                {item.overdue ? <span className="badge danger">Overdue</span> : null}
                {reviewer ? (
                  <>
                    {" "}
                    <Link to={`/compliance/reviews/files/${item.sampleDealId}`}>Open the review</Link>
                  </>
                ) : null}
                {item.closedAt ? (
                  <p>
                    <span className="badge">Closed {formatDate(item.closedAt)}</span> by {item.closedByName}: {item.closingNote}
                  </p>
                ) : (
                  <details open={answer?.intent === "close-action" && answer.id === item.id}>
                    <summary>Close this action</summary>
                    <CloseActionForm lastResult={answer?.intent === "close-action" && answer.id === item.id ? answer.result : undefined} actionId={item.id} description={item.description} />
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
