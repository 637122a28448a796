import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db, schema } from "@db/client";
import type { OfferKind } from "@db/schema/offers";
import type { SessionUser } from "~/modules/auth/permissions";
import { saveSettingVersion } from "~/modules/finance/documents.server";
import { applyOfferToDeal, applyOfferToReservation, appliedOffers } from "~/modules/offers/offer-attach.server";
import { deliverVehicle, releaseReservation, reserveVehicle, sellVehicle } from "~/modules/stock/status.server";
import { updateVehicle } from "~/modules/stock/vehicles.server";
import { makeUser, seedGroup } from "../support/factories";
import { makeDeal } from "../support/finance-factories";
import { makeModel, makeVehicle, vehicleFields } from "../support/stock-factories";

// Two requests at once on one reservation, deal or bike. On PGlite (one transaction at a time) these
// run one after the other; on PostgreSQL (scripts/test-races.ts, and CI's second pass) they race.
// Written out here rather than imported, so a changed message fails the test.
const COMBINING = "Manufacturer offers can't be combined with a dealer exclusive offer: remove one before adding the other.";
const STALE = /^Someone else changed this bike while you were working on it: .+\. Nothing of yours was saved; check the current details and try again\.$/;
const ROUNDS = 4; // a few rounds each, so a missing lock shows up on PostgreSQL every run, not by chance

let branchId: string;
let manager: SessionUser;
let colleague: SessionUser;
let finance: SessionUser;
let modelId: string;

beforeAll(async () => {
  const branches = await seedGroup();
  branchId = branches["laguna-ktm"]!;
  manager = await makeUser("manager", [branchId]);
  colleague = await makeUser("manager", [branchId]);
  finance = await makeUser("finance", [branchId]);
  modelId = (await makeModel()).id;
});

async function makeOffer(kind: OfferKind) {
  const [offer] = await db()
    .insert(schema.offers)
    .values({ offerGroupId: randomUUID(), kind, state: "published", title: `${kind} offer`, summary: "Summary", terms: "Terms apply.", brand: "KTM", branchIds: [branchId], validFrom: "2026-01-01", validTo: "2099-12-31" })
    .returning();
  return offer!;
}

const bike = () => makeVehicle(manager, { branchId, modelId });
const current = async (id: string) => (await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, id)))[0]!;
const reservationFor = (vehicle: { id: string; version: number }, actor: SessionUser, customerName: string) => ({
  actor,
  id: vehicle.id,
  version: vehicle.version,
  customerName,
  customerContact: "07700 900123",
  channel: "in_store" as const,
  depositPence: 0,
  depositRefundable: true,
  depositTerms: "",
  expiresAt: new Date(Date.now() + 3600_000),
});
async function reservedBike() {
  const vehicle = await bike();
  expect(await reserveVehicle(reservationFor(vehicle, manager, "Jo Rider"))).toMatchObject({ ok: true });
  return current(vehicle.id);
}
const sale = (vehicle: { id: string; version: number }, actor: SessionUser) => ({ actor, id: vehicle.id, version: vehicle.version, customerName: "Jo Rider", customerContact: "", salePricePence: 1_120_000, soldOn: "2026-11-20" });

describe(`applying a manufacturer and a dealer offer at once (${inject("testDatabase").kind})`, () => {
  it("lets exactly one onto a reservation and refuses the other with the combining message", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const vehicle = await reservedBike();
      const [manufacturer, dealer] = [await makeOffer("manufacturer"), await makeOffer("dealer")];
      const results = await Promise.all([
        applyOfferToReservation({ actor: manager, vehicleId: vehicle.id, offerId: manufacturer.id }),
        applyOfferToReservation({ actor: colleague, vehicleId: vehicle.id, offerId: dealer.id }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toEqual({ ok: false, status: 409, field: "offerId", message: COMBINING });
      const [reservation] = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, vehicle.id));
      expect(await appliedOffers({ reservationId: reservation!.id })).toHaveLength(1);
    }
  });

  it("lets exactly one onto an unsigned deal and refuses the other with the combining message", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dealId = await makeDeal(finance, branchId);
      const [manufacturer, dealer] = [await makeOffer("manufacturer"), await makeOffer("dealer")];
      const results = await Promise.all([
        applyOfferToDeal({ actor: finance, dealId, offerId: dealer.id }),
        applyOfferToDeal({ actor: finance, dealId, offerId: manufacturer.id }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toEqual({ ok: false, status: 409, field: "offerId", message: COMBINING });
      expect(await appliedOffers({ dealId })).toHaveLength(1);
    }
  });
});

