import { and, count, eq, gte, inArray, like, lte, notInArray, or, sql, sum, type GetColumnData, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, schema } from "@db/client";
import { statementCache } from "@db/statements";
import type { VehicleStatus } from "@db/schema/stock";
import { canSeeCost, seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { AGEING_RANGES, type AgeingBucket } from "./labels";
import { UNSOLD_STATUSES, type StockQuery } from "./stock-list.schema";
import { containsPattern } from "~/utils/like";

// The stock list's SQL (stock-list.server.ts is the list itself). Statements are built once per
// shape and kept (see statementCache): a shape is what the SQL text depends on, and the builders
// below see nothing else. What the user typed, today's date and the clock are placeholders, filled
// in from StockValues on every run.

const { vehicles, catalogueModels, branches, reservations, stockCounts, transfers } = schema;


/**
 * Whether an active reservation is past its expiry: an indexed scalar a page's statement carries, so
 * the list's lazy expiry (see expireDueReservations) costs no round trip of its own.
 */
const expiryDueSql = () =>
  sql<boolean>`exists (select 1 from ${reservations} where ${and(eq(reservations.status, "active"), lte(reservations.expiresAt, value("now")))})`;

/** Whose cost prices the user may see: none, every branch's, or those of the branches listed. */
type CostSight = "none" | "all" | string[];

function costSight(user: SessionUser): CostSight {
  if (!canSeeCost(user)) return "none";
  if (user.role === "admin") return "all";
  return user.branchIds.filter((branchId) => canSeeCost(user, branchId)).sort();
}

/**
 * The cost as the user may see it. It is masked in SQL, so a figure the user may not see never
 * leaves the database; for those who may see none the column isn't selected at all.
 */
function costSql(sight: CostSight): SQL<number | null> | null {
  if (sight === "none") return null;
  if (sight === "all") return sql<number | null>`${vehicles.costPricePence}`;
  if (sight.length === 0) return sql<number | null>`null::integer`;
  return sql<number | null>`case when ${inArray(vehicles.branchId, sight)} then ${vehicles.costPricePence} end`;
}

function statusesFor(query: StockQuery): VehicleStatus[] | null {
  if (query.status === "all") return null;
  return query.status === "unsold" ? UNSOLD_STATUSES : [query.status];
}

const includesSold = (statuses: VehicleStatus[] | null) => !statuses || statuses.some((status) => !UNSOLD_STATUSES.includes(status));

export const shiftDay = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What a stock statement's SQL depends on. */
export interface StockShape {
  statuses: VehicleStatus[] | null;
  sort: StockQuery["sort"];
  dir: StockQuery["dir"];
  age: AgeingBucket | null;
  /** Which of the valued filters are set (their values are placeholders). */
  filtered: Record<ValuedFilter, boolean>;
  cost: CostSight;
}

const VALUED_FILTERS = ["q", "branch", "arriving", "mine", "make", "model", "category", "condition", "minPrice", "maxPrice"] as const;
type ValuedFilter = (typeof VALUED_FILTERS)[number];

/** The values a stock statement's placeholders take. */
export type StockValues = {
  today: string;
  /** An ISO string: a placeholder's value skips the column's own mapping, and the driver passes dates through as text. */
  now: string;
  pattern?: string;
  branch?: string;
  arriving?: string;
  /** The user's own branches' ids, comma-separated (one text placeholder, read the same by both drivers). */
  mine?: string;
  make?: string;
  model?: string;
  category?: string;
  condition?: string;
  intakeFrom?: string;
  intakeTo?: string;
  minPrice?: number;
  maxPrice?: number;
  limit?: number;
  offset?: number;
};

const value = (name: keyof StockValues) => sql.placeholder(name);

export function shapeOf(user: SessionUser, query: StockQuery): StockShape {
  return {
    statuses: statusesFor(query),
    sort: query.sort,
    dir: query.dir,
    age: query.age ?? null,
    filtered: Object.fromEntries(
      VALUED_FILTERS.map((name) => [name, name === "mine" ? ownBranchesOnly(user, query) : query[name] !== undefined && query[name] !== ""]),
    ) as StockShape["filtered"],
    cost: costSight(user),
  };
}

/** Which bikes a list shows without a branch chosen: a user with branches sees theirs unless they ask for the group. */
export function stockScope(user: SessionUser, query: StockQuery): "branch" | "mine" | "all" {
  // A named branch, or bikes arriving at one (which are still under the sender's branch), is the scope itself.
  if (query.branch || query.arriving) return "branch";
  if (seesAllBranches(user) || user.branchIds.length === 0) return "all";
  return query.scope ?? "mine";
}

const ownBranchesOnly = (user: SessionUser, query: StockQuery) => stockScope(user, query) === "mine";

export function valuesOf(user: SessionUser, query: StockQuery): StockValues {
  const today = londonToday();
  const [min, max] = query.age ? AGEING_RANGES[query.age] : [null, null];
  return {
    today,
    now: new Date().toISOString(),
    pattern: query.q ? containsPattern(query.q.toLowerCase()) : undefined,
    branch: query.branch,
    arriving: query.arriving,
    mine: ownBranchesOnly(user, query) ? user.branchIds.join(",") : undefined,
    make: query.make,
    model: query.model,
    category: query.category,
    condition: query.condition,
    // Unsold bikes in an age bucket: a range of intake dates.
    intakeFrom: max === null ? undefined : shiftDay(today, -max),
    intakeTo: min === null ? undefined : shiftDay(today, -min),
    minPrice: query.minPrice,
    maxPrice: query.maxPrice,
    limit: query.size,
    offset: (query.page - 1) * query.size,
  };
}

/** A sold bike's days in stock stop at its sale. */
const daysSql = () => sql<number>`(coalesce(${vehicles.soldOn}, ${value("today")}::date) - ${vehicles.inStockOn})`;

function ageCondition(bucket: AgeingBucket, withSold: boolean): SQL {
  const [min, max] = AGEING_RANGES[bucket];
  // Unsold bikes: a range of intake dates, which the (branch, status, in_stock_on) index serves.
  const byDate = and(min === null ? undefined : lte(vehicles.inStockOn, value("intakeTo")), max === null ? undefined : gte(vehicles.inStockOn, value("intakeFrom")))!;
  if (!withSold) return byDate;
  // Sold bikes age to their sale date, so for them the bucket is a range of days.
  const days = daysSql();
  const byDays = and(min === null ? undefined : gte(days, min), max === null ? undefined : lte(days, max))!;
  return or(and(inArray(vehicles.status, UNSOLD_STATUSES), byDate), and(notInArray(vehicles.status, UNSOLD_STATUSES), byDays))!;
}

const branchIdSql = (name: "branch" | "arriving" = "branch") => sql`(select ${branches.id} from ${branches} where ${branches.slug} = ${value(name)})`;

/** Bikes on their way to the branch named by slug: an open transfer to it (the (to_branch_id, status) index). */
const arrivingSql = () =>
  inArray(
    vehicles.id,
    db()
      .select({ id: transfers.vehicleId })
      .from(transfers)
      .where(and(eq(transfers.status, "in_transit"), eq(transfers.toBranchId, branchIdSql("arriving")))),
  );

/** Where a bike in transit is going; only in-transit bikes look (the one open transfer, by its unique index). */
const transferToSql = () =>
  sql<string | null>`case when ${vehicles.status} = 'in_transit' then (select to_branch.name from ${transfers} inner join ${branches} to_branch on to_branch.id = ${transfers.toBranchId} where ${transfers.vehicleId} = ${vehicles.id} and ${transfers.status} = 'in_transit') end`;
const ownBranchIdsSql = () => sql`any(string_to_array(${value("mine")}, ',')::uuid[])`;

/** Whether branch is the only filter but status: then the kept counts (stock_counts) answer for the counts. */
const branchOnly = (shape: StockShape) => !shape.age && VALUED_FILTERS.every((name) => name === "branch" || name === "mine" || !shape.filtered[name]);

/** Every filter but status (the status counts are split by it). */
function filterConditions(shape: StockShape, withSold: boolean): SQL[] {
  const { filtered } = shape;
  const out: SQL[] = [];
  // search_text is stored lower case, so a plain LIKE of the lower-cased term matches what ILIKE would,
  // the trigram index serves both, and LIKE reads each candidate row two to three times faster.
  if (filtered.q) out.push(like(vehicles.searchText, value("pattern")));
  if (filtered.branch) out.push(eq(vehicles.branchId, branchIdSql()));
  if (filtered.arriving) out.push(arrivingSql());
  if (filtered.mine) out.push(sql`${vehicles.branchId} = ${ownBranchIdsSql()}`);
  if (filtered.make || filtered.model || filtered.category) {
    const models = db()
      .select({ id: catalogueModels.id })
      .from(catalogueModels)
      .where(
        and(
          filtered.make ? eq(catalogueModels.make, value("make")) : undefined,
          filtered.model ? eq(catalogueModels.model, value("model")) : undefined,
          filtered.category ? eq(catalogueModels.category, value("category")) : undefined,
        ),
      );
    out.push(inArray(vehicles.modelId, models));
  }
  if (filtered.condition) out.push(eq(vehicles.condition, value("condition")));
  if (shape.age) out.push(ageCondition(shape.age, withSold));
  if (filtered.minPrice) out.push(gte(vehicles.retailPricePence, value("minPrice")));
  if (filtered.maxPrice) out.push(lte(vehicles.retailPricePence, value("maxPrice")));
  return out;
}

interface SortKey {
  expr: SQLWrapper;
  desc: boolean;
  /** For nullable values: blanks last either way round. Not-null columns keep plain order, which an index can serve. */
  nullsLast?: boolean;
}

/** The sort whitelist: each column id maps to expressions, never to text from the URL. */
function sortKeys(shape: StockShape, withSold: boolean, cost: SQL | null): SortKey[] {
  const desc = shape.dir === "desc";
  const key = (expr: SQLWrapper, nullsLast = false): SortKey => ({ expr, desc, nullsLast });
  const keys: Record<StockQuery["sort"], () => SortKey[]> = {
    stockNumber: () => [key(vehicles.stockNumber)],
    model: () => [key(catalogueModels.make), key(catalogueModels.model), key(catalogueModels.variant), key(catalogueModels.modelYear, true)],
    category: () => [key(catalogueModels.category)],
    condition: () => [key(vehicles.condition)],
    branch: () => [key(branches.name)],
    status: () => [key(vehicles.status)],
    transferTo: () => [key(transferToSql(), true)],
    registration: () => [key(vehicles.registration, true)],
    vin: () => [key(vehicles.vin)],
    colour: () => [key(vehicles.colour)],
    mileage: () => [key(vehicles.mileage)],
    price: () => [key(vehicles.retailPricePence)],
    cost: () => [key(cost ?? sql`null`, true)],
    margin: () => [key(cost ? sql`${vehicles.retailPricePence} - ${cost}` : sql`null`, true)],
    // More days in stock is an earlier intake date: the index order, read the other way.
    daysInStock: () => (withSold ? [key(daysSql())] : [{ expr: vehicles.inStockOn, desc: !desc }]),
  };
  // The (unique) stock number breaks ties, so paging never repeats or skips a row.
  return shape.sort === "stockNumber" ? keys.stockNumber() : [...keys[shape.sort](), { expr: vehicles.stockNumber, desc: false }];
}

const orderSql = (key: SortKey, expr: SQLWrapper = key.expr) => sql`${expr} ${sql.raw(key.desc ? "desc" : "asc")}${sql.raw(key.nullsLast ? " nulls last" : "")}`;

const COLUMNS = {
  id: vehicles.id,
  stockNumber: vehicles.stockNumber,
  branchId: vehicles.branchId,
  branchName: branches.name,
  make: catalogueModels.make,
  model: catalogueModels.model,
  variant: catalogueModels.variant,
  modelYear: catalogueModels.modelYear,
  category: catalogueModels.category,
  condition: vehicles.condition,
  status: vehicles.status,
  registration: vehicles.registration,
  vin: vehicles.vin,
  colour: vehicles.colour,
  mileage: vehicles.mileage,
  pricePence: vehicles.retailPricePence,
  inStockOn: vehicles.inStockOn,
};

/** A row's columns; days in stock come from SQL too (a sold bike's stop at its sale; a future date counts as 0). */
const columns = () => ({ ...COLUMNS, daysInStock: sql<number>`greatest(0, ${daysSql()})`.mapWith(Number), transferTo: transferToSql() });

type Selected = { [K in keyof typeof COLUMNS]: GetColumnData<(typeof COLUMNS)[K]> } & { daysInStock: number; transferTo: string | null };
export type SelectedRow = Selected & { costPence?: number | null };

/** Rows with their model and branch names, and cost as the user may see it. */
function selectRows(cost: SQL<number | null> | null, pageFacts: PageFacts | null = null) {
  return db()
    .select({ ...columns(), ...(cost ? { costPence: cost } : {}), ...pageFacts })
    .from(vehicles)
    .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
    .innerJoin(branches, eq(branches.id, vehicles.branchId))
    .$dynamic();
}

function plan(shape: StockShape) {
  const withSold = includesSold(shape.statuses);
  const cost = costSql(shape.cost);
  return { withSold, cost, keys: sortKeys(shape, withSold, cost) };
}

/** The counts by status under every filter but status, as JSON text: a scalar subquery the page carries. */
function statusCountsSql(shape: StockShape) {
  if (branchOnly(shape)) {
    // A few kept rows instead of counting the branch's (or the group's) bikes on every page.
    const kept = db()
      .select({ status: stockCounts.status, n: sum(stockCounts.bikes).as("n") })
      .from(stockCounts)
      .where(
        shape.filtered.branch ? eq(stockCounts.branchId, branchIdSql()) : shape.filtered.mine ? sql`${stockCounts.branchId} = ${ownBranchIdsSql()}` : undefined,
      )
      .groupBy(stockCounts.status);
    return sql<string>`(select json_object_agg(s.status, s.n)::text from (${kept}) s)`;
  }
  // Sold bikes are among the counts, so ages here run to the sale date (see ageCondition).
  const grouped = db()
    .select({ status: vehicles.status, n: count().as("n") })
    .from(vehicles)
    .where(and(...filterConditions(shape, true)))
    .groupBy(vehicles.status);
  return sql<string>`(select json_object_agg(s.status, s.n)::text from (${grouped}) s)`;
}

/** Facts about the whole page that ride on every row (scalar subqueries, computed once): one statement, not three. */
type PageFacts = { counts: SQL<string>; expiryDue: SQL<boolean> };
export type PageRow = SelectedRow & { counts?: string; expiryDue?: boolean };

/** Rows in table order (limit and offset are values); with `facts`, the status counts and the expiry check ride on every row. */
function rowsStatement(shape: StockShape, facts: boolean) {
  const { withSold, cost, keys } = plan(shape);
  return selectRows(cost, facts ? { counts: statusCountsSql(shape), expiryDue: expiryDueSql() } : null)
    .where(and(...filterConditions(shape, withSold), shape.statuses ? inArray(vehicles.status, shape.statuses) : undefined))
    .orderBy(...keys.map((key) => orderSql(key)))
    .limit(value("limit"))
    .offset(value("offset"))
    .prepare("stock_rows");
}

/**
 * A search matches bikes anywhere, in no index's order: its matches (under every filter but status)
 * are read once into a CTE of ids, statuses and sort keys, then both sorted for the page and counted
 * by status in one statement, and only the page's 50 rows are joined for their labels. Reading the
 * matches twice (a page query and a count) cost up to twice as much at 100,000 bikes, and a sort
 * column's own index tempted the planner into walking it past thousands of non-matches. The counts
 * ride on every row; an empty page returns none, and the caller counts separately.
 */
function searchStatement(shape: StockShape) {
  const { cost, keys } = plan(shape);
  // Only what sorting needs goes into the CTE: a wide row per match made a broad search slower, not faster.
  const sortFields = Object.fromEntries(keys.map((key, i) => [`k${i}`, sql`${key.expr}`.as(`k${i}`)]));
  let matching = db().select({ id: vehicles.id, status: vehicles.status, ...sortFields }).from(vehicles).$dynamic();
  if (shape.sort === "model" || shape.sort === "category") matching = matching.innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId));
  if (shape.sort === "branch") matching = matching.innerJoin(branches, eq(branches.id, vehicles.branchId));
  const matched = db().$with("matched").as(matching.where(and(...filterConditions(shape, true))));
  const field = (source: object, i: number) => (source as Record<string, SQLWrapper>)[`k${i}`]!;
  const page = db()
    .select()
    .from(matched)
    .where(shape.statuses ? inArray(matched.status, shape.statuses) : undefined)
    .orderBy(...keys.map((key, i) => orderSql(key, field(matched, i))))
    .limit(value("limit"))
    .offset(value("offset"))
    .as("page");
  const counts = sql<string>`(select json_object_agg(s.status, s.n)::text from (select status, count(*) as n from ${matched} group by status) s)`;
  return db()
    .with(matched)
    .select({ ...columns(), ...(cost ? { costPence: cost } : {}), counts, expiryDue: expiryDueSql() })
    .from(page)
    .innerJoin(vehicles, eq(vehicles.id, page.id))
    .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
    .innerJoin(branches, eq(branches.id, vehicles.branchId))
    .orderBy(...keys.map((key, i) => orderSql(key, field(page, i))))
    .prepare("stock_search");
}

