import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import type { Offer } from "@db/schema/offers";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import { lockDeal, touchDeal } from "~/modules/finance/deals.server";
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

/**
 * The offers live today for the target's brand, each with why it can't be applied now (null when it
 * can): not at this branch or for this model, already applied, or not combinable with those applied.
 * The picker lists the first kind and shows the rest with their reason; the server checks again.
 */
export async function offerChoices(target: Target, applied: { id: string; kind: Offer["kind"] }[]) {
  const today = londonToday();
  const rows = await db()
    .select()
    .from(offers)
    .where(and(eq(offers.state, "published"), sql`${offers.validFrom} <= ${today}`, sql`${offers.validTo} >= ${today}`, sql`lower(${offers.brand}) = lower(${target.brand})`))
    .orderBy(offers.title);
  return rows.map((offer) => ({
    id: offer.id,
    title: offer.title,
    kind: offer.kind,
    problem: applied.some((a) => a.id === offer.id)
      ? "Already applied."
      : (coverageProblem(offer, target, today) ?? combiningProblem([...applied.map((a) => a.kind), offer.kind])),
  }));
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
    const existing = await tx
      .select({ offerId: reservationOffers.offerId })
      .from(reservationOffers)
      .where(and(eq(reservationOffers.reservationId, row.reservation.id), isNull(reservationOffers.removedAt)));
    const offer = await attachChecked(tx, { offerId: input.offerId, target: row, existingOfferIds: existing.map((e) => e.offerId) });
    await tx.insert(reservationOffers).values({ reservationId: row.reservation.id, offerId: offer.id, createdBy: input.actor.id });
    // The reservation's offers changed: a removal made on a page from before this is stale.
    await tx.update(reservations).set({ version: sql`${reservations.version} + 1`, updatedAt: new Date() }).where(eq(reservations.id, row.reservation.id));
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
    const existing = await tx.select({ offerId: dealOffers.offerId }).from(dealOffers).where(and(eq(dealOffers.dealId, deal.id), isNull(dealOffers.removedAt)));
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
    ? await db()
        .select({ offer: offers })
        .from(reservationOffers)
        .innerJoin(offers, eq(offers.id, reservationOffers.offerId))
        .where(and(eq(reservationOffers.reservationId, input.reservationId), isNull(reservationOffers.removedAt)))
    : input.dealId
      ? await db()
          .select({ offer: offers })
          .from(dealOffers)
          .innerJoin(offers, eq(offers.id, dealOffers.offerId))
          .where(and(eq(dealOffers.dealId, input.dealId), isNull(dealOffers.removedAt)))
      : [];
  return rows.map(({ offer }) => ({
    id: offer.id,
    title: offer.title,
    kind: offer.kind,
    valuePence: readExample(offer.representativeExample)?.depositContributionPence ?? null,
  }));
}

/**
 * Takes an applied offer off a bike's active reservation. Lock-and-compare on the reservation: a page
 * from before another change to it (an offer applied or removed) is refused. The row stays, marked
 * removed, and the audit log says who removed what.
 */
export async function removeOfferFromReservation(input: { actor: SessionUser; vehicleId: string; offerId: string; reservationVersion: number } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const [row] = await tx
      .select({ reservation: reservations, branchId: vehicles.branchId })
      .from(reservations)
      .innerJoin(vehicles, eq(vehicles.id, reservations.vehicleId))
      .where(and(eq(reservations.vehicleId, input.vehicleId), eq(reservations.status, "active")))
      .for("update", { of: reservations });
    if (!row) throw new Refusal("This bike has no active reservation, so there is no offer to remove.", undefined, 409);
    if (!can(input.actor, "stock:reserve", row.branchId)) throw new Refusal("You can change reservations only in your own branches.", undefined, 403);
    if (row.reservation.version !== input.reservationVersion) throw staleVersion("this reservation", row.reservation.version);
    const offer = await markRemoved(tx, {
      actor: input.actor,
      offerId: input.offerId,
      table: reservationOffers,
      where: and(eq(reservationOffers.reservationId, row.reservation.id), eq(reservationOffers.offerId, input.offerId), isNull(reservationOffers.removedAt))!,
    });
    await tx.update(reservations).set({ version: sql`${reservations.version} + 1`, updatedAt: new Date() }).where(eq(reservations.id, row.reservation.id));
    await recordAudit(tx, {
      actor: input.actor,
      action: "offer.removed_from_reservation",
      entityType: "vehicle",
      entityId: input.vehicleId,
      before: { reservationId: row.reservation.id, offerId: offer.id, title: offer.title, kind: offer.kind },
    });
    return {};
  }, input.once);
}

/** Takes an applied offer off an unsigned deal (a signed deal is closed to changes), comparing the deal's version. */
export async function removeOfferFromDeal(input: { actor: SessionUser; dealId: string; offerId: string; version: number } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.dealId, input.version);
    const offer = await markRemoved(tx, {
      actor: input.actor,
      offerId: input.offerId,
      table: dealOffers,
      where: and(eq(dealOffers.dealId, deal.id), eq(dealOffers.offerId, input.offerId), isNull(dealOffers.removedAt))!,
    });
    await touchDeal(tx, { actor: input.actor, before: deal, action: "offer.removed_from_deal", detail: { offerId: offer.id, title: offer.title, kind: offer.kind } });
    return {};
  }, input.once);
}

async function markRemoved(tx: Transaction, input: { actor: SessionUser; offerId: string; table: typeof reservationOffers | typeof dealOffers; where: ReturnType<typeof and> }) {
  if (!isUuid(input.offerId)) throw new Refusal("Choose an applied offer to remove.", "offerId");
  const [applied] = await tx
    .update(input.table)
    .set({ removedAt: new Date(), removedBy: input.actor.id })
    .where(input.where)
    .returning({ offerId: input.table.offerId });
  if (!applied) throw new Refusal("That offer isn't applied here (someone may have removed it already). Reload the page.", "offerId", 409);
  const [offer] = await tx.select().from(offers).where(eq(offers.id, applied.offerId));
  return offer!;
}
