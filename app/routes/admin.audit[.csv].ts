import type { LoaderFunctionArgs } from "@remix-run/node";
import { TZDate } from "@date-fns/tz";
import { stringify } from "csv-stringify/sync";
import { format } from "date-fns";
import { auditCsvRows, AUDIT_CSV_LIMIT } from "~/modules/audit/audit.server";
import { parseAuditQuery } from "~/modules/audit/audit.schema";
import { requirePermission } from "~/modules/auth/guards.server";
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

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula, and
 * audit rows hold text that users typed. A leading quote makes it plain text again (OWASP's advice).
 */
function neutraliseFormula(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const cell = (value: string | null | undefined) => (value == null ? "" : neutraliseFormula(value));
const jsonCell = (value: unknown) => (value == null ? "" : neutraliseFormula(JSON.stringify(value)));
const londonTime = (date: Date) => format(new TZDate(date, LONDON), "yyyy-MM-dd HH:mm:ssXXX");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit:view");
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const { rows, truncated } = await auditCsvRows(query);

  const body = stringify(
    [
      HEADER,
      ...rows.map((row) => [
        String(row.id),
        row.createdAt.toISOString(),
        londonTime(row.createdAt),
        cell(row.actorEmail),
        cell(row.action),
        cell(row.entityType),
        cell(row.entityId),
        cell(row.ipAddress),
        jsonCell(row.before),
        jsonCell(row.after),
      ]),
    ],
    // The byte-order mark lets Excel, which most of the office opens CSVs with, read it as UTF-8.
    { bom: true, record_delimiter: "windows" },
  );

  const today = format(new TZDate(Date.now(), LONDON), "yyyy-MM-dd");
  const headers = new Headers({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="laguna-audit-${today}.csv"`,
    "Cache-Control": "no-store",
    "X-Audit-Row-Count": String(rows.length),
  });
  // A cut-short export says so, rather than passing for the whole record.
  if (truncated) headers.set("X-Audit-Truncated", `first ${AUDIT_CSV_LIMIT} rows only`);
  return new Response(body, { status: 200, headers });
}
