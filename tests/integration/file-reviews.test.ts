// File reviews (issue #15 item 3) on a real database: the month's draw from signed deals (high
// commission and vulnerable customers always in, the same seed drawing the same deals), the checklist
// answers refused as the pure rule says, four eyes, actions scoped to the deal's branch and closed once.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, reviewCommission, signDeal } from "~/modules/finance/deal-steps.server";
import { decideAttempt } from "~/modules/finance/lender-answers.server";
import { CHECKLISTS, type AnswerEntry } from "~/modules/reviews/checklist";
import { fileReviewResults, getSample, listReviewActions, listSamples, reviewActionsSummary } from "~/modules/reviews/reviews-read.server";
import { addReviewAction, closeReviewAction, drawMonthSample, recordFileReview, signedDealsOf } from "~/modules/reviews/reviews.server";
import { drawSample } from "~/modules/reviews/sampling";
import { refusedWith } from "../support/database-errors";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

let branchA: string;
let branchB: string;
let financeA: SessionUser;
let financeB: SessionUser;
let managerA: SessionUser;
let managerB: SessionUser;
let staffAdmin: SessionUser;
let commissionChecker: SessionUser;
let fileReviewer: SessionUser;
let panel: Awaited<ReturnType<typeof makePanel>>;
const deals: Record<string, string> = {};

// 14 March 2026 is GMT in London: the times read the same in UTC.
const on = (day: string, time: string) => new Date(`${day}T${time}Z`);
const as = async (actor: SessionUser, id: string) => ({ actor, id, version: await versionOfDeal(id) });
// The Johnson figures: £2,500 commission on a £4,545.44 charge for credit (55%): over the review threshold.
const JOHNSON = { monthlyPaymentPence: "303.03", aprBasisPoints: "21.7", chargeForCreditPence: "4545.44", totalPayablePence: "15545.44" };

/** A deal taken by `staff` to signing on `day`: £400 commission (4% of £10,000), or the Johnson £2,500 reviewed by the checker. */
async function signedDeal(staff: SessionUser, branch: string, day: string, options: { high?: boolean; vulnerable?: boolean } = {}) {
  const overrides = { ...(options.high ? JOHNSON : {}), ...(options.vulnerable ? { vulnerable: "on", vulnerabilityNote: "Recently bereaved; wants time to read." } : {}) };
  const id = await makeDeal(staff, branch, overrides, on(day, "10:30:00"));
  const ok = (result: { ok: boolean; message?: string }) => expect(result.ok ? "ok" : result.message).toBe("ok");
  ok(await recordDisclosure({ ...(await as(staff, id)), lenderId: panel.captive.id, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt: on(day, "10:31:00") }));
  ok(await recordConsent({ ...(await as(staff, id)), kind: "initial", method: "signed_paper", givenAt: on(day, "10:32:00") }));
  ok(await proposeToLender({ ...(await as(staff, id)), lenderId: panel.captive.id, orderReason: "", proposedAt: on(day, "10:33:00") }));
  const [attempt] = await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, id));
  ok(await decideAttempt({ ...(await as(staff, id)), attemptId: attempt!.id, outcome: "accepted", decidedAt: on(day, "10:40:00") }));
  ok(await confirmCommission({ ...(await as(staff, id)), amountPence: options.high ? 250_000 : 40_000, medium: "paper", confirmedAt: on(day, "10:45:00") }));
  if (options.high) {
    ok(await recordConsent({ ...(await as(staff, id)), kind: "fresh", method: "signed_paper", givenAt: on(day, "10:46:00") }));
    ok(await reviewCommission({ ...(await as(commissionChecker, id)), decision: "approved", note: "Checked against the schedule.", reviewedAt: on(day, "10:50:00") }));
  }
  ok(await signDeal({ ...(await as(staff, id)), agreementNumber: `AG-${Math.random().toString(36).slice(2, 8)}`, signedAt: on(day, "10:55:00") }));
  return id;
}

