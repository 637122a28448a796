import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@db/client";
import { ageingBucketSql } from "~/modules/stock/stock-dashboard.server";
import { ageingBucket, ageingLabel } from "~/modules/stock/labels";
import { londonToday } from "~/utils/dates";

const today = londonToday();
const daysAgo = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

async function sqlBucket(days: number) {
  const result = (await db().execute(sql`select ${ageingBucketSql(sql`${daysAgo(days)}::date`, today)} as bucket`)) as unknown as
    | { bucket: string }[]
    | { rows: { bucket: string }[] };
  return (Array.isArray(result) ? result : result.rows)[0]!.bucket;
}

// The ranges written out here, not read from the code: 0-30, 31-60, 61-90 and over 90 days.
const EDGES: [days: number, bucket: string][] = [
  [-1, "0-30"],
  [0, "0-30"],
  [30, "0-30"],
  [31, "31-60"],
  [60, "31-60"],
  [61, "61-90"],
  [90, "61-90"],
  [91, "90+"],
  [400, "90+"],
];

describe("ageing buckets: one definition for JavaScript and SQL", () => {
  it.each(EDGES)("puts a bike %i days in stock in %s, in JavaScript and in the dashboard's SQL alike", async (days, bucket) => {
    expect(ageingBucket(days)).toBe(bucket);
    expect(await sqlBucket(days)).toBe(bucket);
  });

  it("labels the open bucket by its lower edge", () => {
    expect(ageingLabel("90+")).toBe("over 90 days");
    expect(ageingLabel("31-60")).toBe("31-60 days");
  });
});
