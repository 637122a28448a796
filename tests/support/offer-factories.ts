import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { OfferKind } from "@db/schema/offers";
import type { SessionUser } from "~/modules/auth/permissions";
import { reserveVehicle } from "~/modules/stock/status.server";
import { makeVehicle, reservationInput } from "./stock-factories";

/** A published KTM offer, live from 2026 to 2099 at the given branches, written straight to its table. */
export async function makeOffer(branchIds: string[], kind: OfferKind, overrides: Partial<typeof schema.offers.$inferInsert> = {}) {
  const [offer] = await db()
    .insert(schema.offers)
    .values({
      offerGroupId: randomUUID(),
      kind,
      state: "published",
      title: `${kind} offer`,
      summary: "Summary",
      terms: "Terms apply.",
      brand: "KTM",
      branchIds,
      validFrom: "2026-01-01",
      validTo: "2099-12-31",
      ...overrides,
    })
    .returning();
  return offer!;
}

/** A new bike of the model at the branch, reserved by `actor` for an hour: returns it and its reservation. */
export async function reservedBike(actor: SessionUser, branchId: string, modelId: string) {
  const bike = await makeVehicle(actor, { branchId, modelId });
  const reserved = await reserveVehicle(reservationInput(actor, bike, { customerContact: "jo@example.com", depositPence: 0, depositTerms: "", expiresAt: new Date(Date.now() + 3600_000) }));
  if (!reserved.ok) throw new Error(reserved.message);
  const [reservation] = await db().select().from(schema.reservations).where(eq(schema.reservations.vehicleId, bike.id));
  return { bike, reservation: reservation! };
}
