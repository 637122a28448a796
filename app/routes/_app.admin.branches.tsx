import { getCollectionProps, getFormProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { BRANDS } from "~/modules/branches/brands";
import { BranchFormSchema, BranchListQuery, CreateBranchSchema, UpdateBranchSchema } from "~/modules/branches/branches.schema";
import { createBranch, getBranch, listBranches, updateBranch } from "~/modules/branches/branches.server";
import { notFound } from "~/utils/http.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Branches · Laguna Admin" }];

export const access = { loader: "branches:manage", action: "branches:manage" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const params = new URL(request.url).searchParams;
  const query = BranchListQuery.parse(Object.fromEntries(params));
  const { rows, total } = await listBranches(query);
  const editId = params.get("edit");
  const editing = editId ? await getBranch(editId) : null;
  if (editId !== null && !editing) notFound("That branch doesn't exist. It may have been removed, or the link may be wrong.");
  return { rows, total, state: query, creating: params.has("new"), editing };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: BranchFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });

  const { value } = submission;
  const result = value.intent === "create" ? await createBranch({ ...value, actor: user, once: submissionOf(user, formData) }) : await updateBranch({ ...value, actor: user });
  if (!result.ok) {
    const reply = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data(submission.reply(reply), { status: result.status ?? 400 });
  }
  const back = listSearch(new URL(request.url).searchParams);
  const message = value.intent === "create" ? `Added ${value.name}.` : `Saved ${value.name}${value.active ? "" : "; it is inactive"}.`;
  return redirectWithToast(`/admin/branches${back}`, message);
}

/** The list's own URL state, without the create or edit panel. */
function listSearch(current: URLSearchParams, extra: Record<string, string> = {}) {
  const params = new URLSearchParams(current);
  params.delete("new");
  params.delete("edit");
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : "";
}

type Row = Awaited<ReturnType<typeof listBranches>>["rows"][number];
const column = createColumnHelper<Row>();
const columns = [
  column.accessor("name", { header: "Name", cell: (info) => <EditLink id={info.row.original.id} name={info.getValue()} /> }),
  column.accessor("slug", { header: "Web name" }),
  column.accessor("brands", {
    header: "Franchises",
    enableSorting: false,
    cell: (info) => (info.getValue().length ? info.getValue().join(", ") : <span className="muted">Used only</span>),
  }),
  column.accessor("stockNumberPrefix", { id: "prefix", header: "Stock prefix" }),
  column.accessor("phone", { header: "Phone", enableSorting: false }),
  column.accessor("staff", { header: "Active staff", enableSorting: false, meta: { numeric: true } }),
  column.accessor("active", {
    header: "Status",
    enableSorting: false,
    cell: (info) => (info.getValue() ? <span className="badge ok">Active</span> : <span className="badge">Inactive</span>),
  }),
];

function EditLink({ id, name }: { id: string; name: string }) {
  const [searchParams] = useSearchParams();
  return <Link to={listSearch(searchParams, { edit: id })}>{name}</Link>;
}

export default function BranchesPage() {
  const { rows, total, state, creating, editing } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>Branches</h1>
        {creating ? null : (
          <Link className="button primary" to={listSearch(searchParams, { new: "" })}>
            New branch
          </Link>
        )}
      </div>
      {creating ? <CreatePanel cancelTo={`/admin/branches${listSearch(searchParams)}`} /> : null}
      {editing ? <EditPanel key={editing.id} branch={editing} cancelTo={`/admin/branches${listSearch(searchParams)}`} /> : null}
      <DataTable
        caption="Branches"
        columns={columns}
        data={rows}
        rowCount={total}
        state={state}
        getRowId={(row) => row.id}
        empty={
          <>
            No branches yet. <Link to="?new">Add the first branch</Link>.
          </>
        }
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}

type TextMeta = Parameters<typeof TextField>[0]["field"];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shared by the create and edit forms, whose schemas differ
type ListMeta = FieldMetadata<string[] | undefined, any, string[]>;

