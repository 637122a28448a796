import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { addDealEntry } from "~/modules/finance/deal-entries.server";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, reviewCommission, signDeal } from "~/modules/finance/deal-steps.server";
import { decideAttempt } from "~/modules/finance/lender-answers.server";
import { createDeal, updateDeal } from "~/modules/finance/deals.server";
import { makeUser, seedGroup } from "../support/factories";
import { refusedWith } from "../support/database-errors";
import { dealInput, makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

let branch: string;
let finance: SessionUser;
let manager: SessionUser;
let admin: SessionUser;
let panel: Awaited<ReturnType<typeof makePanel>>;

beforeAll(async () => {
  const branches = await seedGroup();
  branch = branches["laguna-ktm"]!;
  finance = await makeUser("finance", [branch]);
  manager = await makeUser("manager", [branch]);
  admin = await makeUser("admin");
  panel = await makePanel();
});

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const step = async (id: string) => ({ actor: finance, id, version: await versionOfDeal(id) });
const disclose = async (id: string, lenderId = panel.captive.id, medium = "paper") =>
  recordDisclosure({ ...(await step(id)), lenderId, medium, customerAskedAmount: false, amountToldToCustomer: "", givenAt: minutesAgo(30) });
const consent = async (id: string, kind: "initial" | "fresh" = "initial", at = minutesAgo(20)) => recordConsent({ ...(await step(id)), kind, method: "signed_paper", givenAt: at });
// The steps of a deal done over the last half hour (the deal was recorded two hours ago: makeDeal).
const propose = async (id: string, lenderId = panel.captive.id, orderReason = "", at = minutesAgo(15)) => proposeToLender({ ...(await step(id)), lenderId, orderReason, proposedAt: at });
const decide = async (id: string, outcome: "accepted" | "declined", at = minutesAgo(10)) => {
  const [attempt] = await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, id)).orderBy(sql`sequence desc`).limit(1);
  return decideAttempt({ ...(await step(id)), attemptId: attempt!.id, outcome, decidedAt: at });
};

describe("eligibility", () => {
  it("refuses a customer who isn't a UK resident, with the reason", async () => {
    const result = await createDeal({ actor: finance, fields: dealInput(branch, { customerUkResident: "no" }) });
    expect(result).toMatchObject({ ok: false, message: "We can introduce only UK residents to our lenders." });
  });

  it("refuses a customer under 18 on the day, and accepts one who turned 18 today", async () => {
    const today = new Date();
    const iso = (years: number, dayShift = 0) => {
      const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() + dayShift));
      return d.toISOString().slice(0, 10);
    };
    expect(await createDeal({ actor: finance, fields: dealInput(branch, { customerDateOfBirth: iso(18, 1) }) })).toMatchObject({ ok: false, message: /18 or over/ });
    expect((await createDeal({ actor: finance, fields: dealInput(branch, { customerDateOfBirth: iso(18) }) })).ok).toBe(true);
  });

  it("lets managers view but not record introductions", async () => {
    expect(await createDeal({ actor: manager, fields: dealInput(branch) })).toMatchObject({ ok: false, status: 403 });
  });
});

