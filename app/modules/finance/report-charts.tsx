/**
 * Horizontal bar charts drawn as inline SVG on the server: no chart library, nothing to load. Each
 * chart is an image with a title; the table beside it (named in `tableId`) is its text alternative.
 */
export interface Bar {
  label: string;
  value: number;
  /** The value as the bar's end shows it ("£1,250", "12"). */
  display: string;
}

const ROW = 26;
const DEFAULT_LABEL_WIDTH = 120;
const BAR_WIDTH = 300;
const VALUE_WIDTH = 90;

export function BarChart(props: { id: string; title: string; tableId: string; bars: Bar[]; labelWidth?: number }) {
  const { id, title, bars, labelWidth: LABEL_WIDTH = DEFAULT_LABEL_WIDTH } = props;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const height = bars.length * ROW + 4;
  return (
    <figure style={{ margin: "0.5rem 0 1rem", maxWidth: `${width}px` }}>
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-note`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ display: "block", font: "12px system-ui, sans-serif" }}
      >
        <title id={`${id}-title`}>{title}</title>
        {bars.map((bar, i) => {
          const y = i * ROW + 2;
          const length = max > 0 ? Math.round((bar.value / max) * BAR_WIDTH) : 0;
          return (
            <g key={bar.label}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" fill="var(--ink, #1b1f24)">
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 3} width={Math.max(length, bar.value > 0 ? 2 : 0)} height={ROW - 8} rx={2} fill="var(--brand, #0b3d5c)" />
              <text x={LABEL_WIDTH + Math.max(length, 0) + 6} y={y + ROW / 2} dominantBaseline="middle" fill="var(--muted, #5a6470)">
                {bar.display}
              </text>
            </g>
          );
        })}
        <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1={0} y2={height} stroke="var(--line, #d8dde3)" />
      </svg>
      <figcaption id={`${id}-note`} className="muted">
        {title}. The figures are in the <a href={`#${props.tableId}`}>table</a>.
      </figcaption>
    </figure>
  );
}
