import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { applyOfferToDeal, applyOfferToReservation, appliedOffers, coverageProblem, offerChoices } from "~/modules/offers/offer-attach.server";
import { londonToday } from "~/utils/dates";
import { makeUser, seedGroup } from "../support/factories";
import { makeDeal } from "../support/finance-factories";
import { makeOffer, reservedBike } from "../support/offer-factories";
import { makeModel } from "../support/stock-factories";

// The offer picker's list and the checks behind applying one, each refusal by its own words.
const COMBINING_REFUSAL = "Manufacturer offers can't be combined with a dealer exclusive offer: remove one before adding the other.";

let branches: Record<string, string>;
let ktm: string;
let manager: SessionUser;
let otherManager: SessionUser;
let finance: SessionUser;
let otherFinance: SessionUser;
let modelId: string;
let otherModelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  ktm = branches["laguna-ktm"]!;
  manager = await makeUser("manager", [ktm]);
  otherManager = await makeUser("manager", [branches["maidstone-honda"]!]);
  finance = await makeUser("finance", [ktm]);
  otherFinance = await makeUser("finance", [branches["maidstone-honda"]!]);
  modelId = (await makeModel()).id;
  otherModelId = (await makeModel()).id;
});

const audits = (action: string, entityId: string) =>
  db().select().from(schema.auditLog).where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.entityId, entityId)));
const reservedKtmBike = () => reservedBike(manager, ktm, modelId);

describe("the offers a picker lists", () => {
  it("lists the brand's offers live today, by title, each with why it can't be applied (null when it can)", async () => {
    const today = londonToday();
    const brand = `Brand ${randomUUID().slice(0, 6)}`;
    const offer = (title: string, overrides: Parameters<typeof makeOffer>[2] = {}) => makeOffer([ktm], "dealer", { brand, title, ...overrides });
    const applied = await offer("A applied");
    await offer("B ends today", { validTo: today });
    await offer("C starts today, lower-case brand", { validFrom: today, brand: brand.toLowerCase() });
    await offer("D other model", { modelIds: [otherModelId] });
    await offer("E this model", { modelIds: [modelId] });
    await offer("F other branch", { branchIds: [branches["maidstone-honda"]!] });
    await offer("G manufacturer", { kind: "manufacturer" });
    await offer("H ended yesterday", { validFrom: "2026-01-01", validTo: "2026-01-02" });
    await offer("I starts later", { validFrom: "2099-01-01" });
    await offer("J draft", { state: "draft" });
    await makeOffer([ktm], "dealer", { brand: "Honda", title: "K another brand" });

    const choices = await offerChoices({ brand, modelId, branchId: ktm }, [{ id: applied.id, kind: "dealer" }]);
    expect(choices.map(({ title, kind, problem }) => ({ title, kind, problem }))).toEqual([
      { title: "A applied", kind: "dealer", problem: "Already applied." },
      { title: "B ends today", kind: "dealer", problem: null },
      { title: "C starts today, lower-case brand", kind: "dealer", problem: null },
      { title: "D other model", kind: "dealer", problem: "That offer doesn't cover this model." },
      { title: "E this model", kind: "dealer", problem: null },
      { title: "F other branch", kind: "dealer", problem: "That offer doesn't run at this branch." },
      { title: "G manufacturer", kind: "manufacturer", problem: COMBINING_REFUSAL },
    ]);
    expect(choices[0]!.id).toBe(applied.id);
  });

  it("refuses a model-only offer for a bike of no catalogue model, and names both brands when they differ", async () => {
    const offer = await makeOffer([ktm], "dealer", { modelIds: [modelId] });
    const today = londonToday();
    expect(coverageProblem(offer, { brand: "KTM", modelId: null, branchId: ktm }, today)).toBe("That offer doesn't cover this model.");
    expect(coverageProblem(offer, { brand: "Honda", modelId, branchId: ktm }, today)).toBe("That offer is for KTM, not Honda.");
    expect(coverageProblem(offer, { brand: "ktm", modelId, branchId: ktm }, today)).toBeNull();
  });
});