describe("disclosure and consent before any proposal", () => {
  it("refuses a proposal without a disclosure, then without consent, then accepts it", async () => {
    const id = await makeDeal(finance, branch);
    expect(await propose(id)).toMatchObject({ ok: false, message: /Disclose this lender's commission/ });
    expect((await disclose(id)).ok).toBe(true);
    expect(await propose(id)).toMatchObject({ ok: false, message: /consent/ });
    expect((await consent(id)).ok).toBe(true);
    expect((await propose(id)).ok).toBe(true);
  });

  it("records the document version and hash, the likely commission from the schedule and the ties in force", async () => {
    const id = await makeDeal(finance, branch);
    const result = await disclose(id);
    expect(result).toMatchObject({ ok: true, estimatedCommissionPence: 40_000 }); // 4% of £10,000
    const [row] = await db().select().from(schema.dealDisclosures).where(eq(schema.dealDisclosures.dealId, id));
    expect(row!.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row!.tiesDisclosed)).toContain("TIE-KTM-1");
    const [doc] = await db().select().from(schema.disclosureDocuments).where(eq(schema.disclosureDocuments.id, row!.documentId));
    expect(doc!.firstUsedAt).not.toBeNull();
  });

  it("refuses a disclosure by text message: not a durable medium", async () => {
    const id = await makeDeal(finance, branch);
    expect(await disclose(id, panel.captive.id, "sms")).toMatchObject({ ok: false, field: "medium", message: /durable medium/ });
  });
});

describe("lender order", () => {
  it("puts the manufacturer lender first unless a reason is recorded", async () => {
    const id = await makeDeal(finance, branch);
    await disclose(id, panel.general.id);
    await consent(id);
    expect(await propose(id, panel.general.id)).toMatchObject({ ok: false, field: "orderReason" });
    expect((await propose(id, panel.general.id, "Customer already has an account with this lender")).ok).toBe(true);
  });

  it("keeps a declined attempt and makes the next lender a new attempt", async () => {
    const id = await makeDeal(finance, branch);
    await disclose(id);
    await consent(id);
    await propose(id);
    expect((await decide(id, "declined")).ok).toBe(true);
    await disclose(id, panel.general.id);
    await consent(id, "initial", minutesAgo(8));
    expect((await propose(id, panel.general.id, "", minutesAgo(5))).ok).toBe(true);
    const attempts = await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, id)).orderBy(schema.lenderAttempts.sequence);
    expect(attempts.map((a) => [a.sequence, a.outcome])).toEqual([[1, "declined"], [2, "pending"]]);
    await expect(db().update(schema.lenderAttempts).set({ outcome: "accepted" }).where(eq(schema.lenderAttempts.id, attempts[0]!.id))).rejects.toEqual(
      refusedWith("finance log: a lender attempt is kept as made; only a pending outcome may be decided"),
    );
  });
});

async function acceptedDeal(overrides: Record<string, string> = {}) {
  const id = await makeDeal(finance, branch, overrides);
  await disclose(id);
  await consent(id);
  await propose(id);
  await decide(id, "accepted");
  return id;
}

