// The order of events on a deal's record and the four-eyes review (issue #12): each rule refused by the
// steps with the step it conflicts with, and by the database for a row written directly in SQL.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, reviewCommission, signDeal } from "~/modules/finance/deal-steps.server";
import { getDealDetail } from "~/modules/finance/deal-detail.server";
import { listFigureProblems } from "~/modules/finance/figures-check.server";
import { decideAttempt, withdrawAcceptance } from "~/modules/finance/lender-answers.server";
import { listDealOrderProblems } from "~/modules/finance/order-check.server";
import { CLOCK_SLACK_MINUTES } from "~/utils/dates";
import { makeUser, seedGroup } from "../support/factories";
import { refusedWith } from "../support/database-errors";
import { makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

let branch: string;
let finance: SessionUser;
let staffAdmin: SessionUser;
let reviewer: SessionUser;
let panel: Awaited<ReturnType<typeof makePanel>>;

beforeAll(async () => {
  branch = (await seedGroup())["laguna-ktm"]!;
  finance = await makeUser("finance", [branch]);
  staffAdmin = await makeUser("admin");
  reviewer = await makeUser("admin");
  panel = await makePanel(); // the captive lender pays 4% of the credit: £400 on £10,000
});

// 14 March 2026 is GMT in London, so the times below read the same in UTC and in the UK.
const at = (time: string) => new Date(`2026-03-14T${time}Z`);
// The Johnson figures: £10,000 of credit, 48 × £303.03, a £4,545.44 charge (21.7% APR, worked apart).
const JOHNSON = { monthlyPaymentPence: "303.03", aprBasisPoints: "21.7", chargeForCreditPence: "4545.44", totalPayablePence: "15545.44" };
const as = async (actor: SessionUser, id: string) => ({ actor, id, version: await versionOfDeal(id) });
const attemptOf = async (id: string) => (await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, id)).orderBy(sql`sequence desc`))[0]!;
const disclose = async (id: string, givenAt: Date, actor = finance) =>
  recordDisclosure({ ...(await as(actor, id)), lenderId: panel.captive.id, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt });

/** A deal recorded at 10:30:00, disclosed 10:31, consented 10:32, proposed 10:33 and accepted 10:40, at £2,500 commission confirmed 10:45 and fresh consent 10:46. */
async function confirmedJohnsonDeal(staff = finance) {
  const id = await makeDeal(staff, branch, JOHNSON, at("10:30:00"));
  expect(await disclose(id, at("10:31:00"), staff)).toMatchObject({ ok: true });
  expect(await recordConsent({ ...(await as(staff, id)), kind: "initial", method: "signed_paper", givenAt: at("10:32:00") })).toEqual({ ok: true });
  expect(await proposeToLender({ ...(await as(staff, id)), lenderId: panel.captive.id, orderReason: "", proposedAt: at("10:33:00") })).toEqual({ ok: true });
  expect(await decideAttempt({ ...(await as(staff, id)), attemptId: (await attemptOf(id)).id, outcome: "accepted", decidedAt: at("10:40:00") })).toEqual({ ok: true });
  expect(await confirmCommission({ ...(await as(staff, id)), amountPence: 250_000, medium: "paper", confirmedAt: at("10:45:00") })).toEqual({ ok: true, needsFreshConsent: true });
  expect(await recordConsent({ ...(await as(staff, id)), kind: "fresh", method: "signed_paper", givenAt: at("10:46:00") })).toEqual({ ok: true });
  return id;
}

