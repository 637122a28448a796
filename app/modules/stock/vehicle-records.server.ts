import { and, asc, eq, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import type { Vehicle } from "@db/schema/stock";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { isUuid } from "~/utils/ids";
import { Refusal } from "~/utils/result.server";
import { describeChanges } from "./change-summary";

const { vehicles, auditLog, vehicleEvents } = schema;

/** The vehicle row, locked for the rest of the transaction, or a 404 refusal. */
export async function lockVehicle(tx: Transaction, id: string): Promise<Vehicle> {
  const [row] = isUuid(id) ? await tx.select().from(vehicles).where(eq(vehicles.id, id)).for("update") : [];
  if (!row) throw new Refusal("That bike doesn't exist.", undefined, 404);
  return row;
}

/** What the audit log keeps of a bike (search_text is derived, so left out). */
export function vehicleSnapshot(row: Vehicle) {
  const { searchText: _searchText, ...rest } = row;
  return rest;
}

/**
 * Applies a change to a locked bike: bumps the version, records the status event when the status
 * moves, and writes the audit row, all in the caller's transaction.
 */
export async function changeVehicle(
  tx: Transaction,
  input: { actor: AuditActor | null; before: Vehicle; set: Partial<Vehicle>; action: string; note?: string; extra?: Record<string, unknown> },
) {
  const [after] = await tx
    .update(vehicles)
    .set({ ...input.set, updatedAt: new Date(), version: sql`${vehicles.version} + 1` })
    .where(eq(vehicles.id, input.before.id))
    .returning();
  if (input.set.status && input.set.status !== input.before.status) {
    await tx.insert(vehicleEvents).values({
      vehicleId: input.before.id,
      fromStatus: input.before.status,
      toStatus: input.set.status,
      note: input.note ?? "",
      actorId: input.actor?.id ?? null,
    });
  }
  await recordAudit(tx, {
    actor: input.actor,
    action: input.action,
    entityType: "vehicle",
    entityId: input.before.id,
    before: vehicleSnapshot(input.before),
    after: { ...vehicleSnapshot(after!), ...input.extra },
  });
  return after!;
}

/** What others changed since version `since`, from the audit log, worded for `viewer` (describeChanges). */
export async function changesSince(tx: Transaction, input: { vehicle: Pick<Vehicle, "id" | "branchId">; since: number; viewer: SessionUser }) {
  const { vehicle, since, viewer } = input;
  const rows = await tx
    .select({ before: auditLog.before, after: auditLog.after, actorEmail: auditLog.actorEmail })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, "vehicle"),
        eq(auditLog.entityId, vehicle.id),
        sql`(${auditLog.after}->>'version')::int > ${since}`,
      ),
    )
    .orderBy(asc(auditLog.id));
  return describeChanges(rows, viewer, vehicle.branchId);
}

export function staleVehicle(summary: string) {
  return new Refusal(
    `Someone else changed this bike while you were working on it: ${summary}. Nothing of yours was saved; ` +
      "check the current details and try again.",
    undefined,
    409,
  );
}
