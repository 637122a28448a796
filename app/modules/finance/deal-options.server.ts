import { and, asc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, type SessionUser } from "~/modules/auth/permissions";

const { branches, vehicles, catalogueModels } = schema;

/** Branches the user may record deals for, and their unsold bikes (for "the vehicle, from stock"). */
export async function dealFormOptions(user: SessionUser) {
  const allBranches = await db().select({ id: branches.id, name: branches.name, active: branches.active }).from(branches).orderBy(asc(branches.name));
  const own = allBranches.filter((b) => b.active && can(user, "finance:edit", b.id));
  const bikes = own.length
    ? await db()
        .select({ id: vehicles.id, stockNumber: vehicles.stockNumber, make: catalogueModels.make, model: catalogueModels.model, pricePence: vehicles.retailPricePence, status: vehicles.status })
        .from(vehicles)
        .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
        .where(and(inArray(vehicles.branchId, own.map((b) => b.id)), inArray(vehicles.status, ["in_stock", "reserved"])))
        .orderBy(asc(vehicles.stockNumber))
        .limit(500)
    : [];
  return {
    branches: own.map(({ id, name }) => ({ id, name })),
    bikes: bikes.map((b) => ({ id: b.id, label: `${b.stockNumber} · ${b.make} ${b.model}${b.status === "reserved" ? " (reserved)" : ""}`, pricePence: b.pricePence })),
  };
}
