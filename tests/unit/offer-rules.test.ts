import { describe, expect, it } from "vitest";
import { checkExample, exampleFromInputs, exampleInputs, exampleTerms, readExample, type RepresentativeExample } from "~/modules/offers/offer-example";
import { COMBINING_REFUSAL, combiningProblem, offerStatus } from "~/modules/offers/offer-rules";

// 36 × £150 on £5,400 of credit (cash £6,000, deposit £600): 0% APR, worked by hand.
const zeroApr: RepresentativeExample = {
  aprBasisPoints: 0,
  ratePercentBasisPoints: 0,
  rateFixed: true,
  cashPricePence: 600_000,
  depositPence: 60_000,
  depositContributionPence: 0,
  creditPence: 540_000,
  termMonths: 36,
  paymentCount: 36,
  monthlyPaymentPence: 15_000,
  firstPaymentMonth: 1,
  finalPaymentPence: 0,
  finalPaymentMonth: null,
  fees: [],
  totalPayablePence: 600_000,
};

const typedZeroApr = { apr: "0", rate: "0", cashPrice: "6,000", deposit: "600", credit: "5,400", termMonths: "36", paymentCount: "36", monthlyPayment: "150", totalPayable: "6,000" };

describe("an offer's status on a London day", () => {
  const published = { state: "published" as const, validFrom: "2026-03-01", validTo: "2026-03-31" };
  it("is scheduled before its first day, live from its first to its last day inclusive, expired after", () => {
    expect(offerStatus(published, "2026-02-28")).toBe("scheduled");
    expect(offerStatus(published, "2026-03-01")).toBe("live");
    expect(offerStatus(published, "2026-03-31")).toBe("live");
    expect(offerStatus(published, "2026-04-01")).toBe("expired");
  });
  it("is the stored state when not published, whatever the day", () => {
    expect(offerStatus({ ...published, state: "draft" }, "2026-03-10")).toBe("draft");
    expect(offerStatus({ ...published, state: "withdrawn" }, "2026-03-10")).toBe("withdrawn");
  });
});

describe("combining offers", () => {
  it("refuses a manufacturer offer with a dealer exclusive one, and nothing else", () => {
    expect(combiningProblem(["manufacturer", "dealer"])).toBe(COMBINING_REFUSAL);
    expect(COMBINING_REFUSAL).toBe("Manufacturer offers can't be combined with a dealer exclusive offer: remove one before adding the other.");
    expect(combiningProblem(["manufacturer", "manufacturer"])).toBeNull();
    expect(combiningProblem(["dealer", "dealer"])).toBeNull();
    expect(combiningProblem([])).toBeNull();
  });
});

