import { asc, eq } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import type { FinanceDeal } from "@db/schema/finance";
import type { SessionUser } from "~/modules/auth/permissions";
import { can } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { formatPounds } from "~/utils/money";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { commissionFor, type FinanceFigures } from "./commission";
import { checkDealFigures, storedFigures } from "./deal-figures";
import { manufacturerLender, reviewThresholds, scheduleInForce } from "./commission.server";
import { eligibilityProblem, lockDeal, touchDeal } from "./deals.server";
import { keepDisclosureDocument } from "./disclosure-records.server";
import { documentProblem, markDocumentUsed, tiesInForce, usableDocument } from "./documents.server";
import { approvedTermsOf, freshConsentNeeded, liveAcceptance, positionOf, proposalProblem, signingProblemOf } from "./deal-step-rules";
import { orderProblem, disclosurerProblem, reviewerProblem, type Step } from "./record-order";

export { approvedTermsOf, liveAcceptance, proposalProblem, type ApprovedTerms, type Attempt } from "./deal-step-rules";

const { dealDisclosures, dealConsents, lenderAttempts, acceptanceWithdrawals, commissionReviews, commissionConfirmations, lenders } = schema;

/** Refuses a step recorded out of order (record-order.ts), naming the step it conflicts with. */
export function refuseOutOfOrder(step: Step, at: Date, deal: FinanceDeal, record: DealRecord, field?: string) {
  const problem = orderProblem(step, at, deal, record);
  if (problem) throw new Refusal(problem, field);
}

// Schedules, ties and documents are in force by London day.
const dayOf = (instant: Date) => londonToday(instant);

/** Everything recorded on a deal so far, read inside the step's transaction. */
export async function dealRecord(tx: Transaction, dealId: string) {
  const [disclosures, consents, attempts, reviews, confirmations, withdrawals] = await Promise.all([
    tx.select().from(dealDisclosures).where(eq(dealDisclosures.dealId, dealId)).orderBy(asc(dealDisclosures.givenAt)),
    tx.select().from(dealConsents).where(eq(dealConsents.dealId, dealId)).orderBy(asc(dealConsents.givenAt)),
    tx.select().from(lenderAttempts).where(eq(lenderAttempts.dealId, dealId)).orderBy(asc(lenderAttempts.sequence)),
    tx.select().from(commissionReviews).where(eq(commissionReviews.dealId, dealId)).orderBy(asc(commissionReviews.createdAt), asc(commissionReviews.reviewedAt)),
    tx.select().from(commissionConfirmations).where(eq(commissionConfirmations.dealId, dealId)).orderBy(asc(commissionConfirmations.confirmedAt)),
    tx.select().from(acceptanceWithdrawals).where(eq(acceptanceWithdrawals.dealId, dealId)).orderBy(asc(acceptanceWithdrawals.withdrawnAt)),
  ]);
  return { disclosures, consents, attempts, reviews, confirmations, withdrawals };
}
export type DealRecord = Awaited<ReturnType<typeof dealRecord>>;

/** The commission position (deal-step-rules.ts) with the review thresholds in force. */
export async function commissionPosition(record: DealRecord, tx?: Transaction) {
  return positionOf(record, await reviewThresholds(tx));
}

/** Why the deal can't be signed yet, or null (deal-step-rules.ts); with `signer`, also whether they may sign it. */
export async function signingProblem(deal: FinanceDeal, record: DealRecord, tx?: Transaction, signer?: string) {
  return signingProblemOf(deal, record, await commissionPosition(record, tx), signer);
}

/** The engine's verdict on figures, as one refusal naming the first disagreement. */
export function refuseWrongFigures(figures: FinanceFigures, what: string, field?: string) {
  const check = checkDealFigures(figures);
  if (!check.ok) throw new Refusal(`${what}: ${check.problems.map((p) => p.message).join(" ")}`, field ?? check.problems[0]!.field);
}

/** The estimate a lender would pay on this deal, from the schedule in force on the day. */
async function commissionEstimate(tx: Transaction, deal: FinanceDeal, lenderId: string, on: string, creditPence: number) {
  const schedule = await scheduleInForce({ lenderId, on, brand: deal.vehicleBrand, modelId: deal.vehicleModelId }, tx);
  if (!schedule) throw new Refusal("This lender has no commission schedule in force for this bike on that day. Ask an admin to add one under Lenders.", "lenderId");
  return { schedule, amountPence: commissionFor(schedule, creditPence) };
}

