import { describe, expect, it } from "vitest";
import {
  disclosurerProblem,
  orderProblem,
  proposalConsentProblem,
  recordOrderProblems,
  reviewerProblem,
  signerProblem,
  stepLabel,
  type OrderDeal,
  type OrderRecord,
} from "~/modules/finance/record-order";

// The order rules on hand-built records. Every time is on 14 January 2026, when London keeps UTC, so a
// time shows as written here ("10:10:00" → "14 Jan 2026, 10:10:00"). The clock slack is 5 minutes.
const t = (hms: string) => new Date(`2026-01-14T${hms}Z`);
const shown = (hms: string) => `14 Jan 2026, ${hms}`;
const NOW = t("12:00:00");

// Recorded half a second into 10:00:00: steps are judged against the whole second.
const deal: OrderDeal = { createdAt: t("10:00:00.500"), staffId: "staff", signedAt: null, signedBy: null };

type Rows = { [K in keyof OrderRecord]: OrderRecord[K][number] };
const disclosure = (id: string, lenderId: string, givenAt: string, over: Partial<Rows["disclosures"]> = {}): Rows["disclosures"] => ({ id, lenderId, givenAt: t(givenAt), givenBy: "staff", createdAt: t(givenAt), ...over });
const consent = (disclosureId: string | null, givenAt: string, kind: "initial" | "fresh" = "initial", over: Partial<Rows["consents"]> = {}): Rows["consents"] => ({ id: `c-${givenAt}`, disclosureId, kind, givenAt: t(givenAt), createdAt: t(givenAt), ...over });
const attemptOf = (id: string, sequence: number, proposedAt: string, decidedAt: string | null, over: Partial<Rows["attempts"]> = {}): Rows["attempts"] => ({
  id,
  sequence,
  lenderId: "L1",
  proposedAt: t(proposedAt),
  decidedAt: decidedAt ? t(decidedAt) : null,
  decisionRecordedAt: decidedAt ? t(decidedAt) : null,
  createdAt: t(proposedAt),
  ...over,
});
const confirmation = (attemptId: string, confirmedAt: string, over: Partial<Rows["confirmations"]> = {}): Rows["confirmations"] => ({ attemptId, confirmedAt: t(confirmedAt), createdAt: t(confirmedAt), ...over });
const withdrawal = (attemptId: string, withdrawnAt: string, over: Partial<Rows["withdrawals"]> = {}): Rows["withdrawals"] => ({ attemptId, withdrawnAt: t(withdrawnAt), createdAt: t(withdrawnAt), ...over });
const review = (reviewerId: string, attemptId: string | null, reviewedAt: string, over: Partial<Rows["reviews"]> = {}): Rows["reviews"] => ({ id: `r-${reviewedAt}`, attemptId, reviewerId, reviewedAt: t(reviewedAt), createdAt: t(reviewedAt), ...over });

const empty: OrderRecord = { disclosures: [], consents: [], attempts: [], withdrawals: [], confirmations: [], reviews: [] };
const recordOf = (rows: Partial<OrderRecord>): OrderRecord => ({ ...empty, ...rows });

// A deal in order: disclosed 10:10, consent 10:12, proposed 10:15, accepted 10:20, confirmed 10:25, reviewed 10:30.
const inOrder = recordOf({
  disclosures: [disclosure("d1", "L1", "10:10:00")],
  consents: [consent("d1", "10:12:00")],
  attempts: [attemptOf("a1", 1, "10:15:00", "10:20:00")],
  confirmations: [confirmation("a1", "10:25:00")],
  reviews: [review("reviewer", "a1", "10:30:00")],
});

