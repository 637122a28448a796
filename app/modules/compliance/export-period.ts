/**
 * The period of the oversight export: London calendar days, `from` and `to` both INCLUDED (a
 * half-year is 1 January to 30 June). Browser-safe, so the page can word the same rule it is judged by.
 */
export interface ExportPeriod {
  from: string;
  to: string;
}

export type PeriodErrors = Partial<Record<"from" | "to", string>>;

export type PeriodResult = { ok: true; period: ExportPeriod; defaulted: boolean } | { ok: false; errors: PeriodErrors; input: { from: string; to: string } };

/** A period longer than this is refused: the export is for returns (half-years) and reviews, not a data dump. */
export const MAX_PERIOD_YEARS = 5;

/** As BUSINESS_START in app/utils/fields.ts (not imported: that module brings zod into the page's bundle). */
const BUSINESS_START = "2000-01-01";
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (value: string) => DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/**
 * The last half-year (1 Jan-30 Jun or 1 Jul-31 Dec) that has fully ended by `today`: the DISP 1.10
 * return's default period (calendar halves; a firm with another reporting date types its own).
 */
export function lastFullHalfYear(today: string): ExportPeriod {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= "07-01" ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year - 1}-07-01`, to: `${year - 1}-12-31` };
}

const yearsAfter = (day: string, years: number) => `${String(Number(day.slice(0, 4)) + years).padStart(4, "0")}${day.slice(4)}`;

/** Reads `from` and `to` (YYYY-MM-DD); neither given means the last full half-year. */
export function parseExportPeriod(params: URLSearchParams, today: string): PeriodResult {
  const from = (params.get("from") ?? "").trim();
  const to = (params.get("to") ?? "").trim();
  if (!from && !to) return { ok: true, period: lastFullHalfYear(today), defaulted: true };
  const errors: PeriodErrors = {};
  if (!from) errors.from = "Enter the first day of the period (as well as the last).";
  else if (!isRealDay(from)) errors.from = "Enter the first day of the period as a date, e.g. 2026-01-01.";
  else if (from < BUSINESS_START) errors.from = `The period can't start before ${BUSINESS_START}.`;
  else if (from > today) errors.from = "The period can't start in the future.";
  if (!to) errors.to = "Enter the last day of the period (as well as the first).";
  else if (!isRealDay(to)) errors.to = "Enter the last day of the period as a date, e.g. 2026-06-30.";
  else if (to > today) errors.to = "The period can't end after today: the figures would be incomplete.";
  if (!errors.from && !errors.to) {
    if (to < from) errors.to = "The last day can't be before the first day.";
    else if (to >= yearsAfter(from, MAX_PERIOD_YEARS)) errors.to = `The period can be at most ${MAX_PERIOD_YEARS} years long.`;
  }
  if (errors.from || errors.to) return { ok: false, errors, input: { from, to } };
  return { ok: true, period: { from, to }, defaulted: false };
}

/** The search string of a period, for the download links. */
export const periodQuery = (period: ExportPeriod) => new URLSearchParams({ from: period.from, to: period.to }).toString();
