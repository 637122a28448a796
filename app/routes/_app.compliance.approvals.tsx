import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { StepUpCode } from "~/components/step-up-code";
import { SubmitButton } from "~/components/submit-button";
import { APPROVAL_STATE_LABELS, KIND_LABELS } from "~/modules/approvals/approval-labels";
import { ApproveSubjectSchema } from "~/modules/approvals/approvals.schema";
import { approvalQueue, approveDocument, approveTie } from "~/modules/approvals/approvals.server";
import { requireAccess, requireIntent } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { stepUpProblem } from "~/modules/auth/step-up.server";
import { wholeTable } from "~/modules/finance/lender-columns";
import { formatDate, formatDateTime } from "~/utils/dates";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Promotion approvals · Laguna Admin" }];

export const access = {
  loader: "promotions:approve",
  intents: { "approve-document": "promotions:approve", "approve-tie": "promotions:approve" },
} as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  return approvalQueue();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, intent, formData } = await requireIntent({ request, context }, access.intents, readForm);
  const parsed = ApproveSubjectSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ intent, subjectId: null, message: parsed.error.issues[0]?.message ?? "Choose from the list.", stepUp: undefined }, { status: 400 });
  const { subjectId } = parsed.data;
  // An approval is a sign-off like publishing: it needs a fresh code.
  const stepUp = await stepUpProblem({ request, context }, formData, "approve it");
  if (stepUp) return data({ intent, subjectId, message: undefined, stepUp }, { status: 401 });
  if (parsed.data.intent === "approve-document") {
    const result = await approveDocument({ actor, id: subjectId });
    if (!result.ok) return data({ intent, subjectId, message: result.message, stepUp: undefined }, { status: result.status ?? 400 });
    return redirectWithToast("/compliance/approvals", `Approved disclosure document version ${result.version}.`);
  }
  const result = await approveTie({ actor, id: subjectId });
  if (!result.ok) return data({ intent, subjectId, message: result.message, stepUp: undefined }, { status: result.status ?? 400 });
  return redirectWithToast("/compliance/approvals", `Approved the tie ${result.reference}.`);
}

type Queue = Awaited<ReturnType<typeof loader>>;
const day = (isoDate: string) => formatDate(`${isoDate}T12:00:00Z`);

const offerColumn = createColumnHelper<Queue["offers"][number]>();
const offerColumns = [
  offerColumn.accessor("title", { enableSorting: false, header: "Offer", cell: (info) => <Link to={`/offers/${info.row.original.id}`}>{info.getValue()}</Link> }),
  offerColumn.accessor("revision", { enableSorting: false, header: "Revision", meta: { numeric: true } }),
  offerColumn.accessor("state", { enableSorting: false, header: "State", cell: (info) => (info.getValue() === "published" ? "Published" : "Draft") }),
  offerColumn.accessor("validFrom", { enableSorting: false, header: "From", cell: (info) => day(info.getValue()) }),
  offerColumn.accessor("standing", {
    enableSorting: false,
    header: "Approval",
    cell: (info) => {
      const { standing, lapsesOn } = info.row.original;
      if (standing === "current") return <span className="badge warn">Lapses {day(lapsesOn!)}</span>;
      return <span className={standing === "lapsed" ? "badge danger" : "badge warn"}>{APPROVAL_STATE_LABELS[standing]}</span>;
    },
  }),
];

const recentColumn = createColumnHelper<Queue["recent"][number]>();
const recentColumns = [
  recentColumn.accessor("approvedAt", { enableSorting: false, header: "Approved", cell: (info) => formatDateTime(info.getValue()) }),
  recentColumn.accessor("kind", { enableSorting: false, header: "Kind", cell: (info) => KIND_LABELS[info.getValue()] }),
  recentColumn.accessor("what", { enableSorting: false, header: "What" }),
  recentColumn.accessor("approvedByName", { enableSorting: false, header: "By" }),
  recentColumn.accessor("lapsesOn", { enableSorting: false, header: "Lapses", cell: (info) => (info.getValue() ? day(info.getValue()!) : "Never") }),
];