beforeAll(async () => {
  const branches = await seedGroup();
  [branchA, branchB] = [branches["laguna-ktm"]!, branches["maidstone-honda"]!];
  financeA = await makeUser("finance", [branchA]);
  financeB = await makeUser("finance", [branchB]);
  managerA = await makeUser("manager", [branchA]);
  managerB = await makeUser("manager", [branchB]);
  staffAdmin = await makeUser("admin");
  commissionChecker = await makeUser("admin");
  fileReviewer = await makeUser("compliance");
  panel = await makePanel();
  // Branch A in March: five ordinary deals and one of a vulnerable customer (taken by the admin); branch B:
  // three ordinary and one high-commission. Outside the month: one signed in April, one never signed.
  for (const n of [1, 2, 3, 4, 5]) deals[`a${n}`] = await signedDeal(financeA, branchA, `2026-03-${10 + n}`);
  deals.aVulnerable = await signedDeal(staffAdmin, branchA, "2026-03-20", { vulnerable: true });
  for (const n of [1, 2, 3]) deals[`b${n}`] = await signedDeal(financeB, branchB, `2026-03-${10 + n}`);
  deals.bHigh = await signedDeal(financeB, branchB, "2026-03-21", { high: true });
  deals.april = await signedDeal(financeA, branchA, "2026-04-14");
  deals.unsigned = await makeDeal(financeA, branchA, {}, on("2026-03-12", "09:00:00"));
}, 120_000);

const answers = (overrides: Record<string, Partial<AnswerEntry>> = {}): AnswerEntry[] =>
  CHECKLISTS[1]!.questions.map((q) => ({ key: q.key, answer: "met" as const, note: "", ...overrides[q.key] }));
let sampleId: string;

describe("the month's sample", () => {
  it("finds March's signed deals, marking the high commission and the vulnerable customer", async () => {
    const candidates = await signedDealsOf("2026-03");
    expect(candidates.map((c) => c.id).sort()).toEqual([deals.a1, deals.a2, deals.a3, deals.a4, deals.a5, deals.aVulnerable, deals.b1, deals.b2, deals.b3, deals.bHigh].sort());
    expect(candidates.filter((c) => c.highCommission).map((c) => c.id)).toEqual([deals.bHigh]);
    expect(candidates.filter((c) => c.vulnerable).map((c) => c.id)).toEqual([deals.aVulnerable]);
  });

  it("draws 2 of branch A's 6 and 2 of branch B's 4, always with the vulnerable and high-commission deals, and keeps the seed", async () => {
    expect(await drawMonthSample({ actor: managerA, month: "2026-03", seed: 12345 })).toMatchObject({ ok: false, status: 403, message: "You can't run file reviews." });
    const drawn = await drawMonthSample({ actor: fileReviewer, month: "2026-03", seed: 12345 });
    if (!drawn.ok) throw new Error(drawn.message);
    expect(drawn.deals).toBe(4);
    sampleId = drawn.id;
    const detail = await getSample(fileReviewer, sampleId);
    expect(detail!.sample.seed).toBe(12345);
    expect(detail!.reproduces).toBe(true);
    const picked = detail!.deals.map((d) => ({ dealId: d.dealId, reason: d.reason }));
    expect(picked).toContainEqual({ dealId: deals.aVulnerable, reason: "vulnerable" });
    expect(picked).toContainEqual({ dealId: deals.bHigh, reason: "high_commission" });
    expect(picked.filter((p) => p.reason === "random")).toHaveLength(2);
    expect(picked.map((p) => p.dealId)).not.toContain(deals.april);
    expect(detail!.sample.branches.map((b) => [b.name, b.signed, b.size]).sort()).toEqual([["Laguna Motorcycles", 6, 2], ["Maidstone Honda", 4, 2]]);
    // The same seed and the same deals draw the same sample, whatever order they are read in.
    const candidates = await signedDealsOf("2026-03");
    expect(drawSample(12345, [...candidates].reverse()).picked.map((p) => p.id).sort()).toEqual(detail!.deals.map((d) => d.dealId).sort());
    expect((await auditRows("file_review.sample_drawn")).map((row) => row.entityId)).toEqual([sampleId]);
    expect((await listSamples(fileReviewer)).map((s) => [s.month, s.seed, s.deals, s.reviewed, s.openActions])).toEqual([["2026-03", 12345, 4, 0, 0]]);
    expect(await listSamples(managerA)).toEqual([]);
  });

  it("refuses a second draw of a month, a month not yet ended, and a month with nothing signed", async () => {
    expect(await drawMonthSample({ actor: fileReviewer, month: "2026-03" })).toEqual({ ok: false, status: 409, field: "month", message: "2026-03 is already sampled: open it from the list." });
    expect(await drawMonthSample({ actor: fileReviewer, month: "2026-03", now: on("2026-03-31", "12:00:00") })).toMatchObject({ ok: false, field: "month", message: "Sample a month that has ended: its deals are all signed by then." });
    expect(await drawMonthSample({ actor: fileReviewer, month: "2026-01" })).toMatchObject({ ok: false, field: "month", message: "No deals were signed in 2026-01." });
  });

  it("keeps a sample and its deals as drawn", async () => {
    await expect(db().update(schema.fileReviewSamples).set({ seed: 1 }).where(eq(schema.fileReviewSamples.id, sampleId))).rejects.toEqual(refusedWith("file reviews: UPDATE on file_review_samples is not allowed"));
    await expect(db().delete(schema.fileReviewSampleDeals).where(eq(schema.fileReviewSampleDeals.sampleId, sampleId))).rejects.toEqual(refusedWith("file reviews: DELETE on file_review_sample_deals is not allowed"));
  });
});

