import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { requirePermission } from "~/modules/auth/guards.server";
import { CATEGORY_LABELS, CONDITION_LABELS, STATUS_LABELS } from "~/modules/stock/labels";
import { parseStockQuery, STOCK_CSV_LIMIT, stockCsvRows } from "~/modules/stock/stock-list.server";
import { londonToday } from "~/utils/dates";
import { penceToInput } from "~/utils/money";

const HEADER = [
  "stock_number",
  "make",
  "model",
  "variant",
  "model_year",
  "category",
  "condition",
  "branch",
  "status",
  "registration",
  "vin",
  "colour",
  "mileage",
  "retail_price_gbp",
  "in_stock_on",
  "days_in_stock",
  "ageing",
];
const COST_HEADER = ["cost_price_gbp", "margin_gbp"];

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula, and
 * stock rows hold text that users typed (colour, registration). A leading quote makes it plain text.
 */
function neutraliseFormula(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
const cell = (value: string | null | undefined) => (value == null ? "" : neutraliseFormula(value));

/** Exactly the rows the table shows under the same filters and sort, every page of them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "stock:view");
  const { rows, truncated, showCost } = await stockCsvRows(user, parseStockQuery(new URL(request.url).searchParams));

  const body = stringify(
    [
      showCost ? [...HEADER, ...COST_HEADER] : HEADER,
      ...rows.map((row) => {
        const record = [
          cell(row.stockNumber),
          cell(row.make),
          cell(row.model),
          cell(row.variant),
          row.modelYear === null ? "" : String(row.modelYear),
          CATEGORY_LABELS[row.category],
          CONDITION_LABELS[row.condition],
          cell(row.branchName),
          STATUS_LABELS[row.status],
          cell(row.registration),
          cell(row.vin),
          cell(row.colour),
          String(row.mileage),
          penceToInput(row.pricePence),
          row.inStockOn,
          String(row.daysInStock),
          // "31-60 days", not "31-60", which a spreadsheet may read as a date.
          `${row.ageing} days`,
        ];
        // The server masked cost for rows of branches the user doesn't manage: those cells stay empty.
        return showCost ? [...record, penceToInput(row.costPence), penceToInput(row.marginPence)] : record;
      }),
    ],
    // The byte-order mark lets Excel, which most of the office opens CSVs with, read it as UTF-8.
    { bom: true, record_delimiter: "windows" },
  );

  const headers = new Headers({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="laguna-stock-${londonToday()}.csv"`,
    "Cache-Control": "no-store",
    "X-Stock-Row-Count": String(rows.length),
  });
  // A cut-short export says so, rather than passing for the whole list.
  if (truncated) headers.set("X-Stock-Truncated", `first ${STOCK_CSV_LIMIT} rows only`);
  return new Response(body, { status: 200, headers });
}
