import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { DealFieldsSchema } from "~/modules/finance/deals.schema";
import { createDeal } from "~/modules/finance/deals.server";

export const COMPLIANT_WORDING =
  "Laguna Motorcycles Limited is a credit broker and not a lender. We are not independent: we work with a limited panel of lenders " +
  "and may receive commission from them. We have ties with the manufacturer lenders for our franchises.";

/** A panel: KTM's captive lender (4% of credit, with a tie) and a general lender (fixed £400), and a document in force. */
export async function makePanel() {
  const [captive] = await db().insert(schema.lenders).values({ name: `KTM Finance ${Math.random().toString(36).slice(2, 6)}`, fcaFrn: "123456", captiveBrands: ["KTM"] }).returning();
  const [general] = await db().insert(schema.lenders).values({ name: `Open Road Credit ${Math.random().toString(36).slice(2, 6)}`, fcaFrn: "7654321" }).returning();
  await db().insert(schema.commissionSchedules).values([
    { lenderId: captive!.id, version: 1, basis: "percent_of_credit", percentBasisPoints: 400, effectiveFrom: "2020-01-01" },
    { lenderId: general!.id, version: 1, basis: "fixed_fee", amountPence: 40_000, effectiveFrom: "2020-01-01" },
  ]);
  await db().insert(schema.lenderTies).values({ lenderId: captive!.id, reference: "TIE-KTM-1", kind: "stock_funding", terms: "Preferential stock funding for new KTMs", startsOn: "2024-01-01" });
  const existing = await db().select().from(schema.disclosureDocuments);
  if (existing.length === 0) {
    await db().insert(schema.disclosureDocuments).values({ version: 1, title: "How we are paid", body: COMPLIANT_WORDING, sha256: createHash("sha256").update(COMPLIANT_WORDING).digest("hex"), effectiveFrom: "2020-01-01" });
  }
  return { captive: captive!, general: general! };
}

/** Form-shaped deal input (pounds and percentages as typed), parsed by the page's own schema. */
export function dealInput(branchId: string, overrides: Record<string, string> = {}) {
  return DealFieldsSchema.parse(dealFormValues(branchId, overrides));
}

/** The deal form as typed: an HP of £10,000 over 48 × £253 (10.3% APR, worked apart from the app). */
export function dealFormValues(branchId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    branchId,
    channel: "in_store",
    customerName: "Jo Rider",
    customerDateOfBirth: "1990-05-01",
    customerUkResident: "yes",
    customerContact: "jo@example.com",
    vehicleDescription: "KTM 790 Adventure",
    vehicleBrand: "KTM",
    product: "hp",
    cashPricePence: "11000",
    depositPence: "1000",
    depositContributionPence: "0",
    partExchangePence: "0",
    creditPence: "10000",
    termMonths: "48",
    ratePercentBasisPoints: "9.9",
    rateFixed: "yes",
    aprBasisPoints: "10.3",
    feeAtSigningPence: "0",
    feeWithLastPaymentPence: "0",
    partExchangeSettlementPence: "0",
    regularPaymentCount: "48",
    firstPaymentMonth: "1",
    monthlyPaymentPence: "253.00",
    finalPaymentPence: "0",
    chargeForCreditPence: "2144",
    totalPayablePence: "13144",
    ...overrides,
  };
}

/**
 * A deal recorded `recordedAt` (default two hours ago, as if typed in earlier), so that tests may
 * date its steps in the past: no step can come before the deal was recorded.
 */
export async function makeDeal(actor: SessionUser, branchId: string, overrides: Record<string, string> = {}, recordedAt = new Date(Date.now() - 2 * 3_600_000)) {
  const result = await createDeal({ actor, fields: dealInput(branchId, overrides) });
  if (!result.ok) throw new Error(result.message);
  await db().update(schema.financeDeals).set({ createdAt: recordedAt }).where(eq(schema.financeDeals.id, result.id));
  return result.id;
}

export async function versionOfDeal(id: string) {
  const [row] = await db().select({ version: schema.financeDeals.version }).from(schema.financeDeals).where(eq(schema.financeDeals.id, id));
  return row!.version;
}
