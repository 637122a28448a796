import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, reviewCommission, signDeal } from "~/modules/finance/deal-steps.server";
import { decideAttempt } from "~/modules/finance/lender-answers.server";
import { makeUser, seedGroup } from "../support/factories";
import { makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

// What each step of a deal writes to its audit trail and the deal's status, and the refusals of a step
// taken too early, each by its words. The deal: the factories' £10,000 HP to the general lender (£400 fixed).
let finance: SessionUser;
let branchId: string;
let panel: Awaited<ReturnType<typeof makePanel>>;

beforeAll(async () => {
  branchId = (await seedGroup())["laguna-ktm"]!;
  finance = await makeUser("finance", [branchId]);
  panel = await makePanel();
});

const step = async (dealId: string) => ({ actor: finance, id: dealId, version: await versionOfDeal(dealId) });
const ok = (result: { ok: boolean; message?: string }) => expect(result, result.message).toMatchObject({ ok: true });
const statusOf = async (id: string) => (await db().select({ status: schema.financeDeals.status }).from(schema.financeDeals).where(eq(schema.financeDeals.id, id)))[0]!.status;
const trail = async (dealId: string) =>
  (await db().select().from(schema.auditLog).where(and(eq(schema.auditLog.entityType, "finance_deal"), eq(schema.auditLog.entityId, dealId))).orderBy(asc(schema.auditLog.id))).map(
    (row) => ({ action: row.action, after: row.after }),
  );
const latestAttemptId = async (dealId: string) =>
  (await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, dealId)).orderBy(sql`sequence desc`).limit(1))[0]!.id;
const disclose = async (dealId: string, extra: Partial<Parameters<typeof recordDisclosure>[0]> = {}) =>
  recordDisclosure({ ...(await step(dealId)), lenderId: panel.general.id, medium: "email", customerAskedAmount: true, amountToldToCustomer: "", ...extra });
const ORDER_REASON = "The customer asked for Open Road Credit.";

describe("each step's record", () => {
  it("writes every step of a deal to its trail, with what was done, and moves its status", async () => {
    const dealId = await makeDeal(finance, branchId);
    expect(await disclose(dealId)).toEqual({ ok: true, estimatedCommissionPence: 40_000 });
    expect(await statusOf(dealId)).toBe("disclosed");
    const [disclosure] = await db().select().from(schema.dealDisclosures).where(eq(schema.dealDisclosures.dealId, dealId));
    // The customer asked and nothing else was typed: they were told the estimate.
    expect(disclosure).toMatchObject({ amountToldToCustomer: "£400.00", medium: "email", customerAskedAmount: true });
    ok(await recordConsent({ ...(await step(dealId)), kind: "initial", method: "e_signature", givenAt: new Date() }));
    ok(await proposeToLender({ ...(await step(dealId)), lenderId: panel.general.id, orderReason: ORDER_REASON }));
    expect(await statusOf(dealId)).toBe("proposed");
    ok(await decideAttempt({ ...(await step(dealId)), attemptId: await latestAttemptId(dealId), outcome: "accepted" }));
    ok(await confirmCommission({ ...(await step(dealId)), amountPence: 40_000, medium: "email", confirmedAt: new Date() }));
    ok(await signDeal({ ...(await step(dealId)), agreementNumber: "OR-2026-1", signedAt: new Date() }));
    expect(await statusOf(dealId)).toBe("signed");

    const steps = (await trail(dealId)).filter((row) => row.action !== "finance.created");
    expect(steps.map((row) => row.action)).toEqual([
      "finance.disclosed",
      "finance.consented",
      "finance.proposed",
      "finance.attempt_accepted",
      "finance.commission_confirmed",
      "finance.signed",
    ]);
    expect(steps[0]!.after).toMatchObject({ lenderId: panel.general.id, documentVersion: 1, estimatedCommissionPence: 40_000, medium: "email" });
    expect(steps[1]!.after).toMatchObject({ kind: "initial", method: "e_signature" });
    expect(steps[2]!.after).toMatchObject({ lender: panel.general.name, sequence: 1, orderReason: ORDER_REASON });
    expect(steps[4]!.after).toMatchObject({ amountPence: 40_000, disclosedPence: 40_000, needsFreshConsent: false });
  });

  it("keeps what the customer was told when they asked and it was typed, and nothing when they didn't ask", async () => {
    const told = await makeDeal(finance, branchId);
    ok(await disclose(told, { amountToldToCustomer: "About £400" }));
    const unasked = await makeDeal(finance, branchId);
    ok(await disclose(unasked, { customerAskedAmount: false, amountToldToCustomer: "typed but not asked" }));
    const amounts = await db()
      .select({ dealId: schema.dealDisclosures.dealId, told: schema.dealDisclosures.amountToldToCustomer })
      .from(schema.dealDisclosures)
      .where(sql`${schema.dealDisclosures.dealId} in (${told}, ${unasked})`);
    expect(Object.fromEntries(amounts.map((row) => [row.dealId, row.told]))).toEqual({ [told]: "About £400", [unasked]: "" });
  });

  it("numbers a second proposal 2 in the trail", async () => {
    const dealId = await makeDeal(finance, branchId);
    ok(await disclose(dealId));
    ok(await recordConsent({ ...(await step(dealId)), kind: "initial", method: "e_signature", givenAt: new Date() }));
    ok(await proposeToLender({ ...(await step(dealId)), lenderId: panel.general.id, orderReason: ORDER_REASON }));
    ok(await decideAttempt({ ...(await step(dealId)), attemptId: await latestAttemptId(dealId), outcome: "declined" }));
    ok(await disclose(dealId, { lenderId: panel.captive.id }));
    ok(await recordConsent({ ...(await step(dealId)), kind: "initial", method: "e_signature", givenAt: new Date() }));
    ok(await proposeToLender({ ...(await step(dealId)), lenderId: panel.captive.id, orderReason: "" }));
    const proposals = (await trail(dealId)).filter((row) => row.action === "finance.proposed");
    expect(proposals.map((row) => (row.after as { sequence: number }).sequence)).toEqual([1, 2]);
  });
});

describe("a step taken too early", () => {
  it("is refused in its own words", async () => {
    const dealId = await makeDeal(finance, branchId);
    expect(await disclose(dealId, { medium: "sms" as never })).toEqual({
      ok: false,
      field: "medium",
      message: "Disclosure must be on a durable medium: paper, email or PDF. A text message (SMS) isn't one.",
    });
    expect(await recordConsent({ ...(await step(dealId)), kind: "initial", method: "e_signature", givenAt: new Date() })).toMatchObject({
      ok: false,
      status: 409,
      message: "Record the disclosure first: consent is to what the customer was told.",
    });
    ok(await disclose(dealId));
    expect(await recordConsent({ ...(await step(dealId)), kind: "fresh", method: "e_signature", givenAt: new Date() })).toMatchObject({
      ok: false,
      status: 409,
      field: "kind",
      message: "Fresh consent answers a confirmed commission: confirm it first.",
    });
    expect(await confirmCommission({ ...(await step(dealId)), amountPence: 40_000, medium: "email" })).toMatchObject({
      ok: false,
      status: 409,
      message: "A lender must accept the deal before the exact commission is confirmed.",
    });
    expect(await reviewCommission({ ...(await step(dealId)), actor: finance, decision: "approved", note: "Fine" })).toMatchObject({ ok: false, status: 403 });
    expect(await statusOf(dealId)).toBe("disclosed");
  });
});
