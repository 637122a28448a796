import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { FormErrors, useStaffForm } from "~/components/form";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { paymentColumns, scheduleColumns, tieColumns, wholeTable } from "~/modules/finance/lender-columns";
import { ActionPanel, AddPaymentForm, AddScheduleForm, AddTieForm, EndTieForms, LenderFieldset, type LastResult } from "~/modules/finance/lender-forms";
import { LenderPageSchema, type UpdateLenderSchema } from "~/modules/finance/lenders.schema";
import { addOtherPayment, addScheduleVersion, addTie, endTie, getLenderDetail, updateLender, type LenderDetail } from "~/modules/finance/lenders.server";
import { listModelOptions } from "~/modules/stock/catalogue.server";
import { refusalOf } from "~/utils/form-reply";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import type { Result } from "~/utils/result.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lender.name ?? "Lender"} · Laguna Admin` }];

export const access = { loader: "lenders:view", action: "lenders:edit" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getLenderDetail(params.id ?? "");
  if (!detail) notFound("That lender isn't on the panel. Find it in the lender list.");
  const canEdit = can(user, "lenders:edit");
  return { ...detail, canEdit, models: canEdit ? await listModelOptions() : [] };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const intent = String(formData.get("intent"));
  const submission = parseWithZod(formData, { schema: LenderPageSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply(), conflict: undefined }, { status: 400 });

  const lenderId = uuidParam(params);
  const value = submission.value;
  const once = submissionOf(actor, formData);
  let result: Result;
  let done: string;
  switch (value.intent) {
    case "update":
      result = await updateLender({ ...value, actor, id: lenderId });
      done = `Saved ${value.name}.`;
      break;
    case "add-tie":
      result = await addTie({ ...value, actor, lenderId, once });
      done = `Added tie ${value.reference} to the register.`;
      break;
    case "end-tie":
      result = await endTie({ ...value, actor, lenderId });
      done = `The tie ends on ${value.endsOn}.`;
      break;
    case "add-schedule": {
      const added = await addScheduleVersion({
        actor,
        lenderId,
        basis: value.basis,
        amountPence: value.amount,
        percentBasisPoints: value.percent,
        ...value.appliesTo,
        effectiveFrom: value.effectiveFrom,
        effectiveTo: value.effectiveTo,
        notes: value.notes,
        once,
      });
      result = added;
      done = added.ok ? `Added commission schedule version ${added.version}.` : "";
      break;
    }
    case "add-payment":
      result = await addOtherPayment({ ...value, amountPence: value.amount, actor, lenderId, once });
      done = "Added the payment.";
      break;
  }
  if (!result.ok) {
    return data({ intent, ...refusalOf(submission, result) }, { status: result.status ?? 400 });
  }
  return redirectWithToast(`/lenders/${lenderId}`, done);
}

// After a conflict (someone else saved first) reload, so the page shows what is true now.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

export default function LenderPage() {
  const detail = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { lender, ties, schedules, payments, canEdit, today } = detail;
  const resultFor = (intent: string): LastResult => (actionData?.intent === intent ? actionData.result : undefined);
  const openTies = ties.filter((tie) => tie.endsOn === null);
  return (
    <>
      <p>
        <Link to="/lenders">← Lenders</Link>
      </p>
      <div className="page-header">
        <h1>{lender.name}</h1>
        {lender.active ? <span className="badge ok">On the panel</span> : <span className="badge">Inactive</span>}
      </div>
      {actionData?.conflict ? (
        <div className="form-errors" role="alert">
          <p>{actionData.conflict}</p>
        </div>
      ) : null}
      <div className="two-columns">
        <section className="panel" aria-labelledby="facts-title">
          <h2 id="facts-title">Details</h2>
          <dl className="facts">
            <dt>FCA firm reference</dt>
            <dd className="mono">{lender.fcaFrn}</dd>
            <dt>Manufacturer lender for</dt>
            <dd>{lender.captiveBrands.length ? lender.captiveBrands.join(", ") : "None (a general lender)"}</dd>
            <dt>Ties in force today</dt>
            <dd>{ties.filter((tie) => tie.inForceToday).length}</dd>
          </dl>
        </section>
        {canEdit ? <EditPanel key={lender.version} lender={lender} lastResult={resultFor("update")} /> : null}
      </div>

      <h2 id="ties-title">Tie register</h2>
      <p className="hint">Every agreement between the group and {lender.name}. A deal shows the ties in force on its day.</p>
      <DataTable caption="Tie register" columns={tieColumns} data={ties} rowCount={ties.length} state={wholeTable(ties.length)} getRowId={(row) => row.id} empty="No ties recorded." />
      {canEdit ? (
        <div className="action-stack">
          <AddTieForm lastResult={resultFor("add-tie")} today={today} />
          <EndTieForms ties={openTies} lastResult={resultFor("end-tie")} today={today} />
        </div>
      ) : null}

      <h2 id="schedules-title">Commission schedules</h2>
      <p className="hint">
        Every version is kept. On a day, the newest version in force for a model beats one for its brand, which beats the general one.
      </p>
      <DataTable
        caption="Commission schedule versions"
        columns={scheduleColumns}
        data={schedules}
        rowCount={schedules.length}
        state={wholeTable(schedules.length)}
        getRowId={(row) => row.id}
        empty="No commission schedule yet."
      />
      {canEdit ? <AddScheduleForm lastResult={resultFor("add-schedule")} today={today} models={detail.models} /> : null}

      <h2 id="payments-title">Other payments</h2>
      <p className="hint">What {lender.name} pays beyond commission on each deal, like volume bonuses and panel fees.</p>
      <DataTable
        caption="Other payments"
        columns={paymentColumns}
        data={payments}
        rowCount={payments.length}
        state={wholeTable(payments.length)}
        getRowId={(row) => row.id}
        empty="No other payments recorded."
      />
      {canEdit ? <AddPaymentForm lastResult={resultFor("add-payment")} today={today} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}

function EditPanel({ lender, lastResult }: { lender: LenderDetail["lender"]; lastResult: LastResult }) {
  const [form, fields] = useStaffForm<z.input<typeof UpdateLenderSchema>>({
    id: `edit-lender-${lender.id}`,
    lastResult,
    defaultValue: { name: lender.name, fcaFrn: lender.fcaFrn, captiveBrands: lender.captiveBrands as z.input<typeof UpdateLenderSchema>["captiveBrands"], version: String(lender.version), active: lender.active ? "on" : undefined },
  });
  const { key: _key, ...version } = getInputProps(fields.version, { type: "hidden" });
  const { key: _activeKey, ...active } = getInputProps(fields.active, { type: "checkbox" });
  return (
    <ActionPanel title="Edit lender" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <input {...version} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <LenderFieldset fields={fields} />
        <div className="field">
          <label className="checkbox">
            <input {...active} />
            On the panel (uncheck to stop new introductions; its records stay)
          </label>
        </div>
        <SubmitButton className="button primary">
          Save changes
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}