describe(`stock moves from a stale page (${inject("testDatabase").kind})`, () => {
  it("refuses a sale on a version someone else has moved past with 409 and what changed, selling nothing", async () => {
    const vehicle = await bike();
    const edit = await updateVehicle({ actor: colleague, id: vehicle.id, version: vehicle.version, fields: vehicleFields({ branchId, modelId, vin: vehicle.vin, colour: "Black" }) });
    expect(edit).toMatchObject({ ok: true });
    const stale = await sellVehicle(sale(vehicle, manager));
    expect(stale).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(STALE) });
    expect(!stale.ok && stale.message).toMatch(/colour Orange → Black/);
    expect(await current(vehicle.id)).toMatchObject({ status: "in_stock", saleCustomerName: null });
  });

  it("refuses a delivery from the page it was already delivered from with 409, keeping the first delivery", async () => {
    const vehicle = await bike();
    expect(await sellVehicle(sale(vehicle, manager))).toMatchObject({ ok: true });
    const sold = await current(vehicle.id);
    expect(await deliverVehicle({ actor: colleague, id: vehicle.id, version: sold.version, deliveredOn: "2026-11-21" })).toMatchObject({ ok: true });
    const stale = await deliverVehicle({ actor: manager, id: vehicle.id, version: sold.version, deliveredOn: "2026-11-22" });
    expect(stale).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(STALE) });
    expect(!stale.ok && stale.message).toMatch(/status Sold → Delivered/);
    expect(await current(vehicle.id)).toMatchObject({ status: "delivered", deliveredOn: "2026-11-21" });
  });

  it("refuses a release from a page older than a new reservation with 409, naming who holds the bike now", async () => {
    const held = await reservedBike();
    expect(await releaseReservation({ actor: colleague, id: held.id, version: held.version, reason: "Customer withdrew", refundPence: null })).toMatchObject({ ok: true });
    expect(await reserveVehicle(reservationFor(await current(held.id), colleague, "Sam Second"))).toMatchObject({ ok: true });
    const stale = await releaseReservation({ actor: manager, id: held.id, version: held.version, reason: "Customer withdrew", refundPence: null });
    expect(stale).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/^Someone else reserved this bike first: .+ holds it for Sam Second until /) });
    const active = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, held.id));
    expect(active.filter((r) => r.status === "active").map((r) => r.customerName)).toEqual(["Sam Second"]);
  });

  it("lets one of two sales of one bike at once through and refuses the other as stale", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const vehicle = await bike();
      const results = await Promise.all([sellVehicle(sale(vehicle, manager)), sellVehicle({ ...sale(vehicle, colleague), customerName: "Sam Second" })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(STALE) });
      const events = await db().select().from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, vehicle.id));
      expect(events.map((e) => e.toStatus)).toEqual(["in_stock", "sold"]);
    }
  });

  it("lets one of a sale and a release of one reserved bike at once through and refuses the other as stale", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const held = await reservedBike();
      const results = await Promise.all([
        sellVehicle(sale(held, manager)),
        releaseReservation({ actor: colleague, id: held.id, version: held.version, reason: "Customer withdrew", refundPence: null }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(STALE) });
      const statuses = (await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, held.id))).map((r) => r.status);
      expect(statuses).toEqual([results[0]!.ok ? "sold" : "released"]);
    }
  });

  it("lets one of two deliveries of one bike at once through and refuses the other as stale", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const vehicle = await bike();
      expect(await sellVehicle(sale(vehicle, manager))).toMatchObject({ ok: true });
      const sold = await current(vehicle.id);
      const deliver = (actor: SessionUser) => deliverVehicle({ actor, id: vehicle.id, version: sold.version, deliveredOn: "2026-11-22" });
      const results = await Promise.all([deliver(manager), deliver(colleague)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(STALE) });
      const events = await db().select().from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, vehicle.id));
      expect(events.map((e) => e.toStatus)).toEqual(["in_stock", "sold", "delivered"]);
    }
  });
});

describe("two saves of one setting at once", () => {
  it("keeps one new version and refuses the other as stale, instead of failing on the unique version", async () => {
    const admin = await makeUser("admin");
    const thresholds = (charge: number) => ({ chargeForCreditPercent: charge, creditPercent: 10 });
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all([
        saveSettingVersion(admin, "commission_review_thresholds", thresholds(40 + round), round),
        saveSettingVersion(admin, "commission_review_thresholds", thresholds(50 + round), round),
      ]);
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: round + 1 }]);
      expect(results.find((r) => !r.ok)).toMatchObject({
        ok: false,
        status: 409,
        message: `Someone else changed the commission review thresholds setting while you were editing (it is now at version ${round + 1}). Reload the page to see their changes, then make yours again.`,
      });
    }
  });
});