describe("before signing", () => {
  it("needs the exact commission confirmed, and fresh consent when it rose above the disclosure", async () => {
    const id = await acceptedDeal();
    expect(await signDeal({ ...(await step(id)), agreementNumber: "AG-1", signedAt: new Date() })).toMatchObject({ ok: false, message: /Confirm the exact commission/ });
    const confirmed = await confirmCommission({ ...(await step(id)), amountPence: 45_000, medium: "email", confirmedAt: minutesAgo(5) });
    expect(confirmed).toMatchObject({ ok: true, needsFreshConsent: true });
    expect(await signDeal({ ...(await step(id)), agreementNumber: "AG-1", signedAt: new Date() })).toMatchObject({ ok: false, message: /fresh consent/ });
    expect((await consent(id, "fresh", minutesAgo(2))).ok).toBe(true);
    expect((await signDeal({ ...(await step(id)), agreementNumber: "AG-1", signedAt: new Date() })).ok).toBe(true);
  });

  it("sends the Johnson figures (55% of the charge for credit, 25% of the credit) to an admin's review before signing", async () => {
    // £10,000 of credit, 48 × £303.03: £4,545.44 charge for credit (21.7% APR, worked apart), £2,500 commission.
    const id = await acceptedDeal({ monthlyPaymentPence: "303.03", aprBasisPoints: "21.7", chargeForCreditPence: "4545.44", totalPayablePence: "15545.44" });
    await confirmCommission({ ...(await step(id)), amountPence: 250_000, medium: "paper", confirmedAt: minutesAgo(5) });
    await consent(id, "fresh", minutesAgo(2));
    expect(await signDeal({ ...(await step(id)), agreementNumber: "AG-J", signedAt: new Date() })).toMatchObject({ ok: false, message: /admin must review/ });
    expect(await reviewCommission({ ...(await step(id)), actor: finance, decision: "approved", note: "Looks fine to me" })).toMatchObject({ ok: false, status: 403 });
    expect((await reviewCommission({ ...(await step(id)), actor: admin, decision: "approved", note: "Checked against the schedule and the customer's file." })).ok).toBe(true);
    expect((await signDeal({ ...(await step(id)), agreementNumber: "AG-J", signedAt: new Date() })).ok).toBe(true);
  });

  it("refuses a signature dated before the commission was confirmed", async () => {
    const id = await acceptedDeal();
    await confirmCommission({ ...(await step(id)), amountPence: 40_000, medium: "paper", confirmedAt: minutesAgo(5) });
    const early = await signDeal({ ...(await step(id)), agreementNumber: "AG-EARLY", signedAt: minutesAgo(10) });
    expect(early).toMatchObject({ ok: false, field: "signedAt", message: expect.stringMatching(/^Signing can't be before the commission confirmation of \d{2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}\.$/) });
    expect((await signDeal({ ...(await step(id)), agreementNumber: "AG-EARLY", signedAt: minutesAgo(1) })).ok).toBe(true);
  });

  // The design's thresholds, as numbers: review at 35% of the charge for credit or 10% of the credit.
  // A £4,000 charge on the £10,000 of credit: 40 × £350, 23.2% APR (worked apart from the app).
  const dearer = { regularPaymentCount: "40", monthlyPaymentPence: "350", aprBasisPoints: "23.2", chargeForCreditPence: "4000", totalPayablePence: "15000" };
  it.each([
    ["exactly 35% of the £2,144.00 charge for credit", "needs an admin's review", {}, 75_040],
    ["a penny under 35% of the £2,144.00 charge for credit", "is signed without review", {}, 75_039],
    ["exactly 10% of the £10,000.00 credit (25% of a £4,000.00 charge)", "needs an admin's review", dearer, 100_000],
    ["a penny under 10% of the £10,000.00 credit", "is signed without review", dearer, 99_999],
  ] as const)("a commission of %s %s", async (_, outcome, figures, amountPence) => {
    const id = await acceptedDeal(figures);
    await confirmCommission({ ...(await step(id)), amountPence, medium: "paper", confirmedAt: minutesAgo(5) });
    await consent(id, "fresh", minutesAgo(2)); // every amount here is above the £400 disclosed
    const signed = await signDeal({ ...(await step(id)), agreementNumber: `AG-${amountPence}`, signedAt: new Date() });
    if (outcome === "needs an admin's review") expect(signed).toMatchObject({ ok: false, message: "The commission is high against the charge for credit or the credit: an admin must review it before signing." });
    else expect(signed).toEqual({ ok: true });
  });
});

describe("a signed record", () => {
  it("is never edited: the app refuses, and so does the database", async () => {
    const id = await acceptedDeal();
    await confirmCommission({ ...(await step(id)), amountPence: 40_000, medium: "paper", confirmedAt: minutesAgo(5) });
    await signDeal({ ...(await step(id)), agreementNumber: "AG-2", signedAt: minutesAgo(1) });
    expect(await updateDeal({ ...(await step(id)), fields: dealInput(branch, { customerName: "Changed" }) })).toMatchObject({ ok: false, status: 409 });
    await expect(db().update(schema.financeDeals).set({ customerName: "Changed" }).where(eq(schema.financeDeals.id, id))).rejects.toEqual(refusedWith("finance log: a signed deal is never edited; add a dated entry instead"));
    await expect(db().delete(schema.dealDisclosures).where(eq(schema.dealDisclosures.dealId, id))).rejects.toEqual(refusedWith("finance log: DELETE on deal_disclosures is not allowed"));
    await expect(db().delete(schema.financeDeals).where(eq(schema.financeDeals.id, id))).rejects.toEqual(refusedWith("finance log: DELETE on finance_deals is not allowed"));
  });

  it("takes corrections and later events as dated entries; withdrawal only within 14 days", async () => {
    const id = await acceptedDeal();
    await confirmCommission({ ...(await step(id)), amountPence: 40_000, medium: "paper", confirmedAt: minutesAgo(5) });
    await signDeal({ ...(await step(id)), agreementNumber: "AG-3", signedAt: minutesAgo(1) });
    const late = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    expect(await addDealEntry({ actor: finance, id, kind: "withdrawal", effectiveOn: late, amountPence: null, reason: "Changed mind" })).toMatchObject({ ok: false, field: "effectiveOn" });
    expect((await addDealEntry({ actor: finance, id, kind: "commission_paid", effectiveOn: "2026-12-01", amountPence: 38_000, reason: "Lender statement" })).ok).toBe(true);
    expect(await addDealEntry({ actor: finance, id, kind: "legal_hold_on", effectiveOn: "2026-12-01", amountPence: null, reason: "Complaint" })).toMatchObject({ ok: false, status: 403 });
    expect((await addDealEntry({ actor: admin, id, kind: "legal_hold_on", effectiveOn: "2026-12-01", amountPence: null, reason: "Complaint received" })).ok).toBe(true);
  });
});
