import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { SubmitButton } from "~/components/submit-button";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { AddActionForm, CloseBreachForm, TellPrincipalForm } from "~/modules/breaches/breach-forms";
import { AddActionSchema, CloseBreachSchema, CompleteActionSchema, TellPrincipalSchema } from "~/modules/breaches/breaches.schema";
import { addBreachAction, closeBreach, completeBreachAction, getBreach, recordPrincipalTold } from "~/modules/breaches/breaches.server";
import { formatDate, formatDateTime, fromLondonLocal, londonToday, toLondonLocal } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import type { Result } from "~/utils/result.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.breach.reference ?? "Breach"} · Laguna Admin` }];

export const access = {
  loader: "breaches:manage",
  intents: { "tell-principal": "breaches:manage", "add-action": "breaches:manage", "complete-action": "breaches:manage", close: "breaches:manage" },
} as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getBreach(user, uuidParam(params));
  if (!detail) notFound("That breach doesn't exist.");
  return { ...detail, now: toLondonLocal(new Date()), today: londonToday() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const once = submissionOf(actor, formData);
  const id = uuidParam(params);
  const schema = { "tell-principal": TellPrincipalSchema, "add-action": AddActionSchema, "complete-action": CompleteActionSchema, close: CloseBreachSchema }[intent];
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  let result: Result;
  let done: string;
  switch (v.intent) {
    case "tell-principal":
      result = await recordPrincipalTold({ actor, id, version: v.version, toldAt: fromLondonLocal(v.toldAt), note: v.note, once });
      done = "Recorded that the principal was told.";
      break;
    case "add-action":
      result = await addBreachAction({ actor, id, ...v, once });
      done = "Action added.";
      break;
    case "complete-action":
      result = await completeBreachAction({ actor, id, actionId: v.actionId, once });
      done = "Action marked done.";
      break;
    case "close":
      result = await closeBreach({ actor, id, version: v.version, note: v.note, once });
      done = "Breach closed.";
      break;
  }
  if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast(`/compliance/breaches/${id}`, done);
}

export default function BreachPage() {
  const { breach, deals, offers, actions, people, now, today } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const resultOf = (intent: string) => (answer?.intent === intent ? answer.result : undefined);
  const open = !breach.closedAt;
  return (
    <>
      <div className="page-header">
        <h1>
          Breach {breach.reference} <span className={open ? "badge warn" : "badge"}>{open ? "Open" : "Closed"}</span>
        </h1>
        <Link to="/compliance/breaches">Breach log</Link>
      </div>
      <section className="panel" aria-labelledby="what-title">
        <h2 id="what-title">What happened</h2>
        <dl className="facts">
          <dt>What</dt>
          <dd className="prewrap">{breach.description}</dd>
          <dt>When</dt>
          <dd>{breach.occurredOn ? `happened ${formatDate(breach.occurredOn)}, ` : ""}found {formatDate(breach.foundOn)}</dd>
          <dt>Rule</dt>
          <dd>{breach.rule}</dd>
          <dt>Deals</dt>
          <dd>{deals.length ? deals.map((deal, i) => <span key={deal.id}>{i ? ", " : ""}<Link to={`/finance/${deal.id}`}>{deal.reference}</Link></span>) : <span className="muted">None</span>}</dd>
          <dt>Offers</dt>
          <dd>{offers.length ? offers.map((offer, i) => <span key={offer.id}>{i ? ", " : ""}<Link to={`/offers/${offer.id}`}>{offer.title} (revision {offer.revision})</Link></span>) : <span className="muted">None</span>}</dd>
          <dt>Principal told</dt>
          <dd>{breach.principalToldAt ? `${formatDateTime(breach.principalToldAt)}${breach.principalToldNote ? `: ${breach.principalToldNote}` : ""}` : <span className="badge warn">Not yet</span>}</dd>
          {breach.closedAt ? (
            <>
              <dt>Closed</dt>
              <dd>{formatDateTime(breach.closedAt)}: {breach.closingNote}</dd>
            </>
          ) : null}
        </dl>
        {breach.principalToldAt ? null : <TellPrincipalForm key={breach.version} lastResult={resultOf("tell-principal")} version={breach.version} now={now} />}
      </section>
      <section className="panel" aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        {actions.length === 0 ? (
          <p className="empty">No actions yet.</p>
        ) : (
          <ul className="timeline">
            {actions.map((item) => (
              <li key={item.id}>
                <strong>{item.description}</strong> <span className="muted">· {item.ownerName} · due {formatDate(item.dueOn)}</span>{" "}
                {item.doneAt ? (
                  <span className="badge">Done {formatDate(item.doneAt)}</span>
                ) : (
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="complete-action" />
                    <input type="hidden" name="actionId" value={item.id} />
                    <SubmitButton className="button-link" aria-label={`Mark done: ${item.description}`}>
                      Mark done
                    </SubmitButton>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
        {open ? <AddActionForm key={actions.length} lastResult={resultOf("add-action")} people={people} today={today} /> : null}
      </section>
      {open ? (
        <section className="panel" aria-labelledby="close-title">
          <h2 id="close-title">Close the breach</h2>
          <p className="hint">Once the principal has been told and every action is done.</p>
          <CloseBreachForm lastResult={resultOf("close")} version={breach.version} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
