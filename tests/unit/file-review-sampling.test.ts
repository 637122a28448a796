// The file-review draw (issue #15 item 3). Expected memberships were worked out apart from the app, by
// a separate Python implementation of the documented method (FNV-1a 32 of the deal id, XOR the seed,
// the first output of mulberry32; lowest scores drawn): for seed 12345 the scores of deal-01 … deal-23
// start deal-01 0.0199, deal-09 0.0424, deal-10 0.0694; of deal-31 … deal-34: deal-33 0.0621,
// deal-32 0.4037, deal-34 0.9487, deal-31 0.9960. For seed 2026: deal-23 0.0276 first; deal-34 0.3535, deal-33 0.4040.
import { describe, expect, it } from "vitest";
import { answerProblems, CHECKLISTS, type AnswerEntry } from "~/modules/reviews/checklist";
import { fileReviewerProblem } from "~/modules/reviews/four-eyes";
import { drawSample, drawScore, sampleSize, type Candidate } from "~/modules/reviews/sampling";

const ordinary = (id: string, branchId: string): Candidate => ({ id, branchId, highCommission: false, vulnerable: false });
const FIXTURE: Candidate[] = [
  ...Array.from({ length: 23 }, (_, i) => ordinary(`deal-${String(i + 1).padStart(2, "0")}`, "b1")),
  { id: "deal-24", branchId: "b1", highCommission: true, vulnerable: false },
  { id: "deal-25", branchId: "b1", highCommission: false, vulnerable: true },
  ...["deal-31", "deal-32", "deal-33", "deal-34"].map((id) => ordinary(id, "b2")),
  ordinary("deal-41", "b3"),
];
const members = (seed: number, deals: Candidate[]) => drawSample(seed, deals).picked.map((p) => `${p.id}:${p.reason}`).sort();

describe("the monthly sample", () => {
  it("takes 10% of a branch's signed deals rounded up, at least 2, all when fewer", () => {
    expect([0, 1, 2, 3, 20, 21, 25, 100, 101].map(sampleSize)).toEqual([0, 1, 2, 2, 2, 3, 3, 10, 11]);
  });

  it("draws the deals worked out by hand for seed 12345, with every high-commission and vulnerable deal", () => {
    expect(drawScore(12345, "deal-01").toFixed(4)).toBe("0.0199");
    expect(members(12345, FIXTURE)).toEqual(["deal-01:random", "deal-24:high_commission", "deal-25:vulnerable", "deal-32:random", "deal-33:random", "deal-41:random"]);
    expect(drawSample(12345, FIXTURE).branches).toEqual([
      { branchId: "b1", signed: 25, size: 3 },
      { branchId: "b2", signed: 4, size: 2 },
      { branchId: "b3", signed: 1, size: 1 },
    ]);
  });

  it("gives the same sample for the same seed and deals in any order, and another for another seed", () => {
    expect(members(12345, [...FIXTURE].reverse())).toEqual(members(12345, FIXTURE));
    expect(members(2026, FIXTURE)).toEqual(["deal-23:random", "deal-24:high_commission", "deal-25:vulnerable", "deal-33:random", "deal-34:random", "deal-41:random"]);
  });

  it("keeps a branch's draw when another branch's deals change", () => {
    const withoutB2 = FIXTURE.filter((d) => d.branchId !== "b2");
    expect(members(12345, withoutB2)).toEqual(["deal-01:random", "deal-24:high_commission", "deal-25:vulnerable", "deal-41:random"]);
  });

  it("includes every must-review deal even past the sample size", () => {
    const allFlagged = ["m1", "m2", "m3"].map((id) => ({ id, branchId: "b9", highCommission: id !== "m3", vulnerable: id === "m3" }));
    expect(members(1, [...allFlagged, ordinary("m4", "b9")])).toEqual(["m1:high_commission", "m2:high_commission", "m3:vulnerable"]);
    expect(drawSample(1, allFlagged).branches).toEqual([{ branchId: "b9", signed: 3, size: 3 }]);
  });
});

const v1 = CHECKLISTS[1]!.questions.map((q) => q.key);
const allMet = (): AnswerEntry[] => v1.map((key) => ({ key, answer: "met", note: "" }));

describe("checklist answers", () => {
  it("holds the seven questions of version 1", () => {
    expect(v1).toEqual(["disclosureBeforeProposal", "documentGiven", "tiesDisclosed", "lenderOrder", "commissionConfirmed", "vulnerabilityHandled", "figuresAgree"]);
  });

  it("accepts every question answered, and refuses a missing answer, a not-met without a note, N/A on a vulnerable customer and a satisfactory rating with a not-met", () => {
    expect(answerProblems({ version: 1, answers: allMet(), rating: "satisfactory", vulnerable: false })).toEqual({});
    expect(answerProblems({ version: 1, answers: allMet().slice(1), rating: "satisfactory", vulnerable: false })).toEqual({
      disclosureBeforeProposal: "Answer “Disclosure given before the customer was proposed to any lender”: met, not met or not applicable.",
    });
    const notMet = allMet().map((a) => (a.key === "tiesDisclosed" ? { ...a, answer: "not_met" as const, note: " " } : a));
    expect(answerProblems({ version: 1, answers: notMet, rating: "needs_improvement", vulnerable: false })).toEqual({
      tiesDisclosedNote: "Say what was missing: a note is needed when “Ties with lenders disclosed” is not met.",
    });
    const noted = notMet.map((a) => (a.key === "tiesDisclosed" ? { ...a, note: "Stock funding tie not named." } : a));
    expect(answerProblems({ version: 1, answers: noted, rating: "needs_improvement", vulnerable: false })).toEqual({});
    expect(answerProblems({ version: 1, answers: noted, rating: "satisfactory", vulnerable: false })).toEqual({ rating: "A review with a question not met can't be rated satisfactory." });
    const na = allMet().map((a) => (a.key === "vulnerabilityHandled" ? { ...a, answer: "not_applicable" as const } : a));
    expect(answerProblems({ version: 1, answers: na, rating: "satisfactory", vulnerable: false })).toEqual({});
    expect(answerProblems({ version: 1, answers: na, rating: "satisfactory", vulnerable: true })).toEqual({ vulnerabilityHandled: "The customer is recorded as vulnerable: this question applies." });
    expect(answerProblems({ version: 7, answers: allMet(), rating: "satisfactory", vulnerable: false })).toEqual({ form: "There is no checklist version 7: reload the page." });
  });
});

describe("four eyes on a file review", () => {
  const deal = { staffId: "staff", signedBy: "signer", disclosedBy: ["discloser"], recordedBy: ["recorder"], commissionReviewers: ["checker"] };
  it("refuses anyone who took part in the deal, and lets anyone else review", () => {
    expect(fileReviewerProblem("staff", deal)).toBe("the deal's own member of staff can't review its file");
    expect(fileReviewerProblem("discloser", deal)).toBe("whoever gave the deal's disclosure can't review its file");
    expect(fileReviewerProblem("signer", deal)).toBe("whoever signed the deal can't review its file");
    expect(fileReviewerProblem("checker", deal)).toBe("whoever reviewed the deal's commission can't review its file");
    expect(fileReviewerProblem("recorder", deal)).toBe("whoever recorded a step of the deal can't review its file");
    expect(fileReviewerProblem("outsider", deal)).toBeNull();
  });
});