describe("step labels", () => {
  it("names each step as its messages say it", () => {
    expect(stepLabel({ kind: "disclosure" })).toBe("The disclosure");
    expect(stepLabel({ kind: "consent", fresh: false, disclosureId: null })).toBe("Consent");
    expect(stepLabel({ kind: "consent", fresh: true, disclosureId: null })).toBe("Fresh consent");
    expect(stepLabel({ kind: "proposal", lenderId: "L1", sequence: 1 })).toBe("The proposal");
    expect(stepLabel({ kind: "answer", attemptId: "a1" })).toBe("The lender's answer");
    expect(stepLabel({ kind: "withdrawal", attemptId: "a1" })).toBe("The withdrawal of the acceptance");
    expect(stepLabel({ kind: "confirmation", attemptId: "a1" })).toBe("The commission confirmation");
    expect(stepLabel({ kind: "review", attemptId: "a1" })).toBe("The review");
    expect(stepLabel({ kind: "signing" })).toBe("Signing");
  });
});

describe("a step dated in the future or before the deal", () => {
  it("allows up to 5 minutes ahead of the clock and refuses a millisecond more", () => {
    expect(orderProblem({ kind: "disclosure" }, t("12:05:00"), deal, empty, NOW)).toBeNull();
    expect(orderProblem({ kind: "disclosure" }, t("12:05:00.001"), deal, empty, NOW)).toBe("The disclosure can't be in the future.");
  });

  it("judges the recording of the deal to the whole second", () => {
    expect(orderProblem({ kind: "disclosure" }, t("10:00:00"), deal, empty, NOW)).toBeNull();
    expect(orderProblem({ kind: "disclosure" }, t("09:59:59.999"), deal, empty, NOW)).toBe(`The disclosure can't be before the recording of the deal of ${shown("10:00:00")}.`);
  });

  it("lets a disclosure come before an earlier-recorded one", () => {
    expect(orderProblem({ kind: "disclosure" }, t("10:05:00"), deal, recordOf({ disclosures: [disclosure("d1", "L1", "10:10:00")] }), NOW)).toBeNull();
  });

  it("uses the clock when no time is given", () => {
    expect(orderProblem({ kind: "disclosure" }, new Date(Date.now() + 4 * 60_000), deal, empty)).toBeNull();
    expect(orderProblem({ kind: "disclosure" }, new Date(Date.now() + 6 * 60_000), deal, empty)).toBe("The disclosure can't be in the future.");
  });
});

describe("consent", () => {
  const two = recordOf({ disclosures: [disclosure("d1", "L1", "10:10:00"), disclosure("d2", "L2", "10:20:00")] });

  it("follows the disclosure it answers, at the same second or later", () => {
    const step = { kind: "consent", fresh: false, disclosureId: "d1" } as const;
    expect(orderProblem(step, t("10:09:59"), deal, two, NOW)).toBe(`Consent can't be before the disclosure of ${shown("10:10:00")}.`);
    expect(orderProblem(step, t("10:10:00"), deal, two, NOW)).toBeNull();
    expect(orderProblem(step, t("10:15:00"), deal, two, NOW)).toBeNull();
  });

  it("follows the latest disclosure when it names none", () => {
    const step = { kind: "consent", fresh: false, disclosureId: null } as const;
    expect(orderProblem(step, t("10:15:00"), deal, two, NOW)).toBe(`Consent can't be before the disclosure of ${shown("10:20:00")}.`);
    expect(orderProblem(step, t("10:15:00"), deal, recordOf({ disclosures: [two.disclosures[1]!, two.disclosures[0]!] }), NOW)).toBe(`Consent can't be before the disclosure of ${shown("10:20:00")}.`);
    expect(orderProblem(step, t("10:20:00"), deal, two, NOW)).toBeNull();
    expect(orderProblem(step, t("10:01:00"), deal, empty, NOW)).toBeNull();
  });

  it("given fresh, follows the latest commission confirmation too; an initial consent does not", () => {
    const record = recordOf({ ...two, confirmations: [confirmation("a1", "10:25:00"), confirmation("a2", "10:27:00")] });
    const fresh = { kind: "consent", fresh: true, disclosureId: "d1" } as const;
    expect(orderProblem(fresh, t("10:26:00"), deal, record, NOW)).toBe(`Fresh consent can't be before the commission confirmation of ${shown("10:27:00")}.`);
    expect(orderProblem(fresh, t("10:27:00"), deal, record, NOW)).toBeNull();
    expect(orderProblem({ ...fresh, fresh: false }, t("10:26:00"), deal, record, NOW)).toBeNull();
  });
});

