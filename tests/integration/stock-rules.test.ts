import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { VehicleFieldsSchema } from "~/modules/stock/stock.schema";
import { deliverVehicle, expireDueReservations, releaseReservation, reserveVehicle, sellVehicle } from "~/modules/stock/status.server";
import { listStock, parseStockQuery } from "~/modules/stock/stock-list.server";
import { createVehicle, updateVehicle } from "~/modules/stock/vehicles.server";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { expectKeptStockToAgree, makeModel, makeVehicle, nextVin, reservationInput, vehicleFields } from "../support/stock-factories";

let branches: Record<string, string>;
let admin: SessionUser;
let ktmManager: SessionUser;
let hondaManager: SessionUser;
let hondaFinance: SessionUser;
let modelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  admin = await makeUser("admin");
  ktmManager = await makeUser("manager", [branches["laguna-ktm"]!]);
  hondaManager = await makeUser("manager", [branches["maidstone-honda"]!]);
  hondaFinance = await makeUser("finance", [branches["maidstone-honda"]!]);
  modelId = (await makeModel()).id;
});

const ktmBike = (extra: Record<string, string> = {}) => makeVehicle(ktmManager, { branchId: branches["laguna-ktm"]!, modelId, ...extra });
const reservation = (vehicle: { id: string; version: number }, actor = ktmManager) => reservationInput(actor, vehicle);
const current = async (id: string) => (await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, id)))[0]!;

