import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { endOfLondonDay, startOfLondonDay } from "~/utils/dates";
import type { ReviewThresholds } from "./commission";
import { needsReviewSql, reviewThresholds } from "./commission.server";
import { CONSENT_STALE_DAYS, FINANCE_EXCEPTIONS, type DealFlags, type FinanceColumnId, type FinanceException } from "./finance-list.labels";
import type { FinanceQuery } from "./finance-list.schema";
import { containsPattern } from "~/utils/like";

// Routes take the query helpers from here: a `.server` import keeps zod out of the browser bundle.
export { financeFilterParams, parseFinanceQuery } from "./finance-list.schema";

const { financeDeals, branches, users, lenders, lenderAttempts, commissionConfirmations, dealDisclosures, dealConsents, dealEntries, commissionReviews, acceptanceWithdrawals } = schema;

/** An export larger than this is cut short, and says so. */
export const FINANCE_CSV_LIMIT = 50_000;

/** The deals a user may see, as a condition for any finance query: admins all, others their branches. */
export function dealScope(user: SessionUser): SQL | undefined {
  if (!can(user, "finance:view")) return sql`false`;
  return seesAllBranches(user) ? undefined : inArray(financeDeals.branchId, user.branchIds);
}


/**
 * Each deal's latest confirmed commission, one pass over the confirmations (DISTINCT ON), joined on
 * the deal: also used by the report and the dashboard.
 */
export function latestConfirmations() {
  return db()
    .selectDistinctOn([commissionConfirmations.dealId], { dealId: commissionConfirmations.dealId, amountPence: commissionConfirmations.amountPence })
    .from(commissionConfirmations)
    .orderBy(commissionConfirmations.dealId, desc(commissionConfirmations.confirmedAt), desc(commissionConfirmations.createdAt))
    .as("confirmation");
}

/**
 * Per-deal facts, each a derived table of one row per deal joined on the deal id (no N+1): the attempt
 * whose lender the list shows (the accepted one, else the latest), the latest confirmation and
 * disclosure, the commission paid and the legal hold (from the entries), the latest initial consent.
 * Set-based rather than lateral: a read per deal costs more than one pass over each table and hash
 * joins (README, Performance).
 */
function facts() {
  // The acceptance in force (accepted or countered, not withdrawn), with the lender's approved terms.
  const live = sql<boolean>`(${lenderAttempts.outcome} in ('accepted', 'countered') and not exists (select 1 from ${acceptanceWithdrawals} where ${acceptanceWithdrawals.attemptId} = ${lenderAttempts.id}))`;
  const attempt = db()
    .selectDistinctOn([lenderAttempts.dealId], {
      dealId: lenderAttempts.dealId,
      lenderId: lenderAttempts.lenderId,
      outcome: lenderAttempts.outcome,
      live: live.as("live"),
      quote: sql`coalesce(${lenderAttempts.approvedFigures}, ${lenderAttempts.quote})`.as("quote"),
    })
    .from(lenderAttempts)
    .orderBy(lenderAttempts.dealId, sql`${live} desc`, desc(lenderAttempts.sequence))
    .as("attempt");
  const disclosure = db()
    .selectDistinctOn([dealDisclosures.dealId], { dealId: dealDisclosures.dealId, estimatedPence: dealDisclosures.estimatedCommissionPence })
    .from(dealDisclosures)
    .orderBy(dealDisclosures.dealId, desc(dealDisclosures.givenAt), desc(dealDisclosures.createdAt))
    .as("disclosure");
  const paid = sql`${dealEntries.kind} = 'commission_paid'`;
  const entries = db()
    .select({
      dealId: dealEntries.dealId,
      paidPence: sql<number | null>`(sum(${dealEntries.amountPence}) filter (where ${paid}))::integer`.as("paid_pence"),
      paidCount: sql<number>`(count(*) filter (where ${paid}))::integer`.as("paid_count"),
      // The latest hold entry decides, as on the deal's page.
      holdOn: sql<boolean>`coalesce((array_agg(${dealEntries.kind} order by ${dealEntries.createdAt} desc, ${dealEntries.effectiveOn} desc)
        filter (where ${dealEntries.kind} in ('legal_hold_on', 'legal_hold_off')))[1] = 'legal_hold_on', false)`.as("hold_on"),
    })
    .from(dealEntries)
    .groupBy(dealEntries.dealId)
    .as("entries");
  const consent = db()
    .select({ dealId: dealConsents.dealId, latestInitial: sql<Date | null>`max(${dealConsents.givenAt})`.as("latest_initial") })
    .from(dealConsents)
    .where(eq(dealConsents.kind, "initial"))
    .groupBy(dealConsents.dealId)
    .as("consent");
  return { attempt, confirmation: latestConfirmations(), disclosure, entries, consent };
}
type Facts = ReturnType<typeof facts>;

const quoteNumber = (l: Facts, field: "commissionPence" | "creditPence" | "chargeForCreditPence") => sql`(${l.attempt.quote}->>${sql.raw(`'${field}'`)})`;

