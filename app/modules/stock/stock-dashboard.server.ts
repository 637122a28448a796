import { and, asc, eq, inArray, lte, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, schema } from "@db/client";
import { seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { daysBetween, londonToday } from "~/utils/dates";
import { AGEING_BUCKETS, AGEING_RANGES, type AgeingBucket } from "./labels";
import { UNSOLD_STATUSES } from "./stock-list.schema";
import { expireDueReservations } from "./status.server";
import { shiftDay } from "./stock-statements.server";

const { vehicles, catalogueModels, branches, unsoldStockDays, transfers } = schema;

/** How many 90+ day bikes each branch lists; the rest are a link away. */
export const AGED_LIST_LIMIT = 10;

export type UnsoldStatus = "in_stock" | "reserved" | "in_transit";
export interface Figure {
  units: number;
  valuePence: number;
}
export interface AgedBike {
  id: string;
  stockNumber: string;
  make: string;
  model: string;
  variant: string;
  pricePence: number;
  daysInStock: number;
}
export interface BranchStock {
  total: Figure;
  byStatus: Record<UnsoldStatus, Figure>;
  byAge: Record<AgeingBucket, Figure>;
  aged: AgedBike[];
  /** Bikes in transit to this branch from another (counted under the sender until received). */
  arriving: Figure;
}

function emptyStock(): BranchStock {
  const zero = () => ({ units: 0, valuePence: 0 });
  return {
    total: zero(),
    byStatus: { in_stock: zero(), reserved: zero(), in_transit: zero() },
    byAge: Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket, zero()])) as Record<AgeingBucket, Figure>,
    aged: [],
    arriving: zero(),
  };
}

/**
 * An unsold bike's ageing bucket in SQL, from its intake date, built from AGEING_RANGES: a bucket ending
 * at N days holds intake dates on or after today-N. The buckets are in order, so the first match wins.
 */
export function ageingBucketSql(inStockOn: SQLWrapper, today: string): SQL<AgeingBucket> {
  const closed = AGEING_BUCKETS.filter((bucket) => AGEING_RANGES[bucket][1] !== null);
  const open = AGEING_BUCKETS.find((bucket) => AGEING_RANGES[bucket][1] === null)!;
  const whens = closed.map((bucket) => sql`when ${inStockOn} >= ${shiftDay(today, -AGEING_RANGES[bucket][1]!)}::date then ${bucket}`);
  return sql<AgeingBucket>`(case ${sql.join(whens, sql` `)} else ${open} end)`;
}

/**
 * Stock on hand (in stock, reserved, in transit) per branch the user covers: units and retail value
 * by status and by ageing bucket, and the oldest 90+ day bikes. Admins cover every branch. Two
 * queries: the kept unsold stock by intake day, summed by branch, status and bucket; one taking each
 * branch's oldest bikes.
 */
export async function stockSummary(user: SessionUser): Promise<Record<string, BranchStock>> {
  if (!seesAllBranches(user) && user.branchIds.length === 0) return {};
  await expireDueReservations();
  const today = londonToday();
  const { inStockOn } = unsoldStockDays;
  const bucket = ageingBucketSql(inStockOn, today);
  const unsold = inArray(vehicles.status, UNSOLD_STATUSES);

  // The kept day rows (unsold_stock_days), not the bikes: a few thousand rows, not 86,000.
  const grouped = await db()
    .select({
      branchId: unsoldStockDays.branchId,
      status: unsoldStockDays.status,
      bucket,
      units: sql<string>`sum(${unsoldStockDays.bikes})`.mapWith(Number),
      // A sum of pence over a group's stock passes 2^31: bigint, read back as a number.
      valuePence: sql<string>`sum(${unsoldStockDays.valuePence})`.mapWith(Number),
    })
    .from(unsoldStockDays)
    .where(seesAllBranches(user) ? undefined : inArray(unsoldStockDays.branchId, user.branchIds))
    // By position: the bucket's dates are parameters, so a repeated expression wouldn't match it.
    .groupBy(sql`1`, sql`2`, sql`3`);

  const byBranch: Record<string, BranchStock> = {};
  const add = (figure: Figure, units: number, valuePence: number) => {
    figure.units += units;
    figure.valuePence += valuePence;
  };
  for (const row of grouped) {
    const stock = (byBranch[row.branchId] ??= emptyStock());
    add(stock.total, row.units, row.valuePence);
    add(stock.byStatus[row.status as UnsoldStatus], row.units, row.valuePence);
    add(stock.byAge[row.bucket], row.units, row.valuePence);
  }

  // Each branch's oldest bikes through a lateral join: a short read per branch, not a sort of all aged stock.
  const oldest = db()
    .select({
      id: vehicles.id,
      stockNumber: vehicles.stockNumber,
      make: catalogueModels.make,
      model: catalogueModels.model,
      variant: catalogueModels.variant,
      pricePence: vehicles.retailPricePence,
      inStockOn: vehicles.inStockOn,
    })
    .from(vehicles)
    .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
    .where(and(eq(vehicles.branchId, branches.id), unsold, lte(vehicles.inStockOn, shiftDay(today, -91))))
    .orderBy(asc(vehicles.inStockOn), asc(vehicles.id))
    .limit(AGED_LIST_LIMIT)
    .as("oldest");
  const aged = await db()
    .select({
      branchId: branches.id,
      id: oldest.id,
      stockNumber: oldest.stockNumber,
      make: oldest.make,
      model: oldest.model,
      variant: oldest.variant,
      pricePence: oldest.pricePence,
      inStockOn: oldest.inStockOn,
    })
    .from(branches)
    .innerJoinLateral(oldest, sql`true`)
    .where(seesAllBranches(user) ? undefined : inArray(branches.id, user.branchIds))
    .orderBy(asc(branches.id), asc(oldest.inStockOn), asc(oldest.id));
  for (const { branchId, inStockOn, ...rest } of aged) {
    (byBranch[branchId] ??= emptyStock()).aged.push({ ...rest, daysInStock: daysBetween(inStockOn, today) });
  }
  for (const row of await arrivingByBranch(user)) add((byBranch[row.branchId] ??= emptyStock()).arriving, row.units, row.valuePence);
  return byBranch;
}

/** Open transfers by receiving branch, with the bikes' retail value (the (to_branch_id, status) index). */
export async function arrivingByBranch(user: SessionUser) {
  return db()
    .select({
      branchId: transfers.toBranchId,
      units: sql<string>`count(*)`.mapWith(Number),
      valuePence: sql<string>`sum(${vehicles.retailPricePence})`.mapWith(Number),
    })
    .from(transfers)
    .innerJoin(vehicles, eq(vehicles.id, transfers.vehicleId))
    .where(and(eq(transfers.status, "in_transit"), user.role === "admin" ? undefined : inArray(transfers.toBranchId, user.branchIds)))
    .groupBy(transfers.toBranchId);
}
