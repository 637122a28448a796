import { describe, expect, it } from "vitest";
import { checkCreditFigures, computeCreditFigures, type CreditTerms } from "~/modules/finance/credit-figures";

// Expected figures are worked by hand: APRs by bisection on Σ payment × (1 + X)^(−month/12) = credit
// in a separate script, amounts by adding up the schedule.
const hirePurchase: CreditTerms = {
  cashPricePence: 1_849_500,
  customerDepositPence: 200_000,
  depositContributionPence: 0,
  partExchangeValuePence: 0,
  partExchangeSettlementPence: 0,
  fees: [],
  durationMonths: 48,
  regularPaymentCount: 48,
  regularPaymentPence: 41_400,
  firstPaymentMonth: 1,
  finalPaymentPence: 0,
};

function figuresOf(terms: CreditTerms) {
  const result = computeCreditFigures(terms);
  if (!result.ok) throw new Error(result.message);
  return result.figures;
}

describe("credit figures", () => {
  it("gives 9.9% APR for £16,495 of credit repaid by 48 monthly payments of £414", () => {
    const figures = figuresOf(hirePurchase);
    expect(figures.amountOfCreditPence).toBe(1_649_500);
    expect(figures.totalChargeForCreditPence).toBe(48 * 41_400 - 1_649_500); // £3,377
    expect(figures.totalAmountPayablePence).toBe(200_000 + 48 * 41_400); // £21,872
    expect(figures.aprTenths).toBe(99);
  });

  it("gives 0.0% only where the payments repay exactly the credit", () => {
    const zero = { ...hirePurchase, cashPricePence: 540_000, customerDepositPence: 0, durationMonths: 36, regularPaymentCount: 36, regularPaymentPence: 15_000 };
    expect(figuresOf(zero).aprTenths).toBe(0);
    expect(figuresOf(zero).totalChargeForCreditPence).toBe(0);
  });

  it("refuses 0% APR stated for 36 × £172.50 on £5,400 of credit, showing the computed 9.7%", () => {
    const terms = { ...hirePurchase, cashPricePence: 540_000, customerDepositPence: 0, durationMonths: 36, regularPaymentCount: 36, regularPaymentPence: 17_250 };
    const result = checkCreditFigures(terms, { aprBasisPoints: 0 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { field: "aprBasisPoints", message: "The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit." },
    ]);
  });

  it("schedules a 48-month PCP as 47 payments and a final payment in month 48 (7.0% APR)", () => {
    const pcp = { ...hirePurchase, cashPricePence: 1_000_000, customerDepositPence: 0, regularPaymentCount: 47, regularPaymentPence: 15_000, finalPaymentPence: 500_000 };
    const figures = figuresOf(pcp);
    expect(figures.schedule.at(-1)).toEqual({ month: 48, amountPence: 500_000, kind: "final" });
    expect(figures.schedule.filter((p) => p.kind === "regular")).toHaveLength(47);
    expect(figures.totalChargeForCreditPence).toBe(205_000); // 47 × £150 + £5,000 − £10,000
    expect(figures.aprTenths).toBe(70); // 6.96…%
    expect(checkCreditFigures(pcp, { aprBasisPoints: 700, totalChargeForCreditPence: 205_000 }).ok).toBe(true);
  });

  it("counts fees in the charge and the APR at the month they are paid", () => {
    const pcp = {
      ...hirePurchase,
      cashPricePence: 1_000_000,
      customerDepositPence: 0,
      regularPaymentCount: 47,
      regularPaymentPence: 15_000,
      finalPaymentPence: 500_000,
      fees: [{ amountPence: 1_000, month: 0 }, { amountPence: 1_000, month: 48 }],
    };
    const figures = figuresOf(pcp);
    expect(figures.totalChargeForCreditPence).toBe(207_000);
    expect(figures.aprTenths).toBe(70); // 7.03…%
  });

  it("leaves a third party's deposit contribution out of what the customer pays", () => {
    const terms = { ...hirePurchase, depositContributionPence: 50_000 };
    const figures = figuresOf(terms);
    expect(figures.amountOfCreditPence).toBe(1_599_500);
    expect(figures.totalAmountPayablePence).toBe(200_000 + 48 * 41_400);
    const stated = checkCreditFigures(terms, { totalAmountPayablePence: 1_849_500 + figures.totalChargeForCreditPence });
    expect(stated.ok).toBe(false);
    if (!stated.ok) expect(stated.problems[0]?.field).toBe("totalAmountPayablePence");
  });

  it("adds the settlement of a part exchange's finance to the credit", () => {
    const terms = { ...hirePurchase, cashPricePence: 1_000_000, customerDepositPence: 0, partExchangeValuePence: 300_000, partExchangeSettlementPence: 100_000 };
    const figures = figuresOf(terms);
    expect(figures.amountOfCreditPence).toBe(800_000);
    expect(figures.totalAmountPayablePence).toBe(200_000 + 48 * 41_400);
  });

  it("refuses payments that run past the agreement, naming them", () => {
    const result = computeCreditFigures({ ...hirePurchase, regularPaymentCount: 49 });
    expect(result).toEqual({ ok: false, field: "regularPaymentCount", message: "49 monthly payments from month 1 run past the 48-month agreement." });
  });

  it("refuses an APR stated to two decimal places", () => {
    const result = checkCreditFigures(hirePurchase, { aprBasisPoints: 987 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toBe("The figures give 9.9% APR, not 9.87%: £414.00 × 48 on £16,495.00 of credit.");
  });
});