describe("a proposal", () => {
  const step = { kind: "proposal", lenderId: "L1", sequence: 2 } as const;
  const record = recordOf({
    disclosures: [disclosure("d1", "L1", "10:10:00")],
    consents: [consent("d1", "10:12:00")],
    attempts: [attemptOf("a1", 1, "10:15:00", "10:20:00"), attemptOf("a2", 2, "10:30:00", "10:40:00"), attemptOf("a3", 3, "10:45:00", null)],
  });

  it("follows the answers to the earlier proposals only", () => {
    expect(orderProblem(step, t("10:19:00"), deal, record, NOW)).toBe(`The proposal can't be before the lender's answer of ${shown("10:20:00")}.`);
    expect(orderProblem(step, t("10:20:00"), deal, record, NOW)).toBeNull();
    expect(orderProblem(step, t("10:30:00"), deal, record, NOW)).toBeNull();
  });

  it("follows every withdrawal of an acceptance, naming the latest step it would come before", () => {
    const withdrawn = recordOf({ ...record, withdrawals: [withdrawal("a1", "10:21:00"), withdrawal("a1", "10:22:00")] });
    expect(orderProblem(step, t("10:19:00"), deal, withdrawn, NOW)).toBe(`The proposal can't be before the withdrawal of the acceptance of ${shown("10:22:00")}.`);
    expect(orderProblem(step, t("10:21:30"), deal, withdrawn, NOW)).toBe(`The proposal can't be before the withdrawal of the acceptance of ${shown("10:22:00")}.`);
    expect(orderProblem(step, t("10:22:00"), deal, withdrawn, NOW)).toBeNull();
  });

  it("needs consent to that lender's latest disclosure before it", () => {
    const first = { kind: "proposal", lenderId: "L1", sequence: 1 } as const;
    expect(orderProblem(first, t("10:11:00"), deal, record, NOW)).toBe(`The proposal can't be before the consent of ${shown("10:12:00")}.`);
    expect(orderProblem(first, t("10:12:00"), deal, record, NOW)).toBeNull();
    expect(orderProblem({ ...first, lenderId: "L2" }, t("10:12:00"), deal, record, NOW)).toBe("Disclose this lender's commission to the customer before proposing to it.");
  });
});

describe("a proposal's consent", () => {
  it("asks for a disclosure to that lender first, naming the earliest one given later", () => {
    expect(proposalConsentProblem("L1", t("10:30:00"), { disclosures: [disclosure("d9", "L2", "10:10:00")], consents: [] })).toBe(
      "Disclose this lender's commission to the customer before proposing to it.",
    );
    const later = [disclosure("d2", "L1", "10:50:00"), disclosure("d1", "L1", "10:40:00"), disclosure("d3", "L1", "10:45:00")];
    expect(proposalConsentProblem("L1", t("10:30:00"), { disclosures: later, consents: [] })).toBe(`The proposal can't be before the disclosure of ${shown("10:40:00")}.`);
  });

  it("counts an initial consent given at or after the latest disclosure by then, and at or before the proposal", () => {
    const disclosures = [disclosure("d1", "L1", "10:10:00"), disclosure("d2", "L1", "10:20:00"), disclosure("d3", "L1", "10:50:00")];
    expect(proposalConsentProblem("L1", t("10:30:00"), { disclosures, consents: [consent("d2", "10:20:00")] })).toBeNull();
    expect(proposalConsentProblem("L1", t("10:30:00"), { disclosures, consents: [consent("d2", "10:30:00")] })).toBeNull();
    expect(proposalConsentProblem("L1", t("10:20:00"), { disclosures, consents: [consent("d2", "10:20:00")] })).toBeNull();
    // A disclosure given at the proposal's own second is the one its consent must follow.
    expect(proposalConsentProblem("L1", t("10:20:00"), { disclosures, consents: [consent("d1", "10:12:00")] })).toBe("Record the customer's consent to the disclosure before proposing.");
    // A consent to the earlier disclosure, or a fresh one, doesn't count.
    expect(proposalConsentProblem("L1", t("10:30:00"), { disclosures, consents: [consent("d1", "10:15:00")] })).toBe("Record the customer's consent to the disclosure before proposing.");
    expect(proposalConsentProblem("L1", t("10:30:00"), { disclosures, consents: [consent("d2", "10:25:00", "fresh")] })).toBe("Record the customer's consent to the disclosure before proposing.");
  });

  it("names the earliest consent given after the proposal", () => {
    const disclosures = [disclosure("d1", "L1", "10:10:00")];
    const consents = [consent("d1", "10:40:00"), consent("d1", "10:35:00"), consent("d1", "10:38:00")];
    expect(proposalConsentProblem("L1", t("10:30:00"), { disclosures, consents })).toBe(`The proposal can't be before the consent of ${shown("10:35:00")}.`);
    expect(proposalConsentProblem("L1", t("10:35:00"), { disclosures, consents })).toBeNull();
  });
});

