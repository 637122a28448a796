import { getFormProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmButton } from "~/components/confirm-button";
import { ErrorPage } from "~/components/error-page";
import { FieldError, FormErrors, useStaffForm } from "~/components/form";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import { can } from "~/modules/auth/permissions";
import type { RouteAccess } from "~/modules/auth/route-access";
import { TextArea } from "~/modules/complaints/complaint-forms";
import { CustomerForm } from "~/modules/customers/customer-forms";
import { CustomerHistory } from "~/modules/customers/customer-history";
import { CONSENT_METHOD_LABELS, FIELD_LABELS } from "~/modules/customers/customer-labels";
import { mergeCustomers, unmergeCustomers } from "~/modules/customers/customer-merge.server";
import { getCustomer } from "~/modules/customers/customers-read.server";
import { CustomerUpdateSchema, MergeSchema, UnmergeSchema } from "~/modules/customers/customers.schema";
import { updateCustomer } from "~/modules/customers/customers.server";
import { formatDate, formatDateTime, toLondonLocal } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";
import type { Result } from "~/utils/result.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? "Customer"} · Laguna Admin` }];

// Merging moves records between people: an admin's call, checked again in the domain.
export const access = {
  loader: "customers:view",
  intents: { update: "customers:edit", merge: "customers:merge", unmerge: "customers:merge" },
} as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getCustomer(user, uuidParam(params));
  if (!detail) notFound("That customer doesn't exist, or has no records at your branches.");
  return { ...detail, allowed: { edit: can(user, "customers:edit") && !detail.customer.mergedIntoId, merge: can(user, "customers:merge") } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const id = uuidParam(params);
  const schema = { update: CustomerUpdateSchema, merge: MergeSchema, unmerge: UnmergeSchema }[intent];
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const once = submissionOf(actor, formData);
  let result: Result;
  let done: string;
  switch (v.intent) {
    case "update":
      result = await updateCustomer({ actor, id, version: v.version, fields: v });
      done = "Customer record saved.";
      break;
    case "merge":
      result = await mergeCustomers({ actor, survivorId: id, mergedId: v.otherId, reason: v.reason, once });
      done = "Records merged: every reservation, sale, deal and complaint now points here.";
      break;
    case "unmerge":
      result = await unmergeCustomers({ actor, mergeId: v.mergeId, reason: v.reason, once });
      done = "Merge reversed: the other record and the links it brought are back.";
      break;
  }
  if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast(`/customers/${id}`, done);
}

const yesNo = (value: boolean | null) => (value === null ? "Not asked yet" : value ? "Yes" : "No");
const shown = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : typeof value === "boolean" ? (value ? "Yes" : "No") : String(value));

function formDefaults(customer: ReturnType<typeof useLoaderData<typeof loader>>["customer"]): Record<string, string> {
  const local = (value: Date | string | null) => (value ? toLondonLocal(new Date(value)) : "");
  return {
    name: customer.name,
    dateOfBirth: customer.dateOfBirth ?? "",
    email: customer.email ?? "",
    phone: customer.phone ?? "",
    addressLine1: customer.addressLine1 ?? "",
    addressLine2: customer.addressLine2 ?? "",
    town: customer.town ?? "",
    postcode: customer.postcode ?? "",
    ukResident: customer.ukResident === null ? "unknown" : customer.ukResident ? "yes" : "no",
    marketingConsentGivenAt: local(customer.marketingConsentGivenAt),
    marketingConsentMethod: customer.marketingConsentMethod ?? "",
    marketingConsentWording: customer.marketingConsentWording ?? "",
    marketingConsentWithdrawnAt: local(customer.marketingConsentWithdrawnAt),
    notes: customer.notes,
  };
}

export default function CustomerPage() {
  const detail = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const resultOf = (intent: string) => (answer?.intent === intent ? answer.result : undefined);
  const { customer, allowed, duplicates, merges, mergedInto } = detail;
  const address = [customer.addressLine1, customer.addressLine2, customer.town, customer.postcode].filter(Boolean).join(", ");
  const consent = customer.marketingConsentGivenAt
    ? `Given ${formatDateTime(customer.marketingConsentGivenAt)} (${customer.marketingConsentMethod ? CONSENT_METHOD_LABELS[customer.marketingConsentMethod] : "how not recorded"}, wording ${customer.marketingConsentWording ?? "—"})${customer.marketingConsentWithdrawnAt ? `; withdrawn ${formatDateTime(customer.marketingConsentWithdrawnAt)}` : ""}`
    : "Not given";
  return (
    <>
      <div className="page-header">
        <h1>{customer.name}</h1>
        <Link to="/customers">All customers</Link>
      </div>
      {mergedInto ? (
        <div className="form-errors">
          <p>
            This record was merged into <Link to={`/customers/${mergedInto.id}`}>{mergedInto.name}</Link> on {formatDate(customer.mergedAt!)}. Its records are there now.
          </p>
        </div>
      ) : null}
      {duplicates.length ? (
        <p>
          <span className="badge warn">Likely duplicate</span> {duplicates.length === 1 ? "Another record looks like" : `${duplicates.length} other records look like`} the same person: see below.
        </p>
      ) : null}
      <section className="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <dl className="facts">
          <dt>Date of birth</dt>
          <dd>{customer.dateOfBirth ? formatDate(customer.dateOfBirth) : "—"}</dd>
          <dt>Email</dt>
          <dd>{customer.email ?? "—"}</dd>
          <dt>Phone</dt>
          <dd>{customer.phone ?? "—"}</dd>
          <dt>Address</dt>
          <dd>{address || "—"}</dd>
          <dt>Lives in the UK</dt>
          <dd>{yesNo(customer.ukResident)}</dd>
          <dt>Marketing consent</dt>
          <dd>{consent}</dd>
          <dt>Notes</dt>
          <dd className="prewrap">{customer.notes || "—"}</dd>
          <dt>Record</dt>
          <dd>
            {customer.source === "migrated" ? "Made from older records' details" : "Recorded by staff"} on {formatDate(customer.createdAt)}
          </dd>
        </dl>
        {allowed.edit ? (
          <details className="action-panel" open={Boolean(resultOf("update"))}>
            <summary>Edit details</summary>
            <CustomerForm id="update-customer" lastResult={resultOf("update")} defaultValue={formDefaults(customer)} hidden={{ intent: "update", version: String(customer.version) }} submitLabel="Save details" />
          </details>
        ) : null}
      </section>
      <h2>History across branches</h2>
      <CustomerHistory history={detail} />
      {duplicates.length ? <Duplicates duplicates={duplicates} canMerge={allowed.merge && !mergedInto} customerName={customer.name} lastResult={resultOf("merge")} /> : null}
      {merges.length ? <Merges merges={merges} canUnmerge={allowed.merge} lastResult={resultOf("unmerge")} /> : null}
    </>
  );
}

