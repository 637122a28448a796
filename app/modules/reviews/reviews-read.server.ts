import { and, asc, desc, eq, gte, inArray, isNull, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema } from "@db/client";
import { can, seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { CHECKLISTS, type AnswerEntry, type Rating } from "./checklist";
import { actionOwnersOf, signedDealsOf } from "./reviews.server";
import { drawSample, type BranchDraw, type SampleReason } from "./sampling";

const { financeDeals, branches, users, fileReviewSamples, fileReviewSampleDeals, fileReviews, fileReviewActions } = schema;

// Drizzle leaves a one-table select's columns unqualified: the subqueries name the sample's id in full.
const sampleId = sql.raw(`"file_review_samples"."id"`);
const openCount = sql<number>`(select count(*)::int from ${fileReviewActions} a join ${fileReviews} r on r.id = a.review_id join ${fileReviewSampleDeals} s on s.id = r.sample_deal_id
  where s.sample_id = ${sampleId} and a.closed_at is null)`;

/** Every month's sample, newest first, with how far its reviews have got. */
export async function listSamples(user: SessionUser) {
  if (!can(user, "reviews:manage")) return [];
  return db()
    .select({
      id: fileReviewSamples.id,
      month: fileReviewSamples.month,
      seed: fileReviewSamples.seed,
      createdAt: fileReviewSamples.createdAt,
      deals: sql<number>`(select count(*)::int from ${fileReviewSampleDeals} where ${fileReviewSampleDeals.sampleId} = ${sampleId})`,
      reviewed: sql<number>`(select count(*)::int from ${fileReviews} r join ${fileReviewSampleDeals} s on s.id = r.sample_deal_id where s.sample_id = ${sampleId})`,
      openActions: openCount,
    })
    .from(fileReviewSamples)
    .orderBy(desc(fileReviewSamples.month))
    .limit(120);
}

/**
 * Whether a stored sample is what its seed draws from the month's signed deals today: the principal's
 * check that nobody chose the files. Signed deals are frozen, so only a deal signed later with an
 * earlier date (refused by the finance log) could make it differ.
 */
export async function reproduceSample(sample: { month: string; seed: number }, stored: { dealId: string; reason: string }[]) {
  const { picked } = drawSample(sample.seed, await signedDealsOf(sample.month));
  const key = (p: { dealId: string; reason: string }) => `${p.dealId}:${p.reason}`;
  const drawn = new Set(picked.map((p) => key({ dealId: p.id, reason: p.reason })));
  const kept = new Set(stored.map(key));
  return { reproduces: drawn.size === kept.size && [...drawn].every((k) => kept.has(k)), drawn: drawn.size };
}

/** One month's sample: its seed, the draw per branch, and each sampled deal with its review (if any). */
export async function getSample(user: SessionUser, id: string) {
  if (!can(user, "reviews:manage")) return null;
  const [sample] = await db()
    .select({ id: fileReviewSamples.id, month: fileReviewSamples.month, seed: fileReviewSamples.seed, branches: fileReviewSamples.branches, createdAt: fileReviewSamples.createdAt, createdBy: users.name })
    .from(fileReviewSamples)
    .innerJoin(users, eq(users.id, fileReviewSamples.createdBy))
    .where(eq(fileReviewSamples.id, id));
  if (!sample) return null;
  const deals = await db()
    .select({
      id: fileReviewSampleDeals.id,
      dealId: financeDeals.id,
      reference: financeDeals.reference,
      customerName: financeDeals.customerName,
      signedAt: financeDeals.signedAt,
      branchId: fileReviewSampleDeals.branchId,
      branchName: branches.name,
      reason: fileReviewSampleDeals.reason,
      rating: fileReviews.rating,
      openActions: sql<number>`(select count(*)::int from ${fileReviewActions} where ${fileReviewActions.reviewId} = ${fileReviews.id} and ${fileReviewActions.closedAt} is null)`,
    })
    .from(fileReviewSampleDeals)
    .innerJoin(financeDeals, eq(financeDeals.id, fileReviewSampleDeals.dealId))
    .innerJoin(branches, eq(branches.id, fileReviewSampleDeals.branchId))
    .leftJoin(fileReviews, eq(fileReviews.sampleDealId, fileReviewSampleDeals.id))
    .where(eq(fileReviewSampleDeals.sampleId, sample.id))
    .orderBy(asc(branches.name), asc(financeDeals.reference));
  const branchNames = Object.fromEntries(deals.map((d) => [d.branchId, d.branchName]));
  const allBranches = await db().select({ id: branches.id, name: branches.name }).from(branches);
  for (const b of allBranches) branchNames[b.id] ??= b.name;
  const check = await reproduceSample(sample, deals.map((d) => ({ dealId: d.dealId, reason: d.reason })));
  return {
    sample: { ...sample, createdAt: sample.createdAt.toISOString(), branches: (sample.branches as BranchDraw[]).map((b) => ({ ...b, name: branchNames[b.branchId] ?? "—" })).sort((a, b) => a.name.localeCompare(b.name)) },
    deals: deals.map((d) => ({ ...d, reason: d.reason as SampleReason, signedAt: d.signedAt?.toISOString() ?? null })),
    reproduces: check.reproduces,
  };
}

/** A sampled deal's file: the deal, why it was drawn, its review (if recorded) and the review's actions. */
export async function getSampledFile(user: SessionUser, sampleDealId: string) {
  if (!can(user, "reviews:manage")) return null;
  const reviewer = alias(users, "reviewer");
  const [row] = await db()
    .select({
      id: fileReviewSampleDeals.id,
      reason: fileReviewSampleDeals.reason,
      sampleId: fileReviewSamples.id,
      month: fileReviewSamples.month,
      deal: {
        id: financeDeals.id,
        reference: financeDeals.reference,
        customerName: financeDeals.customerName,
        vulnerable: financeDeals.vulnerable,
        vulnerabilityNote: financeDeals.vulnerabilityNote,
        product: financeDeals.product,
        vehicleDescription: financeDeals.vehicleDescription,
        signedAt: financeDeals.signedAt,
        agreementNumber: financeDeals.agreementNumber,
        staffName: users.name,
      },
      branchId: fileReviewSampleDeals.branchId,
      branchName: branches.name,
    })
    .from(fileReviewSampleDeals)
    .innerJoin(fileReviewSamples, eq(fileReviewSamples.id, fileReviewSampleDeals.sampleId))
    .innerJoin(financeDeals, eq(financeDeals.id, fileReviewSampleDeals.dealId))
    .innerJoin(users, eq(users.id, financeDeals.staffId))
    .innerJoin(branches, eq(branches.id, fileReviewSampleDeals.branchId))
    .where(eq(fileReviewSampleDeals.id, sampleDealId));
  if (!row) return null;
  const [review] = await db()
    .select({ review: fileReviews, reviewerName: reviewer.name })
    .from(fileReviews)
    .innerJoin(reviewer, eq(reviewer.id, fileReviews.reviewerId))
    .where(eq(fileReviews.sampleDealId, row.id));
  const owner = alias(users, "owner");
  const closer = alias(users, "closer");
  const actions = review
    ? await db()
        .select({ action: fileReviewActions, ownerName: owner.name, closedByName: closer.name })
        .from(fileReviewActions)
        .innerJoin(owner, eq(owner.id, fileReviewActions.ownerId))
        .leftJoin(closer, eq(closer.id, fileReviewActions.closedBy))
        .where(eq(fileReviewActions.reviewId, review.review.id))
        .orderBy(asc(fileReviewActions.createdAt))
    : [];
  return {
    file: { ...row, reason: row.reason as SampleReason, deal: { ...row.deal, signedAt: row.deal.signedAt?.toISOString() ?? null } },
    review: review
      ? {
          id: review.review.id,
          checklist: CHECKLISTS[review.review.checklistVersion]!,
          answers: review.review.answers as AnswerEntry[],
          rating: review.review.rating as Rating,
          summary: review.review.summary,
          reviewerName: review.reviewerName,
          createdAt: review.review.createdAt.toISOString(),
        }
      : null,
    actions: actions.map(({ action, ownerName, closedByName }) => ({
      id: action.id,
      description: action.description,
      ownerName,
      dueOn: action.dueOn,
      createdAt: action.createdAt.toISOString(),
      closedAt: action.closedAt?.toISOString() ?? null,
      closedByName,
      closingNote: action.closingNote,
    })),
    owners: review ? await actionOwnersOf(row.branchId) : [],
  };
}

/** The actions a user sees: their branches' (compliance and admins: every branch's). */
function actionScope(user: SessionUser): SQL | undefined {
  if (!can(user, "reviews:actions")) return sql`false`;
  return seesAllBranches(user) ? undefined : user.branchIds.length ? inArray(fileReviewActions.branchId, user.branchIds) : sql`false`;
}

export async function listReviewActions(user: SessionUser, view: "open" | "closed" | "all") {
  const owner = alias(users, "owner");
  const closer = alias(users, "closer");
  const rows = await db()
    .select({
      id: fileReviewActions.id,
      description: fileReviewActions.description,
      dueOn: fileReviewActions.dueOn,
      closedAt: fileReviewActions.closedAt,
      closingNote: fileReviewActions.closingNote,
      closedByName: closer.name,
      ownerName: owner.name,
      branchName: branches.name,
      dealId: financeDeals.id,
      dealReference: financeDeals.reference,
      rating: fileReviews.rating,
      sampleDealId: fileReviews.sampleDealId,
    })
    .from(fileReviewActions)
    .innerJoin(owner, eq(owner.id, fileReviewActions.ownerId))
    .leftJoin(closer, eq(closer.id, fileReviewActions.closedBy))
    .innerJoin(branches, eq(branches.id, fileReviewActions.branchId))
    .innerJoin(financeDeals, eq(financeDeals.id, fileReviewActions.dealId))
    .innerJoin(fileReviews, eq(fileReviews.id, fileReviewActions.reviewId))
    .where(and(actionScope(user), view === "open" ? isNull(fileReviewActions.closedAt) : view === "closed" ? isNotNull(fileReviewActions.closedAt) : undefined))
    .orderBy(view === "closed" ? desc(fileReviewActions.closedAt) : asc(fileReviewActions.dueOn), asc(fileReviewActions.createdAt))
    .limit(500);
  const today = londonToday();
  return rows.map((row) => ({ ...row, closedAt: row.closedAt?.toISOString() ?? null, overdue: !row.closedAt && row.dueOn < today }));
}

/** The dashboard's tile: open file-review actions in the user's branches, and how many are past due. */
export async function reviewActionsSummary(user: SessionUser) {
  const [counted] = await db()
    .select({
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${fileReviewActions.dueOn} < ${londonToday()}))::int`,
    })
    .from(fileReviewActions)
    .where(and(actionScope(user), isNull(fileReviewActions.closedAt)));
  return { open: counted?.open ?? 0, overdue: counted?.overdue ?? 0 };
}

export interface FileReviewBranchResults {
  branchId: string;
  branchName: string;
  reviews: Record<Rating, number> & { total: number };
  actions: { opened: number; closed: number; open: number };
}

/**
 * File-review results for the oversight export, per branch, for the period [from, to): reviews
 * recorded by rating; actions opened and closed within it; actions open at its end (raised before
 * `to` and not closed by then). Branches with nothing to count are left out.
 */
export async function fileReviewResults(period: { from: Date; to: Date }): Promise<FileReviewBranchResults[]> {
  const { from, to } = period;
  const ratings = await db()
    .select({ branchId: fileReviews.branchId, rating: fileReviews.rating, n: sql<number>`count(*)::int` })
    .from(fileReviews)
    .where(and(gte(fileReviews.createdAt, from), lt(fileReviews.createdAt, to)))
    .groupBy(fileReviews.branchId, fileReviews.rating);
  const actions = await db()
    .select({
      branchId: fileReviewActions.branchId,
      opened: sql<number>`(count(*) filter (where ${fileReviewActions.createdAt} >= ${from.toISOString()}::timestamptz))::int`,
      closed: sql<number>`(count(*) filter (where ${fileReviewActions.closedAt} >= ${from.toISOString()}::timestamptz and ${fileReviewActions.closedAt} < ${to.toISOString()}::timestamptz))::int`,
      open: sql<number>`(count(*) filter (where ${fileReviewActions.closedAt} is null or ${fileReviewActions.closedAt} >= ${to.toISOString()}::timestamptz))::int`,
    })
    .from(fileReviewActions)
    .where(and(lt(fileReviewActions.createdAt, to), or(isNull(fileReviewActions.closedAt), gte(fileReviewActions.closedAt, from))))
    .groupBy(fileReviewActions.branchId);
  const names = Object.fromEntries((await db().select({ id: branches.id, name: branches.name }).from(branches)).map((b) => [b.id, b.name]));
  const byBranch = new Map<string, FileReviewBranchResults>();
  const entry = (branchId: string) => {
    let found = byBranch.get(branchId);
    if (!found) {
      found = { branchId, branchName: names[branchId] ?? "—", reviews: { satisfactory: 0, needs_improvement: 0, unsatisfactory: 0, total: 0 }, actions: { opened: 0, closed: 0, open: 0 } };
      byBranch.set(branchId, found);
    }
    return found;
  };
  for (const row of ratings) {
    const e = entry(row.branchId);
    e.reviews[row.rating as Rating] += row.n;
    e.reviews.total += row.n;
  }
  for (const row of actions) entry(row.branchId).actions = { opened: row.opened, closed: row.closed, open: row.open };
  return [...byBranch.values()].sort((a, b) => a.branchName.localeCompare(b.branchName));
}

