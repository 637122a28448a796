import { count, eq, inArray, ne, sql } from "drizzle-orm";
import { expect } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { UNSOLD_STATUSES } from "~/modules/stock/stock-list.schema";
import { VehicleFieldsSchema, type VehicleFields } from "~/modules/stock/stock.schema";
import type { reserveVehicle } from "~/modules/stock/status.server";
import { createVehicle } from "~/modules/stock/vehicles.server";

let vinCounter = 0;
/** A valid, unique VIN (17 characters, no I/O/Q). */
export function nextVin() {
  vinCounter += 1;
  return `VBKTEST${String(vinCounter).padStart(4, "0")}${Math.random().toString().slice(2, 8)}`.slice(0, 17).toUpperCase();
}

export async function makeModel(overrides: Partial<typeof schema.catalogueModels.$inferInsert> = {}) {
  const [model] = await db()
    .insert(schema.catalogueModels)
    .values({ make: "KTM", model: `790 Adventure ${Math.random().toString(36).slice(2, 7)}`, modelYear: 2026, category: "adventure", engineCc: 799, listPricePence: 1_149_900, ...overrides })
    .returning();
  return model!;
}

/** Form-shaped input, parsed by the same schema the page uses. */
export function vehicleFields(input: Record<string, string>): VehicleFields {
  return VehicleFieldsSchema.parse({
    vin: nextVin(),
    condition: "new",
    mileage: "5",
    colour: "Orange",
    retailPricePence: "11499",
    costPricePence: "9800",
    inStockOn: "2026-10-01",
    ...input,
  });
}

export async function makeVehicle(actor: SessionUser, input: Record<string, string>) {
  const result = await createVehicle({ actor, fields: vehicleFields(input) });
  if (!result.ok) throw new Error(result.message);
  const [row] = await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, result.id));
  return row!;
}

/**
 * What the triggers keep against a fresh count of the bikes; each pair must agree: the counts by
 * branch and status (stock_counts), and the unsold bikes and their value by branch, status and
 * intake day (unsold_stock_days, which keeps no empty days).
 */
async function keptAndCountedStock() {
  const { stockCounts, unsoldStockDays, vehicles } = schema;
  const kept = await db()
    .select({ branchId: stockCounts.branchId, status: stockCounts.status, bikes: stockCounts.bikes })
    .from(stockCounts)
    .where(ne(stockCounts.bikes, 0));
  const counted = await db()
    .select({ branchId: vehicles.branchId, status: vehicles.status, bikes: count() })
    .from(vehicles)
    .groupBy(vehicles.branchId, vehicles.status);
  const key = (row: { branchId: string; status: string; bikes: number }) => `${row.branchId} ${row.status} ${row.bikes}`;
  const keptDays = await db()
    .select({ branchId: unsoldStockDays.branchId, status: unsoldStockDays.status, day: unsoldStockDays.inStockOn, bikes: unsoldStockDays.bikes, value: unsoldStockDays.valuePence })
    .from(unsoldStockDays);
  const countedDays = await db()
    .select({ branchId: vehicles.branchId, status: vehicles.status, day: vehicles.inStockOn, bikes: count(), value: sql<string>`sum(${vehicles.retailPricePence})`.mapWith(Number) })
    .from(vehicles)
    .where(inArray(vehicles.status, UNSOLD_STATUSES))
    .groupBy(vehicles.branchId, vehicles.status, vehicles.inStockOn);
  const dayKey = (row: { branchId: string; status: string; day: string; bikes: number; value: number }) => `${row.branchId} ${row.status} ${row.day} ${row.bikes} ${row.value}`;
  return { kept: kept.map(key).sort(), counted: counted.map(key).sort(), keptDays: keptDays.map(dayKey).sort(), countedDays: countedDays.map(dayKey).sort() };
}

/** Fails unless what the triggers keep agrees with a fresh count of the bikes (both not empty). */
export async function expectKeptStockToAgree() {
  const { kept, counted, keptDays, countedDays } = await keptAndCountedStock();
  expect(counted.length).toBeGreaterThan(0);
  expect(kept).toEqual(counted);
  expect(countedDays.length).toBeGreaterThan(0);
  expect(keptDays).toEqual(countedDays);
}

/** What the reservation form sends for Jo Rider, £500 deposit, for three days; `overrides` changes any of it. */
export function reservationInput(actor: SessionUser, vehicle: { id: string; version: number }, overrides: Partial<Parameters<typeof reserveVehicle>[0]> = {}) {
  return {
    actor,
    id: vehicle.id,
    version: vehicle.version,
    customerName: "Jo Rider",
    customerContact: "07700 900123",
    channel: "in_store" as const,
    depositPence: 50_000,
    depositRefundable: true,
    depositTerms: "Refundable until collection",
    expiresAt: new Date(Date.now() + 72 * 3600_000),
    ...overrides,
  };
}
