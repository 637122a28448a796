import { describe, expect, it } from "vitest";
import { checkCreditFigures, computeCreditFigures, type CreditTerms } from "~/modules/finance/credit-figures";

// The engine's refusals of terms that can't describe a credit agreement, and the wording of each
// mismatch. Figures worked by hand: £100 of credit repaid by one £100 payment a month on is 0% APR.
const oneMonth: CreditTerms = {
  cashPricePence: 10_000,
  customerDepositPence: 0,
  depositContributionPence: 0,
  partExchangeValuePence: 0,
  partExchangeSettlementPence: 0,
  fees: [],
  durationMonths: 1,
  regularPaymentCount: 1,
  regularPaymentPence: 10_000,
  firstPaymentMonth: 1,
  finalPaymentPence: 0,
};
// 47 × £150 and £5,000 in month 48 on £10,000 of credit (7.0% APR; charge £2,050).
const pcp: CreditTerms = { ...oneMonth, cashPricePence: 1_000_000, durationMonths: 48, regularPaymentCount: 47, regularPaymentPence: 15_000, finalPaymentPence: 500_000 };

const AMOUNT = "Enter an amount of £0 or more, in pounds and pence.";
const refusal = (terms: CreditTerms) => {
  const result = computeCreditFigures(terms);
  return result.ok ? "accepted" : `${result.field}: ${result.message}`;
};

describe("terms the engine refuses", () => {
  it("refuses a negative or fractional amount in each money field, and takes £0", () => {
    const fields = ["cashPricePence", "customerDepositPence", "depositContributionPence", "partExchangeValuePence", "partExchangeSettlementPence", "regularPaymentPence", "finalPaymentPence"] as const;
    for (const field of fields) {
      expect(refusal({ ...oneMonth, [field]: -1 }), field).toBe(`${field}: ${AMOUNT}`);
      expect(refusal({ ...oneMonth, [field]: 0.5 }), field).toBe(`${field}: ${AMOUNT}`);
    }
    expect(refusal({ ...oneMonth, regularPaymentPence: 0 })).toBe("regularPaymentPence: Enter the regular payment.");
    expect(refusal({ ...oneMonth, regularPaymentPence: 1 })).toBe("accepted");
  });

  it("takes an agreement of 1 to 120 whole months", () => {
    const months = "durationMonths: The agreement lasts between 1 and 120 months.";
    expect(refusal({ ...oneMonth, durationMonths: 0 })).toBe(months);
    expect(refusal({ ...oneMonth, durationMonths: 121, regularPaymentCount: 121 })).toBe(months);
    expect(refusal({ ...oneMonth, durationMonths: 1.5 })).toBe(months);
    expect(refusal(oneMonth)).toBe("accepted");
    expect(refusal({ ...oneMonth, durationMonths: 120, regularPaymentCount: 120, regularPaymentPence: 100 })).toBe("accepted");
  });

  it("needs at least one whole regular payment", () => {
    const count = "regularPaymentCount: Enter how many regular payments there are (at least one).";
    expect(refusal({ ...oneMonth, regularPaymentCount: 0 })).toBe(count);
    expect(refusal({ ...oneMonth, regularPaymentCount: 0.5 })).toBe(count);
  });

  it("starts payments between signing (month 0) and month 3", () => {
    const first = "firstPaymentMonth: The first payment falls between signing (month 0) and month 3.";
    const long = { ...oneMonth, durationMonths: 12 };
    expect(refusal({ ...long, firstPaymentMonth: -1 })).toBe(first);
    expect(refusal({ ...long, firstPaymentMonth: 4 })).toBe(first);
    expect(refusal({ ...long, firstPaymentMonth: 0.5 })).toBe(first);
    expect(refusal({ ...long, firstPaymentMonth: 0, regularPaymentPence: 10_001 })).toBe("accepted");
    expect(refusal({ ...long, firstPaymentMonth: 3 })).toBe("accepted");
  });

  it("puts a final payment with or after the last regular one and within the agreement; by default the month after", () => {
    const final = "finalPaymentMonth: The final payment falls with or after the last regular payment (month 47) and by month 48.";
    expect(refusal({ ...pcp, finalPaymentMonth: 46 })).toBe(final);
    expect(refusal({ ...pcp, finalPaymentMonth: 49 })).toBe(final);
    expect(refusal({ ...pcp, finalPaymentMonth: 47 })).toBe("accepted");
    expect(refusal({ ...pcp, finalPaymentMonth: 48 })).toBe("accepted");
    expect(refusal({ ...pcp, regularPaymentCount: 48 })).toBe(
      "finalPaymentMonth: The final payment falls with or after the last regular payment (month 48) and by month 48.",
    );
    expect(refusal({ ...pcp, finalPaymentPence: 0, finalPaymentMonth: 3 })).toBe("accepted");
  });

  it("takes fees of £0 or more paid from signing to the agreement's last month", () => {
    const fees = "fees: Each fee is £0 or more, paid between signing and the end of the agreement.";
    for (const fee of [{ amountPence: -1, month: 1 }, { amountPence: 0.5, month: 1 }, { amountPence: 100, month: -1 }, { amountPence: 100, month: 0.5 }, { amountPence: 100, month: 49 }]) {
      expect(refusal({ ...pcp, fees: [{ amountPence: 100, month: 0 }, fee] }), JSON.stringify(fee)).toBe(fees);
    }
    expect(refusal({ ...pcp, fees: [{ amountPence: 0, month: 0 }, { amountPence: 100, month: 48 }] })).toBe("accepted");
  });

  it("refuses a deposit that leaves no credit, and takes a penny of credit", () => {
    expect(refusal({ ...oneMonth, customerDepositPence: 10_000 })).toBe("customerDepositPence: The deposit, contribution and part exchange leave no credit to finance.");
    expect(refusal({ ...oneMonth, customerDepositPence: 9_999, regularPaymentPence: 1 })).toBe("accepted");
  });

  it("passes a refusal of the terms on as the check's one problem", () => {
    expect(checkCreditFigures({ ...oneMonth, durationMonths: 0 }, { aprBasisPoints: 0 })).toEqual({
      ok: false,
      figures: null,
      problems: [{ field: "durationMonths", message: "The agreement lasts between 1 and 120 months." }],
    });
  });
});