describe("the steps refuse an event out of order, naming the step it conflicts with", () => {
  it("takes a deal through every step, refusing each one dated before the step it follows", async () => {
    const id = await makeDeal(finance, branch, JOHNSON, at("10:30:00"));
    expect(await disclose(id, at("10:29:59"))).toEqual({ ok: false, field: "givenAt", status: 400, message: "The disclosure can't be before the recording of the deal of 14 Mar 2026, 10:30:00." });
    expect(await disclose(id, at("10:31:00"))).toMatchObject({ ok: true });
    const consent = async (kind: "initial" | "fresh", givenAt: Date) => recordConsent({ ...(await as(finance, id)), kind, method: "signed_paper", givenAt });
    expect(await consent("initial", at("10:30:30"))).toMatchObject({ ok: false, field: "givenAt", message: "Consent can't be before the disclosure of 14 Mar 2026, 10:31:00." });
    expect(await consent("initial", at("10:32:00"))).toEqual({ ok: true });
    const propose = async (proposedAt: Date) => proposeToLender({ ...(await as(finance, id)), lenderId: panel.captive.id, orderReason: "", proposedAt });
    expect(await propose(at("10:31:30"))).toMatchObject({ ok: false, status: 409, message: "The proposal can't be before the consent of 14 Mar 2026, 10:32:00." });
    expect(await propose(at("10:33:00"))).toEqual({ ok: true });
    const decide = async (decidedAt: Date) => decideAttempt({ ...(await as(finance, id)), attemptId: (await attemptOf(id)).id, outcome: "accepted", decidedAt });
    expect(await decide(at("10:32:30"))).toMatchObject({ ok: false, field: "decidedAt", message: "The lender's answer can't be before the proposal of 14 Mar 2026, 10:33:00." });
    expect(await decide(at("10:40:00"))).toEqual({ ok: true });
    expect(await withdrawAcceptance({ ...(await as(finance, id)), reason: "Customer changed their mind", withdrawnAt: at("10:39:00") })).toMatchObject({
      ok: false,
      field: "withdrawnAt",
      message: "The withdrawal of the acceptance can't be before the lender's acceptance of 14 Mar 2026, 10:40:00.",
    });
    const confirm = async (confirmedAt: Date) => confirmCommission({ ...(await as(finance, id)), amountPence: 250_000, medium: "paper", confirmedAt });
    expect(await confirm(at("10:39:00"))).toMatchObject({ ok: false, field: "confirmedAt", message: "The commission confirmation can't be before the lender's acceptance of 14 Mar 2026, 10:40:00." });
    expect(await confirm(at("10:45:00"))).toEqual({ ok: true, needsFreshConsent: true });
    expect(await consent("fresh", at("10:44:59"))).toMatchObject({ ok: false, field: "givenAt", message: "Fresh consent can't be before the commission confirmation of 14 Mar 2026, 10:45:00." });
    expect(await consent("fresh", at("10:46:00"))).toEqual({ ok: true });
    const review = async (reviewedAt: Date) => reviewCommission({ ...(await as(reviewer, id)), decision: "approved", note: "Fixed fee checked against the schedule.", reviewedAt });
    expect(await review(at("10:44:00"))).toMatchObject({ ok: false, field: "reviewedAt", message: "The review can't be before the commission confirmation of 14 Mar 2026, 10:45:00." });
    expect(await review(at("10:50:00"))).toEqual({ ok: true });
    const sign = async (signedAt: Date) => signDeal({ ...(await as(finance, id)), agreementNumber: "AG-ORDER", signedAt });
    expect(await sign(at("10:49:00"))).toMatchObject({ ok: false, field: "signedAt", message: "Signing can't be before the review of 14 Mar 2026, 10:50:00." });
    expect(await sign(new Date(Date.now() + (CLOCK_SLACK_MINUTES + 1) * 60_000))).toMatchObject({ ok: false, field: "signedAt", message: "Signing can't be in the future." });
    expect(await sign(at("10:55:00"))).toEqual({ ok: true });
  });

  it("allows a few minutes of clock slack, the same in the app and the database", async () => {
    const result = (await db().execute(sql`select extract(epoch from finance_clock_slack())::int::text as seconds`)) as unknown as { seconds: string }[] | { rows: { seconds: string }[] };
    const [row] = Array.isArray(result) ? result : result.rows;
    expect(Number(row!.seconds)).toBe(5 * 60);
    expect(CLOCK_SLACK_MINUTES).toBe(5);
    const id = await makeDeal(finance, branch);
    expect(await disclose(id, new Date(Date.now() + 6 * 60_000))).toMatchObject({ ok: false, field: "givenAt", message: "The disclosure can't be in the future." });
    expect(await disclose(id, new Date(Date.now() + 4 * 60_000))).toMatchObject({ ok: true });
  });
});

