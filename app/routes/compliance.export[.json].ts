import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { parseExportPeriod } from "~/modules/compliance/export-period";
import { buildOversightExport, exportFilename } from "~/modules/compliance/oversight-export.server";
import { londonToday } from "~/utils/dates";

/** The oversight export as JSON, described by app/modules/compliance/oversight-export.schema.json. Audited like every export. */
export const access = { loader: "oversight:export" } as const satisfies RouteAccess;

const headers = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const parsed = parseExportPeriod(new URL(request.url).searchParams, londonToday());
  if (!parsed.ok) return new Response(JSON.stringify({ errors: parsed.errors }), { status: 400, headers });
  const report = await buildOversightExport({ actor: user, period: parsed.period, format: "json" });
  return new Response(JSON.stringify(report, null, 2), { headers: { ...headers, "Content-Disposition": `attachment; filename="${exportFilename(parsed.period, "json")}"` } });
}
