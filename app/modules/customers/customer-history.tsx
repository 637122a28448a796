import type { ReactNode } from "react";
import { ScrollRegion } from "~/components/scroll-region";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";

// Browser-safe: the customer page's history tables, one per kind of record.

interface HistoryProps<Row> {
  title: string;
  rows: Row[];
  empty: string;
  head: string[];
  cells: (row: Row) => ReactNode[];
  rowKey: (row: Row) => string;
}

function HistoryTable<Row>(props: HistoryProps<Row>) {
  return (
    <section className="panel" aria-labelledby={`${props.title}-title`.replace(/\s+/g, "-")}>
      <h2 id={`${props.title}-title`.replace(/\s+/g, "-")}>
        {props.title} <span className="badge">{props.rows.length}</span>
      </h2>
      {props.rows.length === 0 ? (
        <p className="empty">{props.empty}</p>
      ) : (
        <ScrollRegion label={props.title}>
          <table>
            <thead>
              <tr>
                {props.head.map((label) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={props.rowKey(row)}>
                  {props.cells(row).map((cell, index) => (
                    <td key={index}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

interface History {
  reservations: { id: string; vehicleId: string; stockNumber: string; make: string; model: string; branchName: string; status: string; createdAt: string | Date; depositPence: number }[];
  sales: { vehicleId: string; stockNumber: string; make: string; model: string; branchName: string; soldOn: string | null; salePricePence: number | null }[];
  deals: { id: string; reference: string; branchName: string; status: string; vehicleDescription: string; createdAt: string | Date; viewable: boolean }[];
  complaints: { id: string; reference: string; branchName: string; status: string; receivedAt: string | Date; viewable: boolean }[];
}

const STATUS = (value: string) => value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** The customer's records across every branch; each links to its own page, which checks access again. */
export function CustomerHistory({ history }: { history: History }) {
  return (
    <>
      <HistoryTable
        title="Reservations"
        rows={history.reservations}
        empty="No reservations."
        head={["Made", "Bike", "Branch", "Deposit", "Status"]}
        rowKey={(row) => row.id}
        cells={(row) => [formatDateTime(row.createdAt), <a key="bike" href={`/stock/${row.vehicleId}`}>{`${row.stockNumber} · ${row.make} ${row.model}`}</a>, row.branchName, formatPounds(row.depositPence), STATUS(row.status)]}
      />
      <HistoryTable
        title="Purchases"
        rows={history.sales}
        empty="No bikes bought."
        head={["Sold", "Bike", "Branch", "Price"]}
        rowKey={(row) => row.vehicleId}
        cells={(row) => [row.soldOn ? formatDate(row.soldOn) : "—", <a key="bike" href={`/stock/${row.vehicleId}`}>{`${row.stockNumber} · ${row.make} ${row.model}`}</a>, row.branchName, row.salePricePence === null ? "—" : formatPounds(row.salePricePence)]}
      />
      <HistoryTable
        title="Finance deals"
        rows={history.deals}
        empty="No finance deals."
        head={["Recorded", "Reference", "Branch", "Vehicle", "Status"]}
        rowKey={(row) => row.id}
        cells={(row) => [formatDate(row.createdAt), row.viewable ? <a key="deal" href={`/finance/${row.id}`}>{row.reference}</a> : row.reference, row.branchName, row.vehicleDescription || "—", STATUS(row.status)]}
      />
      <HistoryTable
        title="Complaints"
        rows={history.complaints}
        empty="No complaints."
        head={["Received", "Reference", "Branch", "Status"]}
        rowKey={(row) => row.id}
        cells={(row) => [formatDateTime(row.receivedAt), row.viewable ? <a key="complaint" href={`/complaints/${row.id}`}>{row.reference}</a> : row.reference, row.branchName, STATUS(row.status)]}
      />
    </>
  );
}
