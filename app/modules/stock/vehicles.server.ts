import { and, eq, ne, notInArray, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import { recordAudit } from "~/modules/audit/record.server";
import { can, canSeeCost, type SessionUser } from "~/modules/auth/permissions";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import type { VehicleFields } from "./stock.schema";
import { changesSince, changeVehicle, lockVehicle, staleVehicle, vehicleSnapshot } from "./vehicle-records.server";
import { formatStockNumber, vehicleSearchText, vinCheckDigitMatches } from "./vehicle-identity";

const { vehicles, catalogueModels, branches, stockNumberCounters, vehicleEvents, priceChanges } = schema;

const CHECK_DIGIT_WARNING =
  "The VIN's check digit doesn't match. Many European VINs don't use one, so it was saved: just double-check it.";

/** The next number for the branch's prefix; a counter row per prefix means numbers are never reused. */
async function nextStockNumber(tx: Transaction, branchId: string) {
  const [branch] = await tx.select({ prefix: branches.stockNumberPrefix, active: branches.active }).from(branches).where(eq(branches.id, branchId));
  if (!branch) throw new Refusal("Choose a branch from the list.", "branchId");
  if (!branch.active) throw new Refusal("That branch is inactive: it can't take new stock.", "branchId");
  const [counter] = await tx
    .insert(stockNumberCounters)
    .values({ prefix: branch.prefix, lastNumber: 1 })
    .onConflictDoUpdate({ target: stockNumberCounters.prefix, set: { lastNumber: sql`${stockNumberCounters.lastNumber} + 1` } })
    .returning();
  return formatStockNumber(branch.prefix, counter!.lastNumber);
}

/** The bike's model, which must be in the catalogue and have existed by the day it came into stock. */
async function modelFor(tx: Transaction, modelId: string, inStockOn: string) {
  const [model] = await tx.select().from(catalogueModels).where(eq(catalogueModels.id, modelId));
  if (!model) throw new Refusal("Choose a model from the catalogue.", "modelId");
  // Next year's models arrive during this one, never earlier.
  if (model.modelYear && inStockOn < `${model.modelYear - 1}-01-01`) {
    throw new Refusal(`A ${model.modelYear} model can't have come into stock before ${model.modelYear - 1}.`, "inStockOn");
  }
  return model;
}

async function assertVinFree(tx: Transaction, vin: string, exceptId?: string) {
  const [other] = await tx
    .select({ stockNumber: vehicles.stockNumber })
    .from(vehicles)
    .where(and(eq(vehicles.vin, vin), notInArray(vehicles.status, ["sold", "delivered"]), exceptId ? ne(vehicles.id, exceptId) : undefined));
  if (other) throw new Refusal(`This VIN is already on ${other.stockNumber}, which hasn't been sold.`, "vin");
}

/** The stored columns for a bike's details (shared with the bulk import). */
export function detailColumns(fields: VehicleFields, model: { make: string; model: string; variant: string }, stockNumber: string) {
  return {
    modelId: fields.modelId,
    vin: fields.vin,
    registration: fields.registration,
    condition: fields.condition,
    mileage: fields.mileage,
    colour: fields.colour,
    retailPricePence: fields.retailPricePence,
    costPricePence: fields.costPricePence,
    inStockOn: fields.inStockOn,
    previousKeepers: fields.condition === "used" ? fields.previousKeepers : null,
    v5cHeld: fields.condition === "used" ? fields.v5cHeld : null,
    photos: fields.photos,
    notes: fields.notes,
    searchText: vehicleSearchText({ stockNumber, vin: fields.vin, registration: fields.registration, ...model }),
  };
}

/**
 * Adds one bike inside the caller's transaction (the form adds one, the import many, all or nothing).
 * Throws a Refusal for an expected problem.
 */
export async function insertVehicle(tx: Transaction, actor: SessionUser, fields: VehicleFields) {
  if (!can(actor, "stock:edit", fields.branchId)) throw new Refusal("You can add stock only to your own branches.", "branchId", 403);
  const model = await modelFor(tx, fields.modelId, fields.inStockOn);
  await assertVinFree(tx, fields.vin);
  const stockNumber = await nextStockNumber(tx, fields.branchId);
  const [created] = await tx
    .insert(vehicles)
    // A cost is kept only from someone who may see it (the import refuses one; the form hides the field).
    .values({ stockNumber, branchId: fields.branchId, status: "in_stock", ...detailColumns({ ...fields, costPricePence: canSeeCost(actor, fields.branchId) ? fields.costPricePence : null }, model, stockNumber) })
    .returning();
  await tx.insert(vehicleEvents).values({ vehicleId: created!.id, fromStatus: null, toStatus: "in_stock", note: "Taken into stock", actorId: actor.id });
  await recordAudit(tx, { actor, action: "vehicle.created", entityType: "vehicle", entityId: created!.id, after: vehicleSnapshot(created!) });
  return { id: created!.id, stockNumber, warnings: vinCheckDigitMatches(fields.vin) ? [] : [CHECK_DIGIT_WARNING] };
}

export async function createVehicle(input: { actor: SessionUser; fields: VehicleFields } & Submitted): Promise<Result<{ id: string; stockNumber: string; warnings: string[] }>> {
  return attempt((tx) => insertVehicle(tx, input.actor, input.fields), input.once);
}

/** Edits a bike's details; a price change needs a reason and is kept in the price history. */
export async function updateVehicle(input: {
  actor: SessionUser;
  id: string;
  version: number;
  fields: VehicleFields;
}): Promise<Result<{ warnings: string[] }>> {
  const { actor, fields } = input;
  return attempt(async (tx) => {
    const before = await lockVehicle(tx, input.id);
    if (!can(actor, "stock:edit", before.branchId)) throw new Refusal("You can change stock only in your own branches.", undefined, 403);
    if (before.version !== input.version) throw staleVehicle(await changesSince(tx, { vehicle: before, since: input.version, viewer: input.actor }));
    if (before.status === "sold" || before.status === "delivered") {
      throw new Refusal("This bike has been sold: its record is closed to edits.", undefined, 409);
    }
    const model = await modelFor(tx, fields.modelId, fields.inStockOn);
    if (fields.vin !== before.vin) await assertVinFree(tx, fields.vin, before.id);
    const priceChanged = fields.retailPricePence !== before.retailPricePence;
    if (priceChanged && !fields.priceChangeReason) throw new Refusal("Say why the price changed: it is kept in the price history.", "priceChangeReason");

    // The cost price is only for those who may see it; others keep what is stored.
    const costPricePence = canSeeCost(actor, before.branchId) ? fields.costPricePence : before.costPricePence;
    await changeVehicle(tx, {
      actor,
      before,
      set: { ...detailColumns({ ...fields, costPricePence }, model, before.stockNumber) },
      action: "vehicle.updated",
    });
    if (priceChanged) {
      await tx.insert(priceChanges).values({
        vehicleId: before.id,
        oldPricePence: before.retailPricePence,
        newPricePence: fields.retailPricePence,
        reason: fields.priceChangeReason,
        actorId: actor.id,
      });
    }
    return { warnings: fields.vin !== before.vin && !vinCheckDigitMatches(fields.vin) ? [CHECK_DIGIT_WARNING] : [] };
  });
}