const sampled = async (dealId: string) => (await db().select().from(schema.fileReviewSampleDeals).where(eq(schema.fileReviewSampleDeals.dealId, dealId)))[0]!.id;

describe("reviewing a sampled file", () => {
  it("refuses anyone who took part in the deal (four eyes)", async () => {
    const review = { checklistVersion: 1, answers: answers(), rating: "satisfactory" as const, summary: "" };
    expect(await recordFileReview({ actor: staffAdmin, sampleDealId: await sampled(deals.aVulnerable!), ...review })).toEqual({
      ok: false,
      status: 403,
      message: "Four eyes: the deal's own member of staff can't review its file. Another reviewer must review it.",
    });
    expect(await recordFileReview({ actor: commissionChecker, sampleDealId: await sampled(deals.bHigh!), ...review })).toEqual({
      ok: false,
      status: 403,
      message: "Four eyes: whoever reviewed the deal's commission can't review its file. Another reviewer must review it.",
    });
    expect(await recordFileReview({ actor: financeA, sampleDealId: await sampled(deals.aVulnerable!), ...review })).toMatchObject({ ok: false, status: 403, message: "You can't run file reviews." });
  });

  it("refuses answers the checklist doesn't allow, then records the review once, with its checklist version", async () => {
    const id = await sampled(deals.aVulnerable!);
    const record = (over: Partial<Parameters<typeof recordFileReview>[0]>) => recordFileReview({ actor: fileReviewer, sampleDealId: id, checklistVersion: 1, answers: answers(), rating: "satisfactory", summary: "", ...over });
    expect(await record({ answers: answers({ vulnerabilityHandled: { answer: "not_applicable" } }) })).toEqual({ ok: false, status: 400, field: "vulnerabilityHandled", message: "The customer is recorded as vulnerable: this question applies." });
    expect(await record({ answers: answers({ tiesDisclosed: { answer: "not_met" } }), rating: "needs_improvement" })).toEqual({
      ok: false,
      status: 400,
      field: "tiesDisclosedNote",
      message: "Say what was missing: a note is needed when “Ties with lenders disclosed” is not met.",
    });
    const notMet = answers({ tiesDisclosed: { answer: "not_met", note: "The stock-funding tie wasn't named to the customer." } });
    expect(await record({ answers: notMet })).toEqual({ ok: false, status: 400, field: "rating", message: "A review with a question not met can't be rated satisfactory." });
    const recorded = await record({ answers: notMet, rating: "needs_improvement", summary: "Ties wording missed." });
    if (!recorded.ok) throw new Error(recorded.message);
    const [row] = await db().select().from(schema.fileReviews).where(eq(schema.fileReviews.id, recorded.id));
    expect([row!.checklistVersion, row!.rating, row!.reviewerId]).toEqual([1, "needs_improvement", fileReviewer.id]);
    expect(await record({ answers: notMet, rating: "needs_improvement" })).toEqual({ ok: false, status: 409, message: "This file is already reviewed: a review once recorded stands as written." });
    await expect(db().update(schema.fileReviews).set({ rating: "satisfactory" }).where(eq(schema.fileReviews.id, recorded.id))).rejects.toEqual(refusedWith("file reviews: UPDATE on file_reviews is not allowed"));
  });
});

