import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { FilterSelect } from "~/components/filter-select";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { can } from "~/modules/auth/permissions";
import { AGEING_BUCKETS, CATEGORY_LABELS, CONDITION_LABELS, STATUS_LABELS } from "~/modules/stock/labels";
import { COLUMN_LABELS, stockColumns } from "~/modules/stock/stock-columns";
import { listStockFilterOptions } from "~/modules/stock/filter-options.server";
import {
  listStock,
  pageRows,
  parseStockQuery,
  STOCK_CSV_LIMIT,
  stockColumnChoices,
  stockFilterParams,
} from "~/modules/stock/stock-list.server";
import type { VehicleStatus } from "@db/schema/stock";

export const meta: MetaFunction = () => [{ title: "Stock · Laguna Admin" }];

export const access = { loader: "stock:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Loaders run in parallel: the layout's check protects nothing here.
  const user = await requireAccess({ request, context }, access.loader);
  const searchParams = new URL(request.url).searchParams;
  const [{ query, scope, rows, total, statusCounts, showCost }, options] = await Promise.all([
    listStock(user, parseStockQuery(searchParams)),
    listStockFilterOptions(),
  ]);
  // No key or value here names cost unless the user may see some: the column choices come trimmed.
  const columnChoices = stockColumnChoices(showCost);
  return {
    query,
    scope,
    // Someone with branches of their own opens on them; one click shows the group (and back).
    canScope: user.role !== "admin" && user.branchIds.length > 0,
    filters: stockFilterParams(query).toString(),
    // Columns go into links only when chosen, so default views keep short URLs.
    chosenColumns: searchParams.has("cols"),
    rows: pageRows(rows, query.cols),
    total,
    statusCounts,
    columnChoices,
    options,
    canAdd: can(user, "stock:edit"),
    csvLimit: STOCK_CSV_LIMIT,
  };
}

const UNSOLD: VehicleStatus[] = ["in_stock", "reserved", "in_transit"];
const STATUS_ORDER: VehicleStatus[] = ["in_stock", "reserved", "in_transit", "sold", "delivered"];
const count = new Intl.NumberFormat("en-GB");

