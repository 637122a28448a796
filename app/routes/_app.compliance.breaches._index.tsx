import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { NewBreachForm } from "~/modules/breaches/breach-forms";
import { BreachFieldsSchema, BreachListQuery } from "~/modules/breaches/breaches.schema";
import { breachOfferOptions, listBreaches, recordBreach } from "~/modules/breaches/breaches.server";
import { formatDate, londonToday } from "~/utils/dates";
import { errorsFor } from "~/utils/form-reply";
import { readForm } from "~/utils/form.server";
import { submissionOf } from "~/utils/submission.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Breach log · Laguna Admin" }];

export const access = { loader: "breaches:manage", action: "breaches:manage" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const query = BreachListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, total } = await listBreaches(user, query);
  return { query, rows, total, offers: await breachOfferOptions(), today: londonToday() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess({ request, context }, access.action);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: BreachFieldsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await recordBreach({ actor: user, fields: submission.value, once: submissionOf(user, formData) });
  if (!result.ok) return data(submission.reply(errorsFor(result)), { status: result.status ?? 400 });
  return redirectWithToast(`/compliance/breaches/${result.id}`, `Recorded breach ${result.reference}. Next: tell the principal, and add the actions.`);
}

type Row = Awaited<ReturnType<typeof listBreaches>>["rows"][number];
const column = createColumnHelper<Row>();
const columns = [
  column.accessor("reference", { header: "Reference", meta: { nowrap: true }, cell: (info) => <a href={`/compliance/breaches/${info.row.original.id}`}>{info.getValue()}</a> }),
  column.accessor("foundOn", { header: "Found", meta: { nowrap: true }, cell: (info) => formatDate(info.getValue()) }),
  column.accessor("rule", { header: "Rule", enableSorting: false }),
  column.accessor("description", { header: "What happened", enableSorting: false, cell: (info) => (info.getValue().length > 90 ? `${info.getValue().slice(0, 90)}…` : info.getValue()) }),
  column.accessor("principalToldAt", { header: "Principal told", enableSorting: false, cell: (info) => (info.getValue() ? formatDate(info.getValue()!) : <span className="badge warn">Not yet</span>) }),
  column.accessor("openActions", { header: "Open actions", enableSorting: false, meta: { numeric: true } }),
  column.accessor("closedAt", { header: "Closed", enableSorting: false, cell: (info) => (info.getValue() ? formatDate(info.getValue()!) : "—") }),
];

export default function BreachesPage() {
  const { query, rows, total, offers, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Breach log</h1>
      <p className="hint">What went wrong, which rule, the deals or offers involved, when Automotive Compliance Ltd (our principal, FCA 497010) was told, and what was done.</p>
      <nav aria-label="Views" className="filters">
        {(["open", "closed", "all"] as const).map((view) => (
          <Link key={view} to={`/compliance/breaches?view=${view}`} className={query.view === view ? "button primary" : "button"} aria-current={query.view === view ? "true" : undefined}>
            {{ open: "Open", closed: "Closed", all: "All" }[view]}
          </Link>
        ))}
      </nav>
      <Form method="get" className="filters" role="search" aria-label="Search breaches">
        <input type="hidden" name="view" value={query.view} />
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Reference, rule or words" />
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </Form>
      <DataTable caption="Breaches" columns={columns} data={rows} rowCount={total} state={query} getRowId={(row) => row.id} empty={query.view === "open" && !query.q ? "No open breaches." : "No breaches match."} />
      <details className="panel action-panel" open={Boolean(lastResult)}>
        <summary>Record a breach</summary>
        <NewBreachForm lastResult={lastResult} offers={offers} today={today} />
      </details>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