/**
 * The exception conditions. "Review needed" is needsReview in SQL (needsReviewSql, commission.server.ts)
 * so the list can filter and page on it. Closed deals (not proceeding) await nothing, so they raise no review or consent flag.
 */
function flagSql(l: Facts, thresholds: ReviewThresholds, now: Date): Record<keyof DealFlags, SQL<boolean>> {
  const open = sql`${financeDeals.status} <> 'not_proceeding'`;
  const amount = sql`coalesce(${l.confirmation.amountPence}, ${quoteNumber(l, "commissionPence")}::integer)`;
  const staleBefore = new Date(now.getTime() - CONSENT_STALE_DAYS * 86_400_000).toISOString();
  return {
    reviewNeeded: sql<boolean>`coalesce(${l.attempt.live} and ${open}
      and ${needsReviewSql(amount, { chargeForCreditPence: quoteNumber(l, "chargeForCreditPence"), creditPence: quoteNumber(l, "creditPence") }, thresholds)}
      and not exists (select 1 from ${commissionReviews} where ${commissionReviews.dealId} = ${financeDeals.id} and ${commissionReviews.commissionPence} = ${amount}), false)`,
    paidDiffers: sql<boolean>`coalesce(${l.entries.paidCount} > 0 and (${l.confirmation.amountPence} is null or ${l.entries.paidPence} <> ${l.confirmation.amountPence}), false)`,
    vulnerable: sql<boolean>`${financeDeals.vulnerable}`,
    staleConsent: sql<boolean>`coalesce(${financeDeals.signedAt} is null and ${open} and ${l.consent.latestInitial} < ${staleBefore}::timestamptz, false)`,
    legalHold: sql<boolean>`coalesce(${l.entries.holdOn}, false)`,
  };
}

const EXCEPTION_FLAG: Record<FinanceException, keyof DealFlags> = {
  "review-needed": "reviewNeeded",
  "paid-differs": "paidDiffers",
  vulnerable: "vulnerable",
  "stale-consent": "staleConsent",
};

/** The user's scope and every filter; `withException: false` leaves the exception out (for its counts). */
function conditions(user: SessionUser, query: FinanceQuery, l: Facts, flags: Record<keyof DealFlags, SQL<boolean>>, withException = true): SQL[] {
  const out: SQL[] = [];
  const scope = dealScope(user);
  if (scope) out.push(scope);
  if (query.q) {
    const pattern = containsPattern(query.q);
    out.push(or(ilike(financeDeals.customerName, pattern), ilike(financeDeals.agreementNumber, pattern), ilike(financeDeals.reference, pattern))!);
  }
  if (query.branch) out.push(eq(branches.slug, query.branch));
  if (query.status) out.push(eq(financeDeals.status, query.status));
  if (query.lender) out.push(eq(l.attempt.lenderId, query.lender));
  if (query.staff) out.push(eq(financeDeals.staffId, query.staff));
  if (query.from) out.push(gte(financeDeals.createdAt, startOfLondonDay(query.from)));
  if (query.to) out.push(lt(financeDeals.createdAt, endOfLondonDay(query.to)));
  if (withException && query.exception) out.push(flags[EXCEPTION_FLAG[query.exception]]);
  return out;
}

function sortKeys(query: FinanceQuery, l: Facts, commission: SQL) {
  const keys: Record<FinanceColumnId, SQLWrapper> = {
    reference: financeDeals.reference,
    created: financeDeals.createdAt,
    branch: branches.name,
    staff: users.name,
    customer: financeDeals.customerName,
    vehicle: financeDeals.vehicleDescription,
    product: financeDeals.product,
    lender: lenders.name,
    status: financeDeals.status,
    commission,
    paid: l.entries.paidPence,
  };
  const dir = sql.raw(query.dir === "desc" ? "desc nulls last" : "asc nulls last");
  // The (unique) reference breaks ties, so paging never repeats or skips a row.
  return query.sort === "reference" ? [sql`${keys.reference} ${dir}`] : [sql`${keys[query.sort]} ${dir}`, asc(financeDeals.reference)];
}

function plan(thresholds: ReviewThresholds) {
  const l = facts();
  const flags = flagSql(l, thresholds, new Date());
  const commission = sql<number | null>`coalesce(${l.confirmation.amountPence}, ${l.disclosure.estimatedPence})`;
  const columns = {
    id: financeDeals.id,
    reference: financeDeals.reference,
    createdAt: financeDeals.createdAt,
    branchName: branches.name,
    staffName: users.name,
    customerName: financeDeals.customerName,
    vehicleDescription: financeDeals.vehicleDescription,
    vehicleBrand: financeDeals.vehicleBrand,
    product: financeDeals.product,
    status: financeDeals.status,
    agreementNumber: financeDeals.agreementNumber,
    lenderName: lenders.name,
    confirmedPence: l.confirmation.amountPence,
    estimatedPence: l.disclosure.estimatedPence,
    paidPence: l.entries.paidPence,
    // Aliased: the counts read them from a subquery.
    reviewNeeded: flags.reviewNeeded.as("review_needed"),
    paidDiffers: flags.paidDiffers.as("paid_differs"),
    vulnerable: flags.vulnerable.as("flag_vulnerable"),
    staleConsent: flags.staleConsent.as("stale_consent"),
    legalHold: flags.legalHold.as("legal_hold"),
  };
  return { l, flags, commission, columns };
}
type Plan = ReturnType<typeof plan>;