describe("the database refuses an event out of order written directly in SQL", () => {
  it("refuses a consent before its disclosure, a proposal before consent, a confirmation before the acceptance and a signing before the review", async () => {
    const id = await makeDeal(finance, branch, JOHNSON, at("10:30:00"));
    await disclose(id, at("10:31:00"));
    const [disclosure] = await db().select().from(schema.dealDisclosures).where(eq(schema.dealDisclosures.dealId, id));
    const consent = { dealId: id, disclosureId: disclosure!.id, kind: "initial" as const, method: "signed_paper" as const, recordedBy: finance.id };
    await expect(db().insert(schema.dealConsents).values({ ...consent, givenAt: at("10:30:59") })).rejects.toEqual(refusedWith("finance log: consent can't be before the disclosure of 2026-03-14 10:31:00 UTC"));
    const attempt = { dealId: id, lenderId: panel.captive.id, sequence: 1, quote: {}, aprBasisPoints: 2170, termMonths: 48, recordedBy: finance.id };
    await expect(db().insert(schema.lenderAttempts).values({ ...attempt, proposedAt: at("10:33:00") })).rejects.toEqual(refusedWith("finance log: the proposal can't be before the customer's consent to that lender's disclosure"));
    await db().insert(schema.dealConsents).values({ ...consent, givenAt: at("10:32:00") });
    const [proposal] = await db().insert(schema.lenderAttempts).values({ ...attempt, proposedAt: at("10:33:00") }).returning();
    await expect(db().update(schema.lenderAttempts).set({ outcome: "accepted", decidedAt: at("10:32:00") }).where(eq(schema.lenderAttempts.id, proposal!.id))).rejects.toEqual(
      refusedWith("finance log: the lender's answer can't be before the proposal of 2026-03-14 10:33:00 UTC"),
    );
    await db().update(schema.lenderAttempts).set({ outcome: "accepted", decidedAt: at("10:40:00") }).where(eq(schema.lenderAttempts.id, proposal!.id));
    const confirmation = { dealId: id, attemptId: proposal!.id, amountPence: 250_000, medium: "paper" as const, confirmedBy: finance.id };
    await expect(db().insert(schema.commissionConfirmations).values({ ...confirmation, confirmedAt: at("10:39:00") })).rejects.toEqual(
      refusedWith("finance log: the commission confirmation can't be before the lender's acceptance of 2026-03-14 10:40:00 UTC"),
    );
    await db().insert(schema.commissionConfirmations).values({ ...confirmation, confirmedAt: at("10:45:00") });
    await db().insert(schema.commissionReviews).values({ dealId: id, reviewerId: reviewer.id, decision: "approved", note: "Checked", commissionPence: 250_000, attemptId: proposal!.id, reviewedAt: at("10:50:00") });
    const signing = { status: "signed" as const, agreementNumber: "AG-SQL", signedBy: finance.id, signedAttemptId: proposal!.id };
    await expect(db().update(schema.financeDeals).set({ ...signing, signedAt: at("10:49:00") }).where(eq(schema.financeDeals.id, id))).rejects.toEqual(
      refusedWith("finance log: signing can't be before the review of 2026-03-14 10:50:00 UTC"),
    );
    const future = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    await expect(db().update(schema.financeDeals).set({ ...signing, signedAt: future }).where(eq(schema.financeDeals.id, id))).rejects.toEqual(
      refusedWith(`finance log: signing can't be in the future (${future.toISOString().slice(0, 19).replace("T", " ")} UTC)`),
    );
    await db().update(schema.financeDeals).set({ ...signing, signedAt: at("10:55:00") }).where(eq(schema.financeDeals.id, id));
    // Nothing is added to a signed record dated after its signing.
    await expect(db().insert(schema.dealConsents).values({ ...consent, kind: "fresh", givenAt: at("11:00:00") })).rejects.toEqual(refusedWith("finance log: fresh consent can't be after the signing of 2026-03-14 10:55:00 UTC"));
  });

  it("refuses a disclosure dated before the deal was recorded", async () => {
    const id = await makeDeal(finance, branch, {}, at("10:30:00"));
    const [document] = await db().select().from(schema.disclosureDocuments).limit(1);
    const disclosure = { dealId: id, documentId: document!.id, documentSha256: document!.sha256, lenderId: panel.captive.id, basis: "percent_of_credit" as const, estimatedCommissionPence: 40_000, tiesDisclosed: [], medium: "paper" as const, givenBy: finance.id };
    await expect(db().insert(schema.dealDisclosures).values({ ...disclosure, givenAt: at("10:29:59") })).rejects.toEqual(refusedWith("finance log: the disclosure can't be before the recording of the deal of 2026-03-14 10:30:00 UTC"));
  });
});

