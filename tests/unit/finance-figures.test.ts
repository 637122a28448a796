import { describe, expect, it } from "vitest";
import { HP48 } from "../support/hp48-figures";
import { ageOn, commissionFor, commissionRatios, DEFAULT_REVIEW_THRESHOLDS, formatBasisPoints, formatPercent, needsReview, type FinanceFigures } from "~/modules/finance/commission";
import { assembleDealFigures, checkDealFigures, computeDealFigures, dealCreditTerms, dealFigureInputs, describeSchedule, sameTerms, storedFigures } from "~/modules/finance/deal-figures";

// Every expected figure is written by hand from the rule it checks.
const hp48 = HP48;

describe("commission", () => {
  it("is the fixed fee, or the percentage of the credit rounded to the penny", () => {
    expect(commissionFor({ basis: "fixed_fee", amountPence: 25_000, percentBasisPoints: 400 }, 1_000_000)).toBe(25_000);
    expect(commissionFor({ basis: "fixed_fee", amountPence: null, percentBasisPoints: null }, 1_000_000)).toBe(0);
    expect(commissionFor({ basis: "percent_of_credit", amountPence: 99, percentBasisPoints: 400 }, 1_000_000)).toBe(40_000);
    expect(commissionFor({ basis: "percent_of_credit", amountPence: null, percentBasisPoints: 333 }, 1_000_050)).toBe(33_302); // 33,301.665
    expect(commissionFor({ basis: "percent_of_credit", amountPence: null, percentBasisPoints: null }, 1_000_000)).toBe(0);
  });

  it("is a share of the charge, the credit and the total payable; none of nothing", () => {
    expect(commissionRatios(50_000, { chargeForCreditPence: 200_000, creditPence: 1_000_000, totalPayablePence: 1_250_000 })).toEqual({
      ofChargeForCredit: 0.25,
      ofCredit: 0.05,
      ofTotalPayable: 0.04,
    });
    expect(commissionRatios(50_000, { chargeForCreditPence: 0, creditPence: 0, totalPayablePence: 0 })).toEqual({ ofChargeForCredit: null, ofCredit: null, ofTotalPayable: null });
  });

  it("needs review from 35% of the charge or 10% of the credit, either one, at the threshold itself", () => {
    expect(DEFAULT_REVIEW_THRESHOLDS).toEqual({ chargeForCreditPercent: 35, creditPercent: 10 });
    const t = { chargeForCreditPercent: 35, creditPercent: 10 };
    expect(needsReview({ ofChargeForCredit: 0.35, ofCredit: 0.01, ofTotalPayable: 0.01 }, t)).toBe(true);
    expect(needsReview({ ofChargeForCredit: 0.3499, ofCredit: 0.0999, ofTotalPayable: 0.01 }, t)).toBe(false);
    expect(needsReview({ ofChargeForCredit: 0.01, ofCredit: 0.1, ofTotalPayable: 0.01 }, t)).toBe(true);
    expect(needsReview({ ofChargeForCredit: null, ofCredit: 0.1, ofTotalPayable: null }, t)).toBe(true);
    expect(needsReview({ ofChargeForCredit: 0.5, ofCredit: null, ofTotalPayable: null }, t)).toBe(true);
    expect(needsReview({ ofChargeForCredit: null, ofCredit: null, ofTotalPayable: null }, t)).toBe(false);
    // No charge or no credit is no share of it, whatever the thresholds.
    expect(needsReview({ ofChargeForCredit: null, ofCredit: null, ofTotalPayable: null }, { chargeForCreditPercent: 0, creditPercent: 0 })).toBe(false);
  });

  it("formats ratios and basis points for people", () => {
    expect(formatPercent(0.5512)).toBe("55.1%");
    expect(formatPercent(null)).toBe("—");
    expect(formatBasisPoints(1290)).toBe("12.90%");
  });

  it("counts age in whole years, a birthday counting from its day", () => {
    expect(ageOn("2008-06-15", "2026-06-15")).toBe(18);
    expect(ageOn("2008-06-15", "2026-06-14")).toBe(17);
    expect(ageOn("2008-06-15", "2026-05-20")).toBe(17);
    expect(ageOn("2008-06-15", "2026-07-01")).toBe(18);
  });
});

