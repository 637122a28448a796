import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import type { Vehicle, VehicleStatus } from "@db/schema/stock";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { formatDateTime } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { customerForRecord } from "~/modules/customers/customers.server";
import { deliveryDateProblem, depositProblem, expiryProblem, moveProblem, refundProblem, saleDateProblem } from "./status-rules";
import { changesSince, changeVehicle, lockVehicle, staleVehicle } from "./vehicle-records.server";

const { vehicles, reservations, users } = schema;

/** Refuses (409) a move the status machine doesn't allow. */
export function assertMove(vehicle: Vehicle, to: VehicleStatus) {
  const problem = moveProblem(vehicle.status, to);
  if (problem) throw new Refusal(problem, undefined, 409);
}

/**
 * Reservations past their expiry return their bikes to stock. There is no scheduled job: this runs
 * inside the transactions that read or write stock, and before reads of it (the dashboard, the CSV;
 * the stock list asks within its own statement), so an expired reservation is never shown as held.
 * On a read path it first takes one indexed look: most requests find nothing due.
 */
export async function expireDueReservations(tx?: Transaction, vehicleId?: string) {
  if (vehicleId !== undefined && !isUuid(vehicleId)) return 0; // no such bike
  const run = async (t: Transaction) => {
    const due = await t
      .update(reservations)
      .set({ status: "expired", updatedAt: new Date(), version: sql`${reservations.version} + 1` })
      .where(and(eq(reservations.status, "active"), lte(reservations.expiresAt, new Date()), vehicleId ? eq(reservations.vehicleId, vehicleId) : undefined))
      .returning();
    if (due.length === 0) return 0;
    // Every due bike is locked at once, before any is changed: changing one takes rows of the kept
    // figures (stock_counts, unsold_stock_days), and a user's edit of the next bike, holding that
    // bike and waiting for those rows, would otherwise deadlock with this sweep. They change in
    // (branch, intake day) order, the order of those rows, so two sweeps take them in one order too.
    const held = await t
      .select()
      .from(vehicles)
      .where(and(inArray(vehicles.id, due.map((reservation) => reservation.vehicleId)), eq(vehicles.status, "reserved")))
      .orderBy(asc(vehicles.branchId), asc(vehicles.inStockOn), asc(vehicles.id))
      .for("update");
    for (const vehicle of held) {
      const reservation = due.find((expired) => expired.vehicleId === vehicle.id)!;
      await changeVehicle(t, {
        actor: null,
        before: vehicle,
        set: { status: "in_stock" },
        action: "reservation.expired",
        note: `Reservation for ${reservation.customerName} expired`,
        extra: { reservationId: reservation.id },
      });
    }
    return due.length;
  };
  if (tx) return run(tx);
  // On a read path, a cheap look first (index on due reservations): most requests find nothing to expire.
  const [due] = await db()
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.status, "active"), lte(reservations.expiresAt, new Date()), vehicleId ? eq(reservations.vehicleId, vehicleId) : undefined))
    .limit(1);
  return due ? db().transaction(run) : 0;
}

/** Locks the bike, applies lazy expiry, checks the user's version and branch. */
async function prepare(tx: Transaction, input: { actor: SessionUser; id: string; version: number }, action: "stock:edit" | "stock:reserve") {
  await expireDueReservations(tx, input.id);
  const vehicle = await lockVehicle(tx, input.id);
  if (!can(input.actor, action, vehicle.branchId)) {
    throw new Refusal(action === "stock:reserve" ? "You can reserve bikes only in your own branches." : "You can change stock only in your own branches.", undefined, 403);
  }
  if (vehicle.version !== input.version) {
    // A reservation that beat this one: say who holds the bike.
    if (vehicle.status === "reserved") throw new Refusal(await describeHolder(tx, vehicle.id), undefined, 409);
    throw staleVehicle(await changesSince(tx, { vehicle, since: input.version, viewer: input.actor }));
  }
  return vehicle;
}

async function describeHolder(tx: Transaction, vehicleId: string) {
  const [holder] = await tx
    .select({ customerName: reservations.customerName, expiresAt: reservations.expiresAt, staff: users.name })
    .from(reservations)
    .leftJoin(users, eq(users.id, reservations.createdBy))
    .where(and(eq(reservations.vehicleId, vehicleId), eq(reservations.status, "active")))
    .orderBy(desc(reservations.createdAt))
    .limit(1);
  if (!holder) return "Someone else changed this bike a moment ago. Reload the page to see it.";
  return `Someone else reserved this bike first: ${holder.staff ?? "a colleague"} holds it for ${holder.customerName} until ${formatDateTime(holder.expiresAt)}.`;
}

