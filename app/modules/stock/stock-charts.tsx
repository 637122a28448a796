import { BarChart } from "~/modules/finance/report-charts";
import { formatPounds } from "~/utils/money";
import { AGEING_BUCKETS, type AgeingBucket } from "./labels";

/**
 * The dashboard's stock charts: units by age per branch (stacked bars) and retail value per branch,
 * inline SVG drawn on the server. Each chart is an image with a title and a description; the table
 * beside them (`tableId`) holds the same figures as text.
 */
export interface BranchAges {
  name: string;
  byAge: Record<AgeingBucket, number>;
  valuePence: number;
}

// Darker as stock ages; each differs from white by at least 3:1, so bars stay visible.
const BUCKET_COLOURS: Record<AgeingBucket, string> = { "0-30": "#2f6f4f", "31-60": "#1f5f8b", "61-90": "#9a5b00", "90+": "#b3261e" };
const ROW = 26;
const LABEL_WIDTH = 200;
const BAR_WIDTH = 260;
const TOTAL_WIDTH = 60;
const units = new Intl.NumberFormat("en-GB");

function AgeChart({ rows, tableId }: { rows: BranchAges[]; tableId: string }) {
  const totals = rows.map((row) => AGEING_BUCKETS.reduce((sum, bucket) => sum + row.byAge[bucket], 0));
  const max = Math.max(0, ...totals);
  const width = LABEL_WIDTH + BAR_WIDTH + TOTAL_WIDTH;
  const height = rows.length * ROW + 4;
  const summary = rows
    .map((row, i) => `${row.name}: ${units.format(totals[i]!)} bikes (${AGEING_BUCKETS.map((b) => `${units.format(row.byAge[b])} aged ${b} days`).join(", ")})`)
    .join("; ");
  return (
    <figure className="chart">
      <svg role="img" aria-labelledby="stock-age-chart-title" aria-describedby="stock-age-chart-desc" viewBox={`0 0 ${width} ${height}`} width="100%">
        <title id="stock-age-chart-title">Unsold bikes by days in stock, per branch</title>
        <desc id="stock-age-chart-desc">{summary}</desc>
        {rows.map((row, i) => {
          const y = i * ROW + 2;
          let x = LABEL_WIDTH;
          return (
            <g key={row.name}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" fill="var(--ink, #1b1f24)">
                {row.name}
              </text>
              {AGEING_BUCKETS.map((bucket) => {
                const length = max > 0 ? (row.byAge[bucket] / max) * BAR_WIDTH : 0;
                const rect = <rect key={bucket} x={x} y={y + 3} width={length} height={ROW - 8} fill={BUCKET_COLOURS[bucket]} />;
                x += length;
                return rect;
              })}
              <text x={x + 6} y={y + ROW / 2} dominantBaseline="middle" fill="var(--muted, #5a6470)">
                {units.format(totals[i]!)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        <span className="chart-legend">
          {AGEING_BUCKETS.map((bucket) => (
            <span key={bucket}>
              <svg width="12" height="12" aria-hidden="true" focusable="false">
                <rect width="12" height="12" fill={BUCKET_COLOURS[bucket]} />
              </svg>{" "}
              {bucket} days
            </span>
          ))}
        </span>{" "}
        The figures are in the <a href={`#${tableId}`}>table</a>.
      </figcaption>
    </figure>
  );
}

export function StockCharts({ rows }: { rows: BranchAges[] }) {
  const tableId = "stock-by-branch-table";
  const money = (pence: number) => formatPounds(pence, { whole: true });
  return (
    <div className="chart-grid">
      <AgeChart rows={rows} tableId={tableId} />
      <BarChart
        id="stock-value-chart"
        title="Retail value of unsold stock, per branch"
        tableId={tableId}
        labelWidth={LABEL_WIDTH}
        bars={rows.map((row) => ({ label: row.name, value: row.valuePence, display: money(row.valuePence) }))}
      />
      {/* Six short columns: it fits a tablet without scrolling, so no scrolling region to focus. */}
      <div className="chart-table">
        <table className="data" id={tableId}>
          <caption>Unsold stock by branch: units by days in stock, and retail value</caption>
          <thead>
            <tr>
              <th scope="col">Branch</th>
              {AGEING_BUCKETS.map((bucket) => (
                <th key={bucket} scope="col" className="num">
                  {bucket} days
                </th>
              ))}
              <th scope="col" className="num">Retail value</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                {AGEING_BUCKETS.map((bucket) => (
                  <td key={bucket} className="num">
                    {units.format(row.byAge[bucket])}
                  </td>
                ))}
                <td className="num">{money(row.valuePence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
