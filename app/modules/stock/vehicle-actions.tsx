import { getFormProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ConfirmButton } from "~/components/confirm-button";
import { FieldError, FormErrors, TextField, useStaffForm } from "~/components/form";
import { formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import type { VehiclePageData } from "./vehicle-detail.server";
import { SubmitButton } from "~/components/submit-button";
import { CustomerPicker } from "~/modules/customers/customer-picker";

type ActionData = { intent: string; result: SubmissionResult<string[]> | null; conflict?: string } | undefined;

/** The moves this bike allows now, for this user; the server checks each again. */
export function VehicleActions({ detail, actionData }: { detail: VehiclePageData; actionData: ActionData }) {
  const { vehicle, allowed } = detail;
  const resultFor = (intent: string) => (actionData?.intent === intent ? (actionData.result ?? undefined) : undefined);
  const panels: ReactNode[] = [];
  if (vehicle.status === "in_stock" && allowed.reserve) panels.push(<ReserveForm key={`reserve-${vehicle.version}`} detail={detail} lastResult={resultFor("reserve")} />);
  if (vehicle.status === "reserved" && detail.activeReservation) {
    panels.push(<ReservationPanel key={`held-${vehicle.version}`} detail={detail} canRelease={allowed.reserve} lastResult={resultFor("release")} />);
  }
  if ((vehicle.status === "in_stock" || vehicle.status === "reserved") && allowed.edit) {
    panels.push(<SellForm key={`sell-${vehicle.version}`} detail={detail} lastResult={resultFor("sell")} />);
  }
  if (vehicle.status === "sold" && allowed.edit) panels.push(<DeliverForm key={`deliver-${vehicle.version}`} detail={detail} lastResult={resultFor("deliver")} />);
  if (vehicle.status === "in_stock" && allowed.transfer) panels.push(<SendTransferForm key={`send-${vehicle.version}`} detail={detail} lastResult={resultFor("send-transfer")} />);
  if (vehicle.status === "in_transit" && detail.openTransfer) {
    const result = resultFor("receive-transfer") ?? resultFor("cancel-transfer");
    panels.push(<TransferPanel key={`transfer-${vehicle.version}`} detail={detail} lastResult={result} />);
  }
  return (
    <div className="action-stack">
      {actionData?.conflict ? (
        <div className="form-errors" role="alert">
          <p>{actionData.conflict}</p>
        </div>
      ) : null}
      {panels.length ? panels : <p className="empty">Nothing to do on this bike for you right now.</p>}
    </div>
  );
}

/** A move the user can make, folded away until they open it (or it comes back with errors). */
function ActionPanel(props: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="panel action-panel" open={props.open}>
      <summary>{props.title}</summary>
      {props.children}
    </details>
  );
}

function useActionForm(id: string, lastResult?: SubmissionResult<string[]>, defaultValue?: Record<string, string>) {
  return useStaffForm<Record<string, string>>({ id, lastResult, defaultValue });
}

