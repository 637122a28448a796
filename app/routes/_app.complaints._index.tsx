import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { FilterSelect } from "~/components/filter-select";
import { requireAccess } from "~/modules/auth/guards.server";
import { can } from "~/modules/auth/permissions";
import type { RouteAccess } from "~/modules/auth/route-access";
import { complaintColumns, type ComplaintTableRow } from "~/modules/complaints/complaint-columns";
import { VIEW_LABELS } from "~/modules/complaints/complaint-labels";
import { complaintBranchOptions, listComplaints } from "~/modules/complaints/complaints-read.server";
import { COMPLAINT_VIEWS, ComplaintListQuery, type ComplaintView } from "~/modules/complaints/complaints.schema";

export const meta: MetaFunction = () => [{ title: "Complaints · Laguna Admin" }];

export const access = { loader: "complaints:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const query = ComplaintListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, total, counts } = await listComplaints(user, query);
  return { query, rows: rows satisfies ComplaintTableRow[], total, counts, branches: await complaintBranchOptions(user), canAdd: can(user, "complaints:edit") };
}

const count = new Intl.NumberFormat("en-GB");

export default function ComplaintsPage() {
  const { query, rows, total, counts, branches, canAdd } = useLoaderData<typeof loader>();
  const withView = (view: ComplaintView) => {
    const params = new URLSearchParams({ view });
    if (query.q) params.set("q", query.q);
    if (query.branch) params.set("branch", query.branch);
    return `/complaints?${params}`;
  };
  const filtered = Boolean(query.q || query.branch);
  return (
    <>
      <div className="page-header">
        <h1>Complaints</h1>
        {canAdd ? (
          <Link to="/complaints/new" className="button primary">
            Record a complaint
          </Link>
        ) : null}
      </div>
      <p className="hint">
        DISP time limits: a summary resolution by the end of the third business day after receipt (England and Wales bank holidays excluded), otherwise a final
        response within eight weeks. Overdue: open past the eight weeks.
      </p>
      <nav aria-label="Views" className="filters">
        {COMPLAINT_VIEWS.map((view) => (
          <Link key={view} to={withView(view)} className={query.view === view ? "button primary" : "button"} aria-current={query.view === view ? "true" : undefined}>
            {VIEW_LABELS[view]}
            {view in counts ? (
              <>
                {" "}
                <span className={counts[view as keyof typeof counts] > 0 && view !== "open" ? "badge warn" : "badge"}>{count.format(counts[view as keyof typeof counts])}</span>
              </>
            ) : null}
          </Link>
        ))}
      </nav>
      <Form method="get" className="filters" role="search" aria-label="Filter complaints" key={`${query.q}-${query.branch}`}>
        <input type="hidden" name="view" value={query.view} />
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Reference or complainant" />
        </label>
        <FilterSelect name="branch" label="Branch" value={query.branch} any="Any branch" options={branches.map((b) => [b.slug, b.name])} />
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link to={`/complaints?view=${query.view}`}>Clear</Link> : null}
      </Form>
      <DataTable
        caption="Complaints"
        columns={complaintColumns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={filtered || query.view !== "open" ? `No complaints in this view${filtered ? " with these filters" : ""}.` : canAdd ? (
          <>
            No open complaints. <Link to="/complaints/new">Record one</Link>
          </>
        ) : (
          "No open complaints."
        )}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