/** Records the disclosure given before any proposal: document version, likely commission, ties, medium. */
export async function recordDisclosure(input: {
  actor: SessionUser;
  id: string;
  version: number;
  lenderId: string;
  medium: string;
  customerAskedAmount: boolean;
  amountToldToCustomer: string;
  /** When it was given; now when not stated. */
  givenAt?: Date;
} & Submitted): Promise<Result<{ estimatedCommissionPence: number }>> {
  const givenAt = input.givenAt ?? new Date();
  if (!["paper", "email", "pdf"].includes(input.medium)) {
    return { ok: false, field: "medium", message: "Disclosure must be on a durable medium: paper, email or PDF. A text message (SMS) isn't one." };
  }
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const reviewer = disclosurerProblem(input.actor.id, record);
    if (reviewer) throw new Refusal(`Four eyes: ${reviewer}. Another member of staff must give it.`, undefined, 403);
    refuseOutOfOrder({ kind: "disclosure" }, givenAt, deal, record, "givenAt");
    const on = dayOf(givenAt);
    const document = await usableDocument(on, tx);
    if (!document) throw new Refusal("There is no disclosure document in force to show. Ask an admin to add one under Lenders.", undefined, 409);
    const ties = await tiesInForce(on, undefined, tx);
    const problem = documentProblem(document.body, ties);
    if (problem) throw new Refusal(`Disclosure document v${document.version} can't be used: ${problem}`, undefined, 409);
    const { schedule, amountPence } = await commissionEstimate(tx, deal, input.lenderId, on, storedFigures(deal.quotedFigures).creditPence);
    const [disclosure] = await tx.insert(dealDisclosures).values({
      dealId: deal.id,
      documentId: document.id,
      documentSha256: document.sha256,
      lenderId: input.lenderId,
      scheduleId: schedule.id,
      basis: schedule.basis,
      estimatedCommissionPence: amountPence,
      tiesDisclosed: ties,
      medium: input.medium as "paper" | "email" | "pdf",
      customerAskedAmount: input.customerAskedAmount,
      amountToldToCustomer: input.customerAskedAmount ? input.amountToldToCustomer || formatPounds(amountPence) : "",
      givenAt,
      givenBy: input.actor.id,
    }).returning();
    // What this customer was given for this deal, as a PDF kept byte for byte with its hash.
    const pdf = await keepDisclosureDocument(tx, { deal, disclosure: disclosure!, notice: document, givenByName: input.actor.name });
    // The document is now evidence: the database refuses any later edit of its text.
    await markDocumentUsed(tx, document.id);
    await touchDeal(tx, {
      actor: input.actor,
      before: deal,
      set: deal.status === "draft" ? { status: "disclosed" } : {},
      action: "finance.disclosed",
      detail: { lenderId: input.lenderId, documentVersion: document.version, sha256: document.sha256, pdfSha256: pdf.sha256, estimatedCommissionPence: amountPence, medium: input.medium, ties },
    });
    return { estimatedCommissionPence: amountPence };
  }, input.once);
}

export async function recordConsent(input: { actor: SessionUser; id: string; version: number; kind: "initial" | "fresh"; method: "signed_paper" | "email_reply" | "e_signature" | "recorded_call"; givenAt?: Date } & Submitted): Promise<Result> {
  const givenAt = input.givenAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const disclosure = record.disclosures.at(-1);
    if (!disclosure) throw new Refusal("Record the disclosure first: consent is to what the customer was told.", undefined, 409);
    if (input.kind === "fresh" && record.confirmations.length === 0) throw new Refusal("Fresh consent answers a confirmed commission: confirm it first.", "kind", 409);
    refuseOutOfOrder({ kind: "consent", fresh: input.kind === "fresh", disclosureId: disclosure.id }, givenAt, deal, record, "givenAt");
    await tx.insert(dealConsents).values({ dealId: deal.id, disclosureId: disclosure.id, kind: input.kind, method: input.method, givenAt, recordedBy: input.actor.id });
    await touchDeal(tx, { actor: input.actor, before: deal, action: "finance.consented", detail: { kind: input.kind, method: input.method, givenAt } });
    return {};
  }, input.once);
}

/** `proposedAt` (default now) lets a back-dated history be entered; it can't be in the future. */
export async function proposeToLender(input: { actor: SessionUser; id: string; version: number; lenderId: string; orderReason: string; proposedAt?: Date } & Submitted): Promise<Result> {
  const proposedAt = input.proposedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const eligibility = eligibilityProblem(deal);
    if (eligibility) throw new Refusal(eligibility, undefined, 409);
    const record = await dealRecord(tx, deal.id);
    const problem = proposalProblem(deal, record, input.lenderId, proposedAt);
    if (problem) throw new Refusal(problem, undefined, 409);
    refuseOutOfOrder({ kind: "proposal", lenderId: input.lenderId, sequence: record.attempts.length + 1 }, proposedAt, deal, record, "proposedAt");
    // The manufacturer lender for the bike's brand comes first; another first only with a reason.
    const captive = await manufacturerLender(deal.vehicleBrand, tx);
    if (record.attempts.length === 0 && captive && captive.id !== input.lenderId && !input.orderReason) {
      throw new Refusal(`${captive.name} is the manufacturer lender for ${deal.vehicleBrand}: propose to it first, or record why another lender comes first.`, "orderReason");
    }
    const [lender] = await tx.select().from(lenders).where(eq(lenders.id, input.lenderId));
    if (!lender?.active) throw new Refusal("Choose an active lender on the panel.", "lenderId");
    const figures = storedFigures(deal.quotedFigures);
    refuseWrongFigures(figures, "The quoted figures disagree with each other; edit the deal first", "lenderId");
    const { amountPence } = await commissionEstimate(tx, deal, input.lenderId, dayOf(proposedAt), figures.creditPence);
    await tx.insert(lenderAttempts).values({
      dealId: deal.id,
      lenderId: input.lenderId,
      sequence: record.attempts.length + 1,
      orderReason: input.orderReason,
      quote: { ...figures, commissionPence: amountPence },
      aprBasisPoints: figures.aprBasisPoints,
      termMonths: figures.termMonths,
      proposedAt,
      recordedBy: input.actor.id,
    });
    await touchDeal(tx, { actor: input.actor, before: deal, set: { status: "proposed" }, action: "finance.proposed", detail: { lender: lender.name, sequence: record.attempts.length + 1, orderReason: input.orderReason } });
    return {};
  }, input.once);
}

