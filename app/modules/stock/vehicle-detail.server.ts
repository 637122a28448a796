import { aliasedTable, and, asc, desc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, canSeeCost, seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { daysBetween, londonToday } from "~/utils/dates";
import { ageingBucket, modelLabel, STATUS_LABELS } from "./labels";
import { expireDueReservations } from "./status.server";
import { isUuid } from "~/utils/ids";

const { vehicles, catalogueModels, branches, vehicleEvents, priceChanges, reservations, transfers, users, auditLog } = schema;

/** Everything the bike's page shows; cost and margin only for those who may see them. */
export async function getVehicleDetail(user: SessionUser, id: string) {
  if (!isUuid(id)) return null;
  await expireDueReservations(undefined, id);
  const [row] = await db()
    .select({ vehicle: vehicles, model: catalogueModels, branch: { id: branches.id, name: branches.name } })
    .from(vehicles)
    .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
    .innerJoin(branches, eq(branches.id, vehicles.branchId))
    .where(eq(vehicles.id, id));
  if (!row) return null;
  const { vehicle, model, branch } = row;
  const showCost = canSeeCost(user, vehicle.branchId);
  // Customers' names and contacts stay with the branch that holds the bike (and admins): staff of
  // other branches learn only that it is reserved or sold there. Left out here, the browser never has them.
  const showCustomers = seesCustomersOf(user, vehicle.branchId);
  const { costPricePence, searchText: _searchText, ...stored } = vehicle;
  const visible = showCustomers ? stored : { ...stored, saleCustomerId: null, saleCustomerName: null, saleCustomerContact: null };
  const daysInStock = daysBetween(vehicle.inStockOn, vehicle.soldOn ?? londonToday());

  const fromBranch = aliasedTable(branches, "from_branch");
  const toBranch = aliasedTable(branches, "to_branch");
  const [events, prices, reservationRows, transferRows, edits] = await Promise.all([
    db()
      .select({ at: vehicleEvents.createdAt, from: vehicleEvents.fromStatus, to: vehicleEvents.toStatus, note: vehicleEvents.note, who: users.name })
      .from(vehicleEvents)
      .leftJoin(users, eq(users.id, vehicleEvents.actorId))
      .where(eq(vehicleEvents.vehicleId, id))
      .orderBy(asc(vehicleEvents.createdAt)),
    db()
      .select({ at: priceChanges.createdAt, oldPence: priceChanges.oldPricePence, newPence: priceChanges.newPricePence, reason: priceChanges.reason, who: users.name })
      .from(priceChanges)
      .leftJoin(users, eq(users.id, priceChanges.actorId))
      .where(eq(priceChanges.vehicleId, id))
      .orderBy(asc(priceChanges.createdAt)),
    db()
      .select({ reservation: reservations, staff: users.name })
      .from(reservations)
      .leftJoin(users, eq(users.id, reservations.createdBy))
      .where(eq(reservations.vehicleId, id))
      .orderBy(desc(reservations.createdAt)),
    db()
      .select({ transfer: transfers, from: fromBranch.name, to: toBranch.name })
      .from(transfers)
      .innerJoin(fromBranch, eq(fromBranch.id, transfers.fromBranchId))
      .innerJoin(toBranch, eq(toBranch.id, transfers.toBranchId))
      .where(eq(transfers.vehicleId, id))
      .orderBy(desc(transfers.createdAt)),
    db()
      .select({ at: auditLog.createdAt, action: auditLog.action, who: auditLog.actorEmail })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "vehicle"), eq(auditLog.entityId, id), inArray(auditLog.action, ["vehicle.created", "vehicle.updated"])))
      .orderBy(asc(auditLog.id)),
  ]);

  const timeline = [
    ...events.map((e) => ({ at: e.at, kind: "status" as const, text: (showCustomers && e.note) || `Status: ${STATUS_LABELS[e.to].toLowerCase()}`, who: e.who })),
    ...prices.map((p) => ({ at: p.at, kind: "price" as const, text: p.reason, oldPence: p.oldPence, newPence: p.newPence, who: p.who })),
    ...edits.map((e) => ({ at: e.at, kind: "audit" as const, text: e.action === "vehicle.created" ? "Record created" : "Details edited", who: e.who })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());

  const shownReservations = showCustomers ? reservationRows : reservationRows.map((row) => ({ ...row, reservation: withoutCustomer(row.reservation) }));
  const activeReservation = shownReservations.find((r) => r.reservation.status === "active") ?? null;
  const openTransfer = transferRows.find((t) => t.transfer.status === "in_transit") ?? null;
  return {
    vehicle: visible,
    // Absent, not hidden, for those who may not see it: the browser never receives it.
    ...(showCost ? { cost: { costPricePence, marginPence: costPricePence === null ? null : vehicle.retailPricePence - costPricePence } } : {}),
    model: { ...model, label: modelLabel(model) },
    branch,
    daysInStock,
    bucket: ageingBucket(daysInStock),
    customersHidden: !showCustomers,
    activeReservation,
    openTransfer,
    reservations: shownReservations,
    transfers: transferRows,
    priceHistory: prices,
    timeline,
  };
}

/** Admins, and staff of the branch that holds the bike, see who reserved or bought it. */
function seesCustomersOf(user: SessionUser, branchId: string) {
  return seesAllBranches(user) || user.branchIds.includes(branchId);
}

/** A reservation as another branch's staff see it: when and until when, not who or on what terms. */
function withoutCustomer(reservation: typeof reservations.$inferSelect) {
  return { ...reservation, customerId: null, customerName: "", customerContact: "", depositTerms: "", releaseReason: null };
}

/** Branches and catalogue models for the vehicle form; new stock only into branches the user may stock. */
export async function vehicleFormOptions(user: SessionUser) {
  const [branchRows, models] = await Promise.all([
    db().select({ id: branches.id, name: branches.name, active: branches.active }).from(branches).orderBy(asc(branches.name)),
    db().select().from(catalogueModels).orderBy(asc(catalogueModels.make), asc(catalogueModels.model), asc(catalogueModels.variant), desc(catalogueModels.modelYear)),
  ]);
  return {
    branches: branchRows.filter((b) => b.active && can(user, "stock:edit", b.id)),
    allBranches: branchRows.filter((b) => b.active),
    models: models.map((m) => ({ id: m.id, label: modelLabel(m) })),
  };
}

export type VehicleDetail = NonNullable<Awaited<ReturnType<typeof getVehicleDetail>>>;
export type VehiclePageData = VehicleDetail & {
  today: string;
  defaultExpiry: string;
  branchesToSendTo: { id: string; name: string }[];
  allowed: { edit: boolean; reserve: boolean; transfer: boolean; receive: boolean };
};
