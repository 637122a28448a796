import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { FormErrors, useStaffForm } from "~/components/form";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { lenderColumns } from "~/modules/finance/lender-columns";
import { LenderFieldset } from "~/modules/finance/lender-forms";
import { CreateLenderSchema, LenderListQuery } from "~/modules/finance/lenders.schema";
import { createLender, listLenders } from "~/modules/finance/lenders.server";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Lenders · Laguna Admin" }];

export const access = { loader: "lenders:view", action: "lenders:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const params = new URL(request.url).searchParams;
  const query = LenderListQuery.parse(Object.fromEntries(params));
  const { rows, total } = await listLenders(query);
  // Those who may only view get the list; a stray ?new is ignored for them.
  const canEdit = can(user, "lenders:edit");
  return { rows, total, query, canEdit, creating: canEdit && params.has("new") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: CreateLenderSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });

  const result = await createLender({ ...submission.value, actor: user, once: submissionOf(user, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/lenders/${result.id}`, `Added ${submission.value.name} to the panel. Now add its ties and commission schedule.`);
}

/** The list's own URL state, without the create panel. */
function listSearch(current: URLSearchParams, extra: Record<string, string> = {}) {
  const params = new URLSearchParams(current);
  params.delete("new");
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : "";
}

export default function LendersPage() {
  const { rows, total, query, canEdit, creating } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>Lender panel</h1>
        {canEdit && !creating ? (
          <Link className="button primary" to={listSearch(searchParams, { new: "" })}>
            New lender
          </Link>
        ) : null}
      </div>
      <p>
        The lenders we introduce customers to, the ties we have with each and the commission they pay. Customer wording:{" "}
        <Link to="/lenders/documents">disclosure documents and regulatory status</Link>.
      </p>
      {creating ? <CreatePanel cancelTo={`/lenders${listSearch(searchParams)}`} /> : null}
      <DataTable
        caption="Lenders on the panel"
        columns={lenderColumns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={canEdit ? <>No lenders yet. <Link to="?new">Add the first lender</Link>.</> : "No lenders on the panel yet."}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}

function CreatePanel({ cancelTo }: { cancelTo: string }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useStaffForm<z.input<typeof CreateLenderSchema>>({ id: "create-lender", lastResult });
  return (
    <section className="panel" aria-labelledby="create-title">
      <h2 id="create-title">New lender</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <LenderFieldset fields={fields} />
        <div className="form-actions">
          <SubmitButton className="button primary">
            Add lender
          </SubmitButton>
          <Link to={cancelTo}>Cancel</Link>
        </div>
      </Form>
    </section>
  );
}
