import { getFormProps, getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "~/components/data-table/data-table";
import { FilterSelect } from "~/components/filter-select";
import { ErrorPage } from "~/components/error-page";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { requireAccess, shownUser } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { CATEGORY_LABELS, modelLabel } from "~/modules/stock/labels";
import {
  CatalogueListQuery,
  ModelFormSchema,
  toModelFields,
  type CreateModelSchema,
  type UpdateModelSchema,
} from "~/modules/stock/catalogue.schema";
import { createModel, getModel, listMakes, listModels, updateModel } from "~/modules/stock/catalogue.server";
import { formatPounds, penceToInput } from "~/utils/money";
import { notFound } from "~/utils/http.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SubmitButton } from "~/components/submit-button";
import { submissionOf } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Model catalogue · Laguna Admin" }];

export const access = { loader: "stock:view", action: "catalogue:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const params = new URL(request.url).searchParams;
  const query = CatalogueListQuery.parse(Object.fromEntries(params));
  const [{ rows, total }, makes] = await Promise.all([listModels(query), listMakes()]);
  // Those who may only view get the list; a stray ?new or ?edit is ignored for them.
  const canEdit = can(user, "catalogue:edit");
  const editId = canEdit ? params.get("edit") : null;
  const editing = editId ? await getModel(editId) : null;
  if (editId !== null && !editing) notFound("That model isn't in the catalogue. It may have been removed, or the link may be wrong.");
  return { rows, total, makes, query, user: shownUser(user), creating: canEdit && params.has("new"), editing };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: ModelFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });

  const { value } = submission;
  const fields = toModelFields(value);
  const result = value.intent === "create" ? await createModel({ ...fields, actor: user, once: submissionOf(user, formData) }) : await updateModel({ ...fields, id: value.id, version: value.version, actor: user });
  if (!result.ok) {
    const reply = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data(submission.reply(reply), { status: result.status ?? 400 });
  }
  const back = listSearch(new URL(request.url).searchParams);
  return redirectWithToast(`/stock/catalogue${back}`, `${value.intent === "create" ? "Added" : "Saved"} ${modelLabel(fields)}.`);
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

type Row = Awaited<ReturnType<typeof listModels>>["rows"][number];
const cc = new Intl.NumberFormat("en-GB");
const column = createColumnHelper<Row>();
const columns = [
  column.accessor("make", { header: "Make" }),
  column.accessor("model", { header: "Model", cell: (info) => <ModelName row={info.row.original} /> }),
  column.accessor("modelYear", { id: "year", header: "Year", meta: { numeric: true }, cell: (info) => info.getValue() ?? "" }),
  column.accessor("category", { header: "Category", cell: (info) => CATEGORY_LABELS[info.getValue()] }),
  column.accessor("engineCc", { id: "engine", header: "Engine", meta: { numeric: true }, cell: (info) => (info.getValue() ? `${cc.format(info.getValue()!)} cc` : "") }),
  column.accessor("listPricePence", { id: "price", header: "List price", meta: { numeric: true }, cell: (info) => formatPounds(info.getValue()) }),
];

/** The model name; a link to its edit panel for those who may edit. */
function ModelName({ row }: { row: Row }) {
  const { user } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const name = row.variant ? `${row.model} ${row.variant}` : row.model;
  if (!can(user, "catalogue:edit")) return <>{name}</>;
  return <Link to={listSearch(searchParams, { edit: row.id })}>{name}</Link>;
}

