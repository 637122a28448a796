import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { OfferKind } from "@db/schema/offers";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, signDeal } from "~/modules/finance/deal-steps.server";
import { decideAttempt } from "~/modules/finance/lender-answers.server";
import { applyOfferToDeal, applyOfferToReservation, appliedOffers, offerChoices, removeOfferFromDeal, removeOfferFromReservation } from "~/modules/offers/offer-attach.server";
import { COMBINING_REFUSAL } from "~/modules/offers/offer-rules";
import { makeUser, seedGroup } from "../support/factories";
import { makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";
import { makeOffer as makeOfferAt, reservedBike } from "../support/offer-factories";
import { makeModel, makeVehicle } from "../support/stock-factories";

let branches: Record<string, string>;
let manager: SessionUser;
let otherManager: SessionUser;
let finance: SessionUser;
let modelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  otherManager = await makeUser("manager", [branches["maidstone-honda"]!]);
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  modelId = (await makeModel()).id;
});

const makeOffer = (kind: OfferKind) => makeOfferAt([branches["laguna-ktm"]!], kind, { title: `${kind} offer ${randomUUID().slice(0, 4)}` });
const reservedKtmBike = () => reservedBike(manager, branches["laguna-ktm"]!, modelId);
const reservationVersion = async (id: string) => (await db().select().from(schema.reservations).where(eq(schema.reservations.id, id)))[0]!.version;
const audits = (action: string, entityId: string) =>
  db().select().from(schema.auditLog).where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.entityId, entityId)));

describe("removing an applied offer from a reservation", () => {
  it("takes it off, keeps the row marked removed, audits it, and lets the other kind be applied", async () => {
    const { bike, reservation } = await reservedKtmBike();
    const dealer = await makeOffer("dealer");
    const manufacturer = await makeOffer("manufacturer");
    expect(await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: dealer.id })).toMatchObject({ ok: true });
    // The picker offers only what can be applied: the manufacturer offer comes with the reason it can't.
    const applied = await appliedOffers({ reservationId: reservation.id });
    const choices = await offerChoices({ brand: "KTM", modelId, branchId: branches["laguna-ktm"]! }, applied);
    expect(choices.find((c) => c.id === manufacturer.id)!.problem).toBe(COMBINING_REFUSAL);
    expect(choices.find((c) => c.id === dealer.id)!.problem).toBe("Already applied.");

    const version = await reservationVersion(reservation.id);
    expect(await removeOfferFromReservation({ actor: manager, vehicleId: bike.id, offerId: dealer.id, reservationVersion: version })).toEqual({ ok: true });
    expect(await appliedOffers({ reservationId: reservation.id })).toEqual([]);
    const [row] = await db().select().from(schema.reservationOffers).where(eq(schema.reservationOffers.reservationId, reservation.id));
    expect(row).toMatchObject({ offerId: dealer.id, removedBy: manager.id, removedAt: expect.any(Date) });
    const [audit] = await audits("offer.removed_from_reservation", bike.id);
    expect(audit).toMatchObject({ actorId: manager.id, entityType: "vehicle", before: { reservationId: reservation.id, offerId: dealer.id, title: dealer.title, kind: "dealer" } });

    expect((await offerChoices({ brand: "KTM", modelId, branchId: branches["laguna-ktm"]! }, [])).find((c) => c.id === manufacturer.id)!.problem).toBeNull();
    expect(await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: manufacturer.id })).toMatchObject({ ok: true });
    // And the dealer offer may come back later: the removed row doesn't block it.
    expect((await appliedOffers({ reservationId: reservation.id })).map((o) => o.kind)).toEqual(["manufacturer"]);
  });

  it("refuses a removal made on a stale page, another branch's manager, and an offer not applied", async () => {
    const { bike, reservation } = await reservedKtmBike();
    const dealer = await makeOffer("dealer");
    const stale = await reservationVersion(reservation.id);
    expect(await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: dealer.id })).toMatchObject({ ok: true });
    expect(await removeOfferFromReservation({ actor: manager, vehicleId: bike.id, offerId: dealer.id, reservationVersion: stale })).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/^Someone else changed this reservation while you were editing \(it is now at version \d+\)/),
    });
    const current = await reservationVersion(reservation.id);
    expect(await removeOfferFromReservation({ actor: otherManager, vehicleId: bike.id, offerId: dealer.id, reservationVersion: current })).toMatchObject({
      ok: false,
      status: 403,
      message: "You can change reservations only in your own branches.",
    });
    const other = await makeOffer("dealer");
    expect(await removeOfferFromReservation({ actor: manager, vehicleId: bike.id, offerId: other.id, reservationVersion: current })).toMatchObject({
      ok: false,
      status: 409,
      field: "offerId",
      message: "That offer isn't applied here (someone may have removed it already). Reload the page.",
    });
    expect(await removeOfferFromReservation({ actor: manager, vehicleId: bike.id, offerId: "not-an-id", reservationVersion: current })).toMatchObject({
      ok: false,
      field: "offerId",
      message: "Choose an applied offer to remove.",
    });
    const unreserved = await makeVehicle(manager, { branchId: branches["laguna-ktm"]!, modelId });
    expect(await removeOfferFromReservation({ actor: manager, vehicleId: unreserved.id, offerId: dealer.id, reservationVersion: 1 })).toEqual({
      ok: false,
      status: 409,
      message: "This bike has no active reservation, so there is no offer to remove.",
    });
    expect((await appliedOffers({ reservationId: reservation.id })).map((o) => o.id)).toEqual([dealer.id]);
  });
});

