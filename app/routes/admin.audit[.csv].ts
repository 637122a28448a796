import type { LoaderFunctionArgs } from "@remix-run/node";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { auditCsvRows, AUDIT_CSV_LIMIT } from "~/modules/audit/audit.server";
import { parseAuditQuery } from "~/modules/audit/audit.schema";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { csvResponse, toCsv } from "~/utils/csv.server";
import { LONDON } from "~/utils/dates";

const HEADER = [
  "id",
  "time_utc",
  "time_london",
  "actor_email",
  "action",
  "entity_type",
  "entity_id",
  "ip_address",
  "before_json",
  "after_json",
];

const londonTime = (date: Date) => format(new TZDate(date, LONDON), "yyyy-MM-dd HH:mm:ssXXX");

export const access = { loader: "audit:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccess({ request, context }, access.loader);
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const { rows, truncated } = await auditCsvRows(query);

  const body = toCsv(
    [
      HEADER,
      ...rows.map((row) => [
        String(row.id),
        row.createdAt.toISOString(),
        londonTime(row.createdAt),
        row.actorEmail,
        row.action,
        row.entityType,
        row.entityId,
        row.ipAddress,
        row.before == null ? "" : JSON.stringify(row.before),
        row.after == null ? "" : JSON.stringify(row.after),
      ]),
    ],
  );

  const today = format(new TZDate(Date.now(), LONDON), "yyyy-MM-dd");
  return csvResponse(body, { filename: `laguna-audit-${today}.csv`, rowCount: rows.length, truncatedAt: truncated ? AUDIT_CSV_LIMIT : undefined });
}
