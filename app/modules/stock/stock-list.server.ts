import type { VehicleStatus } from "@db/schema/stock";
import { canSeeCost, type SessionUser } from "~/modules/auth/permissions";
import { ageingBucket, type AgeingBucket } from "./labels";
import { COST_COLUMN_IDS, STOCK_COLUMN_IDS, type StockColumnId, type StockQuery } from "./stock-list.schema";
import { expireDueReservations } from "./status.server";
import { readRows, readSearchRows, readStatusCounts, shapeOf, stockScope, valuesOf, type PageRow, type SelectedRow, type StockShape, type StockValues } from "./stock-statements.server";

// Routes take the query helpers from here: a `.server` import keeps zod out of the browser bundle.
export { parseStockQuery, stockFilterParams } from "./stock-list.schema";

const ALL_STATUSES: VehicleStatus[] = ["in_stock", "reserved", "in_transit", "sold", "delivered"];

/** An export larger than this is cut short, and says so. */
export const STOCK_CSV_LIMIT = 50_000;

/** The query as this user may run it: no cost columns or cost sorting for those who can't see cost. */
export function stockQueryFor(user: SessionUser, query: StockQuery): StockQuery {
  if (canSeeCost(user)) return query;
  const costSort = COST_COLUMN_IDS.includes(query.sort);
  return {
    ...query,
    cols: query.cols.filter((id) => !COST_COLUMN_IDS.includes(id)),
    sort: costSort ? "daysInStock" : query.sort,
    dir: costSort ? "desc" : query.dir,
  };
}

/** The columns the user may choose from: cost and margin only for those who may see some cost. */
export function stockColumnChoices(showCost: boolean): StockColumnId[] {
  return showCost ? [...STOCK_COLUMN_IDS] : STOCK_COLUMN_IDS.filter((id) => !COST_COLUMN_IDS.includes(id));
}

/** A row as the table and CSV get it; the cost keys exist only for users who may see some cost. */
export type StockRow = SelectedRow & { ageing: AgeingBucket; marginPence?: number | null };

/** A row as the stock page gets it: its id and stock number, and the fields of the columns on show. */
export type StockPageRow = Pick<StockRow, "id" | "stockNumber"> & Partial<StockRow>;

/** The fields each column shows. */
const COLUMN_FIELDS: Record<StockColumnId, readonly (keyof StockRow)[]> = {
  stockNumber: [],
  model: ["make", "model", "variant", "modelYear"],
  category: ["category"],
  condition: ["condition"],
  branch: ["branchName"],
  status: ["status"],
  transferTo: ["transferTo"],
  registration: ["registration"],
  vin: ["vin"],
  colour: ["colour"],
  mileage: ["mileage"],
  price: ["pricePence"],
  cost: ["costPence"],
  margin: ["marginPence"],
  daysInStock: ["daysInStock", "ageing"],
};

/**
 * The page's rows with only the visible columns' fields: less to encode into the page and for the
 * browser to read. A field the row lacks (cost, for those who may see none) stays absent.
 */
export function pageRows(rows: StockRow[], cols: readonly StockColumnId[]): StockPageRow[] {
  const fields = [...new Set(cols.flatMap((id) => COLUMN_FIELDS[id]))];
  return rows.map((row) => {
    const out: Record<string, unknown> = { id: row.id, stockNumber: row.stockNumber };
    for (const field of fields) if (field in row) out[field] = row[field];
    return out as StockPageRow;
  });
}

/** Completes a fresh row in place (a page's rows are read once, and copying them cost more than reading). */
function present(row: SelectedRow): StockRow {
  const out = row as StockRow;
  out.ageing = ageingBucket(row.daysInStock);
  // No cost key at all unless the user may see some cost: the loader data is the boundary.
  if ("costPence" in row) out.marginPence = row.costPence == null ? null : row.pricePence - row.costPence;
  return out;
}

function toPage(rows: PageRow[], shape: StockShape) {
  const counts = rows[0]?.counts;
  return {
    rows: rows.map(({ counts: _counts, expiryDue: _expiryDue, ...row }) => present(row)),
    statusCounts: counts ? (JSON.parse(counts) as Partial<StatusCounts>) : null,
    expiryDue: rows[0]?.expiryDue ?? false,
    showCost: shape.cost !== "none",
  };
}

export type StatusCounts = Record<VehicleStatus, number>;

async function countByStatus(shape: StockShape, values: StockValues): Promise<Partial<StatusCounts>> {
  const counts = await readStatusCounts(shape, values);
  return counts ? (JSON.parse(counts) as Partial<StatusCounts>) : {};
}

/**
 * One page of the table, the total and the counts by status under the other filters, in one
 * statement. The counts cover every matching bike (a grouped subquery, or the search's CTE), and the
 * total is their sum over the statuses asked for: exact, with no count query of its own (a count on
 * top would pay again for an answer the counts already hold).
 */
export async function listStock(user: SessionUser, rawQuery: StockQuery) {
  const query = stockQueryFor(user, rawQuery);
  const shape = shapeOf(user, query);
  const values = valuesOf(user, query);
  const readPage = async () => toPage(await (query.q ? readSearchRows(shape, values) : readRows(shape, values, true)), shape);
  let page = await readPage();
  // The page's statement said whether a reservation is due to expire: when one is, expire it and read
  // again (rare); an empty page says nothing, so the expiry runs on its own before the count.
  if (page.expiryDue) {
    await expireDueReservations();
    page = await readPage();
  } else if (page.rows.length === 0) {
    await expireDueReservations();
  }
  // An empty page carries no counts (a page past the end, or matches only in other statuses).
  const counted = page.statusCounts ?? (await countByStatus(shape, values));
  const statusCounts: StatusCounts = { in_stock: 0, reserved: 0, in_transit: 0, sold: 0, delivered: 0, ...counted };
  const total = (shape.statuses ?? ALL_STATUSES).reduce((sum, status) => sum + statusCounts[status], 0);
  return { query, scope: stockScope(user, query), rows: page.rows, total, statusCounts, showCost: page.showCost };
}

/** Every row the filters match, in the table's order, up to STOCK_CSV_LIMIT; `truncated` says when more matched. */
export async function stockCsvRows(user: SessionUser, rawQuery: StockQuery) {
  await expireDueReservations();
  const query = stockQueryFor(user, rawQuery);
  const shape = shapeOf(user, query);
  const { rows, showCost } = toPage(await readRows(shape, { ...valuesOf(user, query), limit: STOCK_CSV_LIMIT + 1, offset: 0 }), shape);
  const truncated = rows.length > STOCK_CSV_LIMIT;
  return { rows: truncated ? rows.slice(0, STOCK_CSV_LIMIT) : rows, truncated, showCost };
}
