import { describe, expect, it } from "vitest";
import { exampleFromInputs, type RepresentativeExample } from "~/modules/offers/offer-example";
import { liveFigures } from "~/modules/offers/offer-figures-panel";
import { financeTriggers, promotionProblems } from "~/modules/offers/promotion-rules";

// APRs here were worked apart from the app, by bisection on Σ payment × (1 + X)^(−month/12) = credit
// (/work/notes/apr_oracle.py); amounts by adding up the schedule by hand.

const plain = { title: "Free heated grips", summary: "Heated grips fitted free on any new KTM.", terms: "While stocks last." };

/** £5,400 of credit over 36 monthly payments from a month after signing. */
function hirePurchase(overrides: Partial<RepresentativeExample> = {}): RepresentativeExample {
  return {
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
    totalPayablePence: 60_000 + 36 * 15_000,
    ...overrides,
  };
}

const words = (text: string) => financeTriggers({ title: "", summary: text, terms: "" }).map((trigger) => trigger.words);

describe("finance wording", () => {
  it.each([
    ["Ride away for £79 a month", "£79 a month"],
    ["Yours from £99/mo", "£99/mo"],
    ["Only £120.50 per month", "£120.50 per month"],
    ["Pay just £45 pm", "£45 pm"],
    ["Payments per month to suit you", "per month"],
    ["0% on every Scrambler", "0%"],
    ["Interest free for two years", "Interest free"],
    ["Interest-free credit", "Interest-free"],
    ["A low deposit gets you riding", "low deposit"],
    ["4.9% APR representative", "4.9% APR"],
    ["Great rates: ask about APR", "APR"],
    ["Finance available", "Finance"],
    ["£500 deposit contribution from Honda", "deposit contribution"],
    ["£750 towards your deposit", "towards your deposit"],
    ["Ask about PCP", "PCP"],
    ["Hire purchase on any model", "Hire purchase"],
    ["Only 3.9% flat", "3.9% flat"],
  ])("finds %j as a finance promotion (%s)", (text, expected) => {
    expect(words(text)[0]).toBe(expected);
  });

  it.each([["Free heated grips on any new KTM"], ["A 105 hp engine and 20% off helmets"], ["Winter service for £149 (worth £199)"], ["Two years' parts and labour warranty"], ["Fully booked this month"]])(
    "leaves %j alone",
    (text) => {
      expect(words(text)).toEqual([]);
    },
  );

  it("refuses a manager's '£79 a month … 0% interest' with no example, naming the words and where they are", () => {
    const problems = promotionProblems({ title: "Spring saver", summary: "A new Speed 400 for £79 a month at 0% interest.", terms: "Subject to status.", representativeExample: null });
    expect(problems).toEqual([
      { field: "summary", message: `'£79 a month' in the summary needs a representative example: tick "This offer promotes finance" and complete it, or reword.` },
    ]);
  });

  it("names the title's words first, then the summary's, then the terms'", () => {
    const problems = promotionProblems({ title: "0% on the Tiger", summary: "£79 a month", terms: "Finance subject to status", representativeExample: null });
    expect(problems[0]?.field).toBe("title");
    expect(problems[0]?.message).toMatch(/^'0%' in the title/);
    expect(promotionProblems({ ...plain, terms: "Finance subject to status.", representativeExample: null })[0]?.message).toMatch(/^'Finance' in the terms/);
  });

  it("needs no example for an offer without finance words", () => {
    expect(promotionProblems({ ...plain, representativeExample: null })).toEqual([]);
  });
});

