import { createHash } from "node:crypto";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";

/** A customer record made as if long ago (created_at counts as activity when there is no other). */
export async function makeCustomer(name: string, createdAt: string, extra: Partial<typeof schema.customers.$inferInsert> = {}) {
  const [row] = await db()
    .insert(schema.customers)
    .values({ name, email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.com`, phone: "07700 900456", postcode: "ME14 1AA", dateOfBirth: "1980-04-02", createdAt: new Date(createdAt), updatedAt: new Date(createdAt), ...extra })
    .returning();
  return row!;
}

const QUOTE = { cashPricePence: 1_100_000, depositPence: 100_000, creditPence: 1_000_000, termMonths: 48, aprBasisPoints: 1030 };

/** A deal for `customerId`, recorded (and, with `signedAt`, signed) on the instants given. */
export async function makeOldDeal(input: { customerId: string; name: string; branchId: string; staff: SessionUser; reference: string; createdAt: string; signedAt?: string; vulnerabilityNote?: string }) {
  const [row] = await db()
    .insert(schema.financeDeals)
    .values({
      reference: input.reference,
      branchId: input.branchId,
      staffId: input.staff.id,
      channel: "in_store",
      status: input.signedAt ? "signed" : "draft",
      customerId: input.customerId,
      customerName: input.name,
      customerDateOfBirth: "1980-04-02",
      customerUkResident: true,
      customerContact: "07700 900456",
      vulnerable: Boolean(input.vulnerabilityNote),
      vulnerabilityNote: input.vulnerabilityNote ?? "",
      guarantorRequired: true,
      guarantorName: `${input.name}'s guarantor`,
      guarantorContact: "01632 960111",
      vehicleBrand: "KTM",
      vehicleDescription: "KTM 790 Adventure",
      product: "hp",
      quotedFigures: QUOTE,
      createdAt: new Date(input.createdAt),
      updatedAt: new Date(input.signedAt ?? input.createdAt),
      ...(input.signedAt ? { signedFigures: QUOTE, agreementNumber: `AGR-${input.reference}`, signedAt: new Date(input.signedAt), signedBy: input.staff.id } : {}),
    })
    .returning();
  return row!;
}

export async function holdEntry(dealId: string, kind: "legal_hold_on" | "legal_hold_off", createdAt: string, by: SessionUser) {
  await db().insert(schema.dealEntries).values({ dealId, kind, effectiveOn: createdAt.slice(0, 10), reason: "Test hold", createdBy: by.id, createdAt: new Date(createdAt) });
}

/** A complaint from `customerId`, received (and, with `closedAt`, closed) on the instants given. */
export async function makeOldComplaint(input: { customerId: string; name: string; branchId: string; owner: SessionUser; reference: string; receivedAt: string; closedAt?: string; dealId?: string }) {
  const received = new Date(input.receivedAt);
  const [row] = await db()
    .insert(schema.complaints)
    .values({
      reference: input.reference,
      branchId: input.branchId,
      receivedAt: received,
      channel: "letter",
      complainantName: input.name,
      complainantContact: "complainant@example.com",
      customerId: input.customerId,
      dealId: input.dealId ?? null,
      category: "service",
      description: "Test complaint",
      desiredOutcome: "An apology",
      ownerId: input.owner.id,
      status: input.closedAt ? "final_response" : "open",
      summaryDueAt: new Date(received.getTime() + 3 * 86_400_000),
      finalDueAt: new Date(received.getTime() + 56 * 86_400_000),
      closedAt: input.closedAt ? new Date(input.closedAt) : null,
      createdBy: input.owner.id,
      createdAt: received,
      updatedAt: new Date(input.closedAt ?? input.receivedAt),
    })
    .returning();
  return row!;
}

/** A released reservation of `vehicleId` for the customer, last changed at `at`, with the bike's history note. */
export async function makeOldReservation(input: { customerId: string; name: string; vehicleId: string; at: string }) {
  const [row] = await db()
    .insert(schema.reservations)
    .values({
      vehicleId: input.vehicleId,
      customerId: input.customerId,
      customerName: input.name,
      customerContact: "07700 900456",
      channel: "in_store",
      depositPence: 10_000,
      depositRefundable: true,
      depositTerms: "Refundable",
      expiresAt: new Date(input.at),
      status: "released",
      createdAt: new Date(input.at),
      updatedAt: new Date(input.at),
    })
    .returning();
  await db().insert(schema.vehicleEvents).values({ vehicleId: input.vehicleId, fromStatus: "in_stock", toStatus: "reserved", note: `Reserved for ${input.name}, deposit £100.00`, createdAt: new Date(input.at) });
  return row!;
}

export function sha(text: string) {
  return createHash("sha256").update(text).digest("hex");
}
