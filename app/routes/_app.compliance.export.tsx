import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FieldError } from "~/components/form";
import { ScrollRegion } from "~/components/scroll-region";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { parseExportPeriod, periodQuery, type ExportPeriod } from "~/modules/compliance/export-period";
import type { FigureSpec } from "~/modules/compliance/oversight-figures";
import { buildOversightExport, type ExportedSection } from "~/modules/compliance/oversight-export.server";
import { formatPercent } from "~/modules/finance/commission";
import { formatDate, londonToday } from "~/utils/dates";
import { formatPounds } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "Oversight export · Laguna Admin" }];

export const access = { loader: "oversight:export" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Loaders run in parallel: the layout's check protects nothing here.
  const user = await requireAccess({ request, context }, access.loader);
  const params = new URL(request.url).searchParams;
  const today = londonToday();
  const parsed = parseExportPeriod(params, today);
  // ?format=csv|json is the same export as a file: the resource routes serve (and audit) it.
  const format = params.get("format");
  if (parsed.ok && (format === "csv" || format === "json")) return redirect(`/compliance/export.${format}?${periodQuery(parsed.period)}`);
  if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors, input: parsed.input, today }, { status: 400 });
  const report = await buildOversightExport({ actor: user, period: parsed.period, format: "html" });
  return { ok: true as const, period: parsed.period, defaulted: parsed.defaulted, sections: report.sections, generatedAt: report.generatedAt, today };
}

const count = new Intl.NumberFormat("en-GB");
function formatFigure(figure: FigureSpec, value: number | null | undefined) {
  if (value === null || value === undefined) return "—";
  if (figure.unit === "pence") return formatPounds(value);
  if (figure.unit === "ratio") return formatPercent(value);
  return count.format(value);
}

export default function OversightExportPage() {
  const loaded = useLoaderData<typeof loader>();
  const input = loaded.ok ? loaded.period : loaded.input;
  const errors = loaded.ok ? {} : loaded.errors;
  return (
    <>
      <h1>Oversight export</h1>
      <p className="hint">
        The figures our principal, Automotive Compliance Ltd (FCA 497010), needs for a period: introductions and signed deals, commission and its reviews, complaints
        for the half-yearly return (DISP 1.10) and breaches. The period runs from the start of its first day to the end of its last day (both days included, London
        time). Left empty, it is the last full half-year.
      </p>
      <Form method="get" className="filters" aria-label="Choose the period">
        <div className="field">
          <label htmlFor="export-from">First day</label>
          <input id="export-from" type="date" name="from" defaultValue={input.from} max={loaded.today} aria-invalid={errors.from ? true : undefined} aria-describedby="export-from-error" />
          <FieldError id="export-from-error" errors={errors.from ? [errors.from] : undefined} />
        </div>
        <div className="field">
          <label htmlFor="export-to">Last day (included)</label>
          <input id="export-to" type="date" name="to" defaultValue={input.to} max={loaded.today} aria-invalid={errors.to ? true : undefined} aria-describedby="export-to-error" />
          <FieldError id="export-to-error" errors={errors.to ? [errors.to] : undefined} />
        </div>
        <button type="submit" className="button primary">
          Show figures
        </button>
      </Form>
      {loaded.ok ? <Figures period={loaded.period} defaulted={loaded.defaulted} sections={loaded.sections} generatedAt={loaded.generatedAt} /> : null}
    </>
  );
}

function Figures(props: { period: ExportPeriod; defaulted: boolean; sections: Record<string, ExportedSection>; generatedAt: string }) {
  const query = periodQuery(props.period);
  return (
    <>
      <div className="page-header">
        <h2>
          {formatDate(`${props.period.from}T12:00:00Z`)} to {formatDate(`${props.period.to}T12:00:00Z`)}
          {props.defaulted ? " (the last full half-year)" : ""}
        </h2>
        <div className="form-actions">
          <a className="button" href={`/compliance/export.csv?${query}`} download>
            Download CSV
          </a>
          <a className="button" href={`/compliance/export.json?${query}`} download>
            Download JSON
          </a>
        </div>
      </div>
      <p className="muted">Each view and download is recorded in the audit log (who, the period, the format). Money in the files is in whole pence; ratios are fractions.</p>
      {Object.entries(props.sections).map(([id, section]) => (
        <SectionTables key={id} id={id} section={section} />
      ))}
    </>
  );
}

function SectionTables({ id, section }: { id: string; section: ExportedSection }) {
  const dimensions = Object.entries(section.dimensions);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{section.title}</h2>
      <p className="hint">{section.description}</p>
      <TotalTable id={id} section={section} />
      {dimensions.filter(([dimension]) => dimension !== "all").map(([dimension, heading]) => {
        const rows = section.rows.filter((row) => row.dimension === dimension);
        const caption = `${section.title}: ${heading.toLowerCase()}`;
        return (
          <ScrollRegion key={dimension} label={caption}>
            <table className="data figures" id={`${id}-${dimension}`}>
              <caption>{heading}</caption>
              <thead>
                <tr>
                  <th scope="col">{heading.replace(/^By /, "").replace(/^./, (c) => c.toUpperCase())}</th>
                  {section.figures.map((figure) => (
                    <th key={figure.name} scope="col" className="num">
                      {figure.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={section.figures.length + 1}>
                      <div className="empty">None in this period.</div>
                    </td>
                  </tr>
                ) : (
                  rows.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{row.label}</th>
                      {section.figures.map((figure) => (
                        <td key={figure.name} className="num">
                          {formatFigure(figure, row.values[figure.name])}
                        </td>
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </ScrollRegion>
        );
      })}
    </section>
  );
}

/** The section's total, one figure a line: readable on a tablet however many figures the section has. */
function TotalTable({ id, section }: { id: string; section: ExportedSection }) {
  const total = section.rows.find((row) => row.dimension === "all");
  if (!total) return null;
  return (
    <table className="data figure-list" id={`${id}-all`}>
      <caption>{total.label}</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col" className="num">
            Value
          </th>
        </tr>
      </thead>
      <tbody>
        {section.figures.map((figure) => (
          <tr key={figure.name}>
            <th scope="row">{figure.label}</th>
            <td className="num">{formatFigure(figure, total.values[figure.name])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