describe("answers, withdrawals, confirmations and reviews", () => {
  it("dates an answer at or after its proposal", () => {
    expect(orderProblem({ kind: "answer", attemptId: "a1" }, t("10:14:59"), deal, inOrder, NOW)).toBe(`The lender's answer can't be before the proposal of ${shown("10:15:00")}.`);
    expect(orderProblem({ kind: "answer", attemptId: "a1" }, t("10:15:00"), deal, inOrder, NOW)).toBeNull();
    expect(orderProblem({ kind: "answer", attemptId: "a9" }, t("10:01:00"), deal, inOrder, NOW)).toBeNull();
  });

  it("dates a withdrawal and a confirmation at or after the lender's acceptance", () => {
    expect(orderProblem({ kind: "withdrawal", attemptId: "a1" }, t("10:19:00"), deal, inOrder, NOW)).toBe(
      `The withdrawal of the acceptance can't be before the lender's acceptance of ${shown("10:20:00")}.`,
    );
    expect(orderProblem({ kind: "confirmation", attemptId: "a1" }, t("10:19:00"), deal, inOrder, NOW)).toBe(
      `The commission confirmation can't be before the lender's acceptance of ${shown("10:20:00")}.`,
    );
    expect(orderProblem({ kind: "confirmation", attemptId: "a1" }, t("10:20:00"), deal, inOrder, NOW)).toBeNull();
    expect(orderProblem({ kind: "withdrawal", attemptId: "a9" }, t("10:01:00"), deal, inOrder, NOW)).toBeNull();
    expect(orderProblem({ kind: "confirmation", attemptId: "a9" }, t("10:01:00"), deal, inOrder, NOW)).toBeNull();
  });

  it("dates a review after the acceptance and its own attempt's confirmations", () => {
    const record = recordOf({ ...inOrder, attempts: [...inOrder.attempts, attemptOf("a2", 2, "10:31:00", "10:33:00")], confirmations: [confirmation("a1", "10:25:00"), confirmation("a2", "10:35:00")] });
    const step = { kind: "review", attemptId: "a1" } as const;
    expect(orderProblem(step, t("10:19:00"), deal, record, NOW)).toBe(`The review can't be before the commission confirmation of ${shown("10:25:00")}.`);
    expect(orderProblem(step, t("10:19:00"), deal, recordOf({ ...record, confirmations: [] }), NOW)).toBe(`The review can't be before the lender's acceptance of ${shown("10:20:00")}.`);
    expect(orderProblem(step, t("10:24:00"), deal, record, NOW)).toBe(`The review can't be before the commission confirmation of ${shown("10:25:00")}.`);
    expect(orderProblem(step, t("10:25:00"), deal, record, NOW)).toBeNull();
    expect(orderProblem({ kind: "review", attemptId: "a2" }, t("10:34:00"), deal, record, NOW)).toBe(`The review can't be before the commission confirmation of ${shown("10:35:00")}.`);
    expect(orderProblem({ kind: "review", attemptId: null }, t("10:01:00"), deal, record, NOW)).toBeNull();
  });
});