/** Deals with their branch, staff, lender and per-deal facts joined, under `where`. */
function selectDeals(p: Plan, where: SQL | undefined) {
  const { l } = p;
  return db()
    .select(p.columns)
    .from(financeDeals)
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .innerJoin(users, eq(users.id, financeDeals.staffId))
    .leftJoin(l.attempt, eq(l.attempt.dealId, financeDeals.id))
    .leftJoin(lenders, eq(lenders.id, l.attempt.lenderId))
    .leftJoin(l.confirmation, eq(l.confirmation.dealId, financeDeals.id))
    .leftJoin(l.disclosure, eq(l.disclosure.dealId, financeDeals.id))
    .leftJoin(l.entries, eq(l.entries.dealId, financeDeals.id))
    .leftJoin(l.consent, eq(l.consent.dealId, financeDeals.id))
    .where(where);
}

async function findRows(user: SessionUser, query: FinanceQuery, limit: number, offset: number, p: Plan) {
  const rows = await selectDeals(p, and(...conditions(user, query, p.l, p.flags)))
    .orderBy(...sortKeys(query, p.l, p.commission))
    .limit(limit)
    .offset(offset);
  return rows.map(({ reviewNeeded, paidDiffers, vulnerable, staleConsent, legalHold, ...row }) => ({
    ...row,
    flags: { reviewNeeded, paidDiffers, vulnerable, staleConsent, legalHold } satisfies DealFlags,
  }));
}
export type FinanceRow = Awaited<ReturnType<typeof findRows>>[number];

/** Per exception, how many of the deals under `where` raise it; `total` counts them (under `exception`, if one is asked for). */
async function countDeals(p: Plan, where: SQL | undefined, exception?: FinanceException) {
  const deals = selectDeals(p, where).as("deals");
  const raising = (id: FinanceException) => sql<number>`(count(*) filter (where ${deals[EXCEPTION_FLAG[id]]}))::integer`;
  const [row] = await db()
    .select({ total: exception ? raising(exception) : sql<number>`count(*)::integer`, ...Object.fromEntries(FINANCE_EXCEPTIONS.map((id) => [id, raising(id)])) })
    .from(deals);
  const { total, ...byException } = row!;
  return { total, byException: byException as Record<FinanceException, number> };
}

/** One page of introductions the user may see, the total, and the exception counts under the other filters. */
export async function listDeals(user: SessionUser, query: FinanceQuery) {
  const p = plan(await reviewThresholds());
  const rows = await findRows(user, query, query.size, (query.page - 1) * query.size, p);
  const { total, byException } = await countDeals(p, and(...conditions(user, query, p.l, p.flags, false)), query.exception);
  return { query, rows, total, exceptionCounts: byException };
}

/** How many of the user's deals raise each exception, for the dashboard. */
export async function countExceptions(user: SessionUser): Promise<Record<FinanceException, number>> {
  return (await countDeals(plan(await reviewThresholds()), dealScope(user))).byException;
}

/** Every row the filters match, in the table's order, up to FINANCE_CSV_LIMIT; `truncated` says when more matched. */
export async function dealCsvRows(user: SessionUser, query: FinanceQuery) {
  const rows = await findRows(user, query, FINANCE_CSV_LIMIT + 1, 0, plan(await reviewThresholds()));
  const truncated = rows.length > FINANCE_CSV_LIMIT;
  return { rows: truncated ? rows.slice(0, FINANCE_CSV_LIMIT) : rows, truncated };
}

/** What the filter form offers: the user's branches, the lender panel and the staff on the user's deals. */
export async function listDealFilterOptions(user: SessionUser) {
  const scope = dealScope(user);
  const [branchRows, lenderRows, staffRows] = await Promise.all([
    db()
      .select({ slug: branches.slug, name: branches.name, active: branches.active })
      .from(branches)
      .where(seesAllBranches(user) ? undefined : inArray(branches.id, user.branchIds))
      .orderBy(asc(branches.name)),
    db().select({ id: lenders.id, name: lenders.name, active: lenders.active }).from(lenders).orderBy(asc(lenders.name)),
    db()
      .selectDistinct({ id: users.id, name: users.name })
      .from(users)
      .innerJoin(financeDeals, eq(financeDeals.staffId, users.id))
      .where(scope)
      .orderBy(asc(users.name), asc(users.id)),
  ]);
  return { branches: branchRows, lenders: lenderRows, staff: staffRows };
}
