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