describe("signing", () => {
  it("comes after every step on the record, naming the latest it would precede", () => {
    expect(orderProblem({ kind: "signing" }, t("10:29:00"), deal, inOrder, NOW)).toBe(`Signing can't be before the review of ${shown("10:30:00")}.`);
    expect(orderProblem({ kind: "signing" }, t("10:30:00"), deal, inOrder, NOW)).toBeNull();
    const withdrawn = recordOf({ ...inOrder, reviews: [], withdrawals: [withdrawal("a1", "10:27:00")] });
    expect(orderProblem({ kind: "signing" }, t("10:26:00"), deal, withdrawn, NOW)).toBe(`Signing can't be before the withdrawal of the acceptance of ${shown("10:27:00")}.`);
    const unanswered = recordOf({ ...inOrder, attempts: [attemptOf("a1", 1, "10:15:00", null)], confirmations: [], reviews: [] });
    expect(orderProblem({ kind: "signing" }, t("10:14:00"), deal, unanswered, NOW)).toBe(`Signing can't be before the proposal of ${shown("10:15:00")}.`);
    expect(orderProblem({ kind: "signing" }, t("10:21:00"), deal, recordOf({ ...inOrder, confirmations: [], reviews: [] }), NOW)).toBeNull();
    expect(orderProblem({ kind: "signing" }, t("10:19:00"), deal, recordOf({ ...inOrder, confirmations: [], reviews: [] }), NOW)).toBe(
      `Signing can't be before the lender's answer of ${shown("10:20:00")}.`,
    );
    expect(orderProblem({ kind: "signing" }, t("10:24:00"), deal, recordOf({ ...inOrder, reviews: [] }), NOW)).toBe(`Signing can't be before the commission confirmation of ${shown("10:25:00")}.`);
    expect(orderProblem({ kind: "signing" }, t("10:11:00"), deal, recordOf({ disclosures: inOrder.disclosures, consents: inOrder.consents }), NOW)).toBe(
      `Signing can't be before the consent of ${shown("10:12:00")}.`,
    );
    expect(orderProblem({ kind: "signing" }, t("10:09:00"), deal, recordOf({ disclosures: inOrder.disclosures }), NOW)).toBe(`Signing can't be before the disclosure of ${shown("10:10:00")}.`);
  });

  it("tells an initial consent from a fresh one", () => {
    const fresher = recordOf({ consents: [consent("d1", "10:12:00"), consent("d1", "10:50:00", "fresh")] });
    expect(orderProblem({ kind: "signing" }, t("10:45:00"), deal, fresher, NOW)).toBe(`Signing can't be before the fresh consent of ${shown("10:50:00")}.`);
    const initialLater = recordOf({ consents: [consent("d1", "10:50:00"), consent("d1", "10:12:00", "fresh")] });
    expect(orderProblem({ kind: "signing" }, t("10:45:00"), deal, initialLater, NOW)).toBe(`Signing can't be before the consent of ${shown("10:50:00")}.`);
  });

  it("freezes a signed deal: no other step after the signing, at the same second allowed", () => {
    const signed = { ...deal, signedAt: t("11:00:00"), signedBy: "signer" };
    expect(orderProblem({ kind: "confirmation", attemptId: "a1" }, t("11:00:01"), signed, inOrder, NOW)).toBe(
      `The commission confirmation can't be after the signing of ${shown("11:00:00")}.`,
    );
    expect(orderProblem({ kind: "confirmation", attemptId: "a1" }, t("11:00:00"), signed, inOrder, NOW)).toBeNull();
    expect(orderProblem({ kind: "signing" }, t("11:30:00"), signed, inOrder, NOW)).toBeNull();
    // A proposal with its consent in place is still refused after the signing.
    expect(orderProblem({ kind: "proposal", lenderId: "L1", sequence: 2 }, t("11:00:01"), signed, inOrder, NOW)).toBe(`The proposal can't be after the signing of ${shown("11:00:00")}.`);
  });
});

