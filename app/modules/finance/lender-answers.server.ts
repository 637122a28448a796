import { and, eq } from "drizzle-orm";
import { schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { sameTerms, storedFigures } from "./deal-figures";
import { approvedTermsOf, dealRecord, liveAcceptance, refuseOutOfOrder, refuseWrongFigures, type ApprovedTerms, type Attempt } from "./deal-steps.server";
import { lockDeal, touchDeal } from "./deals.server";

// A lender's answer to a proposal, and an acceptance that later falls away.
const { lenderAttempts, acceptanceWithdrawals } = schema;

export type Outcome = "accepted" | "countered" | "declined" | "referred" | "withdrawn";

/**
 * Records a lender's answer. An acceptance records the approved terms (the proposal's, with the
 * lender's commission); a counter-offer records different terms. Both are checked by the engine.
 * The deal's version decides a race: two answers at once, one wins.
 */
export async function decideAttempt(input: { actor: SessionUser; id: string; version: number; attemptId: string; outcome: Outcome; approved?: ApprovedTerms; decidedAt?: Date } & Submitted): Promise<Result> {
  const decidedAt = input.decidedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const [pending] = await tx.select().from(lenderAttempts).where(and(eq(lenderAttempts.id, input.attemptId), eq(lenderAttempts.dealId, deal.id)));
    if (!pending) throw new Refusal("That proposal isn't on this deal.", undefined, 404);
    if (pending.outcome !== "pending") throw new Refusal("That proposal has already been answered.", undefined, 409);
    refuseOutOfOrder({ kind: "answer", attemptId: pending.id }, decidedAt, deal, await dealRecord(tx, deal.id), "decidedAt");
    const approved = input.outcome === "accepted" || input.outcome === "countered" ? approvedTerms(input.outcome, pending, input.approved) : null;
    const [updated] = await tx
      .update(lenderAttempts)
      .set({ outcome: input.outcome, decidedAt, decisionRecordedAt: new Date(), approvedFigures: approved })
      .where(and(eq(lenderAttempts.id, input.attemptId), eq(lenderAttempts.dealId, deal.id), eq(lenderAttempts.outcome, "pending")))
      .returning();
    if (!updated) throw new Refusal("That proposal has already been answered.", undefined, 409);
    const status = approved ? "approved" : input.outcome === "referred" ? "proposed" : "disclosed";
    await touchDeal(tx, { actor: input.actor, before: deal, set: { status }, action: `finance.attempt_${input.outcome}`, detail: { attemptId: updated.id, lenderId: updated.lenderId, approved } });
    return {};
  }, input.once);
}

/** The terms an acceptance records: the proposal's unless the lender changed them (then it's a counter-offer). */
function approvedTerms(outcome: "accepted" | "countered", proposal: Attempt, stated?: ApprovedTerms): ApprovedTerms {
  const proposed = approvedTermsOf(proposal);
  const terms = stated ?? proposed;
  if (!Number.isSafeInteger(terms.commissionPence) || terms.commissionPence < 0) throw new Refusal("Enter the lender's commission, £0 or more.", "commissionPence");
  refuseWrongFigures(terms, "The lender's figures disagree with each other");
  const changed = !sameTerms(storedFigures(terms), storedFigures(proposed));
  if (outcome === "accepted" && changed) throw new Refusal("These figures differ from the proposal: record the answer as accepted on different terms.", "outcome");
  if (outcome === "countered" && !changed) throw new Refusal("These are the proposal's own figures: record the answer as accepted.", "outcome");
  return { ...storedFigures(terms), commissionPence: terms.commissionPence };
}

/** The customer or lender let an acceptance go: recorded beside it, and a new proposal may follow. */
export async function withdrawAcceptance(input: { actor: SessionUser; id: string; version: number; reason: string; withdrawnAt?: Date } & Submitted): Promise<Result> {
  const withdrawnAt = input.withdrawnAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const accepted = liveAcceptance(record);
    if (!accepted) throw new Refusal("No lender's acceptance is in force on this deal.", undefined, 409);
    refuseOutOfOrder({ kind: "withdrawal", attemptId: accepted.id }, withdrawnAt, deal, record, "withdrawnAt");
    await tx.insert(acceptanceWithdrawals).values({ dealId: deal.id, attemptId: accepted.id, reason: input.reason, withdrawnAt, recordedBy: input.actor.id });
    await touchDeal(tx, { actor: input.actor, before: deal, set: { status: "disclosed" }, action: "finance.acceptance_withdrawn", detail: { attemptId: accepted.id, reason: input.reason, withdrawnAt } });
    return {};
  }, input.once);
}
