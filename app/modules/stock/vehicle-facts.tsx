import { formatDate, formatDateTime } from "~/utils/dates";
import { ScrollRegion } from "~/components/scroll-region";
import { formatPounds } from "~/utils/money";
import { CONDITION_LABELS } from "./labels";
import type { VehiclePageData } from "./vehicle-detail.server";

/** The bike's details, with cost and margin only when the server sent them. */
export function VehicleFacts({ detail }: { detail: VehiclePageData }) {
  const { vehicle, cost } = detail;
  return (
    <section className="panel" aria-labelledby="facts-title">
      <h2 id="facts-title">Details</h2>
      <dl className="facts">
        <dt>Retail price</dt>
        <dd className="price">{formatPounds(vehicle.retailPricePence)}</dd>
        {cost ? (
          <>
            <dt>Cost price</dt>
            <dd>{cost.costPricePence === null ? "Not recorded" : formatPounds(cost.costPricePence)}</dd>
            <dt>Margin</dt>
            <dd>{cost.marginPence === null ? "—" : formatPounds(cost.marginPence)}</dd>
          </>
        ) : null}
        <dt>VIN</dt>
        <dd className="mono">{vehicle.vin}</dd>
        <dt>Registration</dt>
        <dd>{vehicle.registration ?? "Unregistered"}</dd>
        <dt>Condition</dt>
        <dd>{CONDITION_LABELS[vehicle.condition]}</dd>
        <dt>Mileage</dt>
        <dd>{vehicle.mileage.toLocaleString("en-GB")} miles</dd>
        <dt>Colour</dt>
        <dd>{vehicle.colour || "—"}</dd>
        <dt>Into stock</dt>
        <dd>{formatDate(vehicle.inStockOn)}</dd>
        {vehicle.condition === "used" ? (
          <>
            <dt>Previous keepers</dt>
            <dd>{vehicle.previousKeepers ?? "Not recorded"}</dd>
            <dt>V5C held</dt>
            <dd>{vehicle.v5cHeld === null ? "Not recorded" : vehicle.v5cHeld ? "Yes" : "No"}</dd>
          </>
        ) : null}
        {vehicle.soldOn ? (
          <>
            <dt>Sold</dt>
            <dd>
              {formatDate(vehicle.soldOn)}
              {vehicle.saleCustomerName ? (
                <>
                  {" "}
                  to {vehicle.saleCustomerId ? <a href={`/customers/${vehicle.saleCustomerId}`}>{vehicle.saleCustomerName}</a> : vehicle.saleCustomerName}
                </>
              ) : (
                ` at ${detail.branch.name}`
              )} for {formatPounds(vehicle.salePricePence)}
            </dd>
          </>
        ) : null}
        {vehicle.deliveredOn ? (
          <>
            <dt>Delivered</dt>
            <dd>{formatDate(vehicle.deliveredOn)}</dd>
          </>
        ) : null}
      </dl>
      {vehicle.notes ? <p className="notes">{vehicle.notes}</p> : null}
      {vehicle.photos.length ? (
        <ul className="photo-links">
          {vehicle.photos.map((url, index) => (
            <li key={url}>
              <a href={url} target="_blank" rel="noreferrer noopener">
                Photo {index + 1}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The timeline, and the reservation, transfer and price histories. */
export function VehicleHistory({ detail }: { detail: VehiclePageData }) {
  return (
    <>
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="timeline">
          {detail.timeline.map((item, index) => (
            <li key={index}>
              <time dateTime={new Date(item.at).toISOString()}>{formatDateTime(item.at)}</time>{" "}
              {item.kind === "price" ? (
                <>
                  Price {formatPounds(item.oldPence)} → {formatPounds(item.newPence)}: {item.text}
                </>
              ) : (
                item.text
              )}
              {item.who ? <span className="muted"> · {item.who}</span> : null}
            </li>
          ))}
        </ol>
      </section>
      {detail.reservations.length ? (
        <section className="panel" aria-labelledby="reservations-title">
          <h2 id="reservations-title">Reservations</h2>
          <ScrollRegion label="Reservations">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Made</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Deposit</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {detail.reservations.map(({ reservation, staff }) => (
                  <tr key={reservation.id}>
                    <td>
                      {formatDateTime(reservation.createdAt)}
                      <br />
                      <span className="muted">{staff}</span>
                    </td>
                    <td>
                      {detail.customersHidden ? `Reserved at ${detail.branch.name}` : reservation.customerName}
                      <br />
                      <span className="muted">{reservation.channel === "distance" ? "At a distance" : "In store"}</span>
                    </td>
                    <td>
                      {formatPounds(reservation.depositPence)} {reservation.depositRefundable ? "(refundable)" : "(non-refundable)"}
                    </td>
                    <td>{formatDateTime(reservation.expiresAt)}</td>
                    <td>
                      {reservation.status}
                      {reservation.releaseReason ? `: ${reservation.releaseReason}` : ""}
                      {reservation.refundPence ? ` (refunded ${formatPounds(reservation.refundPence)})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ) : null}
      {detail.transfers.length ? (
        <section className="panel" aria-labelledby="transfers-title">
          <h2 id="transfers-title">Transfers</h2>
          <ul className="link-list">
            {detail.transfers.map(({ transfer, from, to }) => (
              <li key={transfer.id}>
                {formatDateTime(transfer.createdAt)}: {from} → {to}, {transfer.status.replace("_", " ")}
                {transfer.expectedOn ? ` (expected ${formatDate(transfer.expectedOn)})` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