export default function StockPage() {
  const { query, scope, canScope, filters, chosenColumns, rows, total, statusCounts, columnChoices, options, canAdd, csvLimit } = useLoaderData<typeof loader>();
  const filtered = filters !== "";
  // The view (sort, columns, page size) carries across filter changes; filters and page don't.
  const view = new URLSearchParams({ sort: query.sort, dir: query.dir });
  if (chosenColumns) for (const id of query.cols) view.append("cols", id);
  const withSize = new URLSearchParams(view);
  if (query.size !== 50) withSize.set("size", String(query.size));
  const href = (params: URLSearchParams) => `/stock?${new URLSearchParams([...params, ...withSize])}`;
  const withStatus = (status: string) => {
    const params = new URLSearchParams(filters);
    if (status === "unsold") params.delete("status");
    else params.set("status", status);
    return href(params);
  };
  const unsoldCount = UNSOLD.reduce((sum, status) => sum + statusCounts[status], 0);
  const allCount = STATUS_ORDER.reduce((sum, status) => sum + statusCounts[status], 0);
  const visibility = Object.fromEntries(columnChoices.map((id) => [id, query.cols.includes(id)]));
  const withScope = (to: "mine" | "all") => {
    const params = new URLSearchParams(filters);
    params.delete("branch");
    params.set("scope", to);
    return href(params);
  };
  const csvParams = new URLSearchParams(filters);
  csvParams.set("sort", query.sort);
  csvParams.set("dir", query.dir);

  return (
    <>
      <div className="page-header">
        <h1>Stock</h1>
        <div className="form-actions">
          {canAdd ? (
            <>
              <Link to="/stock/new" className="button primary">
                Add a bike
              </Link>
              <Link to="/stock/import" className="button">
                Import CSV
              </Link>
            </>
          ) : null}
          <Link to="/stock/catalogue" className="button">
            Catalogue
          </Link>
          <a className="button" href={`/stock.csv?${csvParams}`} download title={`The filtered bikes, up to ${count.format(csvLimit)} rows`}>
            Download CSV
          </a>
        </div>
      </div>

      {canScope ? <ScopeLinks scope={scope} href={withScope} /> : null}

      <nav aria-label="Counts by status" className="filters">
        <StatusLink to={withStatus("unsold")} current={query.status === "unsold"} label="Unsold" value={unsoldCount} />
        {STATUS_ORDER.map((status) => (
          <StatusLink key={status} to={withStatus(status)} current={query.status === status} label={STATUS_LABELS[status]} value={statusCounts[status]} />
        ))}
        <StatusLink to={withStatus("all")} current={query.status === "all"} label="All" value={allCount} />
      </nav>
      {query.branch && query.status === "in_transit" && !query.arriving ? (
        <p className="hint">
          Bikes in transit stay under the branch that sent them until they are received.{" "}
          <Link to={href(new URLSearchParams({ arriving: query.branch, status: "in_transit" }))}>See the bikes arriving at this branch</Link>
        </p>
      ) : null}
      {query.status === "unsold" ? (
        <p className="hint">Showing unsold bikes (in stock, reserved, in transit). Sold and delivered bikes appear when you choose them in Status.</p>
      ) : null}

      <Form method="get" className="filters" key={filters} role="search" aria-label="Filter stock">
        {[...view].map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Stock no., VIN, reg or model" />
        </label>
        {query.scope ? <input type="hidden" name="scope" value={query.scope} /> : null}
        <FilterSelect name="branch" label="Branch" value={query.branch} any={scope === "mine" ? "Any of my branches" : "Any branch"} options={options.branches.map((b) => [b.slug, b.active ? b.name : `${b.name} (inactive)`])} />
        <FilterSelect
          name="arriving"
          label="Arriving at"
          value={query.arriving}
          any="Any (or not in transit)"
          options={options.branches.map((b) => [b.slug, b.name])}
        />
        <FilterSelect
          name="status"
          label="Status"
          value={query.status === "unsold" ? undefined : query.status}
          any="Unsold (in stock, reserved, in transit)"
          options={[...STATUS_ORDER.map((status) => [status, STATUS_LABELS[status]] as const), ["all", "All, including sold"]]}
        />
        <FilterSelect name="make" label="Make" value={query.make} any="Any make" options={options.makes.map((make) => [make, make])} />
        <label>
          Model
          <select name="model" defaultValue={query.model ?? ""}>
            <option value="">Any model</option>
            {options.makes.map((make) => (
              <optgroup key={make} label={make}>
                {options.models
                  .filter((m) => m.make === make)
                  .map((m) => (
                    <option key={m.model} value={m.model}>
                      {m.model}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <FilterSelect name="condition" label="Condition" value={query.condition} any="Any condition" options={Object.entries(CONDITION_LABELS)} />
        <FilterSelect name="category" label="Category" value={query.category} any="Any category" options={Object.entries(CATEGORY_LABELS)} />
        <FilterSelect name="age" label="Days in stock" value={query.age} any="Any age" options={AGEING_BUCKETS.map((bucket) => [bucket, `${bucket} days`])} />
        <label>
          Price from (£)
          <input name="minPrice" inputMode="decimal" size={8} defaultValue={query.minPrice === undefined ? "" : query.minPrice / 100} />
        </label>
        <label>
          Price to (£)
          <input name="maxPrice" inputMode="decimal" size={8} defaultValue={query.maxPrice === undefined ? "" : query.maxPrice / 100} />
        </label>
        <label>
          Rows per page
          <select name="size" defaultValue={String(query.size)}>
            {[...new Set([25, 50, 100, 200, query.size])].map((size) => (
              <option key={size}>{size}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link to={href(new URLSearchParams())}>Clear</Link> : null}
      </Form>

      <details className="panel">
        <summary>Columns</summary>
        <Form method="get">
          {[...new URLSearchParams(filters), ...[...withSize].filter(([name]) => name !== "cols")].map(([name, value], i) => (
            <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
          ))}
          {/* The stock number links to each bike, so it always shows; it also keeps `cols` in the URL when every box is cleared. */}
          <input type="hidden" name="cols" value="stockNumber" />
          <fieldset className="checkbox-group">
            <legend>Show these columns</legend>
            {columnChoices.map((id) => (
              <label key={id}>
                <input type="checkbox" name="cols" value={id} defaultChecked={query.cols.includes(id)} disabled={id === "stockNumber"} />
                {COLUMN_LABELS[id]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button">
            Show columns
          </button>
        </Form>
      </details>

      <DataTable
        caption="Stock"
        columns={stockColumns(columnChoices.includes("cost"))}
        columnVisibility={visibility}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={
          scope === "mine" && !filtered ? (
            <>
              No unsold bikes at your branches. <Link to={withScope("all")}>See all branches</Link>
            </>
          ) : filtered ? (
            <>
              No bikes match these filters. <Link to={href(new URLSearchParams())}>Clear the filters</Link>
            </>
          ) : canAdd ? (
            <>
              No unsold bikes yet. <Link to="/stock/new">Add a bike</Link>
            </>
          ) : (
            "No unsold bikes yet."
          )
        }
      />
    </>
  );
}

/** My branches or the whole group: the current one is marked; a chosen branch is neither. */
function ScopeLinks({ scope, href }: { scope: "branch" | "mine" | "all"; href: (to: "mine" | "all") => string }) {
  return (
    <nav aria-label="Branches shown" className="filters scope-links">
      <Link to={href("mine")} className={scope === "mine" ? "button primary" : "button"} aria-current={scope === "mine" ? "true" : undefined}>
        My branches
      </Link>
      <Link to={href("all")} className={scope === "all" ? "button primary" : "button"} aria-current={scope === "all" ? "true" : undefined}>
        All branches
      </Link>
    </nav>
  );
}

function StatusLink(props: { to: string; current: boolean; label: string; value: number }) {
  return (
    <Link to={props.to} className={props.current ? "button primary" : "button"} aria-current={props.current ? "true" : undefined}>
      {props.label} <span className="badge">{count.format(props.value)}</span>
    </Link>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
