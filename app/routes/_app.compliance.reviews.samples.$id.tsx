import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "~/components/data-table/data-table";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { RATING_LABELS } from "~/modules/reviews/checklist";
import { getSample } from "~/modules/reviews/reviews-read.server";
import { REASON_LABELS, SAMPLE_RULE } from "~/modules/reviews/sampling";
import { formatDate, formatDateTime } from "~/utils/dates";
import { notFound } from "~/utils/http.server";
import { uuidParam } from "~/utils/params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `File reviews ${data?.sample.month ?? ""} · Laguna Admin` }];

export const access = { loader: "reviews:manage" } as const satisfies RouteAccess;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const detail = await getSample(user, uuidParam(params));
  if (!detail) notFound("That sample doesn't exist.");
  return detail;
}

type Row = Awaited<ReturnType<typeof loader>>["deals"][number];
const column = createColumnHelper<Row>();
const columns = [
  column.accessor("branchName", { header: "Branch", enableSorting: false }),
  column.accessor("reference", { header: "Deal", enableSorting: false, meta: { nowrap: true }, cell: (info) => <a href={`/finance/${info.row.original.dealId}`}>{info.getValue()}</a> }),
  column.accessor("customerName", { header: "Customer", enableSorting: false }),
  column.accessor("signedAt", { header: "Signed", enableSorting: false, meta: { nowrap: true }, cell: (info) => (info.getValue() ? formatDate(info.getValue()!) : "—") }),
  column.accessor("reason", { header: "Why drawn", enableSorting: false, cell: (info) => <span className={info.getValue() === "random" ? "badge" : "badge warn"}>{REASON_LABELS[info.getValue()]}</span> }),
  column.accessor("rating", {
    header: "Review",
    enableSorting: false,
    cell: (info) => (
      <a href={`/compliance/reviews/files/${info.row.original.id}`}>{info.getValue() ? RATING_LABELS[info.getValue()!] : "Review the file"}</a>
    ),
  }),
  column.accessor("openActions", { header: "Open actions", enableSorting: false, meta: { numeric: true } }),
];

export default function SamplePage() {
  const { sample, deals, reproduces } = useLoaderData<typeof loader>();
  const reviewed = deals.filter((d) => d.rating).length;
  return (
    <>
      <div className="page-header">
        <h1>File reviews: {sample.month}</h1>
        <Link to="/compliance/reviews">File reviews</Link>
      </div>
      <section className="panel" aria-labelledby="draw-title">
        <h2 id="draw-title">The draw</h2>
        <dl className="facts">
          <dt>Seed</dt>
          <dd>
            {sample.seed}{" "}
            {reproduces ? <span className="badge">Reproduces from its seed</span> : <span className="badge danger">Doesn't reproduce from its seed: the month's signed deals changed</span>}
          </dd>
          <dt>Rule</dt>
          <dd>{SAMPLE_RULE}; the rest drawn by seed (app/modules/reviews/sampling.ts).</dd>
          <dt>Drawn</dt>
          <dd>
            {formatDateTime(sample.createdAt)} by {sample.createdBy}
          </dd>
          <dt>Reviewed</dt>
          <dd>
            {reviewed} of {deals.length}
          </dd>
          <dt>Per branch</dt>
          <dd>
            <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {sample.branches.map((b) => (
                <li key={b.branchId}>
                  {b.name}: {b.size} drawn of {b.signed} signed
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>
      <DataTable caption="Deals drawn" columns={columns} data={deals} rowCount={deals.length} state={{ page: 1, size: 500, sort: "branchName", dir: "asc" }} getRowId={(row) => row.id} empty="No deals were drawn." />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
