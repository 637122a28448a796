import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAccess } from "~/modules/auth/guards.server";
import type { RouteAccess } from "~/modules/auth/route-access";
import { CATEGORY_LABELS, CONDITION_LABELS, STATUS_LABELS } from "~/modules/stock/labels";
import { parseStockQuery, STOCK_CSV_LIMIT, stockCsvRows } from "~/modules/stock/stock-list.server";
import { csvResponse, toCsv } from "~/utils/csv.server";
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

/** Exactly the rows the table shows under the same filters and sort, every page of them. */
export const access = { loader: "stock:view" } as const satisfies RouteAccess;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccess({ request, context }, access.loader);
  const { rows, truncated, showCost } = await stockCsvRows(user, parseStockQuery(new URL(request.url).searchParams));

  const body = toCsv(
    [
      showCost ? [...HEADER, ...COST_HEADER] : HEADER,
      ...rows.map((row) => {
        const record = [
          row.stockNumber,
          row.make,
          row.model,
          row.variant,
          row.modelYear === null ? "" : String(row.modelYear),
          CATEGORY_LABELS[row.category],
          CONDITION_LABELS[row.condition],
          row.branchName,
          STATUS_LABELS[row.status],
          row.registration,
          row.vin,
          row.colour,
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
  );

  return csvResponse(body, { filename: `laguna-stock-${londonToday()}.csv`, rowCount: rows.length, truncatedAt: truncated ? STOCK_CSV_LIMIT : undefined });
}
