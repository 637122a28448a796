import { randomUUID } from "node:crypto";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import type { FinanceFigures } from "~/modules/finance/commission";
import { shiftMonth } from "~/modules/finance/finance-report.server";
import { londonToday, startOfLondonDay } from "~/utils/dates";
import { makeUser, seedGroup } from "./factories";

/**
 * Deals in two test branches, inserted in their final states (the database refuses to change a signed
 * deal, and any delete), each built to raise or avoid one rule of the finance list, report or dashboard.
 */
const DAY = 86_400_000;
const now = Date.now();
export const daysAgo = (days: number) => new Date(now - days * DAY);
export const today = londonToday();
export const month = today.slice(0, 7);
export const lastMonth = shiftMonth(month, -1);
const monthStart = startOfLondonDay(`${month}-01`);
// The fixtures' "hours" into the month, shrunk when the month began less than 10 hours ago, so that
// every step stays in order and none is in the future (which the record refuses) on the 1st at 03:00.
const hourOfFixtures = Math.min(3_600_000, (now - monthStart.getTime()) / 10);
/** An instant this London month ("hours" after it began, hours shrunk early on the 1st). */
export const thisMonth = (hours: number) => new Date(monthStart.getTime() + hours * hourOfFixtures);
export const londonDay = (instant: Date) => londonToday(instant);

export function figures(creditPence: number, chargeForCreditPence: number, aprBasisPoints: number): FinanceFigures {
  const depositPence = 100_000;
  return {
    cashPricePence: creditPence + depositPence,
    depositPence,
    depositContributionPence: 0,
    partExchangePence: 0,
    partExchangeSettlementPence: 0,
    creditPence,
    termMonths: 48,
    regularPaymentCount: 48,
    firstPaymentMonth: 1,
    finalPaymentMonth: 0,
    fees: [],
    ratePercentBasisPoints: aprBasisPoints - 50,
    rateFixed: true,
    aprBasisPoints,
    feesPence: 0,
    monthlyPaymentPence: Math.round((creditPence + chargeForCreditPence) / 48),
    finalPaymentPence: 0,
    chargeForCreditPence,
    totalPayablePence: creditPence + depositPence + chargeForCreditPence,
  };
}

type Key = "D1" | "D2" | "D3" | "D4" | "D5" | "D6" | "D7" | "D9";

