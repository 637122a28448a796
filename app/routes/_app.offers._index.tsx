import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "~/components/data-table/data-table";
import { FilterSelect } from "~/components/filter-select";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { BRANDS } from "~/modules/branches/brands";
import { OFFER_KIND_LABELS, OFFER_STATUS_LABELS, type OfferStatus } from "~/modules/offers/offer-rules";
import { editableKinds, listOfferBranchOptions, listOffers, parseOfferQuery } from "~/modules/offers/offers.server";
import { formatDate, londonToday } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Offers · Laguna Admin" }];

export const access = { loader: "offers:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const query = parseOfferQuery(new URL(request.url).searchParams);
  const [{ rows, total }, branches] = await Promise.all([listOffers(user, query), listOfferBranchOptions()]);
  return { rows, total, query, branches, canCreate: editableKinds(user).length > 0, today: londonToday() };
}

// Browser-safe copies of the filter choices (the schema module builds zod).
const STATUS_FILTERS: { value: string; label: string }[] = [
  { value: "current", label: "Current (not superseded)" },
  { value: "all", label: "Every revision" },
  ...(Object.keys(OFFER_STATUS_LABELS) as OfferStatus[]).map((status) => ({ value: status, label: OFFER_STATUS_LABELS[status] })),
];

const STATUS_BADGE: Record<OfferStatus, string> = {
  draft: "badge",
  scheduled: "badge warn",
  live: "badge ok",
  expired: "badge",
  withdrawn: "badge danger",
  superseded: "badge",
};

type Row = Awaited<ReturnType<typeof listOffers>>["rows"][number];
const day = (isoDate: string) => formatDate(`${isoDate}T12:00:00Z`);
const column = createColumnHelper<Row>();
const columns = [
  column.accessor("title", {
    header: "Title",
    cell: (info) => (
      <Link to={`/offers/${info.row.original.id}`}>
        {info.getValue()}
        {info.row.original.revision > 1 ? ` (revision ${info.row.original.revision})` : ""}
      </Link>
    ),
  }),
  column.accessor("status", { header: "Status", cell: (info) => <span className={STATUS_BADGE[info.getValue()]}>{OFFER_STATUS_LABELS[info.getValue()]}</span> }),
  column.accessor("kind", { header: "Kind", cell: (info) => OFFER_KIND_LABELS[info.getValue()] }),
  column.accessor("brand", { header: "Brand", cell: (info) => `${info.getValue()}${info.row.original.allModels ? "" : " (chosen models)"}` }),
  column.accessor("branchNames", { header: "Branches", enableSorting: false }),
  column.accessor("validFrom", { header: "From", cell: (info) => day(info.getValue()) }),
  column.accessor("validTo", { header: "To", cell: (info) => day(info.getValue()) }),
];

export default function OffersPage() {
  const { rows, total, query, branches, canCreate } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const filtered = ["kind", "brand", "branch"].some((key) => searchParams.get(key)) || query.status !== "current";
  return (
    <>
      <div className="page-header">
        <h1>Offers</h1>
        {canCreate ? (
          <Link className="button primary" to="/offers/new">
            New offer
          </Link>
        ) : null}
      </div>
      <p className="hint">Scheduled, live and expired follow the offer's dates in UK time; published offers show on the public offers page.</p>
      <Form method="get" className="filters" role="search" aria-label="Filter offers">
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <label>
          Status
          <select name="status" defaultValue={query.status}>
            {STATUS_FILTERS.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </select>
        </label>
        <FilterSelect name="kind" label="Kind" value={query.kind} any="Any kind" options={Object.entries(OFFER_KIND_LABELS)} />
        <FilterSelect name="brand" label="Brand" value={query.brand} any="Any brand" options={BRANDS.map((brand) => [brand, brand] as const)} />
        <FilterSelect name="branch" label="Branch" value={query.branch} any="Any branch" options={branches.map((branch) => [branch.id, branch.name] as const)} />
        <button type="submit" className="button">
          Apply
        </button>
        {filtered ? <Link to="/offers">Clear filters</Link> : null}
      </Form>
      <DataTable
        caption="Offers"
        columns={columns}
        data={rows}
        rowCount={total}
        state={query}
        getRowId={(row) => row.id}
        empty={filtered ? "No offers match these filters." : "No offers yet."}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