/** The fields both forms share; conform keeps what was typed when the server refuses it. */
function BranchFields({ fields }: { fields: Record<"name" | "slug" | "stockNumberPrefix" | "phone" | "address", TextMeta> & { brands: ListMeta } }) {
  return (
    <>
      <div className="form-grid">
        <TextField label="Trading name" field={fields.name} inputProps={{ required: true }} />
        <TextField label="Web name" field={fields.slug} hint="Lower-case letters, digits and hyphens." inputProps={{ required: true, autoCapitalize: "none" }} />
        <TextField
          label="Stock-number prefix"
          field={fields.stockNumberPrefix}
          hint="2 to 4 letters, like MHO."
          inputProps={{ required: true, maxLength: 4, autoCapitalize: "characters" }}
        />
        <TextField label="Phone" type="tel" field={fields.phone} inputProps={{ autoComplete: "off" }} />
      </div>
      <TextField label="Address" field={fields.address} />
      <fieldset className="checkbox-group" aria-describedby={fields.brands.errorId}>
        <legend>Franchises</legend>
        {getCollectionProps(fields.brands, { type: "checkbox", options: [...BRANDS] }).map(({ key, ...props }) => (
          <label key={key}>
            <input {...props} />
            {props.value}
          </label>
        ))}
      </fieldset>
      <FieldError id={fields.brands.errorId} errors={fields.brands.errors} />
    </>
  );
}

function CreatePanel({ cancelTo }: { cancelTo: string }) {
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.initialValue?.intent === "create" ? actionData : undefined;
  const [form, fields] = useStaffForm<z.input<typeof CreateBranchSchema>>({ id: "create-branch", lastResult });
  return (
    <section className="panel" aria-labelledby="create-title">
      <h2 id="create-title">New branch</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <BranchFields fields={fields} />
        <div className="form-actions">
          <SubmitButton className="button primary">
            Add branch
          </SubmitButton>
          <Link to={cancelTo}>Cancel</Link>
        </div>
      </Form>
    </section>
  );
}

type Branch = NonNullable<Awaited<ReturnType<typeof getBranch>>>;

function EditPanel({ branch, cancelTo }: { branch: Branch; cancelTo: string }) {
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.initialValue?.intent === "update" ? actionData : undefined;
  const [form, fields] = useStaffForm<z.input<typeof UpdateBranchSchema>>({
    id: `edit-branch-${branch.id}`,
    lastResult,
    defaultValue: { ...branch, version: String(branch.version), active: branch.active ? "on" : undefined },
    onSubmit(event, { formData }) {
      // A convenience only: the server accepts a deactivation without it.
      if (branch.active && formData.get("active") !== "on" && !window.confirm(deactivationWarning(branch))) event.preventDefault();
    },
  });
  const { key: _key, ...version } = getInputProps(fields.version, { type: "hidden" });
  const { key: _activeKey, ...active } = getInputProps(fields.active, { type: "checkbox" });
  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">Edit {branch.name}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="id" value={branch.id} />
        <input {...version} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <BranchFields fields={fields} />
        <div className="field">
          <label className="checkbox">
            <input {...active} aria-describedby={`${fields.active.id}-hint`} />
            Active
          </label>
          <p className="hint" id={`${fields.active.id}-hint`}>
            {staffSentence(branch.staff)} An inactive branch keeps its records and can be reactivated.
          </p>
        </div>
        <div className="form-actions">
          <SubmitButton className="button primary">
            Save changes
          </SubmitButton>
          <Link to={cancelTo}>Cancel</Link>
        </div>
      </Form>
    </section>
  );
}

function staffSentence(staff: number) {
  if (staff === 0) return "No active staff are assigned to it.";
  return staff === 1 ? "1 member of staff is still assigned to it." : `${staff} members of staff are still assigned to it.`;
}

function deactivationWarning(branch: Branch) {
  const staff = branch.staff === 0 ? "" : " They keep their assignment until you change it under Users.";
  return `Deactivate ${branch.name}? ${staffSentence(branch.staff)}${staff}`;
}