describe("four eyes", () => {
  const record = { disclosures: [disclosure("d1", "L1", "10:10:00", { givenBy: "discloser" })] };
  const signed = { ...deal, signedAt: t("11:00:00"), signedBy: "signer" };

  it("refuses a review by the deal's staff, its discloser or its signer, the staff named first", () => {
    expect(reviewerProblem("staff", { ...signed, signedBy: "staff" }, record)).toBe("the deal's own member of staff can't review its commission");
    expect(reviewerProblem("discloser", { ...signed, signedBy: "discloser" }, record)).toBe("whoever gave the deal's disclosure can't review its commission");
    expect(reviewerProblem("signer", signed, record)).toBe("whoever signed the deal can't review its commission");
    expect(reviewerProblem("reviewer", signed, record)).toBeNull();
    expect(reviewerProblem("reviewer", deal, { disclosures: [] })).toBeNull();
  });

  it("refuses a disclosure or a signing by whoever reviewed the commission", () => {
    const reviews = [review("other", "a1", "10:29:00"), review("reviewer", "a1", "10:30:00")];
    expect(disclosurerProblem("reviewer", { reviews })).toBe("whoever reviewed the deal's commission can't give its disclosure");
    expect(disclosurerProblem("staff", { reviews })).toBeNull();
    expect(signerProblem("reviewer", { reviews })).toBe("whoever reviewed the deal's commission can't sign it");
    expect(signerProblem("staff", { reviews })).toBeNull();
  });
});

