import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, format, isWeekend } from "date-fns";
import { isBankHoliday } from "./bank-holidays";

const LONDON = "Europe/London";

/** A London calendar day as a TZDate at its midnight (date-fns arithmetic on it stays in London time). */
function londonDay(instant: Date): TZDate {
  const local = new TZDate(instant.getTime(), LONDON);
  return new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), LONDON);
}

/** The instant a London day ends: midnight at the start of the next day, in that day's own offset. */
function endOfDay(day: TZDate): Date {
  return new Date(addDays(day, 1).getTime());
}

const iso = (day: TZDate) => format(day, "yyyy-MM-dd");

/** A business day: not a Saturday or Sunday, nor a bank holiday in England and Wales (FCA Glossary). */
export function isBusinessDay(day: TZDate): boolean {
  return !isWeekend(day) && !isBankHoliday(iso(day));
}

export interface ComplaintDeadlines {
  /** DISP 1.5: a summary resolution communication by close of the third business day after receipt. */
  summaryDueAt: Date;
  /** DISP 1.6.2: the final response (or a response explaining the delay) by the end of eight weeks after receipt. */
  finalDueAt: Date;
}

/**
 * The DISP deadlines for a complaint received at `receivedAt`, by the London calendar: the day of
 * receipt is the London day it arrived (a complaint at 23:30 UTC on a summer Friday arrived on the
 * Saturday), business days are counted from the day after it, and each deadline is the end of its
 * London day (midnight, whatever the clocks did in between). Returned as exclusive instants.
 */
export function complaintDeadlines(receivedAt: Date): ComplaintDeadlines {
  const received = londonDay(receivedAt);
  let day = received;
  for (let counted = 0; counted < 3; ) {
    day = addDays(day, 1);
    if (isBusinessDay(day)) counted += 1;
  }
  return { summaryDueAt: endOfDay(day), finalDueAt: endOfDay(addWeeks(received, 8)) };
}

/**
 * DISP 2.8.2: the customer may refer to the Financial Ombudsman within six months of the final
 * response (to the end of that day; a 31 August response runs to the end of 28 or 29 February).
 */
export function ombudsmanWindowEndsAt(finalResponseAt: Date): Date {
  return endOfDay(addMonths(londonDay(finalResponseAt), 6));
}