describe("the example typed on the form", () => {
  it("reads 0% APR on 36 × £150 with no optional figures: no final payment, no fees, first payment in month 1", () => {
    expect(exampleFromInputs(typedZeroApr, true)).toEqual({ ok: true, example: zeroApr });
    const variable = exampleFromInputs({ ...typedZeroApr, apr: " 9.90 % ", depositContribution: "50" }, false);
    expect(variable.ok && variable.example).toMatchObject({ aprBasisPoints: 990, rateFixed: false, depositContributionPence: 5_000 });
  });

  it("names every missing or unreadable figure, with how to write it", () => {
    const read = exampleFromInputs({ ...typedZeroApr, apr: "", cashPrice: "six", termMonths: "0", firstPaymentMonth: "121", rate: "100.01" }, true);
    expect(read).toEqual({
      ok: false,
      problems: [
        { field: "apr", message: "Enter the representative apr (%) as a percentage, like 9.9." },
        { field: "rate", message: "Enter the rate of interest (% a year) as a percentage, like 9.9." },
        { field: "cashPrice", message: "Enter the cash price (£) in pounds, like 9,499 or 9499.00." },
        { field: "termMonths", message: "Enter the duration of the agreement (months) in whole months, from 1 to 120." },
        { field: "firstPaymentMonth", message: "Enter the first payment, months after signing as a month after signing, from 0 to 120." },
      ],
    });
  });

  it("takes the figures' limits: 100%, 120 months, month 0 and 120, £1,000,000; refuses one past them", () => {
    const edge = exampleFromInputs({ ...typedZeroApr, apr: "100", termMonths: "120", paymentCount: "1", firstPaymentMonth: "0", finalPayment: "1,000,000", finalPaymentMonth: "120" }, true);
    expect(edge.ok && edge.example).toMatchObject({ aprBasisPoints: 10_000, termMonths: 120, paymentCount: 1, firstPaymentMonth: 0, finalPaymentPence: 100_000_000, finalPaymentMonth: 120 });
    const past = exampleFromInputs({ ...typedZeroApr, apr: "100.01", termMonths: "121", finalPayment: "1,000,000.01", finalPaymentMonth: "121", paymentCount: "1000" }, true);
    expect(past.ok ? [] : past.problems.map((p) => p.field)).toEqual(["apr", "termMonths", "paymentCount", "finalPayment", "finalPaymentMonth"]);
  });

  it("puts fees where staff say, and a final payment the month after the last regular one by default", () => {
    const read = exampleFromInputs({ ...typedZeroApr, firstPaymentMonth: "0", finalPayment: "100", acceptanceFee: "25", acceptanceFeeMonth: "3", purchaseFee: "10", purchaseFeeMonth: "40" }, true);
    expect(read.ok && read.example).toMatchObject({
      firstPaymentMonth: 0,
      finalPaymentPence: 10_000,
      finalPaymentMonth: 36, // 36 payments from month 0 end in month 35
      fees: [{ name: "Acceptance fee", amountPence: 2_500, month: 3 }, { name: "Option to purchase fee", amountPence: 1_000, month: 40 }],
    });
    const noFinal = exampleFromInputs({ ...typedZeroApr, purchaseFee: "10", finalPaymentMonth: "20" }, true);
    expect(noFinal.ok && noFinal.example).toMatchObject({ finalPaymentMonth: null, fees: [{ name: "Option to purchase fee", amountPence: 1_000, month: 36 }] });
  });

  it("writes a stored example back as the form's text", () => {
    const withFees = { ...zeroApr, depositContributionPence: 5_000, finalPaymentPence: 10_000, finalPaymentMonth: 37, fees: [{ name: "Acceptance fee", amountPence: 2_500, month: 1 }, { name: "Admin fee", amountPence: 1_000, month: 37 }] };
    expect(exampleInputs(withFees)).toEqual({
      apr: "0.00",
      rate: "0.00",
      cashPrice: "6000.00",
      deposit: "600.00",
      depositContribution: "50.00",
      credit: "5400.00",
      termMonths: "36",
      paymentCount: "36",
      monthlyPayment: "150.00",
      firstPaymentMonth: "1",
      finalPayment: "100.00",
      finalPaymentMonth: "37",
      acceptanceFee: "25.00",
      acceptanceFeeMonth: "1",
      purchaseFee: "10.00",
      purchaseFeeMonth: "37",
    });
    expect(exampleInputs({ ...zeroApr, aprBasisPoints: 990 })).toMatchObject({ apr: "9.90", depositContribution: "", finalPayment: "", finalPaymentMonth: "", acceptanceFee: "", acceptanceFeeMonth: "", purchaseFee: "", purchaseFeeMonth: "" });
  });
});

describe("the example's check", () => {
  it("gives the engine a credit agreement without a part exchange", () => {
    expect(exampleTerms({ ...zeroApr, fees: [{ name: "Acceptance fee", amountPence: 2_500, month: 1 }] })).toEqual({
      cashPricePence: 600_000,
      customerDepositPence: 60_000,
      depositContributionPence: 0,
      partExchangeValuePence: 0,
      partExchangeSettlementPence: 0,
      fees: [{ amountPence: 2_500, month: 1 }],
      durationMonths: 36,
      regularPaymentCount: 36,
      regularPaymentPence: 15_000,
      firstPaymentMonth: 1,
      finalPaymentPence: 0,
      finalPaymentMonth: undefined,
    });
  });

  it("accepts 0% on payments that repay the credit; refuses a rate above 0% on them", () => {
    expect(checkExample(zeroApr).problems).toEqual([]);
    expect(checkExample({ ...zeroApr, ratePercentBasisPoints: 1 }).problems).toEqual([{ field: "rate", message: "The payments repay only the credit: the rate of interest is 0%." }]);
  });

  it("names the form's field for a stated figure the schedule doesn't give", () => {
    expect(checkExample({ ...zeroApr, creditPence: 500_000 }).problems.map((p) => p.field)).toContain("credit");
    expect(checkExample({ ...zeroApr, totalPayablePence: 1 }).problems.map((p) => p.field)).toEqual(["totalPayable"]);
  });
});

