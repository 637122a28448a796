import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { ScrollRegion } from "~/components/scroll-region";
import { SubmitButton } from "~/components/submit-button";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import { can } from "~/modules/auth/permissions";
import type { RouteAccess } from "~/modules/auth/route-access";
import { applyRetention } from "~/modules/privacy/erasure.server";
import { RetentionActionSchema } from "~/modules/privacy/privacy.schema";
import { RETENTION_RULE_LABELS, RETENTION_MINIMUMS, type RetentionRules } from "~/modules/privacy/retention-rules";
import { currentRetentionRules, retentionReport, saveRetentionRules } from "~/modules/privacy/retention.server";
import { formatDate } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import type { Result } from "~/utils/result.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Retention · Laguna Admin" }];

export const access = {
  loader: "privacy:manage",
  intents: { rules: "privacy:rules", apply: "privacy:manage" },
} as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const [report, rules] = await Promise.all([retentionReport(), currentRetentionRules()]);
  return { ...report, rulesVersion: rules.version, rulesSavedAt: rules.createdAt, canSetRules: can(user, "privacy:rules") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const submission = parseWithZod(formData, { schema: RetentionActionSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  let result: Result;
  let done: string;
  if (v.intent === "rules") {
    const { intent: _i, basedOnVersion, ...rules } = v;
    result = await saveRetentionRules({ actor, rules, basedOnVersion, once: submissionOf(actor, formData) });
    done = "Saved the retention rules.";
  } else {
    const run = await applyRetention({ actor, apply: true });
    result = run.failed.length ? { ok: false, status: 409, message: `Anonymised ${run.done.length}; ${run.failed.length} refused: ${run.failed.map((f) => f.message).join(" ")}` } : { ok: true };
    done = run.done.length === 1 ? "Anonymised 1 customer." : `Anonymised ${run.done.length} customers.`;
  }
  if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast("/admin/retention", done);
}

export default function RetentionPage() {
  const { rules, today, due, notYet, rulesVersion, rulesSavedAt, canSetRules } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <>
      <div className="page-header">
        <h1>Retention and erasure</h1>
      </div>
      <p className="muted">
        Today ({formatDate(today)}) by the rules below. Nothing is anonymised while a legal hold or an open complaint stands. The same list comes from{" "}
        <code>npm run data:retention</code> (add <code>--apply</code> to act).
      </p>
      <div className="two-columns">
        <RulesPanel key={rulesVersion} rules={rules} version={rulesVersion} savedAt={rulesSavedAt} canEdit={canSetRules} lastResult={answer?.intent === "rules" ? answer.result : undefined} />
        <section className="panel" aria-labelledby="due-title">
          <h2 id="due-title">Due to be anonymised ({due.length})</h2>
          {due.length === 0 ? (
            <p>No customer is due today.</p>
          ) : (
            <>
              <ScrollRegion label="Customers due">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Customer</th>
                      <th scope="col">Last active</th>
                      <th scope="col">Due since</th>
                    </tr>
                  </thead>
                  <tbody>
                    {due.map((s) => (
                      <tr key={s.customerId}>
                        <td>
                          <Link to={`/customers/${s.customerId}/erasure`}>{s.name}</Link>
                        </td>
                        <td>{formatDate(s.lastActivityOn)}</td>
                        <td>{s.canBeAnonymisedOn ? formatDate(s.canBeAnonymisedOn) : ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <ApplyForm count={due.length} lastResult={answer?.intent === "apply" ? answer.result : undefined} />
            </>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="kept-title">
        <h2 id="kept-title">Kept for now ({notYet.length})</h2>
        {notYet.length === 0 ? (
          <p>Every customer on record is due.</p>
        ) : (
          <ScrollRegion label="Customers kept">
            <table>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Not before</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {notYet.map((s) => (
                  <tr key={s.customerId}>
                    <td>
                      <Link to={`/customers/${s.customerId}/erasure`}>{s.name}</Link>
                    </td>
                    <td>{s.canBeAnonymisedOn ? formatDate(s.canBeAnonymisedOn) : "While held"}</td>
                    <td>{s.reasons.join(" ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </>
  );
}

type LastResult = Parameters<typeof useStaffForm>[0]["lastResult"];

function RulesPanel(props: { rules: RetentionRules; version: number; savedAt: string | Date | null; canEdit: boolean; lastResult: LastResult }) {
  const [form, fields] = useStaffForm<Record<string, string>>({
    id: `rules-${props.version}`,
    lastResult: props.lastResult,
    defaultValue: Object.fromEntries(Object.entries(props.rules).map(([k, v]) => [k, String(v)])),
  });
  const keys = Object.keys(RETENTION_RULE_LABELS) as (keyof RetentionRules)[];
  return (
    <section className="panel" aria-labelledby="rules-title">
      <h2 id="rules-title">Retention rules</h2>
      <p className="muted">{props.version ? `Version ${props.version}, saved ${formatDate(props.savedAt!)}.` : "The defaults: no version saved yet."}</p>
      {props.canEdit ? (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="rules" />
          <input type="hidden" name="basedOnVersion" value={props.version} />
          <FormErrors id={form.errorId} errors={form.errors} />
          {keys.map((key) => (
            <TextField key={key} label={RETENTION_RULE_LABELS[key]} field={fields[key]!} hint={`At least ${RETENTION_MINIMUMS[key]}.`} inputProps={{ inputMode: "numeric", required: true }} />
          ))}
          <SubmitButton>Save the rules</SubmitButton>
        </Form>
      ) : (
        <dl className="facts">
          {keys.map((key) => (
            <div key={key}>
              <dt>{RETENTION_RULE_LABELS[key]}</dt>
              <dd>{props.rules[key]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function ApplyForm({ count, lastResult }: { count: number; lastResult: LastResult }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "apply", lastResult });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="apply" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label>
          <input type="checkbox" name="confirmed" value="on" id={fields.confirmed!.id} aria-describedby={fields.confirmed!.errorId} /> Replace these {count} customers&apos; details with a marker in every record. This can&apos;t be
          undone.
        </label>
        <FieldError id={fields.confirmed!.errorId} errors={fields.confirmed!.errors} />
      </div>
      <SubmitButton className="button danger" pendingLabel="Anonymising…">
        Anonymise {count === 1 ? "1 customer" : `${count} customers`}
      </SubmitButton>
    </Form>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
