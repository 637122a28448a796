import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { FilterSelect } from "~/components/filter-select";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { financeColumns, type FinanceTableRow } from "~/modules/finance/finance-columns";
import { DEAL_STATUS_LABELS } from "~/modules/finance/finance-labels";
import { EXCEPTION_LABELS, FINANCE_EXCEPTIONS } from "~/modules/finance/finance-list.labels";
import { FINANCE_CSV_LIMIT, financeFilterParams, listDealFilterOptions, listDeals, parseFinanceQuery } from "~/modules/finance/finance-list.server";

export const meta: MetaFunction = () => [{ title: "Finance · Laguna Admin" }];

export const access = { loader: "finance:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Loaders run in parallel: the layout's check protects nothing here.
  const user = await requireAccess({ request, context }, access.loader);
  const query = parseFinanceQuery(new URL(request.url).searchParams);
  const { rows, total, exceptionCounts } = await listDeals(user, query);
  const options = await listDealFilterOptions(user);
  return {
    query,
    filters: financeFilterParams(query).toString(),
    rows: rows satisfies FinanceTableRow[],
    total,
    exceptionCounts,
    options,
    canAdd: can(user, "finance:edit"),
    csvLimit: FINANCE_CSV_LIMIT,
  };
}

const count = new Intl.NumberFormat("en-GB");

export default function FinancePage() {
  const { query, filters, rows, total, exceptionCounts, options, canAdd, csvLimit } = useLoaderData<typeof loader>();
  const filtered = filters !== "";
  // The view (sort, page size) carries across filter changes; filters and page don't.
  const view = new URLSearchParams({ sort: query.sort, dir: query.dir });
  if (query.size !== 50) view.set("size", String(query.size));
  const href = (params: URLSearchParams) => `/finance?${new URLSearchParams([...params, ...view])}`;
  const withException = (exception: string | null) => {
    const params = new URLSearchParams(filters);
    if (exception) params.set("exception", exception);
    else params.delete("exception");
    return href(params);
  };
  const csvParams = new URLSearchParams(filters);
  csvParams.set("sort", query.sort);
  csvParams.set("dir", query.dir);

  return (
    <>
      <div className="page-header">
        <h1>Finance introductions</h1>
        <div className="form-actions">
          {canAdd ? (
            <Link to="/finance/new" className="button primary">
              New introduction
            </Link>
          ) : null}
          <Link to="/finance/report" className="button">
            Commission and APR report
          </Link>
          {canAdd ? (
            <Link to="/finance/check" className="button">
              Figures check
            </Link>
          ) : null}
          <a className="button" href={`/finance.csv?${csvParams}`} download title={`The filtered introductions, up to ${count.format(csvLimit)} rows`}>
            Download CSV
          </a>
        </div>
      </div>

      <nav aria-label="Exceptions" className="filters">
        <ExceptionLink to={withException(null)} current={!query.exception} label="All introductions" />
        {FINANCE_EXCEPTIONS.map((exception) => (
          <ExceptionLink
            key={exception}
            to={withException(exception)}
            current={query.exception === exception}
            label={EXCEPTION_LABELS[exception]}
            value={exceptionCounts[exception]}
          />
        ))}
      </nav>

      <Form method="get" className="filters" key={filters} role="search" aria-label="Filter introductions">
        {[...view].map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Customer, agreement no. or reference" />
        </label>
        <FilterSelect name="branch" label="Branch" value={query.branch} any="Any branch" options={options.branches.map((b) => [b.slug, b.active ? b.name : `${b.name} (inactive)`])} />
        <FilterSelect name="status" label="Status" value={query.status} any="Any status" options={Object.entries(DEAL_STATUS_LABELS)} />
        <FilterSelect name="lender" label="Lender" value={query.lender} any="Any lender" options={options.lenders.map((l) => [l.id, l.active ? l.name : `${l.name} (inactive)`])} />
        <FilterSelect name="staff" label="Staff" value={query.staff} any="Anyone" options={options.staff.map((s) => [s.id, s.name])} />
        <label>
          Created from
          <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>
        <label>
          Created to
          <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        <FilterSelect name="exception" label="Exception" value={query.exception} any="Any (or none)" options={FINANCE_EXCEPTIONS.map((e) => [e, EXCEPTION_LABELS[e]])} />
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link to={href(new URLSearchParams())}>Clear</Link> : null}
      </Form>
      <p className="hint">The lender is the accepted one, else the latest proposed to. Commission is the amount confirmed to the customer, else the estimate last disclosed (est.).</p>

      <DataTable
        caption="Finance introductions"
        columns={financeColumns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={
          filtered ? (
            <>
              No introductions match these filters. <Link to={href(new URLSearchParams())}>Clear the filters</Link>
            </>
          ) : canAdd ? (
            <>
              No introductions yet. <Link to="/finance/new">Record one</Link>
            </>
          ) : (
            "No introductions yet."
          )
        }
      />
    </>
  );
}

function ExceptionLink(props: { to: string; current: boolean; label: string; value?: number }) {
  return (
    <Link to={props.to} className={props.current ? "button primary" : "button"} aria-current={props.current ? "true" : undefined}>
      {props.label}
      {props.value === undefined ? null : (
        <>
          {" "}
          <span className={props.value > 0 ? "badge warn" : "badge"}>{count.format(props.value)}</span>
        </>
      )}
    </Link>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
