import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { deliverVehicle, expireDueReservations, releaseReservation, reserveVehicle, sellVehicle } from "~/modules/stock/status.server";
import { makeUser, seedGroup } from "../support/factories";
import { makeModel, makeVehicle, reservationInput } from "../support/stock-factories";

// What each status move writes (the bike's history line, the audit row) and each refusal's own words
// and field; stock-rules.test.ts walks the moves themselves.
const UNTIL = String.raw`until \d{2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}`;

let branches: Record<string, string>;
let manager: SessionUser;
let hondaManager: SessionUser;
let hondaFinance: SessionUser;
let modelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  hondaManager = await makeUser("manager", [branches["maidstone-honda"]!]);
  hondaFinance = await makeUser("finance", [branches["maidstone-honda"]!]);
  modelId = (await makeModel()).id;
});

const ktmBike = (extra: Record<string, string> = {}) => makeVehicle(manager, { branchId: branches["laguna-ktm"]!, modelId, ...extra });
const current = async (id: string) => (await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, id)))[0]!;
const lastEvent = async (vehicleId: string) => (await db().select().from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, vehicleId))).at(-1)!;
const auditOf = async (vehicleId: string, action: string) =>
  (await db().select().from(schema.auditLog).where(and(eq(schema.auditLog.entityId, vehicleId), eq(schema.auditLog.action, action))))[0];
const reservation = (vehicle: { id: string; version: number }, overrides: Partial<Parameters<typeof reserveVehicle>[0]> = {}) => reservationInput(manager, vehicle, overrides);

describe("reserving", () => {
  it("writes 'Reserved for' the customer with the deposit and expiry, and answers with the reservation", async () => {
    const bike = await ktmBike();
    const result = await reserveVehicle(reservation(bike));
    if (!result.ok) throw new Error(result.message);
    const [row] = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, bike.id));
    expect(result.reservationId).toBe(row!.id);
    expect(await lastEvent(bike.id)).toMatchObject({ fromStatus: "in_stock", toStatus: "reserved", actorId: manager.id });
    expect((await lastEvent(bike.id)).note).toMatch(new RegExp(`^Reserved for Jo Rider, deposit £500\\.00, ${UNTIL}$`));
    expect((await auditOf(bike.id, "reservation.created"))?.after).toMatchObject({ status: "reserved", reservation: { id: row!.id, customerName: "[personal data]" } });
    const [customer] = await db().select().from(schema.customers).where(eq(schema.customers.id, row!.customerId!));
    expect(customer).toMatchObject({ name: "Jo Rider" });

    const noDeposit = await ktmBike();
    expect((await reserveVehicle(reservation(noDeposit, { depositPence: 0 }))).ok).toBe(true);
    expect((await lastEvent(noDeposit.id)).note).toMatch(new RegExp(`^Reserved for Jo Rider, ${UNTIL}$`));
  });

  it("refuses a past expiry, a deposit over the price and another branch's bike, each in its own words and field", async () => {
    const bike = await ktmBike();
    expect(await reserveVehicle(reservation(bike, { expiresAt: new Date(Date.now() - 60_000) }))).toEqual({ ok: false, field: "expiresAt", message: "The expiry must be in the future." });
    expect(await reserveVehicle(reservation(bike, { depositPence: 1_149_901 }))).toMatchObject({
      ok: false,
      field: "depositPence",
      message: "The deposit can't be more than the bike's price of £11,499.00.",
    });
    expect(await reserveVehicle(reservation(bike, { actor: hondaFinance }))).toMatchObject({ ok: false, status: 403, message: "You can reserve bikes only in your own branches." });
    expect(await reserveVehicle(reservation({ id: randomUUID(), version: 1 }))).toMatchObject({ ok: false, status: 404, message: "That bike doesn't exist." });
    expect(await reserveVehicle(reservation({ id: "not-a-bike-id", version: 1 }))).toMatchObject({ ok: false, status: 404, message: "That bike doesn't exist." });
    expect((await current(bike.id)).status).toBe("in_stock");
  });

  it("tells a reservation on a page from before the bike was reserved who holds it and till when", async () => {
    const bike = await ktmBike();
    expect((await reserveVehicle(reservation(bike))).ok).toBe(true);
    const second = await reserveVehicle(reservation(bike, { customerName: "Sam Second" }));
    expect(second).toMatchObject({ ok: false, status: 409 });
    expect(!second.ok && second.message).toMatch(new RegExp(`^Someone else reserved this bike first: ${manager.name} holds it for Jo Rider ${UNTIL}\\.$`));
    // On a current page too: the bike is reserved, so the same answer, not a status-machine refusal.
    const again = await reserveVehicle(reservation(await current(bike.id), { customerName: "Sam Second" }));
    expect(!again.ok && again.message).toMatch(/^Someone else reserved this bike first: /);
  });
});

describe("a page from before another change", () => {
  it("is refused with what changed, and saves nothing", async () => {
    const bike = await ktmBike();
    await reserveVehicle(reservation(bike));
    await releaseReservation({ actor: manager, id: bike.id, version: (await current(bike.id)).version, reason: "No show", refundPence: null });
    const stale = await sellVehicle({ actor: manager, id: bike.id, version: bike.version, customerName: "Alex Buyer", customerContact: "", salePricePence: 1_100_000, soldOn: "2026-11-20" });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(!stale.ok && stale.message).toMatch(/^Someone else changed this bike while you were working on it: .+\. Nothing of yours was saved; check the current details and try again\.$/);
    expect((await current(bike.id)).status).toBe("in_stock");
  });
});