describe("applying an offer to a reservation", () => {
  it("adds it, moves the reservation's version on and writes who applied what", async () => {
    const { bike, reservation } = await reservedKtmBike();
    const offer = await makeOffer([ktm], "dealer", { title: "Free luggage" });
    expect(await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: offer.id })).toEqual({ ok: true });
    const [after] = await db().select().from(schema.reservations).where(eq(schema.reservations.id, reservation.id));
    expect(after!.version).toBe(reservation.version + 1);
    const [row] = await audits("offer.applied_to_reservation", bike.id);
    expect(row).toMatchObject({ actorId: manager.id, entityType: "vehicle", after: { reservationId: reservation.id, offerId: offer.id, title: "Free luggage", kind: "dealer" } });
    const [stored] = await db().select().from(schema.reservationOffers).where(eq(schema.reservationOffers.reservationId, reservation.id));
    expect(stored).toMatchObject({ offerId: offer.id, createdBy: manager.id, removedAt: null });
  });

  it("refuses an offer not in the list, one applied already, a bike not reserved and another branch's bike", async () => {
    const { bike } = await reservedKtmBike();
    const offer = await makeOffer([ktm], "dealer");
    const apply = (offerId: string, actor = manager, vehicleId = bike.id) => applyOfferToReservation({ actor, vehicleId, offerId });
    const notInList = { ok: false, message: "Choose an offer from the list.", field: "offerId" };
    expect(await apply("not-an-id")).toMatchObject(notInList);
    expect(await apply(randomUUID())).toMatchObject(notInList);
    expect(await apply(offer.id)).toEqual({ ok: true });
    expect(await apply(offer.id)).toMatchObject({ ok: false, message: "That offer is already applied.", field: "offerId" });
    expect(await apply(offer.id, otherManager)).toMatchObject({ ok: false, status: 403, message: "You can change reservations only in your own branches." });
    expect(await apply(offer.id, manager, randomUUID())).toMatchObject({ ok: false, status: 409, message: "Offers are applied to an active reservation: reserve the bike first." });
  });
});

describe("applying an offer to a deal", () => {
  it("adds it with an audit row, and refuses a deal that doesn't exist or is another branch's", async () => {
    const dealId = await makeDeal(finance, ktm);
    const offer = await makeOffer([ktm], "manufacturer", { title: "KTM 0% week" });
    expect(await applyOfferToDeal({ actor: otherFinance, dealId, offerId: offer.id })).toMatchObject({ ok: false, status: 403, message: "You can work only on deals in your own branches." });
    expect(await applyOfferToDeal({ actor: finance, dealId: randomUUID(), offerId: offer.id })).toMatchObject({ ok: false, status: 404, message: "That deal doesn't exist." });
    expect(await applyOfferToDeal({ actor: finance, dealId, offerId: offer.id })).toEqual({ ok: true });
    const [row] = await audits("offer.applied_to_deal", dealId);
    expect(row).toMatchObject({ actorId: finance.id, entityType: "finance_deal", after: { offerId: offer.id, title: "KTM 0% week", kind: "manufacturer" } });
  });
});

describe("the offers applied", () => {
  it("gives each offer's deposit contribution from its representative example, and none without one", async () => {
    const { bike, reservation } = await reservedKtmBike();
    const example = {
      aprBasisPoints: 0, ratePercentBasisPoints: 0, rateFixed: true, cashPricePence: 1_149_900, depositPence: 149_900, depositContributionPence: 50_000,
      creditPence: 1_000_000, termMonths: 40, paymentCount: 40, monthlyPaymentPence: 25_000, firstPaymentMonth: 1, finalPaymentPence: 0,
      finalPaymentMonth: null, fees: [], totalPayablePence: 1_149_900,
    };
    const withExample = await makeOffer([ktm], "manufacturer", { title: "£500 towards your deposit", representativeExample: example });
    expect(await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: withExample.id })).toEqual({ ok: true });
    expect(await appliedOffers({ reservationId: reservation.id })).toEqual([{ id: withExample.id, title: "£500 towards your deposit", kind: "manufacturer", valuePence: 50_000 }]);

    const dealId = await makeDeal(finance, ktm);
    const plain = await makeOffer([ktm], "dealer", { title: "Free first service" });
    expect(await applyOfferToDeal({ actor: finance, dealId, offerId: plain.id })).toEqual({ ok: true });
    expect(await appliedOffers({ dealId })).toEqual([{ id: plain.id, title: "Free first service", kind: "dealer", valuePence: null }]);
    expect(await appliedOffers({})).toEqual([]);
  });
});
