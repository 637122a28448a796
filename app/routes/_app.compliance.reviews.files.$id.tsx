import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { ANSWER_LABELS, CHECKLISTS, CURRENT_CHECKLIST_VERSION, RATING_LABELS } from "~/modules/reviews/checklist";
import { AddReviewActionForm, ReviewForm } from "~/modules/reviews/review-forms";
import { getSampledFile } from "~/modules/reviews/reviews-read.server";
import { AddReviewActionSchema, RecordReviewSchema } from "~/modules/reviews/reviews.schema";
import { addReviewAction, recordFileReview } from "~/modules/reviews/reviews.server";
import { REASON_LABELS } from "~/modules/reviews/sampling";
import { formatDate, formatDateTime, londonToday } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `File review ${data?.file.deal.reference ?? ""} · Laguna Admin` }];

export const access = { loader: "reviews:manage", intents: { "record-review": "reviews:manage", "add-action": "reviews:manage" } } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getSampledFile(user, uuidParam(params));
  if (!detail) notFound("That deal isn't in a file-review sample.");
  return { ...detail, checklist: CHECKLISTS[CURRENT_CHECKLIST_VERSION]!, today: londonToday() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const once = submissionOf(actor, formData);
  const id = uuidParam(params);
  if (intent === "record-review") {
    const submission = parseWithZod(formData, { schema: RecordReviewSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const result = await recordFileReview({ actor, sampleDealId: id, ...submission.value, once });
    if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
    return redirectWithToast(`/compliance/reviews/files/${id}`, "Review recorded. Add any actions for the branch.");
  }
  const submission = parseWithZod(formData, { schema: AddReviewActionSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const detail = await getSampledFile(actor, id);
  if (!detail?.review) return data({ intent, result: submission.reply({ formErrors: ["Record the review before adding actions."] }) }, { status: 409 });
  const result = await addReviewAction({ actor, reviewId: detail.review.id, ...submission.value, once });
  if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast(`/compliance/reviews/files/${id}`, "Action added: the branch sees it on its file reviews page.");
}

export default function FileReviewPage() {
  const { file, review, actions, owners, checklist, today } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const resultOf = (intent: string) => (answer?.intent === intent ? answer.result : undefined);
  const { deal } = file;
  return (
    <>
      <div className="page-header">
        <h1>
          File review: {deal.reference} {review ? <span className={review.rating === "satisfactory" ? "badge" : "badge warn"}>{RATING_LABELS[review.rating]}</span> : <span className="badge warn">Not reviewed</span>}
        </h1>
        <Link to={`/compliance/reviews/samples/${file.sampleId}`}>Sample {file.month}</Link>
      </div>
      <section className="panel" aria-labelledby="deal-title">
        <h2 id="deal-title">The deal</h2>
        <dl className="facts">
          <dt>Deal</dt>
          <dd>
            <Link to={`/finance/${deal.id}`}>{deal.reference}</Link> · <Link to={`/finance/${deal.id}/evidence`}>evidence pack</Link>
          </dd>
          <dt>Branch</dt>
          <dd>{file.branchName}</dd>
          <dt>Customer</dt>
          <dd>
            {deal.customerName}
            {deal.vulnerable ? <> <span className="badge warn">Vulnerable</span> {deal.vulnerabilityNote}</> : null}
          </dd>
          <dt>Bike</dt>
          <dd>{deal.vehicleDescription || "—"}</dd>
          <dt>Signed</dt>
          <dd>
            {deal.signedAt ? formatDateTime(deal.signedAt) : "—"} {deal.agreementNumber ? `· agreement ${deal.agreementNumber}` : ""} · by {deal.staffName}
          </dd>
          <dt>Why drawn</dt>
          <dd>{REASON_LABELS[file.reason]}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="review-title">
        <h2 id="review-title">Review against the checklist (version {review ? review.checklist.version : checklist.version})</h2>
        {review ? (
          <>
            <ol className="checklist">
              {review.checklist.questions.map((q) => {
                const given = review.answers.find((a) => a.key === q.key);
                return (
                  <li key={q.key}>
                    <strong>{q.text}</strong>: <span className={given?.answer === "not_met" ? "badge danger" : "badge"}>{given ? ANSWER_LABELS[given.answer] : "—"}</span>
                    {given?.note ? <p className="prewrap">{given.note}</p> : null}
                  </li>
                );
              })}
            </ol>
            <dl className="facts">
              <dt>Overall</dt>
              <dd>{RATING_LABELS[review.rating]}</dd>
              <dt>Summary</dt>
              <dd className="prewrap">{review.summary || "—"}</dd>
              <dt>Reviewed</dt>
              <dd>
                {formatDateTime(review.createdAt)} by {review.reviewerName}
              </dd>
            </dl>
          </>
        ) : (
          <ReviewForm lastResult={resultOf("record-review")} checklist={checklist} vulnerable={deal.vulnerable} />
        )}
      </section>
      {review ? (
        <section className="panel" aria-labelledby="actions-title">
          <h2 id="actions-title">Actions for the branch</h2>
          {actions.length === 0 ? (
            <p className="empty">No actions.</p>
          ) : (
            <ul className="timeline">
              {actions.map((item) => (
                <li key={item.id}>
                  <strong>{item.description}</strong> <span className="muted">· {item.ownerName} · due {formatDate(item.dueOn)}</span>{" "}
                  {item.closedAt ? (
                    <span className="badge">
                      Closed {formatDate(item.closedAt)} by {item.closedByName}: {item.closingNote}
                    </span>
                  ) : (
                    <span className={item.dueOn < today ? "badge danger" : "badge warn"}>Open</span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {owners.length ? (
            <AddReviewActionForm key={actions.length} lastResult={resultOf("add-action")} owners={owners} today={today} />
          ) : (
            <p className="hint">The branch has no active manager or finance staff to own an action.</p>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
