import { and, eq, gte, inArray, lt, sql, type SQLWrapper } from "drizzle-orm";
import { db, schema } from "@db/client";
import { seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { londonToday, startOfLondonDay } from "~/utils/dates";
import { countExceptions, dealScope, latestConfirmations } from "./finance-list.server";
import { formatMonth, shiftMonth } from "./finance-report.server";

const { financeDeals, vehicles, lenders, lenderAttempts, dealEntries } = schema;

export interface LenderMonth {
  lenderName: string;
  signed: number;
  confirmedPence: number;
  paidPence: number;
}

/**
 * This London month in the user's branches: introductions made and deals signed, finance penetration
 * (signed deals over bikes sold), per lender the commission confirmed on deals signed this month and
 * the commission paid this month (by the payment's date), and how many deals raise each exception.
 */
export async function financeSummary(user: SessionUser, today = londonToday()) {
  const month = today.slice(0, 7);
  const next = shiftMonth(month, 1);
  const start = startOfLondonDay(`${month}-01`);
  const end = startOfLondonDay(`${next}-01`);
  const scope = dealScope(user);
  const inMonth = (column: SQLWrapper) => sql`(${column} >= ${start.toISOString()}::timestamptz and ${column} < ${end.toISOString()}::timestamptz)`;

  const [counts] = await db()
    .select({
      introductions: sql<number>`(count(*) filter (where ${inMonth(financeDeals.createdAt)}))::integer`,
      signed: sql<number>`(count(*) filter (where ${inMonth(financeDeals.signedAt)}))::integer`,
      // Bikes sold this month in the same branches: the denominator of finance penetration.
      bikesSold: sql<number>`(select count(*)::integer from ${vehicles} where ${and(
        gte(vehicles.soldOn, `${month}-01`),
        lt(vehicles.soldOn, `${next}-01`),
        seesAllBranches(user) ? undefined : inArray(vehicles.branchId, user.branchIds),
      )})`,
    })
    .from(financeDeals)
    .where(and(scope, sql`(${inMonth(financeDeals.createdAt)} or ${inMonth(financeDeals.signedAt)})`));
  const { introductions, signed, bikesSold } = counts!;

  const confirmation = latestConfirmations();
  const lenderName = sql<string>`coalesce(${lenders.name}, 'Unknown lender')`;
  const confirmed = await db()
    .select({ lenderName, signed: sql<number>`count(*)::integer`, confirmedPence: sql<number>`coalesce(sum(${confirmation.amountPence}), 0)::float8` })
    .from(financeDeals)
    .leftJoin(lenderAttempts, eq(lenderAttempts.id, financeDeals.signedAttemptId))
    .leftJoin(lenders, eq(lenders.id, lenderAttempts.lenderId))
    .leftJoin(confirmation, eq(confirmation.dealId, financeDeals.id))
    .where(and(scope, gte(financeDeals.signedAt, start), lt(financeDeals.signedAt, end)))
    .groupBy(sql`1`);
  const paid = await db()
    .select({ lenderName, paidPence: sql<number>`coalesce(sum(${dealEntries.amountPence}), 0)::float8` })
    .from(dealEntries)
    .innerJoin(financeDeals, eq(financeDeals.id, dealEntries.dealId))
    .leftJoin(lenderAttempts, eq(lenderAttempts.id, financeDeals.signedAttemptId))
    .leftJoin(lenders, eq(lenders.id, lenderAttempts.lenderId))
    .where(and(scope, eq(dealEntries.kind, "commission_paid"), gte(dealEntries.effectiveOn, `${month}-01`), lt(dealEntries.effectiveOn, `${next}-01`)))
    .groupBy(sql`1`);

  const byLender = new Map<string, LenderMonth>();
  const lender = (name: string) => byLender.get(name) ?? byLender.set(name, { lenderName: name, signed: 0, confirmedPence: 0, paidPence: 0 }).get(name)!;
  for (const row of confirmed) Object.assign(lender(row.lenderName), { signed: row.signed, confirmedPence: Number(row.confirmedPence) });
  for (const row of paid) lender(row.lenderName).paidPence = Number(row.paidPence);

  return {
    month,
    monthLabel: formatMonth(month),
    introductions,
    signed,
    bikesSold,
    /** Signed finance deals over bikes sold; null when no bike was sold. */
    penetration: bikesSold > 0 ? signed / bikesSold : null,
    byLender: [...byLender.values()].sort((a, b) => a.lenderName.localeCompare(b.lenderName)),
    exceptions: await countExceptions(user),
  };
}
export type FinanceSummary = Awaited<ReturnType<typeof financeSummary>>;
