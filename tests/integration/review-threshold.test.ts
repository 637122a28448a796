import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@db/client";
import { commissionRatios, needsReview } from "~/modules/finance/commission";
import { needsReviewSql } from "~/modules/finance/commission.server";

// The thresholds written out: 35% of the charge for credit, 10% of the credit.
const THRESHOLDS = { chargeForCreditPercent: 35, creditPercent: 10 };

async function sqlFlag(commissionPence: number, chargeForCreditPence: number, creditPence: number) {
  const flag = needsReviewSql(sql`${commissionPence}::integer`, { chargeForCreditPence: sql`${chargeForCreditPence}::integer`, creditPence: sql`${creditPence}::integer` }, THRESHOLDS);
  const result = (await db().execute(sql`select ${flag} as flag`)) as unknown as { flag: boolean }[] | { rows: { flag: boolean }[] };
  return (Array.isArray(result) ? result : result.rows)[0]!.flag;
}

const jsFlag = (commissionPence: number, chargeForCreditPence: number, creditPence: number) =>
  needsReview(commissionRatios(commissionPence, { chargeForCreditPence, creditPence, totalPayablePence: creditPence + chargeForCreditPence }), THRESHOLDS);

const CASES: [name: string, commission: number, charge: number, credit: number, flagged: boolean][] = [
  ["exactly 35% of the charge for credit is flagged", 3_500, 10_000, 1_000_000, true],
  ["a penny under 35% of the charge for credit is not flagged", 3_499, 10_000, 1_000_000, false],
  ["35% of an uneven charge for credit (432,098.45p), rounded up is flagged", 432_099, 1_234_567, 100_000_000, true],
  ["a penny under 35% of an uneven charge for credit is not flagged", 432_098, 1_234_567, 100_000_000, false],
  ["exactly 10% of the credit is flagged", 10_000, 10_000_000, 100_000, true],
  ["a penny under 10% of the credit is not flagged", 9_999, 10_000_000, 100_000, false],
  ["10% of an uneven credit (123,456.7p), rounded up is flagged", 123_457, 100_000_000, 1_234_567, true],
  ["a penny under 10% of an uneven credit is not flagged", 123_456, 100_000_000, 1_234_567, false],
  ["no charge for credit (interest-free) and under 10% of the credit is not flagged", 500, 0, 100_000, false],
];

describe("the commission review threshold: one rule for JavaScript and the finance list's SQL", () => {
  it.each(CASES)("%s: JavaScript and SQL agree on the flag", async (_name, commission, charge, credit, flagged) => {
    expect(jsFlag(commission, charge, credit)).toBe(flagged);
    expect(await sqlFlag(commission, charge, credit)).toBe(flagged);
  });
});