export async function seedFinanceList() {
  await seedGroup();
  const [north, south] = await db()
    .insert(schema.branches)
    .values([
      { slug: "test-north", name: "Test North", stockNumberPrefix: "TFN" },
      { slug: "test-south", name: "Test South", stockNumberPrefix: "TFS" },
    ])
    .returning();
  const branch = { N: north!.id, S: south!.id };
  const admin = await makeUser("admin");
  const managerN = await makeUser("manager", [branch.N]);
  const financeN = await makeUser("finance", [branch.N]);
  const financeS = await makeUser("finance", [branch.S]);
  const [alpha, beta] = await db()
    .insert(schema.lenders)
    .values([
      { name: "Test Alpha Finance", fcaFrn: "900001", captiveBrands: ["Testa"] },
      { name: "Test Beta Credit", fcaFrn: "900002" },
    ])
    .returning();
  const lender = { A: alpha!.id, B: beta!.id };
  const [document] = await db()
    .insert(schema.disclosureDocuments)
    .values({ version: 9001, title: "Test disclosure", body: "We are a credit broker, not a lender.", sha256: "0".repeat(64), effectiveFrom: "2020-01-01" })
    .returning();
  // The thresholds in force, saved as an admin would: 35% of the charge for credit, 10% of the credit.
  await db().insert(schema.settingVersions).values({ key: "commission_review_thresholds", version: 9001, value: { chargeForCreditPercent: 35, creditPercent: 10 } });

  const ids = {} as Record<Key, string>;
  const deal = async (key: Key, input: {
    branch: "N" | "S"; staff: SessionUser; customer: string; status: "draft" | "disclosed" | "proposed" | "approved" | "signed" | "not_proceeding";
    created: Date; quoted: FinanceFigures; vulnerable?: boolean; signed?: { at: Date; agreement: string; attemptId: string };
  }) => {
    const [row] = await db()
      .insert(schema.financeDeals)
      .values({
        reference: `TFL-${key}`, branchId: branch[input.branch], staffId: input.staff.id, channel: "in_store", status: input.status,
        customerName: input.customer, customerDateOfBirth: "1990-05-01", customerUkResident: true, customerContact: "07700 900123",
        vulnerable: input.vulnerable ?? false, vulnerabilityNote: input.vulnerable ? "Recently bereaved" : "",
        vehicleBrand: "Testa", vehicleDescription: "Rally 450", product: "hp", quotedFigures: input.quoted, createdAt: input.created, updatedAt: input.created,
        ...(input.signed
          ? { signedFigures: input.quoted, agreementNumber: input.signed.agreement, signedAt: input.signed.at, signedBy: input.staff.id, signedAttemptId: input.signed.attemptId }
          : {}),
      })
      .returning();
    ids[key] = row!.id;
    return row!.id;
  };
  const disclose = (dealId: string, lenderId: string, estimatedPence: number, at: Date, by: SessionUser) =>
    db().insert(schema.dealDisclosures).values({ dealId, documentId: document!.id, documentSha256: document!.sha256, lenderId, basis: "percent_of_credit", estimatedCommissionPence: estimatedPence, tiesDisclosed: [], medium: "paper", givenAt: at, givenBy: by.id });
  const consent = (dealId: string, at: Date, by: SessionUser) =>
    db().insert(schema.dealConsents).values({ dealId, kind: "initial", method: "signed_paper", givenAt: at, recordedBy: by.id });
  // Every step in order (the database refuses one before the step it follows): a proposal at its consent.
  const propose = (dealId: string, lenderId: string, sequence: number, outcome: "pending" | "accepted" | "declined", quote: FinanceFigures, commissionPence: number, by: SessionUser, at: Date, id = randomUUID()) =>
    db().insert(schema.lenderAttempts).values({ id, dealId, lenderId, sequence, outcome, quote: { ...quote, commissionPence }, aprBasisPoints: quote.aprBasisPoints, termMonths: quote.termMonths, proposedAt: at, recordedBy: by.id });
  const confirm = (dealId: string, attemptId: string, amountPence: number, at: Date, by: SessionUser) =>
    db().insert(schema.commissionConfirmations).values({ dealId, attemptId, amountPence, medium: "email", confirmedAt: at, confirmedBy: by.id });
  const entry = (dealId: string, kind: "commission_paid" | "legal_hold_on" | "legal_hold_off", effectiveOn: string, amountPence: number | null, createdAt: Date) =>
    db().insert(schema.dealEntries).values({ dealId, kind, effectiveOn, amountPence, reason: "Test", createdBy: admin.id, createdAt });

  // D1 North, signed this month with Alpha: 4% of the credit (a bucket's edge), APR 10.00%, paid in full.
  const d1Attempt = randomUUID();
  const d1Figures = figures(1_000_000, 200_000, 1000);
  const d1 = await deal("D1", { branch: "N", staff: financeN, customer: "Alice Archer", status: "signed", created: thisMonth(2), quoted: d1Figures, signed: { at: thisMonth(3), agreement: "AGR-1001", attemptId: d1Attempt } });
  await disclose(d1, lender.A, 40_000, thisMonth(2), financeN);
  await consent(d1, thisMonth(2), financeN);
  await propose(d1, lender.A, 1, "accepted", d1Figures, 40_000, financeN, thisMonth(2), d1Attempt);
  await confirm(d1, d1Attempt, 40_000, thisMonth(2), financeN);
  await entry(d1, "commission_paid", today, 40_000, thisMonth(4));
  await entry(d1, "legal_hold_on", today, null, thisMonth(4));
  await entry(d1, "legal_hold_off", today, null, thisMonth(5));

  // D2 North, signed last month with Beta after Alpha declined: 12% of the credit, reviewed; paid £550 of £600.
  const d2Attempt = randomUUID();
  const d2Figures = figures(500_000, 100_000, 1590);
  const d2 = await deal("D2", { branch: "N", staff: financeN, customer: "Bob Baker", status: "signed", created: daysAgo(70), quoted: d2Figures, signed: { at: startOfLondonDay(`${lastMonth}-10`), agreement: "AGR-2002", attemptId: d2Attempt } });
  await disclose(d2, lender.A, 50_000, daysAgo(66), financeN);
  await disclose(d2, lender.B, 60_000, daysAgo(66), financeN);
  await consent(d2, daysAgo(65), financeN);
  await propose(d2, lender.A, 1, "declined", d2Figures, 50_000, financeN, daysAgo(65));
  await propose(d2, lender.B, 2, "accepted", d2Figures, 60_000, financeN, daysAgo(65), d2Attempt);
  await confirm(d2, d2Attempt, 60_000, daysAgo(64), financeN);
  await db().insert(schema.commissionReviews).values({ dealId: d2, reviewerId: admin.id, decision: "approved", note: "In line", commissionPence: 60_000, reviewedAt: daysAgo(64) });
  await entry(d2, "commission_paid", `${lastMonth}-20`, 5_000, daysAgo(1));
  await entry(d2, "commission_paid", `${month}-01`, 50_000, daysAgo(1));

  // D3 North, approved by Alpha at 15% of the credit, reviewed only at another amount; vulnerable; consent 40 days old.
  const d3Figures = figures(1_000_000, 300_000, 1290);
  const d3 = await deal("D3", { branch: "N", staff: managerN, customer: "Carol Cooper", status: "approved", created: daysAgo(45), quoted: d3Figures, vulnerable: true });
  await disclose(d3, lender.A, 120_000, daysAgo(44), financeN);
  await disclose(d3, lender.A, 150_000, daysAgo(41), financeN);
  await consent(d3, daysAgo(40), financeN);
  await propose(d3, lender.A, 1, "accepted", d3Figures, 150_000, financeN, daysAgo(40));
  await db().insert(schema.commissionReviews).values({ dealId: d3, reviewerId: admin.id, decision: "approved", note: "Earlier figure", commissionPence: 100_000 });

  // D4 South, a draft this month: nothing disclosed yet.
  await deal("D4", { branch: "S", staff: financeS, customer: "Dan Dyer", status: "draft", created: thisMonth(3), quoted: figures(800_000, 150_000, 990) });

  // D5 South, signed this month with Beta: 5% of the credit, APR 21%, under a legal hold.
  const d5Attempt = randomUUID();
  const d5Figures = figures(2_000_000, 600_000, 2100);
  const d5 = await deal("D5", { branch: "S", staff: financeS, customer: "Eve Evans", status: "signed", created: thisMonth(4), quoted: d5Figures, signed: { at: thisMonth(5), agreement: "AGR-5005", attemptId: d5Attempt } });
  await disclose(d5, lender.B, 100_000, thisMonth(4), financeS);
  await consent(d5, thisMonth(4), financeS);
  await propose(d5, lender.B, 1, "accepted", d5Figures, 100_000, financeS, thisMonth(4), d5Attempt);
  await confirm(d5, d5Attempt, 100_000, thisMonth(4), financeS);
  await entry(d5, "legal_hold_on", today, null, thisMonth(6));

  // D6 South, not proceeding: a high commission never reviewed and an old consent, but closed; vulnerable.
  const d6Figures = figures(1_000_000, 300_000, 1290);
  const d6 = await deal("D6", { branch: "S", staff: financeS, customer: "Fay Fisher", status: "not_proceeding", created: daysAgo(80), quoted: d6Figures, vulnerable: true });
  await disclose(d6, lender.A, 150_000, daysAgo(76), financeS);
  await consent(d6, daysAgo(75), financeS);
  await propose(d6, lender.A, 1, "accepted", d6Figures, 150_000, financeS, daysAgo(75));

  // D7 North, proposed to Beta (pending); consented again 10 days ago.
  const d7Figures = figures(400_000, 80_000, 1490);
  const d7 = await deal("D7", { branch: "N", staff: financeN, customer: "Gus Green", status: "proposed", created: daysAgo(60), quoted: d7Figures });
  await disclose(d7, lender.B, 20_000, daysAgo(56), financeN);
  await consent(d7, daysAgo(55), financeN);
  await consent(d7, daysAgo(10), financeN);
  await propose(d7, lender.B, 1, "pending", d7Figures, 20_000, financeN, daysAgo(10));

  // D9 South, approved by Beta at exactly 10% of the credit and of the charge: on the threshold.
  const d9Figures = figures(1_000_000, 1_000_000, 1890);
  const d9 = await deal("D9", { branch: "S", staff: financeS, customer: "Hal Hughes", status: "approved", created: thisMonth(6), quoted: d9Figures });
  await disclose(d9, lender.B, 90_000, thisMonth(6), financeS);
  await consent(d9, thisMonth(6), financeS);
  await propose(d9, lender.B, 1, "accepted", d9Figures, 100_000, financeS, thisMonth(6));

  // Bikes sold in the test branches: two each this month, one in the South last month.
  const [model] = await db().insert(schema.catalogueModels).values({ make: "Testa", model: "Rally 450 Test", modelYear: 2025, category: "rally" }).returning();
  const sold = (n: number, b: "N" | "S", soldOn: string) => ({
    stockNumber: `TF${b}-${n}`, branchId: branch[b], modelId: model!.id, vin: `TFL${String(n).padStart(14, "0")}`, condition: "new" as const,
    status: "sold" as const, retailPricePence: 900_000, inStockOn: "2024-01-01", soldOn,
  });
  await db().insert(schema.vehicles).values([sold(1, "N", `${month}-01`), sold(2, "N", today), sold(3, "S", `${month}-01`), sold(4, "S", today), sold(5, "S", `${lastMonth}-15`)]);

  return { branch, lender, admin, managerN, financeN, financeS, ids };
}
