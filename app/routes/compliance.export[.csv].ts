import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { parseExportPeriod } from "~/modules/compliance/export-period";
import { buildOversightExport, exportCsvRows, exportFilename } from "~/modules/compliance/oversight-export.server";
import { csvResponse, toCsv } from "~/utils/csv.server";
import { londonToday } from "~/utils/dates";

/** The oversight export as CSV: one row per figure (see exportCsvRows). Audited like every export. */
export const access = { loader: "oversight:export" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const parsed = parseExportPeriod(new URL(request.url).searchParams, londonToday());
  if (!parsed.ok) {
    const message = [parsed.errors.from, parsed.errors.to].filter(Boolean).join(" ");
    return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const report = await buildOversightExport({ actor: user, period: parsed.period, format: "csv" });
  const rows = exportCsvRows(report);
  return csvResponse(toCsv(rows), { filename: exportFilename(parsed.period, "csv"), rowCount: rows.length - 1 });
}
