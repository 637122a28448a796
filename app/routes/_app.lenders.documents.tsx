import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, ExpandButton } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { FormErrors, TextField } from "~/components/form";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import {
  createDocumentVersion,
  currentSetting,
  documentProblem,
  listDocuments,
  listSettingVersions,
  saveSettingVersion,
} from "~/modules/finance/documents.server";
import { shortHash } from "~/modules/finance/finance-labels";
import { ApprovedBy, wholeTable } from "~/modules/finance/lender-columns";
import { ActionPanel, TextArea, useActionForm, type LastResult } from "~/modules/finance/lender-forms";
import { DocumentsPageSchema } from "~/modules/finance/lenders.schema";
import { StatusPanel, ThresholdsPanel } from "~/modules/finance/settings-panels";
import { formatDate, formatDateTime } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import type { Result } from "~/utils/result.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Disclosure documents · Laguna Admin" }];

export const access = { loader: "lenders:view", action: "lenders:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const [{ documents, inUseId, ties, today }, status, thresholds, statusVersions, thresholdVersions] = await Promise.all([
    listDocuments(),
    currentSetting("regulatory_status"),
    currentSetting("commission_review_thresholds"),
    listSettingVersions("regulatory_status"),
    listSettingVersions("commission_review_thresholds"),
  ]);
  const rows = documents.map((row) => ({
    ...row,
    standing: row.problem ? `Can't be used: ${row.problem}` : row.id === inUseId ? "In use today" : row.effectiveFrom > today ? `From ${formatDate(row.effectiveFrom)}` : "Replaced by a newer version",
  }));
  return {
    rows,
    ties,
    today,
    status: { ...status, problem: documentProblem(status.value.text, ties) },
    thresholds,
    statusVersions,
    thresholdVersions,
    canEdit: can(user, "lenders:edit"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const intent = String(formData.get("intent"));
  const submission = parseWithZod(formData, { schema: DocumentsPageSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });

  const value = submission.value;
  const once = submissionOf(actor, formData);
  let result: Result;
  let done = "";
  switch (value.intent) {
    case "create-document": {
      const created = await createDocumentVersion({ actor, title: value.title, body: value.body, effectiveFrom: value.effectiveFrom, once });
      result = created;
      if (created.ok) done = `Saved version ${created.version}.${created.problem ? ` It can't be used yet: ${created.problem}` : ""}`;
      break;
    }
    case "save-status":
      result = await saveSettingVersion(actor, "regulatory_status", { text: value.text }, value.basedOnVersion, once);
      done = "Saved the regulatory status wording.";
      break;
    case "save-thresholds":
      result = await saveSettingVersion(
        actor,
        "commission_review_thresholds",
        { chargeForCreditPercent: value.chargeForCreditPercent, creditPercent: value.creditPercent },
        value.basedOnVersion,
        once,
      );
      done = "Saved the review thresholds.";
      break;
  }
  if (!result.ok) return data({ intent, result: submission.reply(errorsFor(result)) }, { status: result.status ?? 400 });
  return redirectWithToast("/lenders/documents", done);
}

// After a conflict (another admin saved first) reload, so the forms start from the newest version.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];
const column = createColumnHelper<Row>();
const columns = [
  column.display({
    id: "expand",
    header: () => <span className="skip-link">Text</span>,
    cell: ({ row }) => <ExpandButton expanded={row.getIsExpanded()} onToggle={row.getToggleExpandedHandler()} label={`the text of version ${row.original.version}`} />,
  }),
  column.accessor("version", { enableSorting: false, header: "Version", meta: { numeric: true }, cell: (info) => `v${info.getValue()}` }),
  column.accessor("title", { enableSorting: false, header: "Title" }),
  column.accessor("effectiveFrom", { enableSorting: false, header: "Effective from", cell: (info) => formatDate(info.getValue()) }),
  column.accessor("sha256", { enableSorting: false, header: "SHA-256", cell: (info) => <span className="mono" title={info.getValue()}>{shortHash(info.getValue())}…</span> }),
  column.accessor("firstUsedAt", { enableSorting: false, header: "First used", cell: (info) => (info.getValue() ? formatDateTime(info.getValue()!) : <span className="muted">Not yet</span>) }),
  column.accessor("standing", {
    enableSorting: false,
    header: "Today",
    cell: (info) => <span className={info.row.original.problem ? "badge danger" : info.getValue() === "In use today" ? "badge ok" : "badge"}>{info.getValue()}</span>,
  }),
  // Compliance approves a version on /compliance/approvals; the list shows who did.
  column.accessor("approval", { enableSorting: false, header: "Approved", cell: (info) => <ApprovedBy approval={info.getValue()} /> }),
];

export default function DocumentsPage() {
  const { rows, ties, today, status, thresholds, statusVersions, thresholdVersions, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string): LastResult => (actionData?.intent === intent ? actionData.result : undefined);
  const lenders = [...new Set(ties.map((tie) => tie.lenderName))];
  return (
    <>
      <p>
        <Link to="/lenders">← Lenders</Link>
      </p>
      <div className="page-header">
        <h1>Disclosure documents</h1>
      </div>
      <p>
        The wording shown to customers before any proposal, as numbered versions. A version shown to a customer is never edited: write a new one. Ties in
        force today: {lenders.length ? lenders.join(", ") : "none"}.
      </p>
      <DataTable
        caption="Disclosure document versions"
        columns={columns}
        data={rows}
        rowCount={rows.length}
        state={wholeTable(rows.length)}
        getRowId={(row) => row.id}
        renderDetail={(row) => (
          <>
            <p className="notes">{row.body}</p>
            <p className="hint mono">SHA-256 {row.sha256}</p>
          </>
        )}
        empty="No disclosure document yet: deals can't be disclosed until an admin adds one."
      />
      {canEdit ? <CreateDocumentForm key={rows.length} lastResult={resultFor("create-document")} today={today} startFrom={rows[0]} /> : null}
      <div className="two-columns">
        <StatusPanel key={`status-${status.version}`} current={status} versions={statusVersions} canEdit={canEdit} lastResult={resultFor("save-status")} />
        <ThresholdsPanel key={`thresholds-${thresholds.version}`} current={thresholds} versions={thresholdVersions} canEdit={canEdit} lastResult={resultFor("save-thresholds")} />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}

function CreateDocumentForm({ lastResult, today, startFrom }: { lastResult: LastResult; today: string; startFrom?: { title: string; body: string } }) {
  const [form, fields] = useActionForm("create-document", lastResult, { effectiveFrom: today, title: startFrom?.title ?? "", body: startFrom?.body ?? "" });
  return (
    <ActionPanel title="Write a new version" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create-document" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="form-grid">
          <TextField label="Title" field={fields.title!} inputProps={{ required: true }} />
          <TextField label="Effective from" type="date" field={fields.effectiveFrom!} hint="Today or later." inputProps={{ required: true, min: today }} />
        </div>
        <TextArea
          label="Wording shown to customers"
          field={fields.body!}
          rows={14}
          hint='Starts from the newest version. Must say "credit broker" and "not a lender", and "not independent" while any tie is in force.'
        />
        <SubmitButton className="button primary">
          Save as a new version
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}
