import { and, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { londonToday, startOfLondonDay } from "~/utils/dates";
import { dealScope, latestConfirmations } from "./finance-list.server";

const { financeDeals, branches, lenders, lenderAttempts } = schema;

/** Histogram buckets: commission as % of the credit, and APR (%); the last of each is open-ended. */
export const COMMISSION_EDGES = [2, 4, 6, 8, 10] as const;
export const APR_EDGES = [5, 10, 15, 20] as const;

export interface MonthRange {
  from: string;
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 120;

/** "2026-03" shifted by whole months. */
export function shiftMonth(month: string, by: number) {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function monthsBetween(from: string, to: string) {
  const out: string[] = [];
  for (let month = from; month <= to && out.length < MAX_MONTHS; month = shiftMonth(month, 1)) out.push(month);
  return out;
}

/** The months asked for (YYYY-MM, London), by default the last 12 including this one; backwards is read the right way round. */
export function parseMonthRange(searchParams: URLSearchParams, today = londonToday()): MonthRange {
  const thisMonth = today.slice(0, 7);
  const read = (name: string) => (MONTH.test(searchParams.get(name) ?? "") ? searchParams.get(name)! : null);
  let to = read("to") ?? thisMonth;
  let from = read("from") ?? shiftMonth(to, -11);
  if (from > to) [from, to] = [to, from];
  if (monthsBetween(from, to).at(-1) !== to) from = shiftMonth(to, -(MAX_MONTHS - 1));
  return { from, to };
}

const monthLabel = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "short", year: "numeric" });
export const formatMonth = (month: string) => monthLabel.format(new Date(`${month}-01T00:00:00Z`));

const bucketLabels = (edges: readonly number[]) => [...edges.map((edge, i) => `${i === 0 ? 0 : edges[i - 1]}–${edge}%`), `${edges.at(-1)}%+`];
export const COMMISSION_BUCKET_LABELS = bucketLabels(COMMISSION_EDGES);
export const APR_BUCKET_LABELS = bucketLabels(APR_EDGES);

/** Signed deals in the range, one row each, with the figures as signed and the confirmed commission. */
function signedFacts(user: SessionUser, range: MonthRange) {
  const confirmation = latestConfirmations();
  const figure = (field: string) => sql<number | null>`(${financeDeals.signedFigures}->>${sql.raw(`'${field}'`)})::float8`;
  return db()
    .select({
      lenderName: sql<string>`coalesce(${lenders.name}, 'Unknown lender')`.as("lender_name"),
      branchSlug: sql<string>`${branches.slug}`.as("branch_slug"),
      branchName: sql<string>`${branches.name}`.as("branch_name"),
      month: sql<string>`to_char(${financeDeals.signedAt} at time zone 'Europe/London', 'YYYY-MM')`.as("month"),
      credit: figure("creditPence").as("credit"),
      charge: figure("chargeForCreditPence").as("charge"),
      apr: figure("aprBasisPoints").as("apr"),
      commission: sql<number | null>`${confirmation.amountPence}::float8`.as("commission"),
    })
    .from(financeDeals)
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .leftJoin(lenderAttempts, eq(lenderAttempts.id, financeDeals.signedAttemptId))
    .leftJoin(lenders, eq(lenders.id, lenderAttempts.lenderId))
    .leftJoin(confirmation, eq(confirmation.dealId, financeDeals.id))
    .where(
      and(
        dealScope(user),
        isNotNull(financeDeals.signedAt),
        gte(financeDeals.signedAt, startOfLondonDay(`${range.from}-01`)),
        lt(financeDeals.signedAt, startOfLondonDay(`${shiftMonth(range.to, 1)}-01`)),
      ),
    )
    .as("facts");
}

export interface ReportRow {
  key: string;
  label: string;
  deals: number;
  creditPence: number;
  commissionPence: number;
  /** Ratios (0.05 = 5%); null when no deal in the group has a figure. */
  averageOfCredit: number | null;
  medianOfCredit: number | null;
  averageOfCharge: number | null;
  medianOfCharge: number | null;
  averageAprBasisPoints: number | null;
  commissionBuckets: number[];
  aprBuckets: number[];
}

const emptyRow = (key: string, label: string): ReportRow => ({
  key,
  label,
  deals: 0,
  creditPence: 0,
  commissionPence: 0,
  averageOfCredit: null,
  medianOfCredit: null,
  averageOfCharge: null,
  medianOfCharge: null,
  averageAprBasisPoints: null,
  commissionBuckets: COMMISSION_BUCKET_LABELS.map(() => 0),
  aprBuckets: APR_BUCKET_LABELS.map(() => 0),
});

/**
 * Commission and APR of signed deals by lender, branch and London month, with the whole range's
 * distributions: one grouped statement (grouping sets), counts per bucket as filtered aggregates.
 */
export async function financeReport(user: SessionUser, range: MonthRange) {
  const f = signedFacts(user, range);
  const ofCredit = sql`${f.commission} / nullif(${f.credit}, 0)`;
  const ofCharge = sql`${f.commission} / nullif(${f.charge}, 0)`;
  // Percent of credit compared as commission × 100 against edge × credit: whole pence, exact in float8.
  const commissionBucket = (low?: number, high?: number) =>
    sql<number>`(count(*) filter (where ${f.commission} is not null and ${f.credit} > 0
      ${low === undefined ? sql`` : sql`and ${f.commission} * 100 >= ${low}::float8 * ${f.credit}`}
      ${high === undefined ? sql`` : sql`and ${f.commission} * 100 < ${high}::float8 * ${f.credit}`}))::integer`;
  const aprBucket = (low?: number, high?: number) =>
    sql<number>`(count(*) filter (where ${f.apr} is not null
      ${low === undefined ? sql`` : sql`and ${f.apr} >= ${low * 100}::float8`}
      ${high === undefined ? sql`` : sql`and ${f.apr} < ${high * 100}::float8`}))::integer`;
  const edges = <E extends readonly number[]>(list: E) => [undefined, ...list].map((low, i) => [low, list[i]] as const);
  const rows = await db()
    .select({
      dimension: sql<"lender" | "branch" | "month" | "all">`case when grouping(${f.lenderName}) = 0 then 'lender' when grouping(${f.branchSlug}) = 0 then 'branch'
        when grouping(${f.month}) = 0 then 'month' else 'all' end`,
      lenderName: f.lenderName,
      branchSlug: f.branchSlug,
      branchName: f.branchName,
      month: f.month,
      deals: sql<number>`count(*)::integer`,
      creditPence: sql<number>`coalesce(sum(${f.credit}), 0)`,
      commissionPence: sql<number>`coalesce(sum(${f.commission}), 0)`,
      averageOfCredit: sql<number | null>`avg(${ofCredit})`,
      medianOfCredit: sql<number | null>`percentile_cont(0.5) within group (order by ${ofCredit})`,
      averageOfCharge: sql<number | null>`avg(${ofCharge})`,
      medianOfCharge: sql<number | null>`percentile_cont(0.5) within group (order by ${ofCharge})`,
      averageAprBasisPoints: sql<number | null>`avg(${f.apr})`,
      commissionBuckets: sql<number[]>`array[${sql.join(edges(COMMISSION_EDGES).map(([low, high]) => commissionBucket(low, high)), sql`, `)}]`,
      aprBuckets: sql<number[]>`array[${sql.join(edges(APR_EDGES).map(([low, high]) => aprBucket(low, high)), sql`, `)}]`,
    })
    .from(f)
    .groupBy(sql`grouping sets ((${f.lenderName}), (${f.branchSlug}, ${f.branchName}), (${f.month}), ())`);

  const toRow = (key: string, label: string, row: (typeof rows)[number]): ReportRow => ({
    ...emptyRow(key, label),
    ...Object.fromEntries(
      (["deals", "creditPence", "commissionPence", "averageOfCredit", "medianOfCredit", "averageOfCharge", "medianOfCharge", "averageAprBasisPoints"] as const).map((name) => [
        name,
        row[name] === null ? null : Number(row[name]),
      ]),
    ),
    commissionBuckets: row.commissionBuckets.map(Number),
    aprBuckets: row.aprBuckets.map(Number),
  });
  const byName = (a: ReportRow, b: ReportRow) => a.label.localeCompare(b.label);
  const byLender = rows.filter((r) => r.dimension === "lender").map((r) => toRow(r.lenderName, r.lenderName, r)).sort(byName);
  const byBranch = rows.filter((r) => r.dimension === "branch").map((r) => toRow(r.branchSlug, r.branchName, r)).sort(byName);
  // Every month of the range shows, a quiet one as zeros.
  const months = new Map(rows.filter((r) => r.dimension === "month").map((r) => [r.month, r]));
  const byMonth = monthsBetween(range.from, range.to).map((month) => {
    const row = months.get(month);
    return row ? toRow(month, formatMonth(month), row) : emptyRow(month, formatMonth(month));
  });
  const all = rows.find((r) => r.dimension === "all");
  const total = all ? toRow("all", "All signed deals", all) : emptyRow("all", "All signed deals");
  return { range, total, byLender, byBranch, byMonth, commissionBucketLabels: COMMISSION_BUCKET_LABELS, aprBucketLabels: APR_BUCKET_LABELS };
}
export type FinanceReport = Awaited<ReturnType<typeof financeReport>>;
