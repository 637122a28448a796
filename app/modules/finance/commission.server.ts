import { and, desc, eq, gte, isNull, lte, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { DEFAULT_REVIEW_THRESHOLDS, type ReviewThresholds } from "./commission";
import { getSetting } from "./documents.server";

const { commissionSchedules, lenders } = schema;

/**
 * The schedule in force for a lender on a day for this bike: a row for the model beats one for the
 * brand, which beats the lender's general row; among equals the newest version wins.
 */
export async function scheduleInForce(input: { lenderId: string; on: string; brand: string; modelId: string | null }, tx?: Transaction) {
  const rows = await (tx ?? db())
    .select()
    .from(commissionSchedules)
    .where(
      and(
        eq(commissionSchedules.lenderId, input.lenderId),
        lte(commissionSchedules.effectiveFrom, input.on),
        or(isNull(commissionSchedules.effectiveTo), gte(commissionSchedules.effectiveTo, input.on)),
        or(isNull(commissionSchedules.brand), sql`lower(${commissionSchedules.brand}) = lower(${input.brand})`),
        input.modelId ? or(isNull(commissionSchedules.modelId), eq(commissionSchedules.modelId, input.modelId)) : isNull(commissionSchedules.modelId),
      ),
    )
    .orderBy(desc(commissionSchedules.version));
  const rank = (row: (typeof rows)[number]) => (row.modelId ? 2 : row.brand ? 1 : 0);
  return rows.sort((a, b) => rank(b) - rank(a) || b.version - a.version)[0] ?? null;
}

/** The manufacturer (captive) lender for a brand, when the panel has one. */
export async function manufacturerLender(brand: string, tx?: Transaction) {
  const [lender] = await (tx ?? db())
    .select()
    .from(lenders)
    .where(and(eq(lenders.active, true), sql`exists (select 1 from unnest(${lenders.captiveBrands}) b where lower(b) = lower(${brand}))`));
  return lender ?? null;
}

/** Pass `tx` inside a transaction: PGlite runs one at a time, so a query outside it would wait forever. */
export async function reviewThresholds(tx?: Transaction): Promise<ReviewThresholds> {
  return { ...DEFAULT_REVIEW_THRESHOLDS, ...(await getSetting("commission_review_thresholds", tx)) };
}

/**
 * needsReview (commission.ts) in SQL, so the finance list can filter and page on it: commission reaches a
 * threshold when the whole is above 0 and commission / whole * 100 >= the percent, by the same float8
 * division and comparison as the JavaScript, so both agree at the threshold. Change one, change both: a
 * test holds them together at each threshold and a penny under.
 */
export function needsReviewSql(
  commissionPence: SQLWrapper,
  figures: { chargeForCreditPence: SQLWrapper; creditPence: SQLWrapper },
  thresholds: ReviewThresholds,
): SQL<boolean> {
  const reaches = (whole: SQLWrapper, percent: number) =>
    sql`(${whole}::float8 > 0 and (${commissionPence}::float8 / ${whole}::float8) * 100 >= ${percent}::float8)`;
  return sql<boolean>`(${reaches(figures.chargeForCreditPence, thresholds.chargeForCreditPercent)} or ${reaches(figures.creditPence, thresholds.creditPercent)})`;
}