/** The review of a high commission, by a second person (four eyes), with the figures and ratios it approved. */
export async function reviewCommission(input: { actor: SessionUser; id: string; version: number; decision: "approved" | "rejected"; note: string; reviewedAt?: Date } & Submitted): Promise<Result> {
  if (!can(input.actor, "finance:review")) return { ok: false, status: 403, message: "Only an admin can review a deal's commission." };
  const reviewedAt = input.reviewedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const position = await commissionPosition(record, tx);
    if (!position) throw new Refusal("A lender must accept the deal before its commission is reviewed.", undefined, 409);
    const barred = reviewerProblem(input.actor.id, deal, record);
    if (barred) throw new Refusal(`Four eyes: ${barred}. Another admin must review it.`, undefined, 403);
    refuseOutOfOrder({ kind: "review", attemptId: position.accepted.id }, reviewedAt, deal, record, "reviewedAt");
    const { quote, commissionPence, ratios, thresholds } = position;
    await tx.insert(commissionReviews).values({
      dealId: deal.id,
      reviewerId: input.actor.id,
      decision: input.decision,
      note: input.note,
      commissionPence,
      attemptId: position.accepted.id,
      creditPence: quote.creditPence,
      chargeForCreditPence: quote.chargeForCreditPence,
      totalPayablePence: quote.totalPayablePence,
      ratios: { ...ratios, thresholds },
      reviewedAt,
    });
    await touchDeal(tx, { actor: input.actor, before: deal, action: "finance.reviewed", detail: { decision: input.decision, note: input.note, commissionPence, ratios, reviewedAt } });
    return {};
  }, input.once);
}

export async function confirmCommission(input: { actor: SessionUser; id: string; version: number; amountPence: number; medium: "paper" | "email" | "pdf"; confirmedAt?: Date } & Submitted): Promise<Result<{ needsFreshConsent: boolean }>> {
  const confirmedAt = input.confirmedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const position = await commissionPosition(record, tx);
    if (!position) throw new Refusal("A lender must accept the deal before the exact commission is confirmed.", undefined, 409);
    refuseOutOfOrder({ kind: "confirmation", attemptId: position.accepted.id }, confirmedAt, deal, record, "confirmedAt");
    await tx.insert(commissionConfirmations).values({ dealId: deal.id, attemptId: position.accepted.id, amountPence: input.amountPence, medium: input.medium, confirmedAt, confirmedBy: input.actor.id });
    const needsFreshConsent = freshConsentNeeded(position, input.amountPence);
    await touchDeal(tx, { actor: input.actor, before: deal, action: "finance.commission_confirmed", detail: { amountPence: input.amountPence, disclosedPence: position.disclosed?.estimatedCommissionPence, needsFreshConsent } });
    return { needsFreshConsent };
  }, input.once);
}

export async function signDeal(input: { actor: SessionUser; id: string; version: number; agreementNumber: string; signedAt?: Date } & Submitted): Promise<Result> {
  const signedAt = input.signedAt ?? new Date();
  return attempt(async (tx) => {
    const deal = await lockDeal(tx, input.actor, input.id, input.version);
    const record = await dealRecord(tx, deal.id);
    const problem = await signingProblem(deal, record, tx, input.actor.id);
    if (problem) throw new Refusal(problem, undefined, 409);
    // Signing comes after every step on the record: the commission confirmation, fresh consent, review.
    refuseOutOfOrder({ kind: "signing" }, signedAt, deal, record, "signedAt");
    // The signed figures are the lender's approved terms, which signingProblem re-checked.
    const accepted = liveAcceptance(record)!;
    await touchDeal(tx, {
      actor: input.actor,
      before: deal,
      set: { status: "signed", agreementNumber: input.agreementNumber, signedAt, signedBy: input.actor.id, signedAttemptId: accepted.id, signedFigures: approvedTermsOf(accepted) },
      action: "finance.signed",
    });
    return {};
  }, input.once);
}