describe("the representative example, checked by the engine", () => {
  it("accepts 0% APR where 36 × £150 repay exactly £5,400 of credit", () => {
    expect(promotionProblems({ ...plain, summary: "0% APR representative", representativeExample: hirePurchase() })).toEqual([]);
  });

  it("refuses 0% APR stated for 36 × £172.50 on £5,400 of credit, with the computed 9.7% by the APR", () => {
    const example = hirePurchase({ monthlyPaymentPence: 17_250, totalPayablePence: 60_000 + 36 * 17_250, ratePercentBasisPoints: 500 });
    expect(promotionProblems({ ...plain, representativeExample: example })).toEqual([
      { field: "apr", message: "The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit." },
    ]);
  });

  it("refuses wording that states another APR than the example's", () => {
    expect(promotionProblems({ ...plain, title: "Scrambler at 1.9% APR", representativeExample: hirePurchase() })).toEqual([
      { field: "title", message: "'1.9% APR' in the title disagrees with the representative APR of 0%." },
    ]);
  });

  it("refuses an APR of 100% on the same figures", () => {
    const example = hirePurchase({ aprBasisPoints: 10_000, ratePercentBasisPoints: 500, monthlyPaymentPence: 17_250, totalPayablePence: 60_000 + 36 * 17_250 });
    expect(promotionProblems({ ...plain, representativeExample: example })).toEqual([
      { field: "apr", message: "The figures give 9.7% APR, not 100.0%: £172.50 × 36 on £5,400.00 of credit." },
    ]);
  });

  it("refuses a 0% rate of interest when the payments repay more than the credit", () => {
    const example = hirePurchase({ aprBasisPoints: 970, monthlyPaymentPence: 17_250, totalPayablePence: 60_000 + 36 * 17_250 });
    const [problem] = promotionProblems({ ...plain, representativeExample: example });
    expect(problem).toEqual({
      field: "rate",
      message: "A 0% rate of interest means the payments repay only the credit, but these repay £810.00 more than the £5,400.00 of credit (9.7% APR).",
    });
  });

  it("accepts a PCP of 36 payments with a final payment and a fee in month 37 at its true 6.9% APR, and refuses 6.9% on the old £229 payments (9.1%)", () => {
    const pcp = {
      aprBasisPoints: 690, ratePercentBasisPoints: 522, rateFixed: true, cashPricePence: 1_579_500, depositPence: 250_000, depositContributionPence: 75_000,
      creditPence: 1_254_500, termMonths: 37, paymentCount: 36, monthlyPaymentPence: 21_150, firstPaymentMonth: 1, finalPaymentPence: 695_000,
      finalPaymentMonth: 37, fees: [{ name: "Option to purchase fee", amountPence: 1_000, month: 37 }], totalPayablePence: 1_707_400,
    };
    expect(promotionProblems({ ...plain, representativeExample: pcp })).toEqual([]);
    const seededBefore = { ...pcp, monthlyPaymentPence: 22_900, totalPayablePence: 250_000 + 36 * 22_900 + 695_000 + 1_000 };
    expect(promotionProblems({ ...plain, representativeExample: seededBefore })).toEqual([
      { field: "apr", message: "The figures give 9.1% APR, not 6.9%: £229.00 × 36 + a final £6,950.00 + £10.00 of fees on £12,545.00 of credit." },
    ]);
  });

  it("counts the customer's deposit in the total payable, never a third party's contribution", () => {
    const example = hirePurchase({ depositPence: 10_000, depositContributionPence: 50_000, totalPayablePence: 60_000 + 36 * 15_000 });
    expect(promotionProblems({ ...plain, representativeExample: example })).toEqual([
      {
        field: "totalPayable",
        message: "The figures give a total amount payable of £5,500.00: the customer's deposit and part exchange plus £150.00 × 36 (a third party's contribution is not the customer's).",
      },
    ]);
  });

  it("refuses an incomplete stored example (no fees or schedule)", () => {
    const { fees: _fees, paymentCount: _count, ...partial } = hirePurchase();
    expect(promotionProblems({ ...plain, representativeExample: partial })).toEqual([
      { field: "promotesFinance", message: "The representative example is incomplete: it needs the rate, charges, credit, APR, duration, cash price, deposit, total payable and each repayment." },
    ]);
  });
});

describe("the form's example", () => {
  it("reads the schedule's defaults: first payment a month after signing, final the month after the last, fees with the first and last payments", () => {
    const read = exampleFromInputs(
      { apr: "6.9", rate: "5.22", cashPrice: "15,795", deposit: "2,500", depositContribution: "750", credit: "12,545", termMonths: "37", paymentCount: "36", monthlyPayment: "211.50", finalPayment: "6,950", acceptanceFee: "25", purchaseFee: "10", totalPayable: "17,099" },
      true,
    );
    expect(read.ok && read.example).toMatchObject({
      firstPaymentMonth: 1,
      finalPaymentMonth: 37,
      fees: [{ name: "Acceptance fee", amountPence: 2_500, month: 1 }, { name: "Option to purchase fee", amountPence: 1_000, month: 37 }],
    });
  });

  it("shows live the figures the engine computes, and the mismatch before submitting", () => {
    const typed = { ...plain, promotesFinance: "on", apr: "0", rate: "0", cashPrice: "6,000", deposit: "600", credit: "5,400", termMonths: "36", paymentCount: "36", monthlyPayment: "172.50", totalPayable: "6,810" };
    const live = liveFigures(typed);
    expect(live).toMatchObject({ state: "computed", credit: 540_000, charge: 81_000, payable: 681_000, aprTenths: 97 });
    expect(live.state === "computed" && live.problems[0]).toEqual({ field: "apr", message: "The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit." });
    expect(liveFigures({ ...plain, summary: "Only £79 a month" })).toMatchObject({ state: "none", problems: [{ field: "summary" }] });
  });
});

describe("the wording's triggers and stated APRs", () => {
  it("lists triggers in reading order, the longer first where two start together", () => {
    expect(words("Finance at 4.9% APR with a low deposit")).toEqual(["Finance", "4.9% APR", "APR", "low deposit"]);
    expect(words("0% APR")).toEqual(["0% APR", "0%", "APR"]);
  });

  it("needs no example for plain wording when none is given", () => {
    expect(promotionProblems({ ...plain, representativeExample: undefined })).toEqual([]);
  });

  it("names the first APR in each field that isn't the example's, however it is spaced", () => {
    const titleProblems = (title: string, aprBasisPoints = 690) =>
      promotionProblems({ ...plain, title, representativeExample: hirePurchase({ aprBasisPoints }) }).filter((p) => p.field === "title").map((p) => p.message);
    expect(titleProblems("Only 12.9% APR", 1290)).toEqual([]);
    expect(titleProblems("From 4% APR")).toEqual(["'4% APR' in the title disagrees with the representative APR of 6.9%."]);
    expect(titleProblems("From 6.95% APR")).toEqual(["'6.95% APR' in the title disagrees with the representative APR of 6.9%."]);
    expect(titleProblems("From 4.9 % APR")).toEqual(["'4.9 % APR' in the title disagrees with the representative APR of 6.9%."]);
    expect(titleProblems("From 4.9%APR")).toEqual(["'4.9%APR' in the title disagrees with the representative APR of 6.9%."]);
    expect(titleProblems("4.9% APR or 5.9% APR")).toEqual(["'4.9% APR' in the title disagrees with the representative APR of 6.9%."]);
  });
});