export default function ApprovalsPage() {
  const { offers, documents, ties, recent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pending = (row: { id: string }, intent: string) => (actionData?.intent === intent && actionData.subjectId === row.id ? actionData : undefined);
  const approveCell = (intent: "approve-document" | "approve-tie", row: { id: string; approval: Queue["documents"][number]["approval"] }, label: string) =>
    row.approval ? (
      <span>
        <span className="badge ok">Approved</span> {row.approval.approvedByName}, {formatDate(row.approval.approvedAt)}
      </span>
    ) : (
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="subjectId" value={row.id} />
        <StepUpCode formId={`${intent}-${row.id}`} errors={pending(row, intent)?.stepUp ? [pending(row, intent)!.stepUp!] : undefined} />
        {pending(row, intent)?.message ? (
          <p className="field-error" role="alert">
            {pending(row, intent)!.message}
          </p>
        ) : null}
        <SubmitButton className="button" aria-label={`Approve ${label}`}>
          Approve
        </SubmitButton>
      </Form>
    );

  const documentColumn = createColumnHelper<Queue["documents"][number]>();
  const documentColumns = [
    documentColumn.accessor("version", { enableSorting: false, header: "Version", meta: { numeric: true }, cell: (info) => `v${info.getValue()}` }),
    documentColumn.accessor("title", { enableSorting: false, header: "Title" }),
    documentColumn.accessor("effectiveFrom", { enableSorting: false, header: "Effective from", cell: (info) => day(info.getValue()) }),
    documentColumn.display({ id: "approval", header: "Approval", cell: ({ row }) => approveCell("approve-document", row.original, `version ${row.original.version}`) }),
  ];
  const tieColumn = createColumnHelper<Queue["ties"][number]>();
  const tieColumns = [
    tieColumn.accessor("lenderName", { enableSorting: false, header: "Lender", cell: (info) => <Link to={`/lenders/${info.row.original.lenderId}`}>{info.getValue()}</Link> }),
    tieColumn.accessor("reference", { enableSorting: false, header: "Reference" }),
    tieColumn.accessor("startsOn", { enableSorting: false, header: "In force", cell: (info) => `${day(info.getValue())} to ${info.row.original.endsOn ? day(info.row.original.endsOn) : "open"}` }),
    tieColumn.display({ id: "approval", header: "Approval", cell: ({ row }) => approveCell("approve-tie", row.original, `the tie ${row.original.reference}`) }),
  ];

  return (
    <>
      <div className="page-header">
        <h1>Promotion approvals</h1>
      </div>
      <p>
        Offers that promote finance are published only once a compliance user approves that revision; an approval lapses after 12 months or when the offer
        changes. Disclosure documents and lender ties record who approved them. Nobody approves what they wrote or edited.
      </p>
      <h2>Offers awaiting approval</h2>
      <DataTable
        caption="Offers awaiting approval, or whose approval lapses within 30 days"
        columns={offerColumns}
        data={offers}
        rowCount={offers.length}
        state={wholeTable(offers.length)}
        getRowId={(row) => row.id}
        empty="Every finance offer is approved: nothing waits."
      />
      <h2>Disclosure documents</h2>
      {actionData?.message && !actionData.subjectId ? (
        <div className="form-errors" role="alert">
          <p>{actionData.message}</p>
        </div>
      ) : null}
      <DataTable caption="Disclosure document versions and their approval" columns={documentColumns} data={documents} rowCount={documents.length} state={wholeTable(documents.length)} getRowId={(row) => row.id} empty="No disclosure document yet." />
      <h2>Lender ties</h2>
      <DataTable caption="Lender ties and their approval" columns={tieColumns} data={ties} rowCount={ties.length} state={wholeTable(ties.length)} getRowId={(row) => row.id} empty="No ties recorded." />
      <h2>Approvals given</h2>
      <DataTable caption="The 50 most recent approvals" columns={recentColumns} data={recent} rowCount={recent.length} state={wholeTable(recent.length)} getRowId={(row) => row.id} empty="No approvals yet." />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
