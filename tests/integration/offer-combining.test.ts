import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { OfferKind } from "@db/schema/offers";
import type { SessionUser } from "~/modules/auth/permissions";
import { applyOfferToDeal, applyOfferToReservation, appliedOffers } from "~/modules/offers/offer-attach.server";
import { COMBINING_REFUSAL } from "~/modules/offers/offer-rules";
import { makeUser, seedGroup } from "../support/factories";
import { makeDeal } from "../support/finance-factories";
import { makeOffer as makeOfferAt, reservedBike } from "../support/offer-factories";
import { makeModel } from "../support/stock-factories";

let branches: Record<string, string>;
let manager: SessionUser;
let finance: SessionUser;
let modelId: string;

const makeOffer = (kind: OfferKind, overrides: Partial<typeof schema.offers.$inferInsert> = {}) => makeOfferAt([branches["laguna-ktm"]!], kind, overrides);

beforeAll(async () => {
  branches = await seedGroup();
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  modelId = (await makeModel()).id;
});

const reservedKtmBike = async () => (await reservedBike(manager, branches["laguna-ktm"]!, modelId)).bike;

describe("no combining manufacturer and dealer offers", () => {
  it("refuses a manufacturer offer on a reservation that has a dealer exclusive offer, and says why", async () => {
    const bike = await reservedKtmBike();
    const dealer = await makeOffer("dealer");
    const manufacturer = await makeOffer("manufacturer");
    expect((await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: dealer.id })).ok).toBe(true);
    expect(await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: manufacturer.id })).toMatchObject({ ok: false, status: 409, field: "offerId", message: COMBINING_REFUSAL });
    const [reservation] = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, bike.id));
    expect((await appliedOffers({ reservationId: reservation!.id })).map((o) => o.kind)).toEqual(["dealer"]);
  });

  it("refuses a dealer exclusive offer on a deal that has a manufacturer offer", async () => {
    const dealId = await makeDeal(finance, branches["laguna-ktm"]!);
    const manufacturer = await makeOffer("manufacturer");
    const dealer = await makeOffer("dealer");
    expect((await applyOfferToDeal({ actor: finance, dealId, offerId: manufacturer.id })).ok).toBe(true);
    expect(await applyOfferToDeal({ actor: finance, dealId, offerId: dealer.id })).toMatchObject({ ok: false, message: COMBINING_REFUSAL });
    expect((await appliedOffers({ dealId })).map((o) => o.kind)).toEqual(["manufacturer"]);
  });

  it("applies only offers live that day, for the bike's brand and the branch", async () => {
    const bike = await reservedKtmBike();
    const scheduled = await makeOffer("dealer", { validFrom: "2099-01-01", validTo: "2099-12-31" });
    const otherBranch = await makeOffer("dealer", { branchIds: [branches["maidstone-honda"]!] });
    const otherBrand = await makeOffer("dealer", { brand: "Honda" });
    const withdrawn = await makeOffer("dealer", { state: "withdrawn" });
    for (const [offer, message] of [
      [scheduled, /isn't live/],
      [otherBranch, /doesn't run at this branch/],
      [otherBrand, /is for Honda/],
      [withdrawn, /isn't live/],
    ] as const) {
      expect(await applyOfferToReservation({ actor: manager, vehicleId: bike.id, offerId: offer.id })).toMatchObject({ ok: false, field: "offerId", message });
    }
  });
});