export default function CataloguePage() {
  const { rows, total, makes, query, user, creating, editing } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const filtered = ["q", "make", "category"].some((key) => searchParams.get(key));
  const cancelTo = `/stock/catalogue${listSearch(searchParams)}`;
  return (
    <>
      <div className="page-header">
        <h1>Model catalogue</h1>
        {can(user, "catalogue:edit") && !creating ? (
          <Link className="button primary" to={listSearch(searchParams, { new: "" })}>
            New model
          </Link>
        ) : null}
      </div>
      {creating ? <CreatePanel makes={makes} cancelTo={cancelTo} /> : null}
      {editing ? <EditPanel key={editing.id} model={editing} makes={makes} cancelTo={cancelTo} /> : null}
      <Form method="get" className="filters" role="search" aria-label="Filter models">
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Model, variant or year" />
        </label>
        <FilterSelect name="make" label="Make" value={query.make} any="Any make" options={makes.map((make) => [make, make] as const)} />
        <FilterSelect name="category" label="Category" value={query.category} any="Any category" options={Object.entries(CATEGORY_LABELS)} />
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link to="/stock/catalogue">Clear filters</Link> : null}
      </Form>
      <DataTable
        caption="Catalogue models"
        columns={columns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={filtered ? "No models match these filters." : "The catalogue is empty."}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}

/** The fields both forms share; conform keeps what was typed when the server refuses it. */
function ModelFields({ fields, makes }: { fields: Record<"make" | "model" | "variant" | "listPrice", TextMeta> & Record<"modelYear" | "engineCc" | "category", NumberMeta>; makes: string[] }) {
  const listId = `${fields.make.id}-makes`;
  return (
    <div className="form-grid">
      <TextField label="Make" field={fields.make} inputProps={{ required: true, list: listId, autoComplete: "off" }} />
      <datalist id={listId}>
        {makes.map((make) => (
          <option key={make} value={make} />
        ))}
      </datalist>
      <TextField label="Model" field={fields.model} hint="Like 790 Adventure." inputProps={{ required: true, autoComplete: "off" }} />
      <TextField label="Variant" field={fields.variant} hint="Optional, like R or Special." inputProps={{ autoComplete: "off" }} />
      <TextField label="Model year" field={fields.modelYear as TextMeta} hint="Optional." inputProps={{ inputMode: "numeric", maxLength: 4 }} />
      <div className="field">
        <label htmlFor={fields.category.id}>Category</label>
        <select {...getSelectProps(fields.category)} key={fields.category.key} required>
          <option value="">Choose a category</option>
          {(Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[]).map((category) => (
            <option key={category} value={category}>
              {CATEGORY_LABELS[category]}
            </option>
          ))}
        </select>
        <FieldError id={fields.category.errorId} errors={fields.category.errors} />
      </div>
      <TextField label="Engine size (cc)" field={fields.engineCc as TextMeta} hint="Leave empty for an electric bike." inputProps={{ inputMode: "numeric", maxLength: 4 }} />
      <TextField label="List price (£)" field={fields.listPrice} hint="The manufacturer's price, like 10,499." inputProps={{ inputMode: "decimal" }} />
    </div>
  );
}

type TextMeta = Parameters<typeof TextField>[0]["field"];
// z.coerce fields have `unknown` input; the form sends their text.
type NumberMeta = FieldMetadata<unknown>;

function CreatePanel({ makes, cancelTo }: { makes: string[]; cancelTo: string }) {
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.initialValue?.intent === "create" ? actionData : undefined;
  const [form, fields] = useStaffForm<z.input<typeof CreateModelSchema>>({ id: "create-model", lastResult });
  return (
    <section className="panel" aria-labelledby="create-title">
      <h2 id="create-title">New model</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <ModelFields fields={fields} makes={makes} />
        <div className="form-actions">
          <SubmitButton className="button primary">
            Add model
          </SubmitButton>
          <Link to={cancelTo}>Cancel</Link>
        </div>
      </Form>
    </section>
  );
}

type Model = NonNullable<Awaited<ReturnType<typeof getModel>>>;

function EditPanel({ model, makes, cancelTo }: { model: Model; makes: string[]; cancelTo: string }) {
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.initialValue?.intent === "update" ? actionData : undefined;
  const [form, fields] = useStaffForm<z.input<typeof UpdateModelSchema>>({
    id: `edit-model-${model.id}`,
    lastResult,
    defaultValue: {
      ...model,
      version: String(model.version),
      modelYear: model.modelYear?.toString() ?? "",
      engineCc: model.engineCc?.toString() ?? "",
      listPrice: penceToInput(model.listPricePence),
    },
  });
  const { key: _key, ...version } = getInputProps(fields.version, { type: "hidden" });
  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">Edit {modelLabel(model)}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="id" value={model.id} />
        <input {...version} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <ModelFields fields={fields} makes={makes} />
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
