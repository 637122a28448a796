import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, signDeal, type ApprovedTerms } from "~/modules/finance/deal-steps.server";
import { decideAttempt, withdrawAcceptance } from "~/modules/finance/lender-answers.server";
import { storedFigures } from "~/modules/finance/deal-figures";
import { DealFieldsSchema } from "~/modules/finance/deals.schema";
import { createDeal, figuresOf, updateDeal } from "~/modules/finance/deals.server";
import { listDealFigureProblems } from "~/modules/finance/figures-check.server";
import { makeUser, seedGroup } from "../support/factories";
import { dealInput, makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

// Every expected APR below was worked apart from the app, by bisection on
// Σ payment × (1 + X)^(−month/12) = credit in a separate script (Python, outside the repo);
// amounts by adding up the schedule by hand.

let branch: string;
let finance: SessionUser;
let panel: Awaited<ReturnType<typeof makePanel>>;

beforeAll(async () => {
  const branches = await seedGroup();
  branch = branches["laguna-ktm"]!;
  finance = await makeUser("finance", [branch]);
  panel = await makePanel();
});

/** The schema's refusals by field, as the form shows them. */
function refusals(overrides: Record<string, string>) {
  const parsed = DealFieldsSchema.safeParse({ ...rawInput(), ...overrides });
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

/** The factory's HP deal as typed: £11,000 cash, £1,000 deposit, £10,000 of credit, 48 × £253 (10.3% APR). */
function rawInput(): Record<string, string> {
  return {
    branchId: branch, channel: "in_store", customerName: "Jo Rider", customerDateOfBirth: "1990-05-01", customerUkResident: "yes", customerContact: "jo@example.com",
    vehicleDescription: "KTM 790 Adventure", vehicleBrand: "KTM", product: "hp",
    cashPricePence: "11000", depositPence: "1000", depositContributionPence: "0", partExchangePence: "0", partExchangeSettlementPence: "0", creditPence: "10000",
    termMonths: "48", regularPaymentCount: "48", firstPaymentMonth: "1", finalPaymentMonth: "", ratePercentBasisPoints: "9.9", rateFixed: "yes", aprBasisPoints: "10.3",
    feeAtSigningPence: "0", feeWithLastPaymentPence: "0", monthlyPaymentPence: "253", finalPaymentPence: "0", chargeForCreditPence: "2144", totalPayablePence: "13144",
  };
}

describe("a deal's stated figures are checked by the credit-figures engine", () => {
  it("refuses 1.9% APR where 48 × £253 on £10,000 of credit give 10.3%, showing the computed APR by the field", async () => {
    expect(refusals({ aprBasisPoints: "1.9" })).toEqual({ aprBasisPoints: "The figures give 10.3% APR, not 1.9%: £253.00 × 48 on £10,000.00 of credit." });
    const result = await createDeal({ actor: finance, fields: { ...dealInput(branch), aprBasisPoints: 190 } });
    expect(result).toMatchObject({ ok: false, field: "aprBasisPoints", message: "The figures give 10.3% APR, not 1.9%: £253.00 × 48 on £10,000.00 of credit." });
  });

  it("refuses payments that don't add up to credit plus charge: £100 × 36 against £12,144", () => {
    const wrong = refusals({ monthlyPaymentPence: "100", regularPaymentCount: "36", termMonths: "36" });
    expect(wrong.chargeForCreditPence).toBe("The figures give a charge for credit of -£6,400.00: £100.00 × 36 = £3,600.00, less £10,000.00 of credit.");
    expect(wrong.aprBasisPoints).toBe("£100.00 × 36 = £3,600.00 repays less than the £10,000.00 of credit: check the payments.");
  });

  it("accepts a 48-month PCP of 47 × £180 and £5,200 in month 48 (10.4% APR), and refuses it as 48 payments and a final one", async () => {
    // £12,495 − £2,000 = £10,495 of credit; 47 × £180 + £5,200 = £13,660: charge £3,165; payable £15,660.
    const pcp = { product: "pcp", cashPricePence: "12495", depositPence: "2000", creditPence: "10495", termMonths: "48", regularPaymentCount: "47", monthlyPaymentPence: "180", finalPaymentPence: "5200", finalPaymentMonth: "48", aprBasisPoints: "10.4", chargeForCreditPence: "3165", totalPayablePence: "15660" };
    expect(refusals(pcp)).toEqual({});
    const id = await makeDeal(finance, branch, pcp);
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, id));
    expect(deal!.quotedFigures).toMatchObject({ termMonths: 48, regularPaymentCount: 47, finalPaymentMonth: 48, finalPaymentPence: 520_000, totalPayablePence: 1_566_000 });
    expect(refusals({ ...pcp, regularPaymentCount: "48", finalPaymentMonth: "" })).toEqual({ finalPaymentMonth: "The final payment falls with or after the last regular payment (month 48) and by month 48." });
  });

  it("counts fees in the charge and the APR at the month they are paid: £10 on signing and £10 with the last payment give 10.4%", () => {
    const fees = { feeAtSigningPence: "10", feeWithLastPaymentPence: "10", chargeForCreditPence: "2164", totalPayablePence: "13164", aprBasisPoints: "10.4" };
    expect(refusals(fees)).toEqual({});
    expect(refusals({ ...fees, aprBasisPoints: "10.3" })).toEqual({ aprBasisPoints: "The figures give 10.4% APR, not 10.3%: £253.00 × 48 + £20.00 of fees on £10,000.00 of credit." });
  });

  it("adds a part exchange's settlement to the credit: £15,995 − £3,000 − (£4,200 − £1,350) = £10,145; 48 × £250 is 8.8%", () => {
    const px = { cashPricePence: "15995", depositPence: "3000", partExchangePence: "4200", partExchangeSettlementPence: "1350", monthlyPaymentPence: "250", aprBasisPoints: "8.8" };
    // Payable: £3,000 + £4,200 − £1,350 + 48 × £250 = £17,850.
    expect(refusals({ ...px, creditPence: "10145", chargeForCreditPence: "1855", totalPayablePence: "17850" })).toEqual({});
    expect(refusals({ ...px, creditPence: "12995", chargeForCreditPence: "1855", totalPayablePence: "17850" }).creditPence).toBe(
      "The figures give £10,145.00 of credit (cash price less the deposit, any contribution and the part exchange net of settlement).",
    );
  });

  it("leaves a manufacturer's deposit contribution out of the total payable: FIN-000002 pays £11,521.40, not cash price + charge", () => {
    // £10,499 − £1,500 − £500 contribution = £8,499; 35 × £152.04 + £4,700 in month 36 (7.9% APR).
    const robinson = { product: "pcp", cashPricePence: "10499", depositPence: "1500", depositContributionPence: "500", creditPence: "8499", termMonths: "36", regularPaymentCount: "35", monthlyPaymentPence: "152.04", finalPaymentPence: "4700", finalPaymentMonth: "36", aprBasisPoints: "7.9", chargeForCreditPence: "1522.40" };
    expect(refusals({ ...robinson, totalPayablePence: "11521.40" })).toEqual({});
    expect(refusals({ ...robinson, totalPayablePence: "12021.40" })).toEqual({
      totalPayablePence: "The figures give a total amount payable of £11,521.40: the customer's deposit and part exchange plus £152.04 × 35 + a final £4,700.00 (a third party's contribution is not the customer's).",
    });
  });

  it("states 0.0% APR only where the payments repay exactly the credit: 36 × £150 on £5,400", () => {
    const zero = { cashPricePence: "5400", depositPence: "0", creditPence: "5400", termMonths: "36", regularPaymentCount: "36", monthlyPaymentPence: "150", chargeForCreditPence: "0", totalPayablePence: "5400" };
    expect(refusals({ ...zero, aprBasisPoints: "0" })).toEqual({});
    expect(refusals({ ...zero, monthlyPaymentPence: "172.50", chargeForCreditPence: "810", totalPayablePence: "6210", aprBasisPoints: "0" }).aprBasisPoints).toBe(
      "The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit.",
    );
  });

  it("gives a first payment on signing its own APR: 48 × £253 from month 0 is 10.8%", () => {
    expect(refusals({ firstPaymentMonth: "0", aprBasisPoints: "10.8" })).toEqual({});
  });

  it("refuses an edit whose figures disagree, keeping the deal as it was", async () => {
    const id = await makeDeal(finance, branch);
    const result = await updateDeal({ actor: finance, id, version: await versionOfDeal(id), fields: { ...dealInput(branch), totalPayablePence: 1_314_500 } });
    expect(result).toMatchObject({ ok: false, field: "totalPayablePence" });
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, id));
    expect((deal!.quotedFigures as { totalPayablePence: number }).totalPayablePence).toBe(1_314_400);
  });
});

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const step = async (id: string) => ({ actor: finance, id, version: await versionOfDeal(id) });

