import { Link } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import type { DealStatus, Product } from "@db/schema/finance";
import { formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { DEAL_STATUS_LABELS, PRODUCT_LABELS } from "./finance-labels";
import { FINANCE_COLUMN_LABELS, FLAG_BADGES, vehicleLabel, type DealFlags, type FinanceColumnId } from "./finance-list.labels";

/** A row as the page gets it (dates may arrive as strings). */
export interface FinanceTableRow {
  id: string;
  reference: string;
  createdAt: Date | string;
  branchName: string;
  staffName: string;
  customerName: string;
  vehicleDescription: string;
  vehicleBrand: string;
  product: Product;
  status: DealStatus;
  agreementNumber: string | null;
  lenderName: string | null;
  confirmedPence: number | null;
  estimatedPence: number | null;
  paidPence: number | null;
  flags: DealFlags;
}

const column = createColumnHelper<FinanceTableRow>();
const NOWRAP = { whiteSpace: "nowrap" } as const;
const money = (pence: number) => formatPounds(pence, { whole: pence % 100 === 0 });
const none = <span className="muted">—</span>;

export const PRODUCT_SHORT: Record<Product, string> = { hp: "HP", pcp: "PCP", conditional_sale: "Conditional sale", hire: "Hire", loan: "Loan" };

export const DEAL_STATUS_BADGE: Record<DealStatus, string> = {
  draft: "badge",
  disclosed: "badge",
  proposed: "badge warn",
  approved: "badge warn",
  signed: "badge ok",
  not_proceeding: "badge",
};

/** The badges a row raises, for the flags column. */
export function FlagBadges({ flags }: { flags: DealFlags }) {
  const raised = FLAG_BADGES.filter((badge) => flags[badge.key]);
  if (raised.length === 0) return null;
  return (
    <span style={{ display: "inline-flex", flexWrap: "wrap", gap: "0.25rem" }}>
      {raised.map((badge) => (
        <span key={badge.key} className={badge.className} title={badge.title} style={NOWRAP}>
          {badge.text}
        </span>
      ))}
    </span>
  );
}

const header = (id: FinanceColumnId) => ({ id, header: FINANCE_COLUMN_LABELS[id] });

// Module scope: built once, not per render; each id is a sort key the server knows (FINANCE_COLUMN_IDS).
// The columns a reader looks for first (who, where it stands, what it pays) lead: on a tablet they are on
// screen, and the rest scroll within the table.
export const financeColumns = [
  column.accessor("reference", {
    ...header("reference"),
    cell: (info) => (
      <Link to={`/finance/${info.row.original.id}`} style={NOWRAP}>
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor("customerName", {
    ...header("customer"),
    cell: (info) => {
      const agreement = info.row.original.agreementNumber;
      return (
        <>
          {info.getValue()}
          {agreement ? (
            <>
              <br />
              <span className="muted" title="Agreement number">
                {agreement}
              </span>
            </>
          ) : null}
        </>
      );
    },
  }),
  column.accessor("status", {
    ...header("status"),
    cell: (info) => (
      <span className={DEAL_STATUS_BADGE[info.getValue()]} style={NOWRAP}>
        {DEAL_STATUS_LABELS[info.getValue()]}
      </span>
    ),
  }),
  column.accessor((row) => row.confirmedPence ?? row.estimatedPence, {
    ...header("commission"),
    meta: { numeric: true },
    cell: (info) => {
      const { confirmedPence, estimatedPence } = info.row.original;
      if (confirmedPence !== null) return <span style={NOWRAP}>{money(confirmedPence)}</span>;
      if (estimatedPence === null) return none;
      return (
        <span style={NOWRAP} title="Estimated, as disclosed; not yet confirmed">
          {money(estimatedPence)} <span className="muted">est.</span>
        </span>
      );
    },
  }),
  column.accessor("lenderName", { ...header("lender"), cell: (info) => (info.getValue() ? <span style={NOWRAP}>{info.getValue()}</span> : none) }),
  column.accessor("product", { ...header("product"), cell: (info) => <abbr title={PRODUCT_LABELS[info.getValue()]}>{PRODUCT_SHORT[info.getValue()]}</abbr> }),
  column.accessor("paidPence", { ...header("paid"), meta: { numeric: true }, cell: (info) => (info.getValue() === null ? none : <span style={NOWRAP}>{money(info.getValue()!)}</span>) }),
  column.display({ id: "flags", header: "Flags", enableSorting: false, cell: (info) => <FlagBadges flags={info.row.original.flags} /> }),
  column.accessor("createdAt", { ...header("created"), cell: (info) => <span style={NOWRAP}>{formatDateTime(info.getValue())}</span> }),
  column.accessor("branchName", { ...header("branch"), cell: (info) => <span style={NOWRAP}>{info.getValue()}</span> }),
  column.accessor("staffName", { ...header("staff"), cell: (info) => <span style={NOWRAP}>{info.getValue()}</span> }),
  column.accessor((row) => vehicleLabel(row), { ...header("vehicle") }),
];
