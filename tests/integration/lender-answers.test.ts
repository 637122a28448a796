import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { proposeToLender, recordConsent, recordDisclosure } from "~/modules/finance/deal-steps.server";
import { decideAttempt, withdrawAcceptance, type Outcome } from "~/modules/finance/lender-answers.server";
import { makeUser, seedGroup } from "../support/factories";
import { makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

// A lender's answer and an acceptance withdrawn: what each records on the deal and each refusal's words.
// The deal is the factories' HP of £10,000 over 48 × £253 to the general lender (£400 fixed commission).
let finance: SessionUser;
let branchId: string;
let panel: Awaited<ReturnType<typeof makePanel>>;

beforeAll(async () => {
  branchId = (await seedGroup())["laguna-ktm"]!;
  finance = await makeUser("finance", [branchId]);
  panel = await makePanel();
});

const ok = (result: { ok: boolean; message?: string }) => expect(result, result.message).toMatchObject({ ok: true });
const step = async (dealId: string) => ({ actor: finance, id: dealId, version: await versionOfDeal(dealId) });
const dealOf = async (id: string) => (await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, id)))[0]!;
const latestAttempt = async (dealId: string) =>
  (await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, dealId)).orderBy(sql`sequence desc`).limit(1))[0]!;
const auditOf = async (dealId: string, action: string) =>
  (await db().select().from(schema.auditLog).where(and(eq(schema.auditLog.entityId, dealId), eq(schema.auditLog.action, action))))[0];

/** A deal proposed to the general lender, waiting for its answer. */
async function proposedDeal() {
  const dealId = await makeDeal(finance, branchId);
  ok(await recordDisclosure({ ...(await step(dealId)), lenderId: panel.general.id, medium: "email", customerAskedAmount: true, amountToldToCustomer: "", givenAt: new Date() }));
  ok(await recordConsent({ ...(await step(dealId)), kind: "initial", method: "e_signature", givenAt: new Date() }));
  ok(await proposeToLender({ ...(await step(dealId)), lenderId: panel.general.id, orderReason: "The customer asked for Open Road Credit." }));
  return { dealId, attempt: await latestAttempt(dealId) };
}
const answer = async (dealId: string, attemptId: string, outcome: Outcome, approved?: Parameters<typeof decideAttempt>[0]["approved"]) =>
  decideAttempt({ ...(await step(dealId)), attemptId, outcome, approved });
// The proposal's own terms as the lender would state them: the quote with its £400 commission.
const proposalTerms = (attempt: { quote: unknown }) => ({ ...(attempt.quote as Record<string, number>), commissionPence: 40_000 }) as never;

describe("a lender's answer", () => {
  it("records an acceptance on the proposal's terms, with the lender's commission, and the deal approved", async () => {
    const { dealId, attempt } = await proposedDeal();
    ok(await answer(dealId, attempt.id, "accepted"));
    const decided = await latestAttempt(dealId);
    expect(decided.outcome).toBe("accepted");
    expect(decided.approvedFigures).toMatchObject({ creditPence: 1_000_000, termMonths: 48, monthlyPaymentPence: 25_300, commissionPence: 40_000 });
    expect((await dealOf(dealId)).status).toBe("approved");
    expect((await auditOf(dealId, "finance.attempt_accepted"))?.after).toMatchObject({ attemptId: attempt.id, lenderId: panel.general.id, approved: { commissionPence: 40_000 } });
  });

  it("puts a declined deal back to disclosed and a referred one back to proposed, with no terms", async () => {
    for (const [outcome, status] of [["declined", "disclosed"], ["referred", "proposed"]] as const) {
      const { dealId, attempt } = await proposedDeal();
      ok(await answer(dealId, attempt.id, outcome));
      expect(await latestAttempt(dealId)).toMatchObject({ outcome, approvedFigures: null });
      expect((await dealOf(dealId)).status).toBe(status);
      expect((await auditOf(dealId, `finance.attempt_${outcome}`))?.after).toMatchObject({ attemptId: attempt.id, approved: null });
    }
  });

  it("refuses an answer to a proposal not on the deal, or answered already", async () => {
    const { dealId, attempt } = await proposedDeal();
    expect(await answer(dealId, randomUUID(), "accepted")).toMatchObject({ ok: false, status: 404, message: "That proposal isn't on this deal." });
    ok(await answer(dealId, attempt.id, "declined"));
    expect(await answer(dealId, attempt.id, "accepted")).toMatchObject({ ok: false, status: 409, message: "That proposal has already been answered." });
  });

  it("refuses a negative commission, and a 'counter-offer' on the proposal's own figures", async () => {
    const { dealId, attempt } = await proposedDeal();
    const terms = proposalTerms(attempt) as Record<string, number>;
    expect(await answer(dealId, attempt.id, "accepted", { ...terms, commissionPence: -1 } as never)).toMatchObject({
      ok: false,
      field: "commissionPence",
      message: "Enter the lender's commission, £0 or more.",
    });
    // (An acceptance on other figures is refused in deal-figures.test.ts.)
    expect(await answer(dealId, attempt.id, "countered", terms as never)).toMatchObject({
      ok: false,
      field: "outcome",
      message: "These are the proposal's own figures: record the answer as accepted.",
    });
    expect((await latestAttempt(dealId)).outcome).toBe("pending");
  });
});

describe("an acceptance withdrawn", () => {
  it("is refused with no acceptance in force, and otherwise recorded with its reason, the deal back to disclosed", async () => {
    const { dealId, attempt } = await proposedDeal();
    expect(await withdrawAcceptance({ ...(await step(dealId)), reason: "Customer changed mind" })).toMatchObject({
      ok: false,
      status: 409,
      message: "No lender's acceptance is in force on this deal.",
    });
    ok(await answer(dealId, attempt.id, "accepted"));
    ok(await withdrawAcceptance({ ...(await step(dealId)), reason: "Customer changed mind" }));
    const [withdrawal] = await db().select().from(schema.acceptanceWithdrawals).where(eq(schema.acceptanceWithdrawals.dealId, dealId));
    expect(withdrawal).toMatchObject({ attemptId: attempt.id, reason: "Customer changed mind", recordedBy: finance.id });
    expect((await dealOf(dealId)).status).toBe("disclosed");
    expect((await auditOf(dealId, "finance.acceptance_withdrawn"))?.after).toMatchObject({ attemptId: attempt.id, reason: "Customer changed mind" });
    expect(await withdrawAcceptance({ ...(await step(dealId)), reason: "Again" })).toMatchObject({ ok: false, status: 409, message: "No lender's acceptance is in force on this deal." });
  });
});