export async function reserveVehicle(input: {
  actor: SessionUser;
  id: string;
  version: number;
  /** The customer chosen from the search; none: a new customer made from the name and contact. */
  customerId?: string;
  customerName: string;
  customerContact: string;
  channel: "in_store" | "distance";
  depositPence: number;
  depositRefundable: boolean;
  depositTerms: string;
  expiresAt: Date;
} & Submitted): Promise<Result<{ reservationId: string }>> {
  const expiry = expiryProblem(input.expiresAt);
  if (expiry) return { ok: false, field: "expiresAt", message: expiry };
  return attempt(async (tx) => {
    const vehicle = await prepare(tx, input, "stock:reserve");
    if (vehicle.status === "reserved") throw new Refusal(await describeHolder(tx, vehicle.id), undefined, 409);
    assertMove(vehicle, "reserved");
    const deposit = depositProblem(input.depositPence, vehicle.retailPricePence);
    if (deposit) throw new Refusal(deposit, "depositPence");
    const customer = await customerForRecord(tx, { actor: input.actor, branchId: vehicle.branchId, customerId: input.customerId, name: input.customerName, contact: input.customerContact, via: "reservation" });
    const [reservation] = await tx
      .insert(reservations)
      .values({
        vehicleId: vehicle.id,
        customerId: customer.customerId,
        customerName: customer.name,
        customerContact: customer.contact,
        channel: input.channel,
        depositPence: input.depositPence,
        depositRefundable: input.depositRefundable,
        depositTerms: input.depositTerms,
        expiresAt: input.expiresAt,
        createdBy: input.actor.id,
      })
      .returning();
    await changeVehicle(tx, {
      actor: input.actor,
      before: vehicle,
      set: { status: "reserved" },
      action: "reservation.created",
      note: `Reserved for ${customer.name}${input.depositPence ? `, deposit ${formatPounds(input.depositPence)}` : ""}, until ${formatDateTime(input.expiresAt)}`,
      extra: { reservation: reservation! },
    });
    return { reservationId: reservation!.id };
  }, input.once);
}

export async function releaseReservation(input: { actor: SessionUser; id: string; version: number; reason: string; refundPence: number | null } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const vehicle = await prepare(tx, input, "stock:reserve");
    assertMove(vehicle, "in_stock");
    const [reservation] = await tx
      .update(reservations)
      .set({
        status: "released",
        releasedAt: new Date(),
        releasedBy: input.actor.id,
        releaseReason: input.reason,
        refundPence: input.refundPence,
        updatedAt: new Date(),
        version: sql`${reservations.version} + 1`,
      })
      .where(and(eq(reservations.vehicleId, vehicle.id), eq(reservations.status, "active")))
      .returning();
    if (!reservation) throw new Refusal("This bike has no active reservation.", undefined, 409);
    const refund = refundProblem(input.refundPence, reservation.depositPence);
    if (refund) throw new Refusal(refund, "refundPence");
    await changeVehicle(tx, {
      actor: input.actor,
      before: vehicle,
      set: { status: "in_stock" },
      action: "reservation.released",
      note: `Reservation for ${reservation.customerName} released: ${input.reason}${input.refundPence ? ` (refunded ${formatPounds(input.refundPence)})` : ""}`,
      extra: { reservation },
    });
    return {};
  }, input.once);
}

export async function sellVehicle(input: {
  actor: SessionUser;
  id: string;
  version: number;
  customerId?: string;
  customerName: string;
  customerContact: string;
  salePricePence: number;
  soldOn: string;
} & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const vehicle = await prepare(tx, input, "stock:edit");
    assertMove(vehicle, "sold");
    const saleDate = saleDateProblem(input.soldOn, vehicle.inStockOn);
    if (saleDate) throw new Refusal(saleDate, "soldOn");
    // Sold to whoever held it, when no one was chosen and the name is theirs: the reservation's customer.
    let customerId = input.customerId;
    if (!customerId && vehicle.status === "reserved") {
      const [held] = await tx
        .select({ customerId: reservations.customerId })
        .from(reservations)
        .where(and(eq(reservations.vehicleId, vehicle.id), eq(reservations.status, "active"), sql`lower(trim(${reservations.customerName})) = lower(trim(${input.customerName}))`));
      customerId = held?.customerId ?? undefined;
    }
    const customer = await customerForRecord(tx, { actor: input.actor, branchId: vehicle.branchId, customerId, name: input.customerName, contact: input.customerContact, via: "sale" });
    if (vehicle.status === "reserved") {
      await tx
        .update(reservations)
        .set({ status: "sold", updatedAt: new Date(), version: sql`${reservations.version} + 1` })
        .where(and(eq(reservations.vehicleId, vehicle.id), eq(reservations.status, "active")));
    }
    await changeVehicle(tx, {
      actor: input.actor,
      before: vehicle,
      set: {
        status: "sold",
        saleCustomerId: customer.customerId,
        saleCustomerName: customer.name,
        saleCustomerContact: customer.contact,
        salePricePence: input.salePricePence,
        soldOn: input.soldOn,
      },
      action: "vehicle.sold",
      note: `Sold to ${customer.name} for ${formatPounds(input.salePricePence)}`,
    });
    return {};
  }, input.once);
}

export async function deliverVehicle(input: { actor: SessionUser; id: string; version: number; deliveredOn: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const vehicle = await prepare(tx, input, "stock:edit");
    assertMove(vehicle, "delivered");
    const deliveryDate = deliveryDateProblem(input.deliveredOn, vehicle.soldOn);
    if (deliveryDate) throw new Refusal(deliveryDate, "deliveredOn");
    await changeVehicle(tx, {
      actor: input.actor,
      before: vehicle,
      set: { status: "delivered", deliveredOn: input.deliveredOn },
      action: "vehicle.delivered",
      note: `Delivered to ${vehicle.saleCustomerName ?? "the buyer"}`,
    });
    return {};
  }, input.once);
}