describe("vehicle records", () => {
  it("numbers stock per branch prefix, in order, never reusing a number", async () => {
    const first = await ktmBike();
    const second = await ktmBike();
    expect(first.stockNumber).toMatch(/^LAG-\d{5}$/);
    expect(Number(second.stockNumber.slice(4))).toBe(Number(first.stockNumber.slice(4)) + 1);
    const honda = await makeVehicle(hondaManager, { branchId: branches["maidstone-honda"]!, modelId });
    expect(honda.stockNumber).toMatch(/^MHO-\d{5}$/);
  });

  it("stores the VIN upper-case and refuses one with I, O or Q, or of the wrong length", () => {
    const parsed = vehicleFields({ branchId: branches["laguna-ktm"]!, modelId, vin: "vbktest12345abcde" });
    expect(parsed.vin).toBe("VBKTEST12345ABCDE");
    const bad = (vin: string) => VehicleFieldsSchema.safeParse({ ...baseInput(), vin }).error?.issues[0]?.message;
    expect(bad("VBKTEST12345ABCDO")).toMatch(/never contains the letters I, O or Q/);
    expect(bad("VBK123")).toMatch(/17 characters; this has 6/);
  });

  it("warns, but saves, when the VIN's check digit doesn't match", async () => {
    const result = await createVehicle({ actor: ktmManager, fields: vehicleFields({ branchId: branches["laguna-ktm"]!, modelId, vin: "1M8GDM9AXKP042788" }) });
    expect(result.ok && result.warnings).toEqual([]);
    const warned = await createVehicle({ actor: ktmManager, fields: vehicleFields({ branchId: branches["laguna-ktm"]!, modelId, vin: "1M8GDM9A1KP042788" }) });
    expect(warned.ok && warned.warnings[0]).toMatch(/check digit/);
  });

  it("keeps a VIN unique among unsold bikes, and allows it again once sold", async () => {
    const bike = await ktmBike();
    const duplicate = await createVehicle({ actor: ktmManager, fields: vehicleFields({ branchId: branches["laguna-ktm"]!, modelId, vin: bike.vin }) });
    expect(duplicate).toMatchObject({ ok: false, field: "vin" });
    expect((await sellVehicle({ actor: ktmManager, id: bike.id, version: bike.version, customerName: "Ann Buyer", customerContact: "", salePricePence: 1_100_000, soldOn: "2026-11-01" })).ok).toBe(true);
    const partExchange = await createVehicle({ actor: ktmManager, fields: vehicleFields({ branchId: branches["laguna-ktm"]!, modelId, vin: bike.vin, condition: "used", registration: "ab21cde", previousKeepers: "1", v5cHeld: "yes", mileage: "8000" }) });
    expect(partExchange.ok).toBe(true);
  });

  it("normalises UK registrations and requires one, with keepers and V5C, for used bikes", () => {
    expect(vehicleFields({ branchId: branches["laguna-ktm"]!, modelId, registration: " ab21cde " }).registration).toBe("AB21 CDE");
    const used = VehicleFieldsSchema.safeParse({ ...baseInput(), condition: "used" });
    const paths = used.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["registration", "previousKeepers", "v5cHeld"]));
    expect(VehicleFieldsSchema.safeParse({ ...baseInput(), registration: "NOT A REG!" }).error?.issues[0]?.message).toMatch(/isn't a UK registration/);
    expect(VehicleFieldsSchema.safeParse({ ...baseInput(), retailPricePence: "£12,49" }).error?.issues[0]?.message).toMatch(/in pounds/);
  });

  it("lets managers add stock only to their own branches, and finance staff not at all", async () => {
    const other = await createVehicle({ actor: ktmManager, fields: vehicleFields({ branchId: branches["maidstone-honda"]!, modelId }) });
    expect(other).toMatchObject({ ok: false, status: 403 });
    const finance = await createVehicle({ actor: hondaFinance, fields: vehicleFields({ branchId: branches["maidstone-honda"]!, modelId }) });
    expect(finance).toMatchObject({ ok: false, status: 403 });
  });

  it("keeps every price change with old and new price, who and why; a change without a reason is refused", async () => {
    const bike = await ktmBike();
    const base = { branchId: branches["laguna-ktm"]!, modelId, vin: bike.vin };
    const noReason = await updateVehicle({ actor: ktmManager, id: bike.id, version: bike.version, fields: vehicleFields({ ...base, retailPricePence: "10999" }) });
    expect(noReason).toMatchObject({ ok: false, field: "priceChangeReason" });
    const withReason = await updateVehicle({ actor: ktmManager, id: bike.id, version: bike.version, fields: vehicleFields({ ...base, retailPricePence: "10999", priceChangeReason: "Winter offer" }) });
    expect(withReason.ok).toBe(true);
    const history = await db().select().from(schema.priceChanges).where(eq(schema.priceChanges.vehicleId, bike.id));
    expect(history).toMatchObject([{ oldPricePence: 1_149_900, newPricePence: 1_099_900, reason: "Winter offer", actorId: ktmManager.id }]);
  });

  it("refuses a stale edit and says what changed", async () => {
    const bike = await ktmBike();
    const base = { branchId: branches["laguna-ktm"]!, modelId, vin: bike.vin };
    await updateVehicle({ actor: admin, id: bike.id, version: bike.version, fields: vehicleFields({ ...base, retailPricePence: "10500", priceChangeReason: "Price match" }) });
    const stale = await updateVehicle({ actor: ktmManager, id: bike.id, version: bike.version, fields: vehicleFields({ ...base, colour: "Black" }) });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(!stale.ok && stale.message).toMatch(/retail price £11,499\.00 → £10,500\.00 \(by admin/);
    expect((await current(bike.id)).colour).toBe("Orange");
  });

  it("names a cost change in a stale-page message only to those who may see that bike's cost", async () => {
    const honda = await makeVehicle(hondaManager, { branchId: branches["maidstone-honda"]!, modelId, costPricePence: "9000" });
    const base = { branchId: branches["maidstone-honda"]!, modelId, vin: honda.vin };
    const changed = await updateVehicle({ actor: hondaManager, id: honda.id, version: honda.version, fields: vehicleFields({ ...base, costPricePence: "9500", colour: "Black" }) });
    expect(changed).toMatchObject({ ok: true });

    const financeMessage = await reserveVehicle(reservation(honda, hondaFinance));
    expect(financeMessage).toMatchObject({ ok: false, status: 409 });
    const told = !financeMessage.ok ? financeMessage.message : "";
    expect(told).toMatch(/colour Orange → Black \(by manager\d+@test\.example\)/);
    expect(told).not.toMatch(/cost|9,000|9,500/);

    const otherManager = await reserveVehicle(reservation(honda, ktmManager));
    expect(otherManager).toMatchObject({ ok: false, status: 403 }); // not their branch: refused before any message
    const managerMessage = await sellVehicle({ actor: hondaManager, id: honda.id, version: honda.version, customerName: "Jo Rider", customerContact: "", salePricePence: 1_100_000, soldOn: "2026-11-01" });
    expect(!managerMessage.ok && managerMessage.message).toMatch(/cost price £9,000\.00 → £9,500\.00; colour Orange → Black \(by manager/);
  });
});

describe("status moves", () => {
  it("goes in stock → reserved → sold → delivered, each move audited with a status event", async () => {
    const bike = await ktmBike();
    expect((await reserveVehicle(reservation(bike))).ok).toBe(true);
    let now = await current(bike.id);
    expect(now.status).toBe("reserved");
    expect((await sellVehicle({ actor: ktmManager, id: bike.id, version: now.version, customerName: "Jo Rider", customerContact: "", salePricePence: 1_120_000, soldOn: "2026-11-20" })).ok).toBe(true);
    now = await current(bike.id);
    expect(now).toMatchObject({ status: "sold", salePricePence: 1_120_000, saleCustomerName: "Jo Rider" });
    expect((await deliverVehicle({ actor: ktmManager, id: bike.id, version: now.version, deliveredOn: "2026-11-22" })).ok).toBe(true);
    const events = await db().select().from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, bike.id));
    expect(events.map((e) => e.toStatus)).toEqual(["in_stock", "reserved", "sold", "delivered"]);
    const audits = (await auditRows()).filter((row) => row.entityId === bike.id).map((row) => row.action);
    expect(audits).toEqual(["vehicle.created", "reservation.created", "vehicle.sold", "vehicle.delivered"]);
  });

  it("refuses moves the status machine doesn't allow, with a message", async () => {
    const bike = await ktmBike();
    const deliver = await deliverVehicle({ actor: ktmManager, id: bike.id, version: bike.version, deliveredOn: "2026-11-22" });
    expect(deliver).toMatchObject({ ok: false, status: 409, message: "A bike that is in stock can't become delivered." });
    const release = await releaseReservation({ actor: ktmManager, id: bike.id, version: bike.version, reason: "test", refundPence: null });
    expect(release.ok).toBe(false);
  });

  it("tells the second of two reservations who holds the bike, and keeps one active reservation", async () => {
    const bike = await ktmBike();
    const results = await Promise.all([
      reserveVehicle(reservation(bike)),
      reserveVehicle({ ...reservation(bike, admin), customerName: "Sam Second" }),
      reserveVehicle({ ...reservation(bike), customerName: "Third Person" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.filter((r) => !r.ok);
    for (const r of refused) expect(!r.ok && r.message).toMatch(/reserved this bike first: .* holds it for .* until/);
    const active = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, bike.id));
    expect(active.filter((r) => r.status === "active")).toHaveLength(1);
  });

  it("frees a bike whose reservation expired, without any job, on the next read or write", async () => {
    const bike = await ktmBike();
    await reserveVehicle(reservation(bike));
    await db().update(schema.reservations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(schema.reservations.vehicleId, bike.id));
    expect((await current(bike.id)).status).toBe("reserved");
    expect(await expireDueReservations()).toBeGreaterThanOrEqual(1);
    const freed = await current(bike.id);
    expect(freed.status).toBe("in_stock");
    expect((await reserveVehicle({ ...reservation(freed, admin), customerName: "Next Customer" })).ok).toBe(true);
  });

  it("frees an expired reservation's bike when the stock list is read, whether its page has rows or not", async () => {
    const expireSoon = async () => {
      const bike = await ktmBike();
      await reserveVehicle(reservation(bike));
      await db().update(schema.reservations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(schema.reservations.vehicleId, bike.id));
      return bike;
    };
    const listed = (q: string) => listStock(admin, parseStockQuery(new URLSearchParams({ q, status: "all" })));

    const shown = await expireSoon();
    const page = await listed(shown.stockNumber);
    expect(page.rows.map((row) => [row.stockNumber, row.status])).toEqual([[shown.stockNumber, "in_stock"]]);
    expect(page.statusCounts).toMatchObject({ in_stock: 1, reserved: 0 });

    const unseen = await expireSoon();
    expect((await listed("no bike matches this")).rows).toEqual([]);
    expect((await current(unseen.id)).status).toBe("in_stock");
  });

  it("expires reservations while a user edits one of the bikes, without a deadlock", async () => {
    // Two due reservations on bikes of one branch and intake day. A user's edit holds the second bike
    // while the sweep runs, then changes its price, which takes the kept figures' rows: the sweep
    // must not be holding them while it waits for that bike (on PostgreSQL, one side would fail).
    const bikes = [await ktmBike({ inStockOn: "2026-09-14" }), await ktmBike({ inStockOn: "2026-09-14" })].sort((a, b) => a.id.localeCompare(b.id));
    for (const bike of bikes) await reserveVehicle(reservation(bike));
    await db().update(schema.reservations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(inArray(schema.reservations.vehicleId, bikes.map((bike) => bike.id)));
    const held = bikes[1]!;
    let sweep: Promise<number> | undefined;
    await db().transaction(async (tx) => {
      await tx.select().from(schema.vehicles).where(eq(schema.vehicles.id, held.id)).for("update");
      // Started (not awaited) while the bike is held; on PGlite it waits for this transaction instead.
      sweep = expireDueReservations();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.update(schema.vehicles).set({ retailPricePence: 1_234_500 }).where(eq(schema.vehicles.id, held.id));
    });
    expect(await sweep).toBeGreaterThanOrEqual(2);
    expect(await current(held.id)).toMatchObject({ status: "in_stock", retailPricePence: 1_234_500 });
    expect((await current(bikes[0]!.id)).status).toBe("in_stock");
  });

  it("releases a reservation with a reason and refund no larger than the deposit", async () => {
    const bike = await ktmBike();
    await reserveVehicle(reservation(bike));
    const held = await current(bike.id);
    const tooMuch = await releaseReservation({ actor: ktmManager, id: bike.id, version: held.version, reason: "Changed mind", refundPence: 60_000 });
    expect(tooMuch).toMatchObject({ ok: false, field: "refundPence" });
    expect((await releaseReservation({ actor: ktmManager, id: bike.id, version: held.version, reason: "Changed mind", refundPence: 50_000 })).ok).toBe(true);
    const [row] = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, bike.id));
    expect(row).toMatchObject({ status: "released", refundPence: 50_000, releaseReason: "Changed mind", releasedBy: ktmManager.id });
  });

  it("lets finance staff reserve in their own branches only", async () => {
    const honda = await makeVehicle(hondaManager, { branchId: branches["maidstone-honda"]!, modelId });
    expect((await reserveVehicle(reservation(honda, hondaFinance))).ok).toBe(true);
    const ktm = await ktmBike();
    expect(await reserveVehicle(reservation(ktm, hondaFinance))).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses finance staff a sale or a delivery, even of a bike in their own branch", async () => {
    const honda = await makeVehicle(hondaManager, { branchId: branches["maidstone-honda"]!, modelId });
    const sale = await sellVehicle({ actor: hondaFinance, id: honda.id, version: honda.version, customerName: "Jo Rider", customerContact: "", salePricePence: 1_100_000, soldOn: "2026-11-01" });
    expect(sale).toMatchObject({ ok: false, status: 403, message: "You can change stock only in your own branches." });
    const delivery = await deliverVehicle({ actor: hondaFinance, id: honda.id, version: honda.version, deliveredOn: "2026-11-02" });
    expect(delivery).toMatchObject({ ok: false, status: 403 });
    expect((await current(honda.id)).status).toBe("in_stock");
  });
});


describe("the kept counts by branch and status, and the kept unsold stock by intake day", () => {
  it("agree with a fresh count after every change above", expectKeptStockToAgree);
});

function baseInput() {
  return { branchId: branches["laguna-ktm"]!, modelId, vin: nextVin(), condition: "new", mileage: "0", retailPricePence: "9999", inStockOn: "2026-10-01" };
}