function countsStatement(shape: StockShape) {
  return db().select({ counts: statusCountsSql(shape) }).from(sql`(select 1) one`).prepare("stock_counts");
}

// Building a statement cost more than running it, so each shape is built once.
const rowStatements = statementCache<ReturnType<typeof rowsStatement>>();
const searchStatements = statementCache<ReturnType<typeof searchStatement>>();
const countStatements = statementCache<ReturnType<typeof countsStatement>>();

/** A page's rows in table order; with `facts`, the status counts and the expiry check ride on each. */
export function readRows(shape: StockShape, values: StockValues, facts = false) {
  const statement = rowStatements(JSON.stringify([shape, facts]), () => rowsStatement(shape, facts));
  return statement.execute(values) as Promise<PageRow[]>;
}

/** A search's page of rows, each carrying the counts by status and the expiry check. */
export function readSearchRows(shape: StockShape, values: StockValues) {
  const statement = searchStatements(JSON.stringify(shape), () => searchStatement(shape));
  return statement.execute(values) as Promise<PageRow[]>;
}

/** The counts by status under every filter but status, as JSON text (null when nothing matches). */
export async function readStatusCounts(shape: StockShape, values: StockValues) {
  const statement = countStatements(JSON.stringify(shape), () => countsStatement(shape));
  const [row] = await statement.execute(values);
  return row?.counts ?? null;
}