async function proposedDeal() {
  const id = await makeDeal(finance, branch);
  expect((await recordDisclosure({ ...(await step(id)), lenderId: panel.captive.id, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt: minutesAgo(30) })).ok).toBe(true);
  expect((await recordConsent({ ...(await step(id)), kind: "initial", method: "signed_paper", givenAt: minutesAgo(25) })).ok).toBe(true);
  expect((await proposeToLender({ ...(await step(id)), lenderId: panel.captive.id, orderReason: "", proposedAt: minutesAgo(20) })).ok).toBe(true);
  return id;
}

async function attemptsOf(id: string) {
  return db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, id)).orderBy(sql`sequence`);
}

/** The factory deal countered at a higher rate: 48 × £262 on the same £10,000 is 12.4% APR. */
function counterTerms(commissionPence = 40_000): ApprovedTerms {
  const fields = DealFieldsSchema.parse({ ...rawInput(), monthlyPaymentPence: "262", aprBasisPoints: "12.4", ratePercentBasisPoints: "11.9", chargeForCreditPence: "2576", totalPayablePence: "13576" });
  return { ...figuresOf(fields), commissionPence };
}

describe("a lender's answer carries its terms", () => {
  it("records an acceptance with the proposal's figures and the lender's commission (4% of £10,000 = £400)", async () => {
    const id = await proposedDeal();
    const [attempt] = await attemptsOf(id);
    expect((await decideAttempt({ ...(await step(id)), attemptId: attempt!.id, outcome: "accepted" })).ok).toBe(true);
    const [decided] = await attemptsOf(id);
    expect(decided!.approvedFigures).toMatchObject({ creditPence: 1_000_000, aprBasisPoints: 1030, monthlyPaymentPence: 25_300, commissionPence: 40_000 });
  });

  it("refuses an acceptance whose figures differ from the proposal: that is a counter-offer", async () => {
    const id = await proposedDeal();
    const [attempt] = await attemptsOf(id);
    const result = await decideAttempt({ ...(await step(id)), attemptId: attempt!.id, outcome: "accepted", approved: counterTerms() });
    expect(result).toEqual({ ok: false, status: 400, field: "outcome", message: "These figures differ from the proposal: record the answer as accepted on different terms." });
  });

  it("refuses a counter-offer whose APR its payments don't give", async () => {
    const id = await proposedDeal();
    const [attempt] = await attemptsOf(id);
    const result = await decideAttempt({ ...(await step(id)), attemptId: attempt!.id, outcome: "countered", approved: { ...counterTerms(), aprBasisPoints: 1030 } });
    expect(result).toMatchObject({ ok: false, field: "aprBasisPoints", message: "The lender's figures disagree with each other: The figures give 12.4% APR, not 10.3%: £262.00 × 48 on £10,000.00 of credit." });
  });

  it("signs a counter-offer on the lender's terms, re-checked, and needs fresh consent for its higher commission", async () => {
    const id = await proposedDeal();
    const [attempt] = await attemptsOf(id);
    expect((await decideAttempt({ ...(await step(id)), attemptId: attempt!.id, outcome: "countered", approved: counterTerms(45_000), decidedAt: minutesAgo(15) })).ok).toBe(true);
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, id));
    expect(deal!.status).toBe("approved");
    // The lender pays £450 against the £400 disclosed: confirmed, then fresh consent before signing.
    expect(await confirmCommission({ ...(await step(id)), amountPence: 45_000, medium: "paper", confirmedAt: minutesAgo(10) })).toMatchObject({ ok: true, needsFreshConsent: true });
    expect(await signDeal({ ...(await step(id)), agreementNumber: "AG-C1", signedAt: new Date() })).toMatchObject({ ok: false, message: /fresh consent/ });
    expect((await recordConsent({ ...(await step(id)), kind: "fresh", method: "signed_paper", givenAt: minutesAgo(5) })).ok).toBe(true);
    expect((await signDeal({ ...(await step(id)), agreementNumber: "AG-C1", signedAt: new Date() })).ok).toBe(true);
    const [signed] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, id));
    expect(signed!.signedFigures).toMatchObject({ aprBasisPoints: 1240, monthlyPaymentPence: 26_200, chargeForCreditPence: 257_600, totalPayablePence: 1_357_600, commissionPence: 45_000 });
    expect((signed!.quotedFigures as { aprBasisPoints: number }).aprBasisPoints).toBe(1030);
  });

  it("allows a new proposal after an acceptance only once the acceptance is recorded as withdrawn, keeping both", async () => {
    const id = await proposedDeal();
    const [attempt] = await attemptsOf(id);
    await decideAttempt({ ...(await step(id)), attemptId: attempt!.id, outcome: "accepted" });
    await recordDisclosure({ ...(await step(id)), lenderId: panel.general.id, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt: minutesAgo(4) });
    await recordConsent({ ...(await step(id)), kind: "initial", method: "signed_paper", givenAt: minutesAgo(3) });
    expect(await proposeToLender({ ...(await step(id)), lenderId: panel.general.id, orderReason: "" })).toMatchObject({ ok: false, status: 409, message: /record the acceptance as withdrawn/ });
    expect((await withdrawAcceptance({ ...(await step(id)), reason: "Customer chose a shorter term elsewhere on the panel." })).ok).toBe(true);
    expect((await proposeToLender({ ...(await step(id)), lenderId: panel.general.id, orderReason: "" })).ok).toBe(true);
    expect((await attemptsOf(id)).map((a) => [a.sequence, a.outcome])).toEqual([[1, "accepted"], [2, "pending"]]);
    const [withdrawal] = await db().select().from(schema.acceptanceWithdrawals).where(eq(schema.acceptanceWithdrawals.dealId, id));
    expect(withdrawal).toMatchObject({ attemptId: attempt!.id, reason: "Customer chose a shorter term elsewhere on the panel." });
    await expect(db().update(schema.acceptanceWithdrawals).set({ reason: "edited" }).where(eq(schema.acceptanceWithdrawals.id, withdrawal!.id))).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/finance log: UPDATE on acceptance_withdrawals is not allowed/) }) });
  });

  it("lets exactly one of two answers recorded at once win (on PostgreSQL a real race)", async () => {
    const id = await proposedDeal();
    const [attempt] = await attemptsOf(id);
    const version = await versionOfDeal(id);
    const results = await Promise.all([
      decideAttempt({ actor: finance, id, version, attemptId: attempt!.id, outcome: "accepted" }),
      decideAttempt({ actor: finance, id, version, attemptId: attempt!.id, outcome: "countered", approved: counterTerms() }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, status: 409 });
    const [decided] = await attemptsOf(id);
    expect(["accepted", "countered"]).toContain(decided!.outcome);
  });
});