describe("actions for the branch", () => {
  let reviewId: string;
  let actionId: string;

  it("gives an action to a member of the deal's branch only", async () => {
    reviewId = (await db().select().from(schema.fileReviews).where(eq(schema.fileReviews.dealId, deals.aVulnerable!)))[0]!.id;
    const add = (ownerId: string) => addReviewAction({ actor: fileReviewer, reviewId, description: "Retrain on naming lender ties.", ownerId, dueOn: "2026-12-31" });
    expect(await add(managerB.id)).toEqual({ ok: false, status: 400, field: "ownerId", message: "Choose a manager or finance member of the deal's branch to own the action." });
    const added = await add(managerA.id);
    if (!added.ok) throw new Error(added.message);
    actionId = added.id;
  });

  it("shows it to branch A's staff and compliance, not to branch B's", async () => {
    expect((await listReviewActions(managerA, "open")).map((a) => a.id)).toEqual([actionId]);
    expect((await listReviewActions(financeA, "open")).map((a) => a.id)).toEqual([actionId]);
    expect((await listReviewActions(fileReviewer, "open")).map((a) => a.id)).toEqual([actionId]);
    expect(await listReviewActions(managerB, "all")).toEqual([]);
    expect(await reviewActionsSummary(managerA)).toEqual({ open: 1, overdue: 0 });
    expect(await reviewActionsSummary(financeB)).toEqual({ open: 0, overdue: 0 });
  });

  it("counts it open in the results for the export, per branch", async () => {
    const period = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    expect(await fileReviewResults(period)).toEqual([
      { branchId: branchA, branchName: "Laguna Motorcycles", reviews: { satisfactory: 0, needs_improvement: 1, unsatisfactory: 0, total: 1 }, actions: { opened: 1, closed: 0, open: 1 } },
    ]);
  });

  it("lets branch A close it once, with a note; branch B can't", async () => {
    expect(await closeReviewAction({ actor: managerB, actionId, note: "Not ours" })).toEqual({ ok: false, status: 404, field: "actionId", message: "That action isn't one of your branches'." });
    expect(await closeReviewAction({ actor: financeA, actionId, note: "Branch retrained on 1 December." })).toEqual({ ok: true });
    expect(await closeReviewAction({ actor: managerA, actionId, note: "Again" })).toEqual({ ok: false, status: 409, field: "actionId", message: "That action is already closed." });
    const [closed] = await db().select().from(schema.fileReviewActions).where(eq(schema.fileReviewActions.id, actionId));
    expect([closed!.closedBy, closed!.closingNote, closed!.closedAt !== null]).toEqual([financeA.id, "Branch retrained on 1 December.", true]);
    expect(await listReviewActions(managerA, "open")).toEqual([]);
    await expect(db().update(schema.fileReviewActions).set({ closingNote: "rewritten" }).where(eq(schema.fileReviewActions.id, actionId))).rejects.toEqual(refusedWith("file reviews: an action is kept as written and is closed once"));
    await expect(db().delete(schema.fileReviewActions).where(eq(schema.fileReviewActions.id, actionId))).rejects.toEqual(refusedWith("file reviews: DELETE on file_review_actions is not allowed"));
    const period = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    expect((await fileReviewResults(period))[0]!.actions).toEqual({ opened: 1, closed: 1, open: 0 });
    const audited = (await auditRows()).filter((row) => row.action.startsWith("file_review.") && row.entityId === reviewId).map((row) => row.action);
    expect(audited).toEqual(["file_review.recorded", "file_review.action_added", "file_review.action_closed"]);
  });
});
