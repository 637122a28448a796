import { createColumnHelper } from "@tanstack/react-table";
import type { ComplaintCategory, ComplaintStatus } from "@db/schema/complaints";
import { formatDate, formatDateTime } from "~/utils/dates";
import { CATEGORY_LABELS, STATUS_LABELS } from "./complaint-labels";

/** A row as the list page gets it (dates arrive as strings). */
export interface ComplaintTableRow {
  id: string;
  reference: string;
  receivedAt: string;
  complainant: string;
  category: ComplaintCategory;
  branchName: string;
  ownerName: string;
  status: ComplaintStatus;
  finalDueAt: string;
  dealReference: string | null;
  overdue: boolean;
}

const column = createColumnHelper<ComplaintTableRow>();
const none = <span className="muted">—</span>;
/** The deadline is exclusive (midnight after the last day): the last day shown is the one before it. */
const lastDay = (exclusive: string) => formatDate(new Date(new Date(exclusive).getTime() - 1));

export const complaintColumns = [
  column.accessor("reference", { header: "Reference", meta: { nowrap: true }, cell: (info) => <a href={`/complaints/${info.row.original.id}`}>{info.getValue()}</a> }),
  column.accessor("receivedAt", { header: "Received", meta: { nowrap: true }, cell: (info) => formatDateTime(info.getValue()) }),
  column.accessor("complainant", { header: "Complainant" }),
  column.accessor("category", { header: "About", enableSorting: false, cell: (info) => CATEGORY_LABELS[info.getValue()] }),
  column.accessor("branchName", { header: "Branch", enableSorting: false }),
  column.accessor("dealReference", { header: "Deal", enableSorting: false, meta: { nowrap: true }, cell: (info) => info.getValue() ?? none }),
  column.accessor("ownerName", { header: "Owner", enableSorting: false }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => (
      <>
        {STATUS_LABELS[info.getValue()]}
        {info.row.original.overdue ? (
          <>
            {" "}
            <span className="badge danger">Overdue</span>
          </>
        ) : null}
      </>
    ),
  }),
  column.accessor("finalDueAt", {
    id: "finalDueAt",
    header: "Final response due",
    meta: { nowrap: true },
    cell: (info) => (info.row.original.status === "open" ? lastDay(info.getValue()) : none),
  }),
];
