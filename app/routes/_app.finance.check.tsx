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
  const { deals, offers, events } = await listFigureProblems(user);
  return { deals, offers, events, wholeGroup: user.role === "admin" };
}

function ProblemTable({ rows, empty, what = "What disagrees (the engine's figures)" }: { rows: FigureProblemRow[]; empty: string; what?: string }) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Record</th>
          <th scope="col">{what}</th>
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
  const { deals, offers, events, wholeGroup } = useLoaderData<typeof loader>();
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
        <h2>Deals with events out of order or self-reviewed ({events.length})</h2>
        <p className="muted">Each step judged against the record as it stood when the step was entered: not before the deal was recorded or a step it follows, not in the future, and a high commission reviewed by someone other than the deal&apos;s staff, discloser and signer.</p>
        <ProblemTable rows={events} empty="Every deal's events are in order, and every review was a second person's." what="What is out of order, or who reviewed" />
      </section>
      <section className="panel">
        <h2>Offers ({offers.length})</h2>
        <ProblemTable rows={offers} empty="Every offer's figures agree." />
      </section>
    </>
  );
}
