import { z } from "zod";
import type { Category, Condition, VehicleStatus } from "@db/schema/stock";
import { parsePence } from "~/utils/money";
import { AGEING_BUCKETS, CATEGORY_LABELS, CONDITION_LABELS, STATUS_LABELS } from "./labels";
import { MAX_PENCE } from "~/utils/fields";
import { filterText, pageFields, searchTerm, sortDirection } from "~/utils/list-query";

// The enums come from the (browser-safe) label maps, so this file pulls nothing from db/ at run time.
const keys = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as [K, ...K[]];
const STATUSES = keys<VehicleStatus>(STATUS_LABELS);

/** Columns of the stock table, in order: every one sortable, all but the stock number can be hidden. */
export const STOCK_COLUMN_IDS = [
  "stockNumber",
  "model",
  "category",
  "condition",
  "branch",
  "status",
  "transferTo",
  "registration",
  "vin",
  "colour",
  "mileage",
  "price",
  "cost",
  "margin",
  "daysInStock",
] as const;
export type StockColumnId = (typeof STOCK_COLUMN_IDS)[number];
export const COST_COLUMN_IDS: readonly StockColumnId[] = ["cost", "margin"];
export const DEFAULT_STOCK_COLUMNS: StockColumnId[] = ["stockNumber", "model", "condition", "branch", "status", "registration", "price", "cost", "margin", "daysInStock"];
/** Bikes in transit show where they are going unless the user chose the columns. */
const TRANSIT_COLUMNS: StockColumnId[] = DEFAULT_STOCK_COLUMNS.flatMap((id) => (id === "status" ? [id, "transferTo" as const] : [id]));

/** `unsold` (the default) is in stock, reserved and in transit; sold and delivered bikes appear only when asked for. */
export const STATUS_FILTERS = ["unsold", ...STATUSES, "all"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const UNSOLD_STATUSES: VehicleStatus[] = ["in_stock", "reserved", "in_transit"];

/** Empty strings (a blank field in a GET form) mean "no filter". */
const text = (max: number) =>
  filterText(max)
    .optional()
    .transform((value) => value || undefined)
    .catch(undefined);

const pounds = z
  .string()
  .optional()
  .transform((value) => {
    const pence = value ? parsePence(value) : null;
    return pence !== null && pence <= MAX_PENCE ? pence : undefined;
  })
  .catch(undefined);

export const StockQuery = z
  .object({
    ...pageFields,
    sort: z.enum(STOCK_COLUMN_IDS).catch("daysInStock"),
    dir: sortDirection("desc"),
    /** Part of a stock number, VIN, registration (with or without its space) or model. */
    q: searchTerm(),
    branch: text(60),
    /** A branch's slug: bikes in transit to it (they stay under the sending branch until received). */
    arriving: text(60),
    /** "mine": the user's own branches; "all": the group. Absent: mine for a user with branches (see stockScope). */
    scope: z.enum(["mine", "all"]).optional().catch(undefined),
    status: z.enum(STATUS_FILTERS).catch("unsold"),
    make: text(60),
    model: text(120),
    condition: z.enum(keys<Condition>(CONDITION_LABELS)).optional().catch(undefined),
    category: z.enum(keys<Category>(CATEGORY_LABELS)).optional().catch(undefined),
    age: z.enum(AGEING_BUCKETS).optional().catch(undefined),
    minPrice: pounds,
    maxPrice: pounds,
    /** Visible columns; none named means the default set. */
    cols: z
      .array(z.string())
      .catch([])
      .transform((values) => {
        const named = new Set(values.flatMap((value) => value.split(",")));
        const cols = STOCK_COLUMN_IDS.filter((id) => named.has(id));
        return cols.length ? (["stockNumber", ...cols.filter((id) => id !== "stockNumber")] as StockColumnId[]) : null;
      }),
  })
  .transform(({ cols, ...query }) => ({
    ...query,
    cols: cols ?? (query.status === "in_transit" || query.arriving ? TRANSIT_COLUMNS : DEFAULT_STOCK_COLUMNS),
  }))
  // A price range typed backwards is read the way round it was meant, not as "nothing".
  .transform((query) =>
    query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice
      ? { ...query, minPrice: query.maxPrice, maxPrice: query.minPrice }
      : query,
  );
export type StockQuery = z.infer<typeof StockQuery>;

export function parseStockQuery(searchParams: URLSearchParams): StockQuery {
  return StockQuery.parse({ ...Object.fromEntries(searchParams), cols: searchParams.getAll("cols") });
}

const FILTER_KEYS = ["q", "branch", "arriving", "scope", "status", "make", "model", "condition", "category", "age"] as const;

/** The filters as search params, without paging, sort or columns: for the CSV link, count links and "Clear". */
export function stockFilterParams(query: StockQuery) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value && !(key === "status" && value === "unsold")) params.set(key, value);
  }
  // Pence back to pounds, as typed: 8499.5 rather than 849950.
  if (query.minPrice !== undefined) params.set("minPrice", String(query.minPrice / 100));
  if (query.maxPrice !== undefined) params.set("maxPrice", String(query.maxPrice / 100));
  return params;
}
