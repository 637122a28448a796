import { describe, expect, it } from "vitest";
import { HP48 } from "../support/hp48-figures";
import type { FinanceDeal } from "@db/schema/finance";
import { checkDealFigures } from "~/modules/finance/deal-figures";
import { approvedTermsOf, freshConsentNeeded, liveAcceptance, positionOf, proposalProblem, signingProblemOf } from "~/modules/finance/deal-step-rules";
import type { DealRecord } from "~/modules/finance/deal-steps.server";

// A deal's step rules on hand-built records. The figures: 48 × £414 on £16,495 at 9.9% APR (charge for
// credit £3,377), checked by hand in tests/unit/finance-figures.test.ts. Review thresholds: 35% of the
// charge for credit (£1,181.95) or 10% of the credit (£1,649.50).
const hp48 = HP48;
const THRESHOLDS = { chargeForCreditPercent: 35, creditPercent: 10 };
const t = (hms: string) => new Date(`2026-01-14T${hms}Z`);

type Rows = { [K in keyof DealRecord]: DealRecord[K][number] };
const disclosure = (lenderId: string, estimatedCommissionPence: number, givenAt: string) =>
  ({ id: `d-${givenAt}`, lenderId, estimatedCommissionPence, givenAt: t(givenAt), givenBy: "staff", createdAt: t(givenAt) }) as unknown as Rows["disclosures"];
const consent = (kind: "initial" | "fresh", givenAt: string) => ({ id: `c-${givenAt}`, disclosureId: null, kind, givenAt: t(givenAt), createdAt: t(givenAt) }) as unknown as Rows["consents"];
const attempt = (id: string, outcome: string, commissionPence: number, over: object = {}) =>
  ({ id, lenderId: "L1", sequence: 1, outcome, quote: { ...hp48 }, approvedFigures: { ...hp48, commissionPence }, ...over }) as unknown as Rows["attempts"];
const confirmation = (attemptId: string, amountPence: number, confirmedAt: string) => ({ attemptId, amountPence, confirmedAt: t(confirmedAt), createdAt: t(confirmedAt) }) as unknown as Rows["confirmations"];
const review = (over: object) =>
  ({ id: "r1", attemptId: "a1", reviewerId: "reviewer", decision: "approved", commissionPence: 150_000, creditPence: 1_649_500, chargeForCreditPence: 337_700, reviewedAt: t("10:40:00"), ...over }) as unknown as Rows["reviews"];
const recordOf = (rows: Partial<DealRecord>): DealRecord => ({ disclosures: [], consents: [], attempts: [], reviews: [], confirmations: [], withdrawals: [], ...rows });
const deal = { guarantorRequired: false, guarantorName: null, guarantorContact: null } as unknown as FinanceDeal;

describe("the acceptance in force", () => {
  it("is the accepted or countered answer not withdrawn since", () => {
    expect(liveAcceptance(recordOf({ attempts: [attempt("a1", "declined", 0), attempt("a2", "accepted", 0)] }))?.id).toBe("a2");
    const withdrawn = [{ attemptId: "a1" }] as DealRecord["withdrawals"];
    expect(liveAcceptance(recordOf({ attempts: [attempt("a1", "accepted", 0), attempt("a2", "countered", 0)], withdrawals: withdrawn }))?.id).toBe("a2");
    expect(liveAcceptance(recordOf({ attempts: [attempt("a1", "accepted", 0)], withdrawals: withdrawn }))).toBeNull();
    expect(liveAcceptance(recordOf({ attempts: [attempt("a1", "pending", 0), attempt("a2", "referred", 0)] }))).toBeNull();
  });

  it("carries the approved terms, or the proposal's when none were recorded", () => {
    expect(approvedTermsOf(attempt("a1", "accepted", 150_000))).toMatchObject({ creditPence: 1_649_500, commissionPence: 150_000 });
    expect(approvedTermsOf({ approvedFigures: null, quote: { ...hp48, creditPence: 1_500_000 } })).toMatchObject({ creditPence: 1_500_000, commissionPence: 0 });
  });
});