describe("four eyes on a high commission", () => {
  it("refuses a review by the deal's own member of staff, and a signing by the reviewer", async () => {
    const own = await confirmedJohnsonDeal(staffAdmin);
    expect(await reviewCommission({ ...(await as(staffAdmin, own)), decision: "approved", note: "My own deal, looks fine." })).toEqual({
      ok: false,
      status: 403,
      message: "Four eyes: the deal's own member of staff can't review its commission. Another admin must review it.",
    });
    const second = await confirmedJohnsonDeal();
    expect(await reviewCommission({ ...(await as(reviewer, second)), decision: "approved", note: "Checked the fixed fee and the file.", reviewedAt: at("10:50:00") })).toEqual({ ok: true });
    expect(await signDeal({ ...(await as(reviewer, second)), agreementNumber: "AG-4E", signedAt: at("10:55:00") })).toEqual({
      ok: false,
      status: 409,
      message: "Four eyes: whoever reviewed the deal's commission can't sign it. Someone else must record the signing.",
    });
    expect(await signDeal({ ...(await as(finance, second)), agreementNumber: "AG-4E", signedAt: at("10:55:00") })).toEqual({ ok: true });
  });

  it("refuses a discloser's review in the app and in the database", async () => {
    const id = await makeDeal(finance, branch, JOHNSON, at("10:30:00"));
    await disclose(id, at("10:31:00"), reviewer);
    await recordConsent({ ...(await as(finance, id)), kind: "initial", method: "signed_paper", givenAt: at("10:32:00") });
    await proposeToLender({ ...(await as(finance, id)), lenderId: panel.captive.id, orderReason: "", proposedAt: at("10:33:00") });
    await decideAttempt({ ...(await as(finance, id)), attemptId: (await attemptOf(id)).id, outcome: "accepted", decidedAt: at("10:40:00") });
    await confirmCommission({ ...(await as(finance, id)), amountPence: 250_000, medium: "paper", confirmedAt: at("10:45:00") });
    expect(await reviewCommission({ ...(await as(reviewer, id)), decision: "approved", note: "I gave the disclosure." })).toMatchObject({
      ok: false,
      status: 403,
      message: "Four eyes: whoever gave the deal's disclosure can't review its commission. Another admin must review it.",
    });
    const review = { dealId: id, decision: "approved" as const, note: "Direct", commissionPence: 250_000, reviewedAt: at("10:50:00") };
    await expect(db().insert(schema.commissionReviews).values({ ...review, reviewerId: reviewer.id })).rejects.toEqual(refusedWith("finance log: four eyes: whoever gave the deal's disclosure can't review its commission"));
    await expect(db().insert(schema.commissionReviews).values({ ...review, reviewerId: finance.id })).rejects.toEqual(refusedWith("finance log: four eyes: the deal's own member of staff can't review its commission"));
    await db().insert(schema.commissionReviews).values({ ...review, reviewerId: staffAdmin.id });
    const signing = { status: "signed" as const, agreementNumber: "AG-4E-SQL", signedAt: at("10:55:00"), signedBy: staffAdmin.id };
    await expect(db().update(schema.financeDeals).set(signing).where(eq(schema.financeDeals.id, id))).rejects.toEqual(refusedWith("finance log: four eyes: whoever reviewed the deal's commission can't sign it"));
  });

  it("refuses a disclosure by whoever reviewed the commission, in the app and in the database", async () => {
    const id = await confirmedJohnsonDeal();
    expect(await reviewCommission({ ...(await as(reviewer, id)), decision: "approved", note: "Checked the fixed fee and the file.", reviewedAt: at("10:50:00") })).toEqual({ ok: true });
    // A second disclosure (a lender added late) given by the reviewer.
    expect(await disclose(id, at("10:51:00"), reviewer)).toEqual({
      ok: false,
      status: 403,
      message: "Four eyes: whoever reviewed the deal's commission can't give its disclosure. Another member of staff must give it.",
    });
    const [document] = await db().select().from(schema.disclosureDocuments).limit(1);
    const row = { dealId: id, documentId: document!.id, documentSha256: document!.sha256, lenderId: panel.captive.id, basis: "percent_of_credit" as const, estimatedCommissionPence: 40_000, tiesDisclosed: [], medium: "paper" as const, givenAt: at("10:51:00") };
    await expect(db().insert(schema.dealDisclosures).values({ ...row, givenBy: reviewer.id })).rejects.toEqual(refusedWith("finance log: four eyes: whoever reviewed the deal's commission can't give its disclosure"));
    await db().insert(schema.dealDisclosures).values({ ...row, givenBy: finance.id });
  });

  it("keeps the figures and ratios a review approved, and needs a new review when they change", async () => {
    const id = await confirmedJohnsonDeal();
    expect(await reviewCommission({ ...(await as(reviewer, id)), decision: "approved", note: "Checked the fixed fee and the file.", reviewedAt: at("10:50:00") })).toEqual({ ok: true });
    const [review] = await db().select().from(schema.commissionReviews).where(eq(schema.commissionReviews.dealId, id));
    // £2,500 of £10,000 credit is 25%; of the £4,545.44 charge for credit, 55.0%.
    expect(review).toMatchObject({ attemptId: (await attemptOf(id)).id, commissionPence: 250_000, creditPence: 1_000_000, chargeForCreditPence: 454_544, totalPayablePence: 1_554_544, reviewedAt: at("10:50:00") });
    expect(review!.ratios).toMatchObject({ ofCredit: 0.25, thresholds: { chargeForCreditPercent: 35, creditPercent: 10 } });
    expect((review!.ratios as { ofChargeForCredit: number }).ofChargeForCredit).toBeCloseTo(0.55, 3);
    // The lender's commission turns out £100 more: confirmed again, so the approved figures no longer hold.
    await confirmCommission({ ...(await as(finance, id)), amountPence: 260_000, medium: "paper", confirmedAt: at("10:52:00") });
    await recordConsent({ ...(await as(finance, id)), kind: "fresh", method: "signed_paper", givenAt: at("10:53:00") });
    expect(await signDeal({ ...(await as(finance, id)), agreementNumber: "AG-NEW", signedAt: at("10:55:00") })).toMatchObject({
      ok: false,
      message: "The figures changed since the review of 14 Mar 2026, 10:50:00 (the commission is now £2,600.00, not £2,500.00): another admin must review them before signing.",
    });
    expect(await reviewCommission({ ...(await as(reviewer, id)), decision: "approved", note: "Rechecked at the new amount.", reviewedAt: at("10:54:00") })).toEqual({ ok: true });
    expect(await signDeal({ ...(await as(finance, id)), agreementNumber: "AG-NEW", signedAt: at("10:55:00") })).toEqual({ ok: true });
  });
});

