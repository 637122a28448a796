import { and, asc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { db, schema } from "@db/client";
import { seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";

const { offers } = schema;
const DAY = 86_400_000;
export const ENDING_SOON_DAYS = 7;
const ENDING_SOON_SHOWN = 10;

/** The day `days` after a YYYY-MM-DD. */
function addDays(isoDate: string, days: number) {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * Live offers (published, valid today in London) that the user's branches run, and those of them
 * ending within seven days (today included), soonest first. Admins see the group; others the offers
 * naming any of their branches (a user with no branch sees none).
 */
export async function offersSummary(user: SessionUser, on = londonToday()) {
  const endsBy = addDays(on, ENDING_SOON_DAYS);
  if (!seesAllBranches(user) && user.branchIds.length === 0) return { liveCount: 0, endingSoon: [], endingSoonCount: 0, endsBy };
  const branchScope: SQL | undefined =
    seesAllBranches(user)
      ? undefined
      : sql`${offers.branchIds} && ${sql`array[${sql.join(user.branchIds.map((id) => sql`${id}::uuid`), sql`, `)}]`}`;
  const live = and(eq(offers.state, "published"), lte(offers.validFrom, on), gte(offers.validTo, on), branchScope);
  const ending = and(live, lte(offers.validTo, endsBy));
  const [counts] = await db()
    .select({
      live: sql<number>`count(*)::int`,
      ending: sql<number>`(count(*) filter (where ${offers.validTo} <= ${endsBy}))::int`,
    })
    .from(offers)
    .where(live);
  const endingSoon = await db()
    .select({ id: offers.id, offerGroupId: offers.offerGroupId, title: offers.title, brand: offers.brand, kind: offers.kind, validTo: offers.validTo })
    .from(offers)
    .where(ending)
    .orderBy(asc(offers.validTo), asc(offers.title))
    .limit(ENDING_SOON_SHOWN);
  return { liveCount: counts?.live ?? 0, endingSoon, endingSoonCount: counts?.ending ?? 0, endsBy };
}

export type OffersSummary = Awaited<ReturnType<typeof offersSummary>>;
