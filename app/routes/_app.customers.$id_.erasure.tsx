import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { erasureOverview, recordErasureRequest } from "~/modules/privacy/erasure.server";
import { ErasureRequestSchema } from "~/modules/privacy/privacy.schema";
import { formatDate, formatDateTime, fromLondonLocal, toLondonLocal } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Erasure · ${data?.customer.name ?? "Customer"} · Laguna Admin` }];

export const access = { loader: "privacy:manage", action: "privacy:manage" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const overview = await erasureOverview(uuidParam(params));
  if (!overview) notFound("That customer doesn't exist.");
  return { ...overview, now: toLondonLocal(new Date()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: ErasureRequestSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const id = uuidParam(params);
  const result = await recordErasureRequest({ actor, customerId: id, receivedAt: fromLondonLocal(submission.value.receivedAt), channel: submission.value.channel, once: submissionOf(actor, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/customers/${id}/erasure`, result.outcome === "done" ? "Erased: the customer's details are anonymised everywhere." : "Recorded: erasure refused for now, with the reason.");
}

export default function ErasurePage() {
  const { customer, forRequest, underRule, requests, anonymised, now } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "erasure", lastResult, defaultValue: { receivedAt: now, channel: "" } });
  return (
    <>
      <div className="page-header">
        <h1>Erasure and retention · {customer.name}</h1>
        <div className="form-actions">
          <Link className="button" to={`/customers/${customer.id}/export`}>
            Everything held
          </Link>
          <Link to="/admin/retention">Retention</Link>
        </div>
      </div>
      <div className="two-columns">
        <section className="panel" aria-labelledby="standing">
          <h2 id="standing">Where they stand</h2>
          {anonymised ? (
            <p>
              Anonymised on {formatDateTime(anonymised.createdAt)} ({anonymised.reason === "retention" ? "retention rule" : "erasure request"}).
            </p>
          ) : (
            <dl className="facts">
              <dt>If they ask to be erased today</dt>
              <dd>{forRequest?.reasons.length ? `Refused: ${forRequest.reasons.join(" ")}` : "It would be done at once."}</dd>
              <dt>Under the retention rule</dt>
              <dd>
                {underRule?.due
                  ? "Due to be anonymised now."
                  : underRule?.canBeAnonymisedOn
                    ? `Kept until ${formatDate(underRule.canBeAnonymisedOn)}.`
                    : "Kept while a legal hold or open complaint stands."}{" "}
                Last active {underRule ? formatDate(underRule.lastActivityOn) : "—"}.
              </dd>
            </dl>
          )}
        </section>
        {anonymised ? null : (
          <section className="panel" aria-labelledby="record-request">
            <h2 id="record-request">Record an erasure request</h2>
            <p className="muted">The rules decide the outcome: done at once, or refused with the legal reason and the first day it can be done.</p>
            <Form method="post" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <TextField label="Received (date and time)" field={fields.receivedAt!} inputProps={{ type: "datetime-local", step: 60, required: true }} />
              <TextField label="How it came" field={fields.channel!} hint="Letter, email, in person…" inputProps={{ required: true }} />
              <div className="field">
                <label>
                  <input type="checkbox" name="confirmed" value="on" id={fields.confirmed!.id} aria-describedby={fields.confirmed!.errorId} /> If nothing must be kept, anonymise their details
                  everywhere now. This can&apos;t be undone.
                </label>
                <FieldError id={fields.confirmed!.errorId} errors={fields.confirmed!.errors} />
              </div>
              <SubmitButton className="button danger" pendingLabel="Recording…">
                Record the request
              </SubmitButton>
            </Form>
          </section>
        )}
      </div>
      <section className="panel" aria-labelledby="requests">
        <h2 id="requests">Erasure requests ({requests.length})</h2>
        {requests.length === 0 ? (
          <p className="muted">None recorded.</p>
        ) : (
          <ul>
            {requests.map((r) => (
              <li key={r.id}>
                Received {formatDateTime(r.receivedAt)} by {r.channel}:{" "}
                {r.outcome === "done" ? <strong>done</strong> : <strong>refused</strong>}
                {r.outcome === "refused" ? ` — ${r.legalReason} ${r.canBeDoneOn ? `Can be done from ${formatDate(r.canBeDoneOn)}.` : "No date while held."}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