type Detail = ReturnType<typeof useLoaderData<typeof loader>>;

function Duplicates(props: { duplicates: Detail["duplicates"]; canMerge: boolean; customerName: string; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "merge", lastResult: props.lastResult, defaultValue: { otherId: props.duplicates.length === 1 ? props.duplicates[0]!.id : "" } });
  return (
    <section className="panel" aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">Likely duplicates</h2>
      <ul>
        {props.duplicates.map((dup) => (
          <li key={dup.id}>
            <Link to={`/customers/${dup.id}`}>{dup.name}</Link> · {[dup.email, dup.phone, dup.postcode, dup.dateOfBirth ? formatDate(dup.dateOfBirth) : null].filter(Boolean).join(" · ")} <span className="muted">({dup.why.join(", ")})</span>
          </li>
        ))}
      </ul>
      {props.canMerge ? (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="merge" />
          <div className="field">
            <label htmlFor={fields.otherId!.id}>Record to merge into {props.customerName}</label>
            <select {...getSelectProps(fields.otherId!)} key={fields.otherId!.key}>
              <option value="">Choose the record</option>
              {props.duplicates.map((dup) => (
                <option key={dup.id} value={dup.id}>
                  {dup.name} ({[dup.email, dup.phone].filter(Boolean).join(", ") || "no contact"})
                </option>
              ))}
            </select>
            <FieldError id={fields.otherId!.errorId} errors={fields.otherId!.errors} />
          </div>
          <TextArea label="Why they are the same person" field={fields.reason!} rows={2} />
          <ConfirmButton label="Merge records" title="Merge these two records?">
            <p>
              Every reservation, sale, finance deal and complaint of the other record moves to {props.customerName}. Where the two records differ, this one&apos;s details are kept and
              the other&apos;s are kept in the merge record. The merge can be reversed.
            </p>
          </ConfirmButton>
        </Form>
      ) : (
        <p className="hint">An admin can merge these records.</p>
      )}
    </section>
  );
}

function Merges(props: { merges: Detail["merges"]; canUnmerge: boolean; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useStaffForm<Record<string, string>>({ id: "unmerge", lastResult: props.lastResult });
  const open = props.merges.filter((merge) => merge.kind === "merge" && !merge.reversed);
  return (
    <section className="panel" aria-labelledby="merges-title">
      <h2 id="merges-title">Merges</h2>
      <ul className="timeline">
        {props.merges.map((merge) => {
          const conflicts = Object.entries(merge.conflicts as unknown as Record<string, { kept: unknown; other: unknown }>);
          const moved = merge.moved as unknown as Record<string, string[]>;
          const count = Object.values(moved).reduce((sum, ids) => sum + ids.length, 0);
          return (
            <li key={merge.id}>
              <strong>{merge.kind === "merge" ? `${merge.mergedName} merged into ${merge.survivorName}` : `Merge of ${merge.mergedName} into ${merge.survivorName} reversed`}</strong> on {formatDateTime(merge.createdAt)} by {merge.byName}
              {merge.reversed ? " (since reversed)" : ""}. {count} record{count === 1 ? "" : "s"} moved. Reason: {merge.reason}
              {conflicts.length ? (
                <ul>
                  {conflicts.map(([field, { kept, other }]) => (
                    <li key={field}>
                      {FIELD_LABELS[field] ?? field}: kept {shown(kept)}; the other record had {shown(other)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
      {props.canUnmerge && open.length ? (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="unmerge" />
          <div className="field">
            <label htmlFor={fields.mergeId!.id}>Merge to reverse</label>
            <select {...getSelectProps(fields.mergeId!)} key={fields.mergeId!.key} defaultValue={open.length === 1 ? open[0]!.id : ""}>
              <option value="">Choose the merge</option>
              {open.map((merge) => (
                <option key={merge.id} value={merge.id}>
                  {merge.mergedName} into {merge.survivorName}, {formatDate(merge.createdAt)}
                </option>
              ))}
            </select>
            <FieldError id={fields.mergeId!.errorId} errors={fields.mergeId!.errors} />
          </div>
          <TextArea label="Why the merge was wrong" field={fields.reason!} rows={2} />
          <ConfirmButton label="Reverse merge" title="Reverse this merge?">
            <p>The other record comes back with the reservations, sales, deals and complaints the merge moved. Records added since stay here.</p>
          </ConfirmButton>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
