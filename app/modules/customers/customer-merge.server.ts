import { and, eq, inArray, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import type { Customer } from "@db/schema/customers";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { PERSONAL_FIELDS, personalSnapshot, type PersonalField } from "./customers.server";

const { customers, customerMerges, reservations, vehicles, financeDeals, complaints } = schema;

/** The links a merge moves, by table: reservations, sold bikes, finance deals, complaints. */
export interface MovedLinks {
  reservations: string[];
  sales: string[];
  financeDeals: string[];
  complaints: string[];
}

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

async function lockBoth(tx: Transaction, ids: string[]) {
  const rows = await tx.select().from(customers).where(inArray(customers.id, ids)).orderBy(customers.id).for("update");
  return new Map(rows.map((row) => [row.id, row]));
}

/** Points every link of `from` (or only the listed ones) at `to`; returns the ids it moved. */
async function moveLinks(tx: Transaction, from: string, to: string, only?: MovedLinks): Promise<MovedLinks> {
  const limit = <T>(column: T, ids: string[] | undefined) => (ids ? (ids.length ? inArray(column as never, ids) : sql`false`) : undefined);
  const moved = await Promise.all([
    tx.update(reservations).set({ customerId: to }).where(and(eq(reservations.customerId, from), limit(reservations.id, only?.reservations))).returning({ id: reservations.id }),
    tx.update(vehicles).set({ saleCustomerId: to }).where(and(eq(vehicles.saleCustomerId, from), limit(vehicles.id, only?.sales))).returning({ id: vehicles.id }),
    // Only the link changes on a deal; its copy of the customer's details as at signing stays (migration 0028).
    tx.update(financeDeals).set({ customerId: to }).where(and(eq(financeDeals.customerId, from), limit(financeDeals.id, only?.financeDeals))).returning({ id: financeDeals.id }),
    tx.update(complaints).set({ customerId: to }).where(and(eq(complaints.customerId, from), limit(complaints.id, only?.complaints))).returning({ id: complaints.id }),
  ]);
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();
  return { reservations: ids(moved[0]), sales: ids(moved[1]), financeDeals: ids(moved[2]), complaints: ids(moved[3]) };
}

/**
 * Folds `mergedId` into `survivorId` (an admin's call): every link moves to the survivor; a field the
 * survivor lacks is filled from the other record; where both hold different values the survivor's is
 * kept and the other's is written in the merge record's `conflicts`, with both records' fields as they
 * were. The merged record keeps its row (marked merged_into_id), so the merge can be reversed.
 */
export async function mergeCustomers(input: { actor: SessionUser; survivorId: string; mergedId: string; reason: string } & Submitted): Promise<Result<{ mergeId: string }>> {
  return attempt(async (tx) => {
    if (!can(input.actor, "customers:merge")) throw new Refusal("Only an admin can merge customer records.", undefined, 403);
    if (input.survivorId === input.mergedId) throw new Refusal("A record can't be merged into itself.", "otherId");
    const rows = await lockBoth(tx, [input.survivorId, input.mergedId]);
    const survivor = rows.get(input.survivorId);
    const merged = rows.get(input.mergedId);
    if (!survivor || !merged) throw new Refusal("We couldn't find both customer records.", "otherId", 404);
    if (survivor.mergedIntoId) throw new Refusal("This record was itself merged into another: merge into that one instead.", undefined, 409);
    if (merged.mergedIntoId) throw new Refusal(`${merged.name}'s record was already merged into another.`, "otherId", 409);

    const filled: Partial<Record<PersonalField, unknown>> = {};
    const conflicts: Partial<Record<PersonalField, { kept: unknown; other: unknown }>> = {};
    const before = personalSnapshot(survivor);
    const other = personalSnapshot(merged);
    for (const field of PERSONAL_FIELDS) {
      if (isBlank(other[field])) continue;
      if (isBlank(before[field])) filled[field] = other[field];
      else if (JSON.stringify(before[field]) !== JSON.stringify(other[field])) conflicts[field] = { kept: before[field], other: other[field] };
    }
    const moved = await moveLinks(tx, merged.id, survivor.id);
    // Records merged into this one earlier now point at the survivor, so none points at a merged record.
    await tx.update(customers).set({ mergedIntoId: survivor.id }).where(eq(customers.mergedIntoId, merged.id));
    await tx.update(customers).set({ mergedIntoId: survivor.id, mergedAt: new Date(), updatedAt: new Date(), version: sql`${customers.version} + 1` }).where(eq(customers.id, merged.id));
    await tx
      .update(customers)
      .set({ ...fromSnapshot(filled), updatedAt: new Date(), version: sql`${customers.version} + 1` })
      .where(eq(customers.id, survivor.id));
    const [entry] = await tx
      .insert(customerMerges)
      .values({ kind: "merge", survivorId: survivor.id, mergedId: merged.id, moved, conflicts, filled, survivorBefore: before, mergedBefore: other, reason: input.reason, createdBy: input.actor.id })
      .returning({ id: customerMerges.id });
    await recordAudit(tx, {
      actor: input.actor,
      action: "customer.merged",
      entityType: "customer",
      entityId: survivor.id,
      // Ids and field names only: the values are in the merge record.
      after: { mergeId: entry!.id, mergedId: merged.id, moved, filled: Object.keys(filled), conflicts: Object.keys(conflicts) },
    });
    return { mergeId: entry!.id };
  }, input.once);
}

/**
 * Reverses a merge with a new entry: the links that merge moved go back (those still on the survivor),
 * the merged record is live again, and fields the merge filled on the survivor are cleared when still
 * as filled (an edit made since is kept). Records linked to the survivor after the merge stay with it.
 */
export async function unmergeCustomers(input: { actor: SessionUser; mergeId: string; reason: string } & Submitted): Promise<Result<{ mergeId: string }>> {
  return attempt(async (tx) => {
    if (!can(input.actor, "customers:merge")) throw new Refusal("Only an admin can reverse a merge.", undefined, 403);
    const [merge] = await tx.select().from(customerMerges).where(eq(customerMerges.id, input.mergeId));
    if (!merge || merge.kind !== "merge") throw new Refusal("We couldn't find that merge.", "mergeId", 404);
    const [already] = await tx.select({ id: customerMerges.id }).from(customerMerges).where(eq(customerMerges.reversesId, merge.id));
    if (already) throw new Refusal("This merge was already reversed.", "mergeId", 409);
    const rows = await lockBoth(tx, [merge.survivorId, merge.mergedId]);
    const survivor = rows.get(merge.survivorId)!;
    const merged = rows.get(merge.mergedId)!;
    if (merged.mergedIntoId !== survivor.id) throw new Refusal("The merged record has changed since (merged elsewhere): reverse the later merge first.", "mergeId", 409);
    if (survivor.mergedIntoId) throw new Refusal("The surviving record was since merged into another: reverse that merge first.", "mergeId", 409);

    const moved = await moveLinks(tx, survivor.id, merged.id, merge.moved as MovedLinks);
    const now = personalSnapshot(survivor);
    const filled = merge.filled as Partial<Record<PersonalField, unknown>>;
    const cleared = (Object.keys(filled) as PersonalField[]).filter((field) => JSON.stringify(now[field]) === JSON.stringify(filled[field]));
    const restore = Object.fromEntries(cleared.map((field) => [field, (merge.survivorBefore as Record<string, unknown>)[field] ?? null]));
    await tx
      .update(customers)
      .set({ ...fromSnapshot(restore), updatedAt: new Date(), version: sql`${customers.version} + 1` })
      .where(eq(customers.id, survivor.id));
    await tx.update(customers).set({ mergedIntoId: null, mergedAt: null, updatedAt: new Date(), version: sql`${customers.version} + 1` }).where(eq(customers.id, merged.id));
    const [entry] = await tx
      .insert(customerMerges)
      .values({
        kind: "unmerge",
        survivorId: survivor.id,
        mergedId: merged.id,
        reversesId: merge.id,
        moved,
        conflicts: {},
        filled: Object.fromEntries(cleared.map((field) => [field, restore[field]])),
        survivorBefore: now,
        mergedBefore: personalSnapshot(merged),
        reason: input.reason,
        createdBy: input.actor.id,
      })
      .returning({ id: customerMerges.id });
    await recordAudit(tx, { actor: input.actor, action: "customer.unmerged", entityType: "customer", entityId: merged.id, after: { mergeId: entry!.id, reverses: merge.id, survivorId: survivor.id, moved, cleared } });
    return { mergeId: entry!.id };
  }, input.once);
}

/** Snapshot values (ISO text for instants) back to column values. */
function fromSnapshot(values: Partial<Record<PersonalField, unknown>>): Partial<Customer> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    out[field] = (field === "marketingConsentGivenAt" || field === "marketingConsentWithdrawnAt") && typeof value === "string" ? new Date(value) : value;
  }
  return out as Partial<Customer>;
}
