import { eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { DEAL_STATUSES } from "@db/schema/finance";
import { seedFinance } from "../../seed/finance";
import { DEAL_PLANS } from "../../seed/finance-plan";
import { BRANDS } from "~/modules/branches/brands";
import { scheduleInForce, manufacturerLender } from "~/modules/finance/commission.server";
import { checkDealFigures, storedFigures } from "~/modules/finance/deal-figures";
import { dealRecord } from "~/modules/finance/deal-steps.server";
import { documentProblem, getSetting, tiesInForce, usableDocument } from "~/modules/finance/documents.server";
import { londonToday } from "~/utils/dates";
import { seedGroup } from "../support/factories";
import { orderFaults, signingFaults } from "../support/finance-oracle";
import { listDealOrderProblems } from "~/modules/finance/order-check.server";

let created: string[];

beforeAll(async () => {
  await seedGroup(); // branches, demo users and catalogue; no lenders
  created = await seedFinance();
}, 60_000);

describe("seedFinance", () => {
  it("says what it added", () => {
    expect(created).toEqual(expect.arrayContaining(["6 lenders", `${DEAL_PLANS.length} demo finance deals`]));
  });

  it("gives each captive brand its manufacturer lender, with ties in force, and one tie that has ended", async () => {
    const today = londonToday();
    for (const brand of BRANDS) {
      const lender = await manufacturerLender(brand);
      expect(lender, brand).not.toBeNull();
      expect((await tiesInForce(today, lender!.id)).length, brand).toBeGreaterThan(0);
    }
    const lenders = await db().select().from(schema.lenders);
    expect(lenders.filter((l) => l.captiveBrands.length === 0)).toHaveLength(2);
    for (const lender of lenders) expect(lender.fcaFrn).toMatch(/^\d{6,7}$/);
    const ended = await db().select().from(schema.lenderTies).where(isNotNull(schema.lenderTies.endsOn));
    expect(ended.some((tie) => tie.endsOn! < today)).toBe(true);
  });

  it("has a schedule in force today for every lender, model rows over brand rows over general ones, and a version 2", async () => {
    const today = londonToday();
    const lenders = await db().select().from(schema.lenders);
    for (const lender of lenders) {
      const brand = lender.captiveBrands[0] ?? "Yamaha";
      expect(await scheduleInForce({ lenderId: lender.id, on: today, brand, modelId: null }), lender.name).not.toBeNull();
    }
    const ktm = (await manufacturerLender("KTM"))!;
    const [rally] = await db().select().from(schema.catalogueModels).where(eq(schema.catalogueModels.model, "450 Rally Replica"));
    expect((await scheduleInForce({ lenderId: ktm.id, on: today, brand: "KTM", modelId: rally!.id }))?.percentBasisPoints).toBe(300);
    expect((await scheduleInForce({ lenderId: ktm.id, on: today, brand: "GasGas", modelId: null }))?.percentBasisPoints).toBe(350);
    expect((await scheduleInForce({ lenderId: ktm.id, on: today, brand: "KTM", modelId: null }))?.percentBasisPoints).toBe(400);
    const [northgate] = lenders.filter((l) => l.name === "Northgate Motor Credit");
    const current = await scheduleInForce({ lenderId: northgate!.id, on: today, brand: "Yamaha", modelId: null });
    expect(current).toMatchObject({ version: 2, basis: "fixed_fee", amountPence: 45_000 });
    const payments = await db().select().from(schema.lenderOtherPayments);
    expect(payments.map((p) => p.kind).sort()).toEqual(["panel_fee", "volume_bonus"]);
  });

  it("has a disclosure document usable today (it has been shown to customers) and the regulatory status saved", async () => {
    const document = await usableDocument(londonToday());
    expect(document).not.toBeNull();
    expect(document!.firstUsedAt).not.toBeNull();
    expect(documentProblem(document!.body, await tiesInForce(londonToday()))).toBeNull();
    expect((await getSetting("regulatory_status")).text).toContain("FCA No. 497010");
  });

  it("has deals in every status, spread over about six months, for the finance user's and the admin's branches", async () => {
    const deals = await db().select().from(schema.financeDeals);
    expect(deals).toHaveLength(DEAL_PLANS.length);
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(DEAL_STATUSES));
    const ages = deals.map((d) => (Date.now() - d.createdAt.getTime()) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(150);
    expect(Math.max(...ages)).toBeLessThan(200);
    const staff = await db().select().from(schema.users);
    const emailOf = new Map(staff.map((u) => [u.id, u.email]));
    expect(new Set(deals.map((d) => emailOf.get(d.staffId)))).toEqual(new Set(["finance@laguna.example", "admin@laguna.example"]));
    expect(deals.some((d) => d.vulnerable && d.vulnerabilityNote)).toBe(true);
  });

  it("signed every signed deal lawfully, with the later events as entries", async () => {
    const signed = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.status, "signed"));
    expect(signed.length).toBeGreaterThanOrEqual(6);
    for (const deal of signed) {
      await db().transaction(async (tx) => {
        const record = await dealRecord(tx, deal.id);
        expect(record.confirmations.length, deal.reference).toBeGreaterThan(0);
        expect(signingFaults(deal, record), deal.reference).toEqual([]);
        expect(record.consents.find((c) => c.kind === "initial")!.givenAt.getTime()).toBeLessThanOrEqual(deal.signedAt!.getTime());
      });
    }
    const entries = await db().select().from(schema.dealEntries);
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(["commission_paid", "withdrawal", "clawback", "early_settlement", "correction", "legal_hold_on"]));
    const reviews = await db().select().from(schema.commissionReviews).where(eq(schema.commissionReviews.decision, "approved"));
    expect(reviews).toHaveLength(1);
    const fresh = await db().select().from(schema.dealConsents).where(eq(schema.dealConsents.kind, "fresh"));
    expect(fresh.length).toBeGreaterThan(0);
    const declined = await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.outcome, "declined"));
    expect(declined.length).toBeGreaterThan(0);
  });

  it("records every deal's events in order, and has the high commission reviewed by a second admin before signing", async () => {
    const deals = await db().select().from(schema.financeDeals);
    for (const deal of deals) {
      const record = await db().transaction((tx) => dealRecord(tx, deal.id));
      expect(orderFaults(deal, record), deal.reference).toEqual([]);
    }
    expect(await listDealOrderProblems()).toEqual([]);
    // Kevin Marsh's deal (the Johnson-like fixed fee), recorded and signed by Alex Admin, reviewed by Robin Reviewer.
    const [marsh] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.customerName, "Kevin Marsh"));
    const [review] = await db().select().from(schema.commissionReviews).where(eq(schema.commissionReviews.dealId, marsh!.id));
    const [person] = await db().select().from(schema.users).where(eq(schema.users.id, review!.reviewerId));
    expect(person!.email).toBe("reviewer@laguna.example");
    expect(review!.reviewerId).not.toBe(marsh!.staffId);
    expect(review!.reviewerId).not.toBe(marsh!.signedBy);
    expect(review!.reviewedAt.getTime()).toBeLessThan(marsh!.signedAt!.getTime());
    // £500 on £2,000 of credit: 25% of the credit.
    expect(review).toMatchObject({ commissionPence: 50_000, creditPence: 200_000 });
  });

  it("gives figures the credit-figures engine agrees with: every deal, every lender's approved terms", async () => {
    const deals = await db().select().from(schema.financeDeals);
    for (const deal of deals) {
      expect(checkDealFigures(storedFigures(deal.quotedFigures)), deal.reference).toMatchObject({ ok: true });
      if (deal.signedFigures) expect(checkDealFigures(storedFigures(deal.signedFigures)), deal.reference).toMatchObject({ ok: true });
    }
    const answered = await db().select().from(schema.lenderAttempts).where(isNotNull(schema.lenderAttempts.approvedFigures));
    expect(answered.length).toBeGreaterThan(5);
    for (const attempt of answered) expect(checkDealFigures(storedFigures(attempt.approvedFigures)), attempt.id).toMatchObject({ ok: true });
  });

  it("signs James Robinson's KTM PCP as 35 × £152.04 and £4,700 in month 36, the £500 contribution not his to pay", async () => {
    // Worked apart from the app: £10,499 − £1,500 deposit − £500 KTM contribution = £8,499 of credit;
    // 7.9% APR priced as level payments; he pays £1,500 + 35 × £152.04 + £4,700 = £11,521.40.
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.customerName, "James Robinson"));
    expect(deal!.signedFigures).toMatchObject({
      cashPricePence: 1_049_900,
      depositPence: 150_000,
      depositContributionPence: 50_000,
      creditPence: 849_900,
      termMonths: 36,
      regularPaymentCount: 35,
      monthlyPaymentPence: 15_204,
      finalPaymentPence: 470_000,
      finalPaymentMonth: 36,
      chargeForCreditPence: 152_240,
      totalPayablePence: 1_152_140,
      aprBasisPoints: 790,
    });
  });

  it("records Samuel Wright's lender accepting on different terms: 12.9% APR, not the 10.9% proposed", async () => {
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.customerName, "Samuel Wright"));
    const attempts = await db().select().from(schema.lenderAttempts).where(eq(schema.lenderAttempts.dealId, deal!.id)).orderBy(schema.lenderAttempts.sequence);
    expect(attempts.map((a) => a.outcome)).toEqual(["declined", "countered"]);
    expect((attempts[1]!.quote as { aprBasisPoints: number }).aprBasisPoints).toBe(1090);
    expect((attempts[1]!.approvedFigures as { aprBasisPoints: number }).aprBasisPoints).toBe(1290);
    expect(deal!.status).toBe("approved");
  });

  it("audits every step", async () => {
    const audit = await db().select().from(schema.auditLog);
    const actions = new Set(audit.map((row) => row.action));
    for (const action of ["lender.created", "lender.tie_added", "lender.schedule_added", "disclosure_document.created", "setting.saved", "finance.created", "finance.disclosed", "finance.consented", "finance.proposed", "finance.signed", "finance.reviewed", "finance.entry_legal_hold_on"]) {
      expect(actions, action).toContain(action);
    }
  });

  it("does nothing the second time", async () => {
    const count = async () => (await db().select().from(schema.financeDeals)).length + (await db().select().from(schema.lenders)).length;
    const before = await count();
    expect(await seedFinance()).toEqual([]);
    expect(await count()).toBe(before);
  });
});
