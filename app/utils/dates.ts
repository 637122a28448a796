import { TZDate } from "@date-fns/tz";

/** Times are stored in UTC and shown in the UK's time. */
export const LONDON = "Europe/London";

const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  day: "2-digit",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateFormat = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "2-digit", month: "short", year: "numeric" });

const instantFormat = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

/**
 * How far ahead of the server's clock a time may be and still count as now (clocks drift, forms are
 * typed by hand). The database holds the same slack (finance_clock_slack(), migration 0020).
 */
export const CLOCK_SLACK_MINUTES = 5;
export const CLOCK_SLACK_MS = CLOCK_SLACK_MINUTES * 60_000;

/** A time to the second, as the record's order is judged: "14 Mar 2026, 10:32:15". */
export function formatInstant(value: Date | string) {
  return instantFormat.format(new Date(value));
}

export function formatDateTime(value: Date | string) {
  return dateTimeFormat.format(new Date(value));
}

export function formatDate(value: Date | string) {
  return dateFormat.format(new Date(value));
}

/** The UTC instant at which a London calendar day (YYYY-MM-DD) starts. */
export function startOfLondonDay(isoDate: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, LONDON).getTime());
}

/** The UTC instant at which the London day after `isoDate` starts: an exclusive upper bound. */
export function endOfLondonDay(isoDate: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day + 1, LONDON).getTime());
}

/** Today's date in London as YYYY-MM-DD (a bike taken in at 00:30 BST belongs to that London day). */
const isoDayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: LONDON, year: "numeric", month: "2-digit", day: "2-digit" });
export function londonToday(now = new Date()) {
  return isoDayFormat.format(now);
}

/** Whole days from one YYYY-MM-DD to another. */
export function daysBetween(fromIsoDate: string, toIsoDate: string) {
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000);
}

/** An instant as the London wall-clock "YYYY-MM-DDTHH:mm" a datetime-local field shows. */
export function toLondonLocal(instant: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** A London wall-clock "YYYY-MM-DDTHH:mm[:ss[.sss]]" (from a datetime-local field) as the UTC instant it means. */
export function fromLondonLocal(local: string) {
  const [datePart, timePart = "00:00"] = local.split("T");
  const [year, month, day] = datePart!.split("-").map(Number) as [number, number, number];
  const [hour, minute, second = 0] = timePart.split(":").map(Number) as [number, number, number?];
  const whole = Math.floor(second);
  return new Date(new TZDate(year, month - 1, day, hour, minute, whole, Math.round((second - whole) * 1000), LONDON).getTime());
}