describe("finance:check on records stored before the rules", () => {
  it("lists a deal whose events are out of order and self-reviewed, with the reasons, and not a deal in order", async () => {
    const good = await confirmedJohnsonDeal();
    await reviewCommission({ ...(await as(reviewer, good)), decision: "approved", note: "Checked the fixed fee and the file.", reviewedAt: at("10:50:00") });
    await signDeal({ ...(await as(finance, good)), agreementNumber: "AG-GOOD", signedAt: at("10:55:00") });
    // As an older version could store it, written past the triggers (as rows from before migration 0020 are).
    const bad = await makeDeal(finance, branch, JOHNSON, at("10:30:00"));
    const [document] = await db().select().from(schema.disclosureDocuments).limit(1);
    await db().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      const [disclosure] = await tx
        .insert(schema.dealDisclosures)
        .values({ dealId: bad, documentId: document!.id, documentSha256: document!.sha256, lenderId: panel.captive.id, basis: "percent_of_credit", estimatedCommissionPence: 40_000, tiesDisclosed: [], medium: "paper", givenAt: at("10:31:00"), givenBy: finance.id })
        .returning();
      await tx.insert(schema.dealConsents).values({ dealId: bad, disclosureId: disclosure!.id, kind: "initial", method: "signed_paper", givenAt: at("10:20:00"), recordedBy: finance.id });
      const [attempt] = await tx
        .insert(schema.lenderAttempts)
        .values({ dealId: bad, lenderId: panel.captive.id, sequence: 1, quote: {}, aprBasisPoints: 2170, termMonths: 48, outcome: "accepted", proposedAt: at("10:33:00"), decidedAt: at("10:40:00"), recordedBy: finance.id })
        .returning();
      await tx.insert(schema.commissionConfirmations).values({ dealId: bad, attemptId: attempt!.id, amountPence: 250_000, medium: "paper", confirmedAt: at("10:45:00"), confirmedBy: finance.id });
      await tx.insert(schema.commissionReviews).values({ dealId: bad, reviewerId: finance.id, decision: "approved", note: "Mine", commissionPence: 250_000, attemptId: attempt!.id, reviewedAt: at("10:50:00") });
      await tx.update(schema.financeDeals).set({ status: "signed", agreementNumber: "AG-BAD", signedAt: at("10:44:00"), signedBy: finance.id, updatedAt: new Date(Date.now() + 1000) }).where(eq(schema.financeDeals.id, bad));
    });
    const listed = await listDealOrderProblems(staffAdmin);
    expect(listed.find((row) => row.id === good)).toBeUndefined();
    const row = listed.find((r) => r.id === bad);
    expect(row).toMatchObject({ kind: "deal", href: `/finance/${bad}`, frozen: true });
    expect(row!.problems.map((p) => p.message)).toEqual([
      "Consent (14 Mar 2026, 10:20:00): Consent can't be before the disclosure of 14 Mar 2026, 10:31:00.",
      "Proposal 1 (14 Mar 2026, 10:33:00): Record the customer's consent to the disclosure before proposing.",
      "Commission confirmation (14 Mar 2026, 10:45:00): The commission confirmation can't be after the signing of 14 Mar 2026, 10:44:00.",
      "Review (14 Mar 2026, 10:50:00): The review can't be after the signing of 14 Mar 2026, 10:44:00.",
      "Review (14 Mar 2026, 10:50:00): self-reviewed: the deal's own member of staff can't review its commission.",
      "Signing (14 Mar 2026, 10:44:00): Signing can't be before the review of 14 Mar 2026, 10:50:00.",
    ]);
    // The same list feeds npm run finance:check and /finance/check.
    expect((await listFigureProblems(staffAdmin)).events.find((r) => r.id === bad)?.problems).toEqual(row!.problems);
  });
});

describe("the high-commission warning", () => {
  it("shows once the disclosed estimate crosses a threshold, before any lender answers", async () => {
    // 40 × £275 on £10,000 is a £1,000 charge for credit (5.8% APR, worked apart): the £400 likely commission is 40% of it.
    const id = await makeDeal(finance, branch, { regularPaymentCount: "40", monthlyPaymentPence: "275", aprBasisPoints: "5.8", chargeForCreditPence: "1000", totalPayablePence: "12000" });
    expect((await getDealDetail(finance, id))!.estimate).toBeNull();
    await disclose(id, new Date());
    const detail = (await getDealDetail(finance, id))!;
    expect(detail.position).toBeNull();
    expect(detail.estimate).toMatchObject({ commissionPence: 40_000, reviewNeeded: true, ratios: { ofChargeForCredit: 0.4, ofCredit: 0.04 } });
    // An ordinary deal's estimate (£400 against a £2,144 charge, 18.7%; 4% of the credit) stays under both thresholds.
    const ordinary = await makeDeal(finance, branch);
    await disclose(ordinary, new Date());
    expect((await getDealDetail(finance, ordinary))!.estimate).toMatchObject({ commissionPence: 40_000, reviewNeeded: false });
  });
});
