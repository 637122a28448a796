import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { listFigureProblems, type FigureProblemRow } from "~/modules/finance/figures-check.server";

export const meta: MetaFunction = () => [{ title: "Figures check · Laguna Admin" }];

// Admins (every branch) and finance staff (their branches): the people who can correct the record.
export const access = { loader: "finance:edit" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const { deals, offers } = await listFigureProblems(user);
  return { deals, offers, wholeGroup: user.role === "admin" };
}

function ProblemTable({ rows, empty }: { rows: FigureProblemRow[]; empty: string }) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Record</th>
          <th scope="col">What disagrees (the engine's figures)</th>
          <th scope="col">What to do</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.kind}-${row.id}`}>
            <td>
              <Link to={row.href}>{row.reference}</Link>
              <br />
              <span className="muted">{row.title}</span>
              {row.frozen ? (
                <>
                  <br />
                  <span className="badge warn">Signed</span>
                </>
              ) : null}
            </td>
            <td>
              <ul>
                {row.problems.map((p) => (
                  <li key={p.field}>{p.message}</li>
                ))}
              </ul>
            </td>
            <td>{row.remedy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function FiguresCheckPage() {
  const { deals, offers, wholeGroup } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Figures check</h1>
        <div className="form-actions">
          <Link to="/finance" className="button">
            Finance introductions
          </Link>
        </div>
      </div>
      <p className="muted">
        Every record {wholeGroup ? "across the group" : "in your branches"} whose stated amount of credit, charge for credit, total amount payable or
        APR disagrees with what its payments give (APR by the FCA&apos;s method, CONC App 1.1). The same list prints with <code>npm run finance:check</code>.
      </p>
      <section className="panel">
        <h2>Deals ({deals.length})</h2>
        <ProblemTable rows={deals} empty="Every deal's figures agree." />
      </section>
      <section className="panel">
        <h2>Offers ({offers.length})</h2>
        <ProblemTable rows={offers} empty="Every offer's figures agree." />
      </section>
    </>
  );
}
