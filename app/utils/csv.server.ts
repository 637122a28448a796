import { stringify } from "csv-stringify/sync";

/**
 * A cell a spreadsheet would run as a formula (= + - @, tab, carriage return) gets a leading quote,
 * so an exported value can never execute in Excel (CSV injection).
 */
export function csvCell(value: string | number | null | undefined) {
  if (value === null || value === undefined) return "";
  const text = String(value);
  if (/^-?\d+(\.\d+)?$/.test(text)) return text; // a plain number, negative or not, is safe
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV for the office: a byte-order mark so Excel reads UTF-8, and Windows line endings. */
export function toCsv(rows: (string | number | null | undefined)[][]) {
  return stringify(rows.map((row) => row.map(csvCell)), {
    bom: true,
    record_delimiter: "windows",
  });
}

/** The headers of a CSV download; a cut-short export says so rather than passing for the whole list. */
export function csvResponse(body: string, input: { filename: string; rowCount: number; truncatedAt?: number }) {
  const headers = new Headers({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${input.filename}"`,
    "Cache-Control": "no-store",
    "X-Row-Count": String(input.rowCount),
  });
  if (input.truncatedAt) headers.set("X-Truncated", `first ${input.truncatedAt} rows only`);
  return new Response(body, { status: 200, headers });
}