describe("the schedule", () => {
  it("orders payments by month: fees on signing first, a final payment before a fee in its month, no £0 fee", () => {
    const result = computeCreditFigures({ ...pcp, durationMonths: 3, regularPaymentCount: 2, regularPaymentPence: 300_000, finalPaymentPence: 500_000, fees: [{ amountPence: 2_000, month: 3 }, { amountPence: 0, month: 2 }, { amountPence: 1_000, month: 0 }] });
    expect(result.ok && result.figures.schedule).toEqual([
      { month: 0, amountPence: 1_000, kind: "fee" },
      { month: 1, amountPence: 300_000, kind: "regular" },
      { month: 2, amountPence: 300_000, kind: "regular" },
      { month: 3, amountPence: 500_000, kind: "final" },
      { month: 3, amountPence: 2_000, kind: "fee" },
    ]);
    const plain = computeCreditFigures(oneMonth);
    expect(plain.ok && plain.figures.schedule).toEqual([{ month: 1, amountPence: 10_000, kind: "regular" }]);
  });
});

describe("stated figures that disagree", () => {
  it("accepts figures stated for nothing, and names the credit, charge and total payable with the schedule", () => {
    expect(checkCreditFigures(pcp, {}).ok).toBe(true);
    const fees = [{ amountPence: 1_000, month: 0 }, { amountPence: 1_000, month: 48 }];
    const result = checkCreditFigures({ ...pcp, fees }, { amountOfCreditPence: 1, totalChargeForCreditPence: 1, totalAmountPayablePence: 1, aprBasisPoints: 700 });
    expect(result.ok ? [] : result.problems).toEqual([
      { field: "amountOfCreditPence", message: "The figures give £10,000.00 of credit (cash price less the deposit, any contribution and the part exchange net of settlement)." },
      { field: "totalChargeForCreditPence", message: "The figures give a charge for credit of £2,070.00: £150.00 × 47 + a final £5,000.00 + £20.00 of fees = £12,070.00, less £10,000.00 of credit." },
      {
        field: "totalAmountPayablePence",
        message: "The figures give a total amount payable of £12,070.00: the customer's deposit and part exchange plus £150.00 × 47 + a final £5,000.00 + £20.00 of fees (a third party's contribution is not the customer's).",
      },
    ]);
  });

  it("says payments that repay less than the credit repay too little, and gives no APR below −99%", () => {
    const short = { ...oneMonth, regularPaymentPence: 9_000 };
    const result = checkCreditFigures(short, { aprBasisPoints: 0 });
    expect(result.ok ? [] : result.problems).toEqual([{ field: "aprBasisPoints", message: "£90.00 × 1 = £90.00 repays less than the £100.00 of credit: check the payments." }]);
    expect(result.figures?.aprTenths).toBe(-718); // 0.9^12 − 1 = −71.8% a year
    expect(result.figures?.totalChargeForCreditPence).toBe(-1_000);
    // Below 100 × 0.01^(1/12) = £68.13 a month on, even −99% a year can't discount them to the credit.
    const far = computeCreditFigures({ ...oneMonth, regularPaymentPence: 6_800 });
    expect(far.ok && far.figures.aprTenths).toBeNull();
    const near = computeCreditFigures({ ...oneMonth, regularPaymentPence: 6_900 });
    expect(near.ok && near.figures.aprTenths).toBe(-988); // 0.69^12 − 1 = −98.8%
  });

  it("says no APR fits when more than the credit is paid on signing", () => {
    const onSigning = { ...oneMonth, firstPaymentMonth: 0, regularPaymentPence: 10_001 };
    const result = checkCreditFigures(onSigning, { aprBasisPoints: 0 });
    expect(result.ok ? [] : result.problems).toEqual([{ field: "aprBasisPoints", message: "No APR makes these repayments equal the credit: check the payments." }]);
    expect(result.figures?.aprTenths).toBeNull();
  });

  it("gives 0% where a penny of credit is repaid by a penny", () => {
    const penny = computeCreditFigures({ ...oneMonth, customerDepositPence: 9_999, regularPaymentPence: 1 });
    expect(penny.ok && penny.figures).toMatchObject({ amountOfCreditPence: 1, aprTenths: 0, totalChargeForCreditPence: 0 });
  });
});