function ReserveForm({ detail, lastResult }: { detail: VehiclePageData; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useActionForm("reserve", lastResult, { expiresAt: detail.defaultExpiry, channel: "in_store", depositRefundable: "yes" });
  return (
    <ActionPanel title="Reserve" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="reserve" />
        <input type="hidden" name="version" value={detail.vehicle.version} />
        <CustomerPicker
          names={{ name: fields.customerName!.name, contact: fields.customerContact!.name }}
          errors={fields.customerId?.errors}
          newCustomerFields={
            <>
              <TextField label="Customer name" field={fields.customerName!} inputProps={{ required: true, autoComplete: "off" }} />
              <TextField label="Customer phone or email" field={fields.customerContact!} inputProps={{ required: true, autoComplete: "off" }} />
            </>
          }
        />
        <Choice label="Channel" field={fields.channel!} options={{ in_store: "In store", distance: "At a distance (phone, online)" }} />
        <TextField label="Deposit (£)" field={fields.depositPence!} inputProps={{ inputMode: "decimal" }} />
        <Choice label="Deposit refundable?" field={fields.depositRefundable!} options={{ yes: "Yes", no: "No" }} hint="A distance sale is refundable within 14 days." />
        <div className="field">
          <label htmlFor={fields.depositTerms!.id}>Deposit terms told to the customer</label>
          <textarea {...getTextareaProps(fields.depositTerms!)} key={fields.depositTerms!.key} rows={2} />
          <FieldError id={fields.depositTerms!.errorId} errors={fields.depositTerms!.errors} />
        </div>
        <TextField label="Expires" field={fields.expiresAt!} inputProps={{ type: "datetime-local", required: true }} hint="UK time; 72 hours from now unless you change it." />
        <SubmitButton className="button primary">
          Reserve this bike
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}

function ReservationPanel({ detail, canRelease, lastResult }: { detail: VehiclePageData; canRelease: boolean; lastResult?: SubmissionResult<string[]> }) {
  const held = detail.activeReservation!;
  const [form, fields] = useActionForm("release", lastResult);
  return (
    <section className="panel" aria-labelledby="held-title">
      <h2 id="held-title">Reserved</h2>
      {detail.customersHidden ? (
        <p>
          Reserved at {detail.branch.name} until {formatDateTime(held.reservation.expiresAt)}.
        </p>
      ) : (
        <p>
          For{" "}
          <strong>{held.reservation.customerId ? <a href={`/customers/${held.reservation.customerId}`}>{held.reservation.customerName}</a> : held.reservation.customerName}</strong> ({held.reservation.customerContact}) by {held.staff ?? "a colleague"}, until{" "}
          {formatDateTime(held.reservation.expiresAt)}. Deposit {formatPounds(held.reservation.depositPence)}
          {held.reservation.depositRefundable ? ", refundable" : ", non-refundable"}.
        </p>
      )}
      {held.reservation.depositTerms ? <p className="muted">Terms: {held.reservation.depositTerms}</p> : null}
      {canRelease ? (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="release" />
          <input type="hidden" name="version" value={detail.vehicle.version} />
          <TextField label="Reason for releasing" field={fields.reason!} inputProps={{ required: true }} />
          <TextField label="Refund given (£)" field={fields.refundPence!} inputProps={{ inputMode: "decimal" }} hint="Leave blank if none." />
          <ConfirmButton label="Release reservation" title="Release this reservation?">
            <p>The bike goes back into stock and anyone can reserve it.</p>
          </ConfirmButton>
        </Form>
      ) : null}
    </section>
  );
}

function SellForm({ detail, lastResult }: { detail: VehiclePageData; lastResult?: SubmissionResult<string[]> }) {
  const held = detail.activeReservation?.reservation;
  const [form, fields] = useActionForm("sell", lastResult, {
    soldOn: detail.today,
    customerName: held?.customerName ?? "",
    customerContact: held?.customerContact ?? "",
    salePricePence: (detail.vehicle.retailPricePence / 100).toFixed(2),
  });
  return (
    <ActionPanel title="Record a sale" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="sell" />
        <input type="hidden" name="version" value={detail.vehicle.version} />
        <CustomerPicker
          initial={held?.customerId ? { id: held.customerId, name: held.customerName, contact: held.customerContact, postcode: null, dateOfBirth: null, ukResident: null } : null}
          names={{ name: fields.customerName!.name, contact: fields.customerContact!.name }}
          errors={fields.customerId?.errors}
          newCustomerFields={
            <>
              <TextField label="Buyer's name" field={fields.customerName!} inputProps={{ required: true }} />
              <TextField label="Buyer's phone or email" field={fields.customerContact!} />
            </>
          }
        />
        <TextField label="Sale price (£)" field={fields.salePricePence!} inputProps={{ inputMode: "decimal", required: true }} />
        <TextField label="Sale date" type="date" field={fields.soldOn!} inputProps={{ required: true }} />
        <ConfirmButton label="Record sale" title="Record this sale?" danger={false}>
          <p>The bike leaves the stock list. Its record can't be edited after a sale.</p>
        </ConfirmButton>
      </Form>
    </ActionPanel>
  );
}

function DeliverForm({ detail, lastResult }: { detail: VehiclePageData; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useActionForm("deliver", lastResult, { deliveredOn: detail.today });
  return (
    <ActionPanel title="Delivery" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="deliver" />
        <input type="hidden" name="version" value={detail.vehicle.version} />
        <TextField label="Delivery date" type="date" field={fields.deliveredOn!} inputProps={{ required: true }} />
        <SubmitButton className="button primary">
          Mark as delivered
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}

function SendTransferForm({ detail, lastResult }: { detail: VehiclePageData; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useActionForm("send-transfer", lastResult);
  return (
    <ActionPanel title="Send to another branch" open={Boolean(lastResult)}>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="send-transfer" />
        <input type="hidden" name="version" value={detail.vehicle.version} />
        <div className="field">
          <label htmlFor={fields.toBranchId!.id}>Send to</label>
          <select {...getSelectProps(fields.toBranchId!)} key={fields.toBranchId!.key} required>
            <option value="">Choose a branch</option>
            {detail.branchesToSendTo.map((branch) => (
              <option key={branch.id} value={branch.id}>
                {branch.name}
              </option>
            ))}
          </select>
          <FieldError id={fields.toBranchId!.errorId} errors={fields.toBranchId!.errors} />
        </div>
        <TextField label="Expected arrival" type="date" field={fields.expectedOn!} />
        <TextField label="Note" field={fields.note!} />
        <SubmitButton className="button">
          Send transfer
        </SubmitButton>
      </Form>
    </ActionPanel>
  );
}

function TransferPanel({ detail, lastResult }: { detail: VehiclePageData; lastResult?: SubmissionResult<string[]> }) {
  const open = detail.openTransfer!;
  const [form] = useActionForm("transfer", lastResult);
  return (
    <section className="panel" aria-labelledby="transit-title">
      <h2 id="transit-title">In transit</h2>
      <p>
        From {open.from} to <strong>{open.to}</strong>
        {open.transfer.expectedOn ? `, expected ${open.transfer.expectedOn}` : ""}.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="version" value={detail.vehicle.version} />
        <div className="form-actions">
          {detail.allowed.receive ? (
            <SubmitButton name="intent" value="receive-transfer" className="button primary">
              Receive at {open.to}
            </SubmitButton>
          ) : null}
          {detail.allowed.transfer ? (
            <ConfirmButton label="Cancel transfer" title="Cancel this transfer?" name="intent" value="cancel-transfer">
              <p>The bike goes back into stock at {open.from}.</p>
            </ConfirmButton>
          ) : null}
        </div>
      </Form>
    </section>
  );
}

function Choice(props: { label: string; field: ReturnType<typeof useActionForm>[1][string]; options: Record<string, string>; hint?: string }) {
  const { field } = props;
  return (
    <fieldset className="checkbox-group" aria-describedby={field!.errorId}>
      <legend>{props.label}</legend>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      {Object.entries(props.options).map(([value, label]) => (
        <label key={value}>
          <input type="radio" name={field!.name} value={value} defaultChecked={field!.initialValue === value} key={`${field!.key}-${value}`} />
          {label}
        </label>
      ))}
      <FieldError id={field!.errorId} errors={field!.errors} />
    </fieldset>
  );
}
