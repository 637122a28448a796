import { createColumnHelper } from "@tanstack/react-table";
import { formatDate } from "~/utils/dates";

/** A row as the list page gets it (dates arrive as strings). */
export interface CustomerTableRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  dateOfBirth: string | null;
  createdAt: string;
  likelyDuplicate: boolean;
}

const column = createColumnHelper<CustomerTableRow>();
const none = <span className="muted">—</span>;

export const customerColumns = [
  column.accessor("name", {
    header: "Name",
    cell: (info) => (
      <>
        <a href={`/customers/${info.row.original.id}`}>{info.getValue()}</a>
        {info.row.original.likelyDuplicate ? (
          <>
            {" "}
            <span className="badge warn">Likely duplicate</span>
          </>
        ) : null}
      </>
    ),
  }),
  column.accessor("email", { header: "Email", enableSorting: false, cell: (info) => info.getValue() ?? none }),
  column.accessor("phone", { header: "Phone", enableSorting: false, meta: { nowrap: true }, cell: (info) => info.getValue() ?? none }),
  column.accessor("postcode", { header: "Postcode", meta: { nowrap: true }, cell: (info) => info.getValue() ?? none }),
  column.accessor("dateOfBirth", { header: "Date of birth", enableSorting: false, meta: { nowrap: true }, cell: (info) => (info.getValue() ? formatDate(info.getValue()!) : none) }),
  column.accessor("createdAt", { header: "Since", meta: { nowrap: true }, cell: (info) => formatDate(info.getValue()) }),
];
