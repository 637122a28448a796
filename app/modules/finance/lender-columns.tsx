import { Link } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import type { TableState } from "~/components/data-table/data-table";
import { formatDate } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { COMMISSION_BASIS_LABELS, describeSchedule, formatBasisPoints, OTHER_PAYMENT_KIND_LABELS, TIE_KIND_LABELS } from "./finance-labels";
import type { LenderDetail, LenderListRow } from "./lenders.server";

// TanStack column definitions for the lender list and the lender page's registers. Browser-safe:
// the server modules are imported for their types only.

const fixed = { enableSorting: false } as const;
const day = (value: string | null) => (value ? formatDate(value) : "");

/** A register shown whole on one page: no paging, no sorting. */
export function wholeTable(rows: number): TableState {
  return { page: 1, size: Math.max(rows, 10), sort: "", dir: "asc" };
}

const list = createColumnHelper<LenderListRow>();
export const lenderColumns = [
  list.accessor("name", { header: "Lender", cell: (info) => <Link to={`/lenders/${info.row.original.id}`}>{info.getValue()}</Link> }),
  list.accessor("fcaFrn", { id: "frn", header: "FCA firm ref.", cell: (info) => <span className="mono">{info.getValue()}</span> }),
  list.accessor("captiveBrands", {
    ...fixed,
    header: "Manufacturer lender for",
    cell: (info) => (info.getValue().length ? info.getValue().join(", ") : <span className="muted">General lender</span>),
  }),
  list.accessor("tiesInForce", { ...fixed, header: "Ties in force", meta: { numeric: true } }),
  list.accessor("currentSchedules", {
    ...fixed,
    header: "Commission today",
    cell: (info) =>
      info.getValue().length ? (
        info
          .getValue()
          .map((schedule) => `v${schedule.version}: ${describeSchedule(schedule)}`)
          .join("; ")
      ) : (
        <span className="muted">No schedule in force</span>
      ),
  }),
  list.accessor("active", {
    ...fixed,
    header: "Status",
    cell: (info) => (info.getValue() ? <span className="badge ok">On the panel</span> : <span className="badge">Inactive</span>),
  }),
];

type Tie = LenderDetail["ties"][number];
const tie = createColumnHelper<Tie>();
export const tieColumns = [
  tie.accessor("reference", { ...fixed, header: "Reference", cell: (info) => <span className="mono">{info.getValue()}</span> }),
  tie.accessor("kind", { ...fixed, header: "Kind", cell: (info) => TIE_KIND_LABELS[info.getValue()] }),
  tie.accessor("terms", { ...fixed, header: "Terms" }),
  tie.accessor("startsOn", { ...fixed, header: "From", cell: (info) => day(info.getValue()) }),
  tie.accessor("endsOn", { ...fixed, header: "To", cell: (info) => day(info.getValue()) || <span className="muted">Open-ended</span> }),
  tie.accessor("inForceToday", {
    ...fixed,
    header: "In force today",
    cell: (info) => (info.getValue() ? <span className="badge ok">In force</span> : <span className="badge">No</span>),
  }),
  tie.accessor("approval", { ...fixed, header: "Approved", cell: (info) => <ApprovedBy approval={info.getValue()} /> }),
];

/** Who approved a document or tie (a compliance user), and when; or that nobody has yet. */
export function ApprovedBy({ approval }: { approval: { approvedByName: string; approvedAt: Date | string } | null }) {
  if (!approval) return <span className="badge warn">Not approved</span>;
  return (
    <span>
      {approval.approvedByName}, {formatDate(approval.approvedAt)}
    </span>
  );
}

type Schedule = LenderDetail["schedules"][number];
const schedule = createColumnHelper<Schedule>();
export const scheduleColumns = [
  schedule.accessor("version", { ...fixed, header: "Version", meta: { numeric: true }, cell: (info) => `v${info.getValue()}` }),
  schedule.accessor("basis", { ...fixed, header: "Basis", cell: (info) => COMMISSION_BASIS_LABELS[info.getValue()] }),
  schedule.display({
    ...fixed,
    id: "rate",
    header: "Amount",
    meta: { numeric: true },
    cell: ({ row }) => (row.original.basis === "fixed_fee" ? formatPounds(row.original.amountPence) : formatBasisPoints(row.original.percentBasisPoints ?? 0)),
  }),
  schedule.display({ ...fixed, id: "reach", header: "Applies to", cell: ({ row }) => row.original.modelLabel ?? row.original.brand ?? "Every brand and model" }),
  schedule.accessor("effectiveFrom", { ...fixed, header: "From", cell: (info) => day(info.getValue()) }),
  schedule.accessor("effectiveTo", { ...fixed, header: "To", cell: (info) => day(info.getValue()) || <span className="muted">Until replaced</span> }),
  schedule.accessor("current", {
    ...fixed,
    header: "Today",
    cell: (info) => (info.getValue() ? <span className="badge ok">In force</span> : <span className="muted">—</span>),
  }),
  schedule.accessor("notes", { ...fixed, header: "Notes" }),
];

type Payment = LenderDetail["payments"][number];
const payment = createColumnHelper<Payment>();
export const paymentColumns = [
  payment.accessor("kind", { ...fixed, header: "Kind", cell: (info) => OTHER_PAYMENT_KIND_LABELS[info.getValue()] }),
  payment.accessor("description", { ...fixed, header: "Description" }),
  payment.accessor("amountPence", { ...fixed, header: "Amount", meta: { numeric: true }, cell: (info) => formatPounds(info.getValue()) || "Varies" }),
  payment.accessor("effectiveFrom", { ...fixed, header: "From", cell: (info) => day(info.getValue()) }),
  payment.accessor("effectiveTo", { ...fixed, header: "To", cell: (info) => day(info.getValue()) || <span className="muted">Open-ended</span> }),
];
