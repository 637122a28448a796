import { describe, expect, it } from "vitest";
import { isBankHoliday } from "~/modules/complaints/bank-holidays";
import { complaintDeadlines, ombudsmanWindowEndsAt } from "~/modules/complaints/deadlines";

/**
 * Every expected instant here was worked out by hand from a calendar and gov.uk/bank-holidays: the
 * business days counted after the London day of receipt, and each deadline the midnight that ends
 * its London day (23:00 UTC in summer time, 00:00 UTC in winter).
 */
const due = (received: string) => {
  const { summaryDueAt, finalDueAt } = complaintDeadlines(new Date(received));
  return { summary: summaryDueAt.toISOString(), final: finalDueAt.toISOString() };
};

describe("DISP deadlines", () => {
  it("counts three business days from the day after receipt, and eight weeks to the day", () => {
    // Tue 10 Nov 2026: Wed 11, Thu 12, Fri 13. Eight weeks: Tue 5 Jan 2027. Both in GMT.
    expect(due("2026-11-10T09:15:00Z")).toEqual({ summary: "2026-11-14T00:00:00.000Z", final: "2027-01-06T00:00:00.000Z" });
  });

  it("skips the weekend for a complaint received on a Friday evening", () => {
    // Fri 6 Nov 2026 at 18:40: Mon 9, Tue 10, Wed 11.
    expect(due("2026-11-06T18:40:00Z").summary).toBe("2026-11-12T00:00:00.000Z");
  });

  it("counts from the London day: 23:30 UTC on a summer Friday is already Saturday", () => {
    // 23:30 UTC on Fri 4 Sep 2026 is 00:30 BST on Sat 5 Sep: Mon 7, Tue 8, Wed 9 (as for a Friday).
    // Eight weeks from Sat 5 Sep: Sat 31 Oct, after the clocks went back (ends 00:00 UTC 1 Nov).
    expect(due("2026-09-04T23:30:00Z")).toEqual({ summary: "2026-09-09T23:00:00.000Z", final: "2026-11-01T00:00:00.000Z" });
  });

  it("skips Good Friday and Easter Monday", () => {
    // Thu 2 Apr 2026: Fri 3 (Good Friday), Sat, Sun, Mon 6 (Easter Monday) skipped; Tue 7, Wed 8, Thu 9 (BST).
    expect(due("2026-04-02T11:00:00Z").summary).toBe("2026-04-09T23:00:00.000Z");
    // Received on Easter Monday 2027 (29 Mar, a bank holiday, after the clocks went forward): Tue 30, Wed 31, Thu 1 Apr.
    expect(due("2027-03-29T10:00:00Z").summary).toBe("2027-04-01T23:00:00.000Z");
  });

  it("skips Christmas and the substitute for Boxing Day on a Saturday", () => {
    // Thu 24 Dec 2026: Fri 25 (Christmas), Sat 26, Sun 27, Mon 28 (Boxing Day substitute); Tue 29, Wed 30, Thu 31.
    expect(due("2026-12-24T16:00:00Z")).toEqual({ summary: "2027-01-01T00:00:00.000Z", final: "2027-02-19T00:00:00.000Z" });
  });

  it("skips both substitutes when Christmas and Boxing Day fall on a weekend, and crosses the year", () => {
    // Thu 23 Dec 2027: Fri 24 (1); Mon 27 and Tue 28 (substitutes) skipped; Wed 29 (2), Thu 30 (3).
    expect(due("2027-12-23T12:00:00Z").summary).toBe("2027-12-31T00:00:00.000Z");
    // Thu 30 Dec 2027: Fri 31 (1); Mon 3 Jan 2028 is New Year's substitute; Tue 4 (2), Wed 5 (3).
    expect(due("2027-12-30T12:00:00Z").summary).toBe("2028-01-06T00:00:00.000Z");
  });

  it("runs over a month end and a bank holiday Monday", () => {
    // Fri 28 Aug 2026: Mon 31 Aug (summer bank holiday) skipped; Tue 1 Sep, Wed 2, Thu 3 (BST).
    expect(due("2026-08-28T15:00:00Z").summary).toBe("2026-09-03T23:00:00.000Z");
  });

  it("takes a complaint received on a bank holiday as received that day", () => {
    // Mon 4 May 2026 (early May bank holiday): Tue 5, Wed 6, Thu 7.
    expect(due("2026-05-04T09:00:00Z").summary).toBe("2026-05-07T23:00:00.000Z");
  });

  it("ends each deadline at London midnight across the clock changes", () => {
    // Fri 27 Mar 2026 23:30 GMT, before the clocks go forward on Sun 29 Mar: Mon 30, Tue 31, Wed 1 Apr (BST, so 23:00 UTC).
    // Eight weeks: Fri 22 May 2026, in BST.
    expect(due("2026-03-27T23:30:00Z")).toEqual({ summary: "2026-04-01T23:00:00.000Z", final: "2026-05-22T23:00:00.000Z" });
    // 23:30 UTC Sat 24 Oct 2026 is 00:30 BST Sun 25 Oct, the day the clocks go back: Mon 26, Tue 27, Wed 28 (GMT).
    // Eight weeks from Sun 25 Oct: Sun 20 Dec 2026.
    expect(due("2026-10-24T23:30:00Z")).toEqual({ summary: "2026-10-29T00:00:00.000Z", final: "2026-12-21T00:00:00.000Z" });
  });

  it("gives the customer six months from the final response to refer, to the end of that day", () => {
    // A response on 31 Aug 2026 (BST): six months is 28 Feb 2027 (no 31 Feb), ending at midnight GMT.
    expect(ombudsmanWindowEndsAt(new Date("2026-08-31T14:00:00Z")).toISOString()).toBe("2027-03-01T00:00:00.000Z");
    // A response on 15 Oct 2026 (BST): 15 Apr 2027 (BST again), ending 23:00 UTC.
    expect(ombudsmanWindowEndsAt(new Date("2026-10-15T09:00:00Z")).toISOString()).toBe("2027-04-15T23:00:00.000Z");
  });

  it("knows the bank holidays only for the years in its table", () => {
    expect([isBankHoliday("2028-01-03"), isBankHoliday("2028-01-01"), isBankHoliday("2025-04-18")]).toEqual([true, false, true]);
    expect(() => isBankHoliday("2029-01-01")).toThrow("The bank-holiday table covers 2024-2028; add 2029 from gov.uk/bank-holidays.");
  });
});