describe("a stored example", () => {
  it("is read back whole, copying its fees", () => {
    const stored = { ...zeroApr, fees: [{ name: "Acceptance fee", amountPence: 2_500, month: 1, extra: "dropped" }] };
    expect(readExample(stored)).toEqual({ ...zeroApr, fees: [{ name: "Acceptance fee", amountPence: 2_500, month: 1 }] });
    expect(readExample({ ...zeroApr, finalPaymentMonth: 37 })?.finalPaymentMonth).toBe(37);
  });

  it("is refused when any part is missing or malformed", () => {
    const bad: unknown[] = [
      null,
      "example",
      [zeroApr],
      { ...zeroApr, creditPence: -1 },
      { ...zeroApr, termMonths: 1.5 },
      { ...zeroApr, totalPayablePence: "600000" },
      { ...zeroApr, rateFixed: "yes" },
      { ...zeroApr, finalPaymentMonth: -1 },
      { ...zeroApr, fees: "none" },
      { ...zeroApr, fees: [null] },
      { ...zeroApr, fees: ["Acceptance fee"] },
      { ...zeroApr, fees: [{ name: 5, amountPence: 1, month: 1 }] },
      { ...zeroApr, fees: [{ name: "  ", amountPence: 1, month: 1 }] },
      { ...zeroApr, fees: [{ name: "Fee", amountPence: -1, month: 1 }] },
      { ...zeroApr, fees: [{ name: "Fee", amountPence: 1, month: 0.5 }] },
    ];
    for (const value of bad) expect(readExample(value), JSON.stringify(value)).toBeNull();
  });
});

describe("the form's figures, read strictly", () => {
  it("refuses a percentage or a month count with other characters, and reads 9.9 as 9.90%", () => {
    const read = exampleFromInputs({ ...typedZeroApr, apr: "x9.9", rate: "9.9x", termMonths: "1e2", firstPaymentMonth: "1e1", depositContribution: "  " }, true);
    expect(read.ok ? [] : read.problems.map((p) => p.field)).toEqual(["apr", "rate", "termMonths", "firstPaymentMonth"]);
    expect(exampleFromInputs({ ...typedZeroApr, apr: "nine" }, true)).toMatchObject({ ok: false, problems: [{ field: "apr" }] });
    const tenth = exampleFromInputs({ ...typedZeroApr, apr: "9.9" }, true);
    expect(tenth.ok && tenth.example.aprBasisPoints).toBe(990);
    expect(exampleFromInputs({ ...typedZeroApr, finalPayment: "100", finalPaymentMonth: "1e1" }, true)).toMatchObject({ ok: false, problems: [{ field: "finalPaymentMonth" }] });
  });

  it("fills the acceptance fee's slot only with a fee of that name", () => {
    const other = { ...zeroApr, fees: [{ name: "Admin fee", amountPence: 1_000, month: 36 }, { name: "Acceptance fee", amountPence: 2_500, month: 1 }] };
    expect(exampleInputs(other)).toMatchObject({ acceptanceFee: "25.00", acceptanceFeeMonth: "1", purchaseFee: "10.00", purchaseFeeMonth: "36" });
  });

  it("checks the rate only on figures the engine could compute, and leaves fees out of the interest", () => {
    expect(checkExample({ ...zeroApr, termMonths: 0 })).toEqual({ figures: null, problems: [{ field: "termMonths", message: "The agreement lasts between 1 and 120 months." }] });
    const onSigning = checkExample({ ...zeroApr, firstPaymentMonth: 0, paymentCount: 1, monthlyPaymentPence: 540_001, ratePercentBasisPoints: 500 });
    expect(onSigning.figures?.aprTenths).toBeNull();
    expect(onSigning.problems.filter((p) => p.field === "rate")).toEqual([]);
    const withFee = checkExample({ ...zeroApr, fees: [{ name: "Acceptance fee", amountPence: 2_500, month: 1 }], totalPayablePence: 602_500 });
    expect(withFee.problems.filter((p) => p.field === "rate")).toEqual([]);
  });
});
