import { createColumnHelper } from "@tanstack/react-table";
import { formatPounds } from "~/utils/money";
import { CATEGORY_LABELS, CONDITION_LABELS, STATUS_BADGE, STATUS_LABELS } from "./labels";
import type { StockColumnId } from "./stock-list.schema";
import type { StockPageRow, StockRow } from "./stock-list.server";

// A page's rows carry only the visible columns' fields (see pageRows), hence the optional values.
const column = createColumnHelper<StockPageRow>();
const miles = new Intl.NumberFormat("en-GB");
// Short codes and badges stay on one line (`nowrap`); model and branch names may wrap, so the default
// columns fit a desktop screen and a tablet scrolls the table sideways rather than every row growing
// tall. Cells return plain text where they can: it is the cheapest to render.
const money = (pence: number | null | undefined) =>
  pence == null ? <span className="muted">—</span> : formatPounds(pence, { whole: pence % 100 === 0 });
const label = <K extends string>(labels: Record<K, string>, key: K | undefined) => (key === undefined ? null : labels[key]);

/** Model as staff say it: "KTM 390 Adventure X (2025)". */
export function modelName(row: Partial<Pick<StockRow, "make" | "model" | "variant" | "modelYear">>) {
  return `${row.make} ${row.model}${row.variant ? ` ${row.variant}` : ""}${row.modelYear ? ` (${row.modelYear})` : ""}`;
}

/** Header text by column id, for the headers and the "Columns" control. */
export const COLUMN_LABELS: Record<StockColumnId, string> = {
  stockNumber: "Stock no.",
  model: "Model",
  category: "Category",
  condition: "Condition",
  branch: "Branch",
  status: "Status",
  transferTo: "Going to",
  registration: "Registration",
  vin: "VIN",
  colour: "Colour",
  mileage: "Mileage",
  price: "Price",
  cost: "Cost",
  margin: "Margin",
  daysInStock: "Days in stock",
};

// Module scope: built once, not per render; each id is a sort key the server knows (STOCK_COLUMN_IDS).
const common = [
  column.accessor("stockNumber", {
    id: "stockNumber" satisfies StockColumnId,
    header: COLUMN_LABELS.stockNumber,
    enableHiding: false,
    meta: { nowrap: true },
    // A plain link (the table navigates it client-side): a router <Link> per row is costly to render.
    cell: (info) => <a href={`/stock/${info.row.original.id}`}>{info.getValue()}</a>,
  }),
  column.accessor((row) => modelName(row), { id: "model" satisfies StockColumnId, header: COLUMN_LABELS.model }),
  column.accessor("category", { id: "category" satisfies StockColumnId, header: COLUMN_LABELS.category, cell: (info) => label(CATEGORY_LABELS, info.getValue()) }),
  column.accessor("condition", { id: "condition" satisfies StockColumnId, header: COLUMN_LABELS.condition, cell: (info) => label(CONDITION_LABELS, info.getValue()) }),
  column.accessor("branchName", { id: "branch" satisfies StockColumnId, header: COLUMN_LABELS.branch }),
  column.accessor("status", {
    id: "status" satisfies StockColumnId,
    header: COLUMN_LABELS.status,
    meta: { nowrap: true },
    cell: (info) => <span className={label(STATUS_BADGE, info.getValue()) ?? undefined}>{label(STATUS_LABELS, info.getValue())}</span>,
  }),
  column.accessor("transferTo", {
    id: "transferTo" satisfies StockColumnId,
    header: COLUMN_LABELS.transferTo,
    cell: (info) => info.getValue() ?? <span className="muted">—</span>,
  }),
  column.accessor("registration", {
    id: "registration" satisfies StockColumnId,
    header: COLUMN_LABELS.registration,
    meta: { nowrap: true },
    cell: (info) => info.getValue() ?? <span className="muted">Unregistered</span>,
  }),
  column.accessor("vin", { id: "vin" satisfies StockColumnId, header: COLUMN_LABELS.vin, }),
  column.accessor("colour", { id: "colour" satisfies StockColumnId, header: COLUMN_LABELS.colour }),
  column.accessor("mileage", {
    id: "mileage" satisfies StockColumnId,
    header: COLUMN_LABELS.mileage,
    meta: { numeric: true },
    cell: (info) => {
      const value = info.getValue();
      return value === undefined ? null : miles.format(value);
    },
  }),
  column.accessor("pricePence", { id: "price" satisfies StockColumnId, header: COLUMN_LABELS.price, meta: { numeric: true }, cell: (info) => money(info.getValue()) }),
];

const costColumns = [
  column.accessor((row) => row.costPence ?? null, {
    id: "cost" satisfies StockColumnId,
    header: COLUMN_LABELS.cost,
    meta: { numeric: true },
    cell: (info) => money(info.getValue()),
  }),
  column.accessor((row) => row.marginPence ?? null, {
    id: "margin" satisfies StockColumnId,
    header: COLUMN_LABELS.margin,
    meta: { numeric: true },
    cell: (info) => money(info.getValue()),
  }),
];

const days = column.accessor("daysInStock", {
  id: "daysInStock" satisfies StockColumnId,
  header: COLUMN_LABELS.daysInStock,
  meta: { numeric: true, nowrap: true },
  cell: (info) => {
    const bucket = info.row.original.ageing;
    return (
      <>
        {`${info.getValue()} `}
        <span className={bucket === "90+" ? "badge danger" : bucket === "61-90" ? "badge warn" : "badge"} title="Ageing bucket, in days">
          {bucket}
        </span>
      </>
    );
  },
});

const withCost = [...common, ...costColumns, days];
const withoutCost = [...common, days];

/** The table's columns; cost and margin only for those who may see cost somewhere. */
export function stockColumns(showCost: boolean) {
  return showCost ? withCost : withoutCost;
}
