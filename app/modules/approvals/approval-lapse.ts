import { londonToday } from "~/utils/dates";

// An offer's approval lapses after 12 months (browser-safe: the offer page says the same as the server).
//
// The rule: an approval given on London day D holds up to and including the day before D's
// anniversary, and lapses at 00:00 London time on the anniversary: the same day number 12 calendar
// months later, or the last day of that month when it has no such day (29 February's anniversary
// in a common year is 28 February: the earlier day, so an approval never holds longer than a year).
// Approved 2026-01-31 → lapses 2027-01-31 (last day approved 2027-01-30); approved 2028-02-29 →
// lapses 2029-02-28; approved 23:30 UTC on 30 June 2026 (00:30 on 1 July in London) → lapses 2027-07-01.

export const APPROVAL_MONTHS = 12;

/** The London day (YYYY-MM-DD) on which an approval given at `approvedAt` lapses. */
export function approvalLapsesOn(approvedAt: Date): string {
  const [year, month, day] = londonToday(approvedAt).split("-").map(Number) as [number, number, number];
  const months = month - 1 + APPROVAL_MONTHS;
  const toYear = year + Math.floor(months / 12);
  const toMonth = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(toYear, toMonth, 0)).getUTCDate();
  return `${toYear}-${String(toMonth).padStart(2, "0")}-${String(Math.min(day, lastDay)).padStart(2, "0")}`;
}

/** Does an approval lapsing on `lapsesOn` still hold on London day `today`? */
export function approvalHoldsOn(lapsesOn: string | null, today: string): boolean {
  return lapsesOn === null || today < lapsesOn;
}