describe("checking a stored record", () => {
  const stored = { ...deal, updatedAt: t("10:00:00.500") };

  it("finds nothing in a record kept in order", () => {
    expect(recordOrderProblems(stored, inOrder)).toEqual([]);
    const signed = { ...stored, signedAt: t("10:40:00"), signedBy: "staff", updatedAt: t("10:40:00") };
    expect(recordOrderProblems(signed, recordOf({ ...inOrder, attempts: [...inOrder.attempts, attemptOf("a2", 2, "10:32:00", null)] }))).toEqual([]);
    // Accepted at 10:21 and recorded then: six minutes after the proposal was entered, not in the future.
    expect(recordOrderProblems(stored, recordOf({ ...inOrder, attempts: [attemptOf("a1", 1, "10:15:00", "10:21:00")] }))).toEqual([]);
  });

  it("judges each row by the clock and the record as it was entered, naming the row", () => {
    // Each row entered at 10:01, dated half an hour or more later: all in the future when entered.
    const early = { createdAt: t("10:01:00") };
    const record = recordOf({
      disclosures: [disclosure("d1", "L1", "10:30:00", early)],
      consents: [consent("d1", "10:31:00", "initial", early), consent("d1", "10:32:00", "fresh", early)],
      attempts: [attemptOf("a1", 1, "10:33:00", "10:34:00", { ...early, decisionRecordedAt: t("10:01:00") })],
      withdrawals: [withdrawal("a1", "10:35:00", early)],
      confirmations: [confirmation("a1", "10:36:00", early)],
      reviews: [review("staff", "a1", "10:37:00", early)],
    });
    const signed = { ...stored, signedAt: t("10:38:00"), signedBy: "signer", updatedAt: t("10:01:00") };
    expect(recordOrderProblems(signed, record)).toEqual([
      `Disclosure (${shown("10:30:00")}): The disclosure can't be in the future.`,
      `Consent (${shown("10:31:00")}): Consent can't be in the future.`,
      `Fresh consent (${shown("10:32:00")}): Fresh consent can't be in the future.`,
      `Proposal 1 (${shown("10:33:00")}): The proposal can't be in the future.`,
      `Answer to proposal 1 (${shown("10:34:00")}): The lender's answer can't be in the future.`,
      `Withdrawal of the acceptance (${shown("10:35:00")}): The withdrawal of the acceptance can't be in the future.`,
      `Commission confirmation (${shown("10:36:00")}): The commission confirmation can't be in the future.`,
      `Review (${shown("10:37:00")}): The review can't be in the future.`,
      `Review (${shown("10:37:00")}): self-reviewed: the deal's own member of staff can't review its commission.`,
      `Signing (${shown("10:38:00")}): Signing can't be in the future.`,
    ]);
  });

  it("leaves out rows entered later, and an answer recorded later", () => {
    const record = recordOf({
      // d2 was entered at 10:40, back-dated to 10:11: the consent entered at 10:12 didn't follow it.
      disclosures: [disclosure("d1", "L1", "10:10:00"), disclosure("d2", "L1", "10:11:00", { createdAt: t("10:40:00") })],
      consents: [consent(null, "10:10:30", "initial", { createdAt: t("10:12:00") })],
      // Accepted at 10:20, but the answer was recorded at 10:21: the confirmation entered at 10:19:30
      // had no acceptance to follow.
      attempts: [attemptOf("a1", 1, "10:15:00", "10:20:00", { createdAt: t("10:16:00"), decisionRecordedAt: t("10:21:00") })],
      confirmations: [confirmation("a1", "10:19:00", { createdAt: t("10:19:30") })],
    });
    expect(recordOrderProblems(stored, record)).toEqual([]);
    // A disclosure entered in the consent's own transaction counts (and the proposal then lacks consent to it).
    const together = recordOf({ ...record, disclosures: [disclosure("d1", "L1", "10:10:00"), disclosure("d2", "L1", "10:11:00", { createdAt: t("10:12:00") })] });
    expect(recordOrderProblems(stored, together)).toEqual([
      `Consent (${shown("10:10:30")}): Consent can't be before the disclosure of ${shown("10:11:00")}.`,
      `Proposal 1 (${shown("10:15:00")}): Record the customer's consent to the disclosure before proposing.`,
    ]);
    // The consent and the confirmation entered once all the rest was there break the order (and the
    // proposal, entered at 10:16, now went ahead of its consent).
    const late = recordOf({ ...record, consents: [consent(null, "10:10:30", "initial", { createdAt: t("10:41:00") })], confirmations: [confirmation("a1", "10:19:00", { createdAt: t("10:21:00") })] });
    expect(recordOrderProblems(stored, late)).toEqual([
      `Consent (${shown("10:10:30")}): Consent can't be before the disclosure of ${shown("10:11:00")}.`,
      `Proposal 1 (${shown("10:15:00")}): Record the customer's consent to the disclosure before proposing.`,
      `Commission confirmation (${shown("10:19:00")}): The commission confirmation can't be before the lender's acceptance of ${shown("10:20:00")}.`,
    ]);
  });

  it("judges the signing without an answer recorded after it", () => {
    // Signed at 10:14 (entered 10:45), before the proposal of 10:15, whose answer was recorded at 10:50.
    const signed = { ...stored, signedAt: t("10:14:00"), signedBy: "signer", updatedAt: t("10:45:00") };
    const record = recordOf({ ...inOrder, attempts: [attemptOf("a1", 1, "10:15:00", "10:20:00", { decisionRecordedAt: t("10:50:00") })], confirmations: [], reviews: [] });
    expect(recordOrderProblems(signed, record)).toEqual([
      `Proposal 1 (${shown("10:15:00")}): The proposal can't be after the signing of ${shown("10:14:00")}.`,
      `Answer to proposal 1 (${shown("10:20:00")}): The lender's answer can't be after the signing of ${shown("10:14:00")}.`,
      `Signing (${shown("10:14:00")}): Signing can't be before the proposal of ${shown("10:15:00")}.`,
    ]);
  });

  it("judges the signing with the rows entered in its own transaction", () => {
    // Signed 10:44, entered at 10:45 together with a review dated 10:44:30.
    const signed = { ...stored, signedAt: t("10:44:00"), signedBy: "signer", updatedAt: t("10:45:00") };
    const record = recordOf({ ...inOrder, reviews: [review("reviewer", "a1", "10:44:30", { createdAt: t("10:45:00") })] });
    expect(recordOrderProblems(signed, record)).toEqual([
      `Review (${shown("10:44:30")}): The review can't be after the signing of ${shown("10:44:00")}.`,
      `Signing (${shown("10:44:00")}): Signing can't be before the review of ${shown("10:44:30")}.`,
    ]);
  });
});
