import { and, asc, eq, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import type { Vehicle } from "@db/schema/stock";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { canSeeCost, type SessionUser } from "~/modules/auth/permissions";
import { isUuid } from "~/utils/ids";
import { Refusal } from "~/utils/result.server";
import { formatPounds } from "~/utils/money";
import { STATUS_LABELS } from "./labels";

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

const FIELD_LABELS: Partial<Record<keyof Vehicle, string>> = {
  status: "status",
  retailPricePence: "retail price",
  costPricePence: "cost price",
  vin: "VIN",
  registration: "registration",
  mileage: "mileage",
  colour: "colour",
  condition: "condition",
  modelId: "model",
  branchId: "branch",
  inStockOn: "date into stock",
  notes: "notes",
  photos: "photos",
  previousKeepers: "previous keepers",
  v5cHeld: "V5C",
};

function describeValue(key: string, value: unknown) {
  if (value === null || value === undefined || value === "") return "blank";
  if (key.endsWith("Pence") && typeof value === "number") return formatPounds(value);
  if (key === "status") return STATUS_LABELS[value as Vehicle["status"]] ?? String(value);
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  return String(value);
}

/**
 * Says what others changed since `since`, from the audit log, for a refused stale edit:
 * "retail price £8,999.00 → £8,499.00 (by manager@…)". A cost change is named only to a viewer who
 * may see that bike's cost: the message is as much a view of the bike as its page.
 */
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
  if (rows.length === 0) return "";
  const first = (rows[0]!.before ?? {}) as Record<string, unknown>;
  const last = (rows[rows.length - 1]!.after ?? {}) as Record<string, unknown>;
  const fields = Object.entries(FIELD_LABELS).filter(([key]) => key !== "costPricePence" || canSeeCost(viewer, vehicle.branchId));
  const changed = fields
    .filter(([key]) => JSON.stringify(first[key]) !== JSON.stringify(last[key]))
    .map(([key, label]) => `${label} ${describeValue(key, first[key])} → ${describeValue(key, last[key])}`);
  const who = [...new Set(rows.map((row) => row.actorEmail ?? "the system"))].join(", ");
  return `${changed.join("; ") || "details"} (by ${who})`;
}

export function staleVehicle(summary: string) {
  return new Refusal(
    `Someone else changed this bike while you were working on it: ${summary}. Nothing of yours was saved; ` +
      "check the current details and try again.",
    undefined,
    409,
  );
}