describe("a deal's figures", () => {
  it("reads old stored figures: the term as the payment count, monthly in arrears, fees on signing, a final payment in the last month", () => {
    expect(storedFigures({ termMonths: 36, finalPaymentPence: 500_000, feesPence: 1_000, creditPence: "x", rateFixed: "yes" })).toEqual({
      cashPricePence: 0,
      depositPence: 0,
      depositContributionPence: 0,
      partExchangePence: 0,
      partExchangeSettlementPence: 0,
      creditPence: 0,
      termMonths: 36,
      regularPaymentCount: 36,
      firstPaymentMonth: 1,
      finalPaymentMonth: 36,
      ratePercentBasisPoints: 0,
      rateFixed: false,
      aprBasisPoints: 0,
      fees: [{ amountPence: 1_000, month: 0 }],
      feesPence: 1_000,
      monthlyPaymentPence: 0,
      finalPaymentPence: 500_000,
      chargeForCreditPence: 0,
      totalPayablePence: 0,
    });
    const none = storedFigures(null);
    expect(none.fees).toEqual([]);
    expect(none.finalPaymentMonth).toBe(0);
    expect(none.firstPaymentMonth).toBe(1);
    expect(storedFigures({ ...hp48, firstPaymentMonth: 0, fees: [{ amountPence: 500, month: 48 }, { amountPence: Number.NaN, month: 0 }] })).toMatchObject({
      rateFixed: true,
      firstPaymentMonth: 0,
      fees: [{ amountPence: 500, month: 48 }, { amountPence: 0, month: 0 }],
      feesPence: 500,
    });
    expect(storedFigures(hp48)).toEqual(hp48);
    expect(storedFigures({ termMonths: 36 }).finalPaymentMonth).toBe(0);
  });

  it("passes the final payment's month to the engine only with a final payment", () => {
    expect(dealCreditTerms(hp48).finalPaymentMonth).toBeUndefined();
    expect(dealCreditTerms({ ...hp48, finalPaymentPence: 100, finalPaymentMonth: 0 }).finalPaymentMonth).toBeUndefined();
    expect(dealCreditTerms({ ...hp48, finalPaymentPence: 0, finalPaymentMonth: 49 }).finalPaymentMonth).toBeUndefined();
    expect(dealCreditTerms({ ...hp48, finalPaymentPence: 100, finalPaymentMonth: 49 })).toEqual({
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
      finalPaymentPence: 100,
      finalPaymentMonth: 49,
    });
  });

  it("accepts 48 × £414 on £16,495 at 9.9% APR and names the deal's fields where stated figures disagree", () => {
    expect(checkDealFigures(hp48).ok).toBe(true);
    const wrong = checkDealFigures({ ...hp48, aprBasisPoints: 190, totalPayablePence: 2_000_000 });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.problems.map((p) => p.field).sort()).toEqual(["aprBasisPoints", "totalPayablePence"]);
    expect(wrong.figures?.aprTenths).toBe(99);
  });

  it("computes the figures alone, or names the deal's field that stops it", () => {
    const ok = computeDealFigures(hp48);
    expect(ok.ok && ok.figures.totalAmountPayablePence).toBe(2_187_200);
    const bad = computeDealFigures({ ...hp48, regularPaymentCount: 0 });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.field).toBe("regularPaymentCount");
  });

  it("calls two sets of figures the same terms only when every figure and fee matches", () => {
    expect(sameTerms(hp48, { ...hp48 })).toBe(true);
    for (const key of Object.keys(hp48) as (keyof FinanceFigures)[]) {
      if (key === "fees") continue;
      const changed = { ...hp48, [key]: typeof hp48[key] === "boolean" ? !hp48[key] : (hp48[key] as number) + 1 };
      expect(sameTerms(hp48, changed), key).toBe(false);
    }
    expect(sameTerms(hp48, { ...hp48, fees: [{ amountPence: 0, month: 0 }] })).toBe(false);
  });

  it("describes the schedule: regular payments, then any final payment and its month", () => {
    expect(describeSchedule(hp48)).toBe("48 × £414.00 from month 1");
    expect(describeSchedule({ ...hp48, regularPaymentCount: 47, monthlyPaymentPence: 15_000, finalPaymentPence: 500_000, finalPaymentMonth: 48 })).toBe(
      "47 × £150.00 from month 1, then £5,000.00 in month 48",
    );
    expect(describeSchedule({ ...hp48, regularPaymentCount: 47, firstPaymentMonth: 0, monthlyPaymentPence: 15_000, finalPaymentPence: 500_000, finalPaymentMonth: 0 })).toBe(
      "47 × £150.00 from month 0, then £5,000.00 in month 47",
    );
  });

  it("assembles the form's figures: a blank final month is the one after the last payment; fees on signing and with the last payment", () => {
    const inputs = { ...hp48, regularPaymentCount: 47, finalPaymentPence: 500_000, finalPaymentMonth: null, feeAtSigningPence: 1_000, feeWithLastPaymentPence: 2_000 };
    const { fees: _f, feesPence: _p, ...form } = inputs;
    const assembled = assembleDealFigures(form);
    expect(assembled.finalPaymentMonth).toBe(48);
    expect(assembled.fees).toEqual([{ amountPence: 1_000, month: 0 }, { amountPence: 2_000, month: 48 }]);
    expect(assembled.feesPence).toBe(3_000);
    expect(assembled).not.toHaveProperty("feeAtSigningPence");
    expect(dealFigureInputs(assembled)).toEqual({ ...form, finalPaymentMonth: 48 });

    const noFinal = assembleDealFigures({ ...form, finalPaymentPence: 0, finalPaymentMonth: 30, feeAtSigningPence: 0 });
    expect(noFinal.finalPaymentMonth).toBe(0);
    expect(noFinal.fees).toEqual([{ amountPence: 2_000, month: 47 }]); // 47 payments from month 1
    expect(dealFigureInputs(noFinal)).toMatchObject({ finalPaymentMonth: null, feeAtSigningPence: 0, feeWithLastPaymentPence: 2_000 });
    expect(assembleDealFigures({ ...form, finalPaymentMonth: 50 }).finalPaymentMonth).toBe(50);
  });

  it("reads a fee in month 0 as on signing even when the last payment is on signing too", () => {
    const onSigning = { ...hp48, regularPaymentCount: 1, firstPaymentMonth: 0, fees: [{ amountPence: 700, month: 0 }], feesPence: 700 };
    expect(dealFigureInputs(onSigning)).toMatchObject({ feeAtSigningPence: 700, feeWithLastPaymentPence: 0 });
    const midway = { ...hp48, fees: [{ amountPence: 300, month: 12 }, { amountPence: 500, month: 48 }], feesPence: 800 };
    expect(dealFigureInputs(midway)).toMatchObject({ feeAtSigningPence: 300, feeWithLastPaymentPence: 500 });
  });
});