describe("the figures check", () => {
  it("lists an unsigned deal whose stored figures disagree (written before the engine) and flags a signed one for a dated correction", async () => {
    const id = await makeDeal(finance, branch);
    // As an older version stored it: with a £500 contribution, total payable = cash price + charge
    // (£11,000 + £2,644 = £13,644), where the customer pays £1,000 + 48 × £253 = £13,144.
    const current = storedFigures((await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, id)))[0]!.quotedFigures);
    const legacy = { ...current, depositContributionPence: 50_000, creditPence: 950_000, chargeForCreditPence: 264_400, totalPayablePence: 1_364_400 };
    await db().update(schema.financeDeals).set({ quotedFigures: legacy }).where(eq(schema.financeDeals.id, id));
    const problems = await listDealFigureProblems(finance);
    const row = problems.find((p) => p.id === id);
    expect(row).toMatchObject({ kind: "deal", frozen: false, remedy: "Edit the deal's figures." });
    expect(row!.problems.map((p) => p.field)).toContain("totalPayablePence");
    // A signed deal with the same old figures (inserted as an upgrade would find it): flagged, never edited.
    const [original] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, id));
    const { id: _id, reference: _reference, ...copy } = original!;
    const [signed] = await db().insert(schema.financeDeals).values({ ...copy, reference: `FIN-T${Date.now()}`, status: "signed", signedAt: new Date(), signedBy: finance.id, agreementNumber: "OLD-1", signedFigures: legacy }).returning();
    expect((await listDealFigureProblems(finance)).find((p) => p.id === signed!.id)).toMatchObject({ frozen: true, remedy: "Signed: correct by a dated entry (a correction), never by editing." });
    const other = await makeUser("finance", [(await seedGroup())["maidstone-honda"]!]);
    expect((await listDealFigureProblems(other)).find((p) => p.id === id)).toBeUndefined();
  });
});