describe("removing an applied offer from a deal", () => {
  it("takes it off an unsigned deal with an audit row, and refuses once the deal is signed", async () => {
    const panel = await makePanel();
    const dealId = await makeDeal(finance, branches["laguna-ktm"]!);
    const dealer = await makeOffer("dealer");
    const manufacturer = await makeOffer("manufacturer");
    expect(await applyOfferToDeal({ actor: finance, dealId, offerId: dealer.id })).toMatchObject({ ok: true });
    expect(await applyOfferToDeal({ actor: finance, dealId, offerId: manufacturer.id })).toMatchObject({ ok: false, message: COMBINING_REFUSAL });
    expect(await removeOfferFromDeal({ actor: finance, dealId, offerId: dealer.id, version: (await versionOfDeal(dealId)) - 1 })).toMatchObject({ ok: false, status: 409 });
    expect(await removeOfferFromDeal({ actor: finance, dealId, offerId: dealer.id, version: await versionOfDeal(dealId) })).toEqual({ ok: true });
    expect(await appliedOffers({ dealId })).toEqual([]);
    const [audit] = await audits("offer.removed_from_deal", dealId);
    expect(audit).toMatchObject({ actorId: finance.id, after: { offerId: dealer.id, title: dealer.title, kind: "dealer" } });
    expect(await applyOfferToDeal({ actor: finance, dealId, offerId: manufacturer.id })).toMatchObject({ ok: true });

    // Through to signing (the captive lender declines, the general one accepts at the £400 disclosed).
    const step = async () => ({ actor: finance, id: dealId, version: await versionOfDeal(dealId) });
    const ok = (result: { ok: boolean; message?: string }) => expect(result, result.message).toMatchObject({ ok: true });
    const latestAttempt = async () => (await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, dealId)).orderBy(sql`sequence desc`).limit(1))[0]!.id;
    for (const lender of [panel.captive, panel.general]) {
      ok(await recordDisclosure({ ...(await step()), lenderId: lender.id, medium: "email", customerAskedAmount: true, amountToldToCustomer: "", givenAt: new Date() }));
      ok(await recordConsent({ ...(await step()), kind: "initial", method: "e_signature", givenAt: new Date() }));
      ok(await proposeToLender({ ...(await step()), lenderId: lender.id, orderReason: "" }));
      ok(await decideAttempt({ ...(await step()), attemptId: await latestAttempt(), outcome: lender === panel.captive ? "declined" : "accepted" }));
    }
    ok(await confirmCommission({ ...(await step()), amountPence: 40_000, medium: "email", confirmedAt: new Date() }));
    ok(await signDeal({ ...(await step()), agreementNumber: "RM-1", signedAt: new Date() }));
    expect(await removeOfferFromDeal({ actor: finance, dealId, offerId: manufacturer.id, version: await versionOfDeal(dealId) })).toEqual({
      ok: false,
      status: 409,
      message: "This deal is signed: it can't change. Add a dated entry instead.",
    });
    expect((await appliedOffers({ dealId })).map((o) => o.id)).toEqual([manufacturer.id]);
    expect(await applyOfferToDeal({ actor: finance, dealId, offerId: dealer.id })).toEqual({ ok: false, status: 409, message: "This deal is signed: offers can't be added now." });
  });
});
