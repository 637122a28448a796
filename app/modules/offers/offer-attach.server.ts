import { and, eq, inArray, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import type { Offer } from "@db/schema/offers";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { readExample } from "./offer-example";
import { combiningProblem, offerStatus } from "./offer-rules";

const { offers, reservationOffers, dealOffers, reservations, vehicles, catalogueModels, financeDeals } = schema;

interface Target {
  brand: string;
  modelId: string | null;
  branchId: string;
}

/** Why this offer can't apply to this bike at this branch today, or null. */
export function coverageProblem(offer: Offer, target: Target, today: string) {
  if (offerStatus(offer, today) !== "live") return "That offer isn't live today.";
  if (offer.brand.toLowerCase() !== target.brand.toLowerCase()) return `That offer is for ${offer.brand}, not ${target.brand}.`;
  if (offer.modelIds.length > 0 && (!target.modelId || !offer.modelIds.includes(target.modelId))) return "That offer doesn't cover this model.";
  if (!offer.branchIds.includes(target.branchId)) return "That offer doesn't run at this branch.";
  return null;
}

/** Offers live today that could apply to the target (for the "apply an offer" list). */
export async function applicableOffers(target: Target) {
  const today = londonToday();
  const rows = await db()
    .select()
    .from(offers)
    .where(and(eq(offers.state, "published"), sql`${offers.validFrom} <= ${today}`, sql`${offers.validTo} >= ${today}`, sql`lower(${offers.brand}) = lower(${target.brand})`));
  return rows.filter((offer) => coverageProblem(offer, target, today) === null);
}

async function attachChecked(tx: Transaction, input: { offerId: string; target: Target; existingOfferIds: string[] }) {
  const [offer] = isUuid(input.offerId) ? await tx.select().from(offers).where(eq(offers.id, input.offerId)) : [];
  if (!offer) throw new Refusal("Choose an offer from the list.", "offerId");
  const problem = coverageProblem(offer, input.target, londonToday());
  if (problem) throw new Refusal(problem, "offerId");
  if (input.existingOfferIds.includes(offer.id)) throw new Refusal("That offer is already applied.", "offerId");
  const existing = input.existingOfferIds.length ? await tx.select({ kind: offers.kind }).from(offers).where(inArray(offers.id, input.existingOfferIds)) : [];
  const combining = combiningProblem([...existing.map((o) => o.kind), offer.kind]);
  if (combining) throw new Refusal(combining, "offerId", 409);
  return offer;
}

/** Applies a live offer to a bike's active reservation, refusing a manufacturer + dealer mix. */
export async function applyOfferToReservation(input: { actor: SessionUser; vehicleId: string; offerId: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const [row] = await tx
      .select({ reservation: reservations, branchId: vehicles.branchId, brand: catalogueModels.make, modelId: catalogueModels.id })
      .from(reservations)
      .innerJoin(vehicles, eq(vehicles.id, reservations.vehicleId))
      .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
      .where(and(eq(reservations.vehicleId, input.vehicleId), eq(reservations.status, "active")))
      .for("update", { of: reservations });
    if (!row) throw new Refusal("Offers are applied to an active reservation: reserve the bike first.", undefined, 409);
    if (!can(input.actor, "stock:reserve", row.branchId)) throw new Refusal("You can change reservations only in your own branches.", undefined, 403);
    const existing = await tx.select({ offerId: reservationOffers.offerId }).from(reservationOffers).where(eq(reservationOffers.reservationId, row.reservation.id));
    const offer = await attachChecked(tx, { offerId: input.offerId, target: row, existingOfferIds: existing.map((e) => e.offerId) });
    await tx.insert(reservationOffers).values({ reservationId: row.reservation.id, offerId: offer.id, createdBy: input.actor.id });
    await recordAudit(tx, { actor: input.actor, action: "offer.applied_to_reservation", entityType: "vehicle", entityId: input.vehicleId, after: { reservationId: row.reservation.id, offerId: offer.id, title: offer.title, kind: offer.kind } });
    return {};
  }, input.once);
}

/** Applies a live offer to an unsigned deal, refusing a manufacturer + dealer mix. */
export async function applyOfferToDeal(input: { actor: SessionUser; dealId: string; offerId: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const [deal] = await tx.select().from(financeDeals).where(eq(financeDeals.id, input.dealId)).for("update");
    if (!deal) throw new Refusal("That deal doesn't exist.", undefined, 404);
    if (!can(input.actor, "finance:edit", deal.branchId)) throw new Refusal("You can work only on deals in your own branches.", undefined, 403);
    if (deal.signedAt) throw new Refusal("This deal is signed: offers can't be added now.", undefined, 409);
    const existing = await tx.select({ offerId: dealOffers.offerId }).from(dealOffers).where(eq(dealOffers.dealId, deal.id));
    const target = { brand: deal.vehicleBrand, modelId: deal.vehicleModelId, branchId: deal.branchId };
    const offer = await attachChecked(tx, { offerId: input.offerId, target, existingOfferIds: existing.map((e) => e.offerId) });
    await tx.insert(dealOffers).values({ dealId: deal.id, offerId: offer.id, createdBy: input.actor.id });
    await recordAudit(tx, { actor: input.actor, action: "offer.applied_to_deal", entityType: "finance_deal", entityId: deal.id, after: { offerId: offer.id, title: offer.title, kind: offer.kind } });
    return {};
  }, input.once);
}

/** The offers on a reservation or deal, with their value to the customer (a deposit contribution). */
export async function appliedOffers(input: { reservationId?: string; dealId?: string }) {
  const rows = input.reservationId
    ? await db().select({ offer: offers }).from(reservationOffers).innerJoin(offers, eq(offers.id, reservationOffers.offerId)).where(eq(reservationOffers.reservationId, input.reservationId))
    : input.dealId
      ? await db().select({ offer: offers }).from(dealOffers).innerJoin(offers, eq(offers.id, dealOffers.offerId)).where(eq(dealOffers.dealId, input.dealId))
      : [];
  return rows.map(({ offer }) => ({
    id: offer.id,
    title: offer.title,
    kind: offer.kind,
    valuePence: readExample(offer.representativeExample)?.depositContributionPence ?? null,
  }));
}