describe("a proposal", () => {
  const consented = { disclosures: [disclosure("L1", 95_000, "10:10:00")], consents: [consent("initial", "10:12:00")] };

  it("needs the consent, a guarantor's details when one is required, no pending answer and no acceptance in force", () => {
    const at = t("10:30:00");
    expect(proposalProblem(deal, recordOf({}), "L1", at)).toBe("Disclose this lender's commission to the customer before proposing to it.");
    expect(proposalProblem(deal, recordOf(consented), "L1", at)).toBeNull();
    const guarantor = "A guarantor is required: record their name and contact before proposing.";
    expect(proposalProblem({ ...deal, guarantorRequired: true }, recordOf(consented), "L1", at)).toBe(guarantor);
    expect(proposalProblem({ ...deal, guarantorRequired: true, guarantorName: "Sam Surety" }, recordOf(consented), "L1", at)).toBe(guarantor);
    expect(proposalProblem({ ...deal, guarantorRequired: true, guarantorContact: "07700 900123" }, recordOf(consented), "L1", at)).toBe(guarantor);
    expect(proposalProblem({ ...deal, guarantorRequired: true, guarantorName: "Sam Surety", guarantorContact: "07700 900123" }, recordOf(consented), "L1", at)).toBeNull();
    expect(proposalProblem(deal, recordOf({ ...consented, attempts: [attempt("a1", "declined", 0), attempt("a2", "pending", 0)] }), "L1", at)).toBe("Wait for the pending lender's answer first.");
    expect(proposalProblem(deal, recordOf({ ...consented, attempts: [attempt("a1", "accepted", 0)] }), "L1", at)).toBe(
      "A lender has already accepted this deal: record the acceptance as withdrawn before proposing again.",
    );
  });

  it("is judged now when no time is given", () => {
    expect(proposalProblem(deal, recordOf(consented), "L1")).toBeNull();
  });
});

describe("the commission position", () => {
  const disclosures = [disclosure("L1", 90_000, "10:10:00"), disclosure("L1", 95_000, "10:20:00"), disclosure("L2", 70_000, "10:30:00")];

  it("is nothing before an acceptance", () => {
    expect(positionOf(recordOf({ attempts: [attempt("a1", "pending", 0)] }), THRESHOLDS)).toBeNull();
  });

  it("takes the lender's commission until one is confirmed, and the latest disclosure to that lender", () => {
    const position = positionOf(recordOf({ disclosures, attempts: [attempt("a1", "accepted", 100_000)] }), THRESHOLDS)!;
    expect(position.accepted.id).toBe("a1");
    expect(position.commissionPence).toBe(100_000);
    expect(position.confirmed).toBeUndefined();
    expect(position.disclosed?.estimatedCommissionPence).toBe(95_000);
    expect(position.ratios.ofCredit).toBeCloseTo(0.060624, 6); // £1,000 / £16,495
    expect(position.review).toBe(false); // 29.6% of the charge, 6.1% of the credit
  });

  it("takes the latest confirmation of the accepted answer, and asks for a review at a threshold", () => {
    const confirmations = [confirmation("a1", 120_000, "10:25:00"), confirmation("a1", 150_000, "10:26:00"), confirmation("a9", 999, "10:27:00")];
    const position = positionOf(recordOf({ disclosures, attempts: [attempt("a1", "accepted", 100_000)], confirmations }), THRESHOLDS)!;
    expect(position.commissionPence).toBe(150_000);
    expect(position.confirmed?.amountPence).toBe(150_000);
    expect(position.review).toBe(true); // 44.4% of the charge for credit
    expect(positionOf(recordOf({ attempts: [attempt("a1", "accepted", 100_000)], confirmations }), { chargeForCreditPercent: 50, creditPercent: 20 })!.review).toBe(false);
  });

  it("needs fresh consent when nothing was disclosed or more is confirmed than disclosed", () => {
    expect(freshConsentNeeded({ disclosed: undefined }, 0)).toBe(true);
    const disclosed = disclosures[1]!;
    expect(freshConsentNeeded({ disclosed }, 95_000)).toBe(false);
    expect(freshConsentNeeded({ disclosed }, 95_001)).toBe(true);
  });
});

