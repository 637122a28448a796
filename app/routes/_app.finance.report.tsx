import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ScrollRegion } from "~/components/scroll-region";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { seesAllBranches } from "~/modules/auth/permissions";
import { formatBasisPoints, formatPercent } from "~/modules/finance/commission";
import { financeReport, formatMonth, parseMonthRange, type ReportRow } from "~/modules/finance/finance-report.server";
import { BarChart } from "~/modules/finance/report-charts";
import { formatPounds } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "Commission and APR report · Laguna Admin" }];

export const access = { loader: "finance:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Loaders run in parallel: the layout's check protects nothing here.
  const user = await requireAccess({ request, context }, access.loader);
  const range = parseMonthRange(new URL(request.url).searchParams);
  const report = await financeReport(user, range);
  return { report, rangeLabel: `${formatMonth(range.from)} to ${formatMonth(range.to)}`, wholeGroup: seesAllBranches(user) };
}

const count = new Intl.NumberFormat("en-GB");
const pounds = (pence: number) => formatPounds(pence, { whole: true });
const apr = (bp: number | null) => (bp === null ? "—" : formatBasisPoints(bp));
const share = (part: number, whole: number) => (whole > 0 ? formatPercent(part / whole) : "—");

export default function FinanceReportPage() {
  const { report, rangeLabel, wholeGroup } = useLoaderData<typeof loader>();
  const { total, range } = report;
  return (
    <>
      <div className="page-header">
        <h1>Commission and APR report</h1>
        <div className="form-actions">
          <Link to="/finance" className="button">
            Finance introductions
          </Link>
        </div>
      </div>
      <p className="muted">
        Signed deals {wholeGroup ? "across the group" : "in your branches"}, {rangeLabel} (by the London month of signing). Commission is the
        amount confirmed to the customer; percentages are of the amount of credit and of the total charge for credit, as signed.
      </p>

      <Form method="get" className="filters" aria-label="Choose the months">
        <label>
          From month
          <input type="month" name="from" defaultValue={range.from} pattern="\d{4}-\d{2}" placeholder="YYYY-MM" />
        </label>
        <label>
          To month
          <input type="month" name="to" defaultValue={range.to} pattern="\d{4}-\d{2}" placeholder="YYYY-MM" />
        </label>
        <button type="submit" className="button">
          Show
        </button>
      </Form>

      <section aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <FiguresTable id="summary-table" caption={`All signed deals, ${rangeLabel}`} heading="" rows={[total]} />
      </section>

      <section aria-labelledby="distribution-title">
        <h2 id="distribution-title">Distributions</h2>
        <Histogram id="commission-histogram" title="Signed deals by commission as a percentage of the credit" labels={report.commissionBucketLabels} counts={total.commissionBuckets} heading="Commission as % of credit" />
        <Histogram id="apr-histogram" title="Signed deals by APR" labels={report.aprBucketLabels} counts={total.aprBuckets} heading="APR" />
      </section>

      <section aria-labelledby="month-title">
        <h2 id="month-title">By month</h2>
        <BarChart
          id="month-chart"
          title={`Confirmed commission by month, ${rangeLabel}`}
          tableId="month-table"
          bars={report.byMonth.map((row) => ({ label: row.label, value: row.commissionPence, display: `${pounds(row.commissionPence)} (${count.format(row.deals)})` }))}
        />
        <FiguresTable id="month-table" caption="Signed deals by month" heading="Month" rows={report.byMonth} total={total} />
      </section>

      <section aria-labelledby="lender-title">
        <h2 id="lender-title">By lender</h2>
        <FiguresTable id="lender-table" caption="Signed deals by lender" heading="Lender" rows={report.byLender} total={total} />
        <DistributionTable id="lender-distribution" caption="Signed deals by lender and commission as % of credit" heading="Lender" labels={report.commissionBucketLabels} rows={report.byLender} />
      </section>

      <section aria-labelledby="branch-title">
        <h2 id="branch-title">By branch</h2>
        <FiguresTable id="branch-table" caption="Signed deals by branch" heading="Branch" rows={report.byBranch} total={total} />
      </section>
    </>
  );
}

function FigureCells({ row }: { row: ReportRow }) {
  return (
    <>
      <td className="num">{count.format(row.deals)}</td>
      <td className="num">{pounds(row.creditPence)}</td>
      <td className="num">{pounds(row.commissionPence)}</td>
      <td className="num">{formatPercent(row.averageOfCredit)}</td>
      <td className="num">{formatPercent(row.medianOfCredit)}</td>
      <td className="num">{formatPercent(row.averageOfCharge)}</td>
      <td className="num">{formatPercent(row.medianOfCharge)}</td>
      <td className="num">{apr(row.averageAprBasisPoints)}</td>
    </>
  );
}

function FiguresTable(props: { id: string; caption: string; heading: string; rows: ReportRow[]; total?: ReportRow }) {
  const headers = ["Deals", "Credit", "Commission", "Average % of credit", "Median % of credit", "Average % of charge for credit", "Median % of charge for credit", "Average APR"];
  return (
    <ScrollRegion label={props.caption}>
      <table className="data" id={props.id}>
        <caption className="skip-link">{props.caption}</caption>
        <thead>
          <tr>
            {props.heading ? <th scope="col">{props.heading}</th> : null}
            {headers.map((header) => (
              <th key={header} scope="col" className="num">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={headers.length + 1}>
                <div className="empty">No signed deals in these months.</div>
              </td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr key={row.key}>
                {props.heading ? <th scope="row">{row.label}</th> : null}
                <FigureCells row={row} />
              </tr>
            ))
          )}
        </tbody>
        {props.total && props.rows.length > 1 ? (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <FigureCells row={props.total} />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </ScrollRegion>
  );
}

function Histogram(props: { id: string; title: string; heading: string; labels: string[]; counts: number[] }) {
  const deals = props.counts.reduce((sum, n) => sum + n, 0);
  const tableId = `${props.id}-table`;
  return (
    <>
      <h3>{props.heading}</h3>
      <BarChart
        id={props.id}
        title={props.title}
        tableId={tableId}
        bars={props.labels.map((label, i) => ({ label, value: props.counts[i] ?? 0, display: `${count.format(props.counts[i] ?? 0)} (${share(props.counts[i] ?? 0, deals)})` }))}
      />
      <ScrollRegion label={props.title}>
        <table className="data" id={tableId}>
          <caption className="skip-link">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.heading}</th>
              <th scope="col" className="num">Deals</th>
              <th scope="col" className="num">Share of deals</th>
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{count.format(props.counts[i] ?? 0)}</td>
                <td className="num">{share(props.counts[i] ?? 0, deals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

function DistributionTable(props: { id: string; caption: string; heading: string; labels: string[]; rows: ReportRow[] }) {
  if (props.rows.length === 0) return null;
  return (
    <ScrollRegion label={props.caption}>
      <table className="data" id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.heading}</th>
            {props.labels.map((label) => (
              <th key={label} scope="col" className="num">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {row.commissionBuckets.map((n, i) => (
                <td key={props.labels[i]} className="num">
                  {count.format(n)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function ErrorBoundary() {
  return <ErrorPage inShell />;
}