describe("releasing", () => {
  it("writes the reason and the refund in the bike's history, and puts it back in stock", async () => {
    const bike = await ktmBike();
    await reserveVehicle(reservation(bike));
    const held = await current(bike.id);
    expect(await releaseReservation({ actor: manager, id: bike.id, version: held.version, reason: "Changed mind", refundPence: 50_000 })).toEqual({ ok: true });
    expect(await lastEvent(bike.id)).toMatchObject({ fromStatus: "reserved", toStatus: "in_stock", note: "Reservation for Jo Rider released: Changed mind (refunded £500.00)" });
    expect((await auditOf(bike.id, "reservation.released"))?.after).toMatchObject({ status: "in_stock", reservation: { status: "released", refundPence: 50_000 } });

    const kept = await ktmBike();
    await reserveVehicle(reservation(kept));
    expect((await releaseReservation({ actor: manager, id: kept.id, version: (await current(kept.id)).version, reason: "No show", refundPence: null })).ok).toBe(true);
    expect((await lastEvent(kept.id)).note).toBe("Reservation for Jo Rider released: No show");
  });
});

describe("selling and delivering", () => {
  it("writes who bought it and for how much, then who it went to", async () => {
    const bike = await ktmBike({ inStockOn: "2026-10-01" });
    const early = await sellVehicle({ actor: manager, id: bike.id, version: bike.version, customerName: "Alex Buyer", customerContact: "", salePricePence: 1_100_000, soldOn: "2026-09-30" });
    expect(early).toEqual({ ok: false, status: 400, field: "soldOn", message: "The sale date can't be before the bike came into stock (2026-10-01)." });
    expect(await sellVehicle({ actor: manager, id: bike.id, version: bike.version, customerName: "Alex Buyer", customerContact: "", salePricePence: 1_100_000, soldOn: "2026-10-05" })).toEqual({ ok: true });
    expect(await lastEvent(bike.id)).toMatchObject({ toStatus: "sold", note: "Sold to Alex Buyer for £11,000.00" });
    const sold = await current(bike.id);
    const beforeSale = await deliverVehicle({ actor: manager, id: bike.id, version: sold.version, deliveredOn: "2026-10-04" });
    expect(beforeSale).toEqual({ ok: false, status: 400, field: "deliveredOn", message: "Delivery can't be before the sale (2026-10-05)." });
    expect(await deliverVehicle({ actor: manager, id: bike.id, version: sold.version, deliveredOn: "2026-10-06" })).toEqual({ ok: true });
    expect(await lastEvent(bike.id)).toMatchObject({ fromStatus: "sold", toStatus: "delivered", note: "Delivered to Alex Buyer" });
    expect(await current(bike.id)).toMatchObject({ status: "delivered", deliveredOn: "2026-10-06", saleCustomerName: "Alex Buyer" });
  });

  it("marks the reservation sold when a reserved bike is sold, to the reservation's customer", async () => {
    const bike = await ktmBike();
    await reserveVehicle(reservation(bike));
    const [held] = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, bike.id));
    const result = await sellVehicle({ actor: manager, id: bike.id, version: (await current(bike.id)).version, customerName: " jo rider ", customerContact: "", salePricePence: 1_100_000, soldOn: "2026-11-20" });
    expect(result).toEqual({ ok: true });
    const [after] = await db().select().from(schema.reservations).where(eq(schema.reservations.id, held!.id));
    expect(after).toMatchObject({ status: "sold", version: held!.version + 1 });
    expect((await current(bike.id)).saleCustomerId).toBe(held!.customerId);
  });
});

describe("expiry", () => {
  it("expires a due reservation with its own history line and audit row, by no one, on reads and writes alike", async () => {
    const bike = await ktmBike();
    await reserveVehicle(reservation(bike));
    const [held] = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, bike.id));
    await db().update(schema.reservations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(schema.reservations.id, held!.id));
    expect(await expireDueReservations(undefined, "not-a-bike-id")).toBe(0);
    expect(await expireDueReservations(undefined, bike.id)).toBe(1);
    expect(await expireDueReservations(undefined, bike.id)).toBe(0);
    expect(await lastEvent(bike.id)).toMatchObject({ fromStatus: "reserved", toStatus: "in_stock", note: "Reservation for Jo Rider expired", actorId: null });
    const audit = await auditOf(bike.id, "reservation.expired");
    expect(audit).toMatchObject({ actorId: null, entityType: "vehicle", after: { status: "in_stock", reservationId: held!.id } });
    const [after] = await db().select().from(schema.reservations).where(eq(schema.reservations.id, held!.id));
    expect(after).toMatchObject({ status: "expired", version: held!.version + 1 });
  });

  it("frees each of several bikes due at once with its own reservation's customer, inside a caller's transaction", async () => {
    const names = ["First Customer", "Second Customer"];
    const bikes = [];
    for (const customerName of names) {
      const bike = await ktmBike();
      await reserveVehicle(reservation(bike, { customerName }));
      await db().update(schema.reservations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(schema.reservations.vehicleId, bike.id));
      bikes.push(bike);
    }
    expect(await db().transaction((tx) => expireDueReservations(tx))).toBeGreaterThanOrEqual(2);
    for (const [i, bike] of bikes.entries()) expect((await lastEvent(bike.id)).note).toBe(`Reservation for ${names[i]} expired`);
  });

  it("finds nothing to do on a read when nothing is due", async () => {
    await db().transaction((tx) => expireDueReservations(tx));
    expect(await expireDueReservations()).toBe(0);
    const honda = await makeVehicle(hondaManager, { branchId: branches["maidstone-honda"]!, modelId });
    expect(await expireDueReservations(undefined, honda.id)).toBe(0);
  });
});
