import { Link } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { ROLE_LABELS, seesAllBranches, type Role } from "~/modules/auth/permissions";
import { formatDate } from "~/utils/dates";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  createdAt: Date;
  branches: { id: string; name: string }[];
}

const column = createColumnHelper<UserRow>();

// Module scope: column definitions are built once, not per render.
export const userColumns = [
  column.accessor("name", {
    header: "Name",
    cell: (info) => <Link to={`/admin/users/${info.row.original.id}`}>{info.getValue()}</Link>,
  }),
  column.accessor("email", { header: "Email" }),
  column.accessor("role", { header: "Role", cell: (info) => ROLE_LABELS[info.getValue()] }),
  column.accessor("branches", {
    header: "Branches",
    enableSorting: false,
    cell: (info) => {
      const row = info.row.original;
      if (seesAllBranches(row)) return <span className="muted">All ({ROLE_LABELS[row.role].toLowerCase()})</span>;
      return row.branches.map((branch) => branch.name).join(", ") || <span className="badge warn">None</span>;
    },
  }),
  column.accessor("active", {
    header: "Status",
    cell: (info) => (info.getValue() ? <span className="badge ok">Active</span> : <span className="badge">Inactive</span>),
  }),
  column.accessor("createdAt", { header: "Added", cell: (info) => formatDate(info.getValue()) }),
];
