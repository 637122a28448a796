import { and, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { needsReviewSql, reviewThresholds } from "~/modules/finance/commission.server";
import { londonToday, startOfLondonDay } from "~/utils/dates";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { answerProblems, type AnswerEntry, type Rating } from "./checklist";
import { fileReviewerProblem } from "./four-eyes";
import { drawSample, newSeed, type Candidate } from "./sampling";

const { financeDeals, commissionConfirmations, commissionReviews, dealDisclosures, dealConsents, lenderAttempts, acceptanceWithdrawals, dealEntries, users, userBranches } = schema;
const { fileReviewSamples, fileReviewSampleDeals, fileReviews, fileReviewActions } = schema;

/** File reviews are run by compliance and admins: everyone else is refused here too. */
function assertReviewer(actor: SessionUser) {
  if (!can(actor, "reviews:manage")) throw new Refusal("You can't run file reviews.", undefined, 403);
}

/** The London month YYYY-MM as [first instant, first instant of the next month). */
export function monthBounds(month: string): [Date, Date] {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, "0")}-01`;
  return [startOfLondonDay(`${month}-01`), startOfLondonDay(next)];
}

/**
 * A month's signed deals as the draw sees them. High commission is the commission review's own rule
 * (needsReviewSql, finance/commission.server.ts) on the commission at signing (the latest confirmation
 * of the signed acceptance, else its approved commission) against the signed figures, or a commission
 * review on record: either way the deal needed one.
 */
export async function signedDealsOf(month: string, tx?: Transaction): Promise<Candidate[]> {
  const [from, to] = monthBounds(month);
  const thresholds = await reviewThresholds(tx);
  const commission = sql`coalesce(
    (select ${commissionConfirmations.amountPence} from ${commissionConfirmations}
      where ${commissionConfirmations.dealId} = ${financeDeals.id} and ${commissionConfirmations.attemptId} = ${financeDeals.signedAttemptId}
      order by ${commissionConfirmations.confirmedAt} desc, ${commissionConfirmations.createdAt} desc limit 1),
    (${financeDeals.signedFigures}->>'commissionPence')::integer, 0)`;
  const figure = (field: string) => sql`coalesce((${financeDeals.signedFigures}->>${sql.raw(`'${field}'`)})::float8, 0)`;
  const high = sql<boolean>`(exists (select 1 from ${commissionReviews} where ${commissionReviews.dealId} = ${financeDeals.id})
    or ${needsReviewSql(commission, { chargeForCreditPence: figure("chargeForCreditPence"), creditPence: figure("creditPence") }, thresholds)})`;
  return (tx ?? db())
    .select({ id: financeDeals.id, branchId: financeDeals.branchId, vulnerable: financeDeals.vulnerable, highCommission: high })
    .from(financeDeals)
    .where(and(isNotNull(financeDeals.signedAt), gte(financeDeals.signedAt, from), lt(financeDeals.signedAt, to)));
}

/** Draws a month's sample (once per month, of a month that has ended) and keeps its seed. */
export async function drawMonthSample(input: { actor: SessionUser; month: string; seed?: number; now?: Date } & Submitted): Promise<Result<{ id: string; deals: number }>> {
  return attempt(async (tx) => {
    assertReviewer(input.actor);
    if (input.month >= londonToday(input.now).slice(0, 7)) throw new Refusal("Sample a month that has ended: its deals are all signed by then.", "month");
    const [existing] = await tx.select({ id: fileReviewSamples.id }).from(fileReviewSamples).where(eq(fileReviewSamples.month, input.month));
    if (existing) throw new Refusal(`${input.month} is already sampled: open it from the list.`, "month", 409);
    const candidates = await signedDealsOf(input.month, tx);
    if (candidates.length === 0) throw new Refusal(`No deals were signed in ${input.month}.`, "month");
    const seed = input.seed ?? newSeed();
    const { picked, branches } = drawSample(seed, candidates);
    const [sample] = await tx.insert(fileReviewSamples).values({ month: input.month, seed, branches, createdBy: input.actor.id }).returning();
    await tx.insert(fileReviewSampleDeals).values(picked.map((p) => ({ sampleId: sample!.id, dealId: p.id, branchId: p.branchId, reason: p.reason })));
    await recordAudit(tx, { actor: input.actor, action: "file_review.sample_drawn", entityType: "file_review_sample", entityId: sample!.id, after: { month: input.month, seed, branches, picked } });
    return { id: sample!.id, deals: picked.length };
  }, input.once);
}

/** Who took part in a deal: everyone who recorded a step of it (for the four-eyes rule). */
async function participantsOf(tx: Transaction, deal: { id: string; staffId: string; signedBy: string | null }) {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  const disclosedBy = ids(await tx.selectDistinct({ id: dealDisclosures.givenBy }).from(dealDisclosures).where(eq(dealDisclosures.dealId, deal.id)));
  const commissionReviewers = ids(await tx.selectDistinct({ id: commissionReviews.reviewerId }).from(commissionReviews).where(eq(commissionReviews.dealId, deal.id)));
  const recordedBy = [
    ...ids(await tx.selectDistinct({ id: dealConsents.recordedBy }).from(dealConsents).where(eq(dealConsents.dealId, deal.id))),
    ...ids(await tx.selectDistinct({ id: lenderAttempts.recordedBy }).from(lenderAttempts).where(eq(lenderAttempts.dealId, deal.id))),
    ...ids(await tx.selectDistinct({ id: acceptanceWithdrawals.recordedBy }).from(acceptanceWithdrawals).where(eq(acceptanceWithdrawals.dealId, deal.id))),
    ...ids(await tx.selectDistinct({ id: commissionConfirmations.confirmedBy }).from(commissionConfirmations).where(eq(commissionConfirmations.dealId, deal.id))),
    ...ids(await tx.selectDistinct({ id: dealEntries.createdBy }).from(dealEntries).where(eq(dealEntries.dealId, deal.id))),
  ];
  return { staffId: deal.staffId, signedBy: deal.signedBy, disclosedBy, recordedBy, commissionReviewers };
}

/** Records the review of a sampled deal (once), against the checklist version the form was built on. */
export async function recordFileReview(
  input: { actor: SessionUser; sampleDealId: string; checklistVersion: number; answers: AnswerEntry[]; rating: Rating; summary: string } & Submitted,
): Promise<Result<{ id: string }>> {
  return attempt(async (tx) => {
    assertReviewer(input.actor);
    const [sampled] = await tx.select().from(fileReviewSampleDeals).where(eq(fileReviewSampleDeals.id, input.sampleDealId)).for("update");
    if (!sampled) throw new Refusal("That deal isn't in a file-review sample.", undefined, 404);
    const [done] = await tx.select({ id: fileReviews.id }).from(fileReviews).where(eq(fileReviews.sampleDealId, sampled.id));
    if (done) throw new Refusal("This file is already reviewed: a review once recorded stands as written.", undefined, 409);
    const [deal] = await tx.select().from(financeDeals).where(eq(financeDeals.id, sampled.dealId));
    const barred = fileReviewerProblem(input.actor.id, await participantsOf(tx, deal!));
    if (barred) throw new Refusal(`Four eyes: ${barred}. Another reviewer must review it.`, undefined, 403);
    const problems = answerProblems({ version: input.checklistVersion, answers: input.answers, rating: input.rating, vulnerable: deal!.vulnerable });
    const [field, message] = Object.entries(problems)[0] ?? [];
    if (message) throw new Refusal(message, field === "form" ? undefined : field);
    const answers = input.answers.map(({ key, answer, note }) => ({ key, answer, note: note.trim() }));
    const [review] = await tx
      .insert(fileReviews)
      .values({ sampleDealId: sampled.id, dealId: sampled.dealId, branchId: sampled.branchId, checklistVersion: input.checklistVersion, answers, rating: input.rating, summary: input.summary, reviewerId: input.actor.id })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "file_review.recorded", entityType: "file_review", entityId: review!.id, after: review });
    return { id: review!.id };
  }, input.once);
}

/** Staff who may own an action of a branch: its active managers and finance staff. */
export async function actionOwnersOf(branchId: string, tx?: Transaction) {
  return (tx ?? db())
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userBranches, eq(userBranches.userId, users.id))
    .where(and(eq(userBranches.branchId, branchId), eq(users.active, true), inArray(users.role, ["manager", "finance"])))
    .orderBy(users.name);
}

/** An action a review asks of the deal's branch, owned by one of its staff. */
export async function addReviewAction(input: { actor: SessionUser; reviewId: string; description: string; ownerId: string; dueOn: string } & Submitted): Promise<Result<{ id: string }>> {
  return attempt(async (tx) => {
    assertReviewer(input.actor);
    const [review] = await tx.select().from(fileReviews).where(eq(fileReviews.id, input.reviewId));
    if (!review) throw new Refusal("Record the review before adding actions.", undefined, 409);
    const owners = await actionOwnersOf(review.branchId, tx);
    if (!owners.some((owner) => owner.id === input.ownerId)) throw new Refusal("Choose a manager or finance member of the deal's branch to own the action.", "ownerId");
    const [action] = await tx
      .insert(fileReviewActions)
      .values({ reviewId: review.id, dealId: review.dealId, branchId: review.branchId, description: input.description, ownerId: input.ownerId, dueOn: input.dueOn, createdBy: input.actor.id })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "file_review.action_added", entityType: "file_review", entityId: review.id, after: action });
    return { id: action!.id };
  }, input.once);
}

/** Closes an action (once) with what was done: the branch's staff for their branches, compliance and admins for any. */
export async function closeReviewAction(input: { actor: SessionUser; actionId: string; note: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const [action] = await tx.select().from(fileReviewActions).where(eq(fileReviewActions.id, input.actionId)).for("update");
    if (!action || !can(input.actor, "reviews:actions", action.branchId)) throw new Refusal("That action isn't one of your branches'.", "actionId", 404);
    if (action.closedAt) throw new Refusal("That action is already closed.", "actionId", 409);
    const closedAt = new Date();
    await tx.update(fileReviewActions).set({ closedAt, closedBy: input.actor.id, closingNote: input.note }).where(eq(fileReviewActions.id, action.id));
    await recordAudit(tx, { actor: input.actor, action: "file_review.action_closed", entityType: "file_review", entityId: action.reviewId, before: action, after: { actionId: action.id, closedAt, note: input.note } });
    return {};
  }, input.once);
}
