import { describe, expect, it } from "vitest";
import { approvalHoldsOn, approvalLapsesOn } from "~/modules/approvals/approval-lapse";

// The rule (approval-lapse.ts): an approval given on London day D lapses at 00:00 London time on the
// same day number 12 months later (the last day of that month when it has none). Worked by hand from
// a calendar, not from the code.
describe("an offer approval's lapse, 12 months to the day", () => {
  it.each([
    // approved at (UTC)           London day     lapses on     last day it holds
    ["2026-01-31T10:00:00Z", "2027-01-31", "2027-01-30"], // the brief's example: 31 Jan 2026 holds through 30 Jan 2027
    ["2026-04-30T09:00:00Z", "2027-04-30", "2027-04-29"], // a 30-day month's end
    ["2026-12-31T12:00:00Z", "2027-12-31", "2027-12-30"], // the year's last day
    ["2026-12-31T23:30:00Z", "2027-12-31", "2027-12-30"], // 23:30 GMT is still 31 December in London
    ["2026-06-30T23:30:00Z", "2027-07-01", "2027-06-30"], // 00:30 BST on 1 July: a July approval
    ["2028-02-29T12:00:00Z", "2029-02-28", "2029-02-27"], // leap day: 2029 has no 29 February, so 28 February
    ["2027-02-28T12:00:00Z", "2028-02-28", "2028-02-27"], // into a leap year: 28 February, not 29
    ["2027-03-01T12:00:00Z", "2028-03-01", "2028-02-29"], // across a leap day: holds on 29 February 2028
  ])("approved %s lapses on %s (holds through %s)", (at, lapsesOn, lastDay) => {
    expect(approvalLapsesOn(new Date(at))).toBe(lapsesOn);
    expect(approvalHoldsOn(lapsesOn, lastDay)).toBe(true);
    expect(approvalHoldsOn(lapsesOn, lapsesOn)).toBe(false);
  });

  it("never lapses when it has no lapse day (documents and ties)", () => {
    expect(approvalHoldsOn(null, "2099-01-01")).toBe(true);
  });
});