describe("signing", () => {
  // Accepted with £1,500 of commission (a review needed), disclosed and confirmed at £1,500, reviewed.
  const base = {
    disclosures: [disclosure("L1", 150_000, "10:10:00")],
    consents: [consent("initial", "10:12:00")],
    attempts: [attempt("a1", "accepted", 150_000)],
    confirmations: [confirmation("a1", 150_000, "10:30:00")],
    reviews: [review({})],
  };
  const problem = (rows: Partial<DealRecord>, signer?: string, on: FinanceDeal = deal) => {
    const record = recordOf({ ...base, ...rows });
    return signingProblemOf(on, record, positionOf(record, THRESHOLDS), signer);
  };
  const changed = (why: string) => `The figures changed since the review of 14 Jan 2026, 10:40:00 (${why}): another admin must review them before signing.`;

  it("may go ahead on a record in order", () => {
    expect(problem({})).toBeNull();
    expect(problem({}, "staff")).toBeNull();
  });

  it("needs an acceptance and a confirmed commission", () => {
    expect(problem({ attempts: [attempt("a1", "declined", 0)] })).toBe("A lender must accept the deal first.");
    expect(problem({ confirmations: [] })).toBe("Confirm the exact commission to the customer before signing.");
  });

  it("needs fresh consent, given at or after the confirmation, to more commission than was disclosed", () => {
    const more = { disclosures: [disclosure("L1", 120_000, "10:10:00")] };
    const fresh = "The confirmed commission (£1,500.00) is more than was disclosed (£1,200.00): record the customer's fresh consent first.";
    expect(problem(more)).toBe(fresh);
    expect(problem({ ...more, consents: [consent("fresh", "10:29:59"), consent("initial", "10:35:00")] })).toBe(fresh);
    expect(problem({ ...more, consents: [consent("fresh", "10:30:00")] })).toBeNull();
    expect(problem({ ...more, consents: [consent("initial", "10:12:00"), consent("fresh", "10:31:00")] })).toBeNull();
    expect(problem({ disclosures: [] })).toBe("The confirmed commission (£1,500.00) is more than was disclosed (£0.00): record the customer's fresh consent first.");
    const small = { attempts: [attempt("a1", "accepted", 0)], confirmations: [confirmation("a1", 0, "10:30:00")], disclosures: [], reviews: [] };
    expect(problem(small)).toBeNull();
  });

  it("needs a review of a high commission, approved, of the figures in force", () => {
    expect(problem({ reviews: [] })).toBe("The commission is high against the charge for credit or the credit: an admin must review it before signing.");
    expect(problem({ reviews: [review({ attemptId: "a0" })] })).toBe(changed("another lender's answer is in force"));
    expect(problem({ reviews: [review({ attemptId: null })] })).toBeNull();
    expect(problem({ reviews: [review({ attemptId: null, commissionPence: 120_000 })] })).toBe(changed("the commission is now £1,500.00, not £1,200.00"));
    expect(problem({ reviews: [review({ creditPence: 1_649_501 })] })).toBe(changed("the credit or the charge for credit changed"));
    expect(problem({ reviews: [review({ chargeForCreditPence: 337_701 })] })).toBe(changed("the credit or the charge for credit changed"));
    expect(problem({ reviews: [review({ creditPence: null, chargeForCreditPence: null })] })).toBeNull();
    expect(problem({ reviews: [review({ decision: "rejected" })] })).toBe("An admin rejected this commission: the deal can't be signed on these terms.");
    expect(problem({ reviews: [review({ decision: "rejected" }), review({ decision: "approved" })] })).toBeNull();
    // No review needed at £1,000: a rejected review of other figures doesn't matter.
    const low = { attempts: [attempt("a1", "accepted", 100_000)], confirmations: [confirmation("a1", 100_000, "10:30:00")], reviews: [review({ decision: "rejected", attemptId: "a0" })] };
    expect(problem(low)).toBeNull();
  });

  it("needs the guarantor's details when one is required", () => {
    expect(problem({}, undefined, { ...deal, guarantorRequired: true, guarantorName: "Sam Surety" })).toBe("Record the guarantor's details first.");
    expect(problem({}, undefined, { ...deal, guarantorRequired: true, guarantorName: "Sam Surety", guarantorContact: "07700 900123" })).toBeNull();
  });

  it("refuses accepted figures that disagree with each other, naming each disagreement", () => {
    // A stated APR of 1.9% and a total payable of £20,000: the engine's two messages (its own tests word them).
    const figures = { ...hp48, aprBasisPoints: 190, totalPayablePence: 2_000_000 };
    const messages = checkDealFigures(figures);
    expect(messages.ok).toBe(false);
    const [first, second] = messages.ok ? [] : messages.problems.map((p) => p.message);
    const wrong = { attempts: [attempt("a1", "accepted", 150_000, { approvedFigures: { ...figures, commissionPence: 150_000 } })] };
    expect(problem(wrong)).toBe(`The accepted figures disagree with each other: ${first} ${second} Record the acceptance as withdrawn, correct the deal's figures and propose again.`);
    expect(first).toMatch(/total amount payable of £21,872.00/);
    expect(second).toMatch(/APR/);
  });

  it("refuses the reviewer as signer (four eyes)", () => {
    expect(problem({}, "reviewer")).toBe("Four eyes: whoever reviewed the deal's commission can't sign it. Someone else must record the signing.");
  });
});
