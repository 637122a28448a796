/**
 * Bank holidays in England and Wales, 2024 to 2028, as published by the UK government
 * (https://www.gov.uk/bank-holidays, the "england-and-wales" division of its bank-holidays.json),
 * substitute days included (a holiday on a weekend moves to the next weekday). Extend the table
 * before 2028 ends: a deadline that needs a later year is refused rather than guessed.
 */
const ENGLAND_AND_WALES: Readonly<Record<number, readonly string[]>> = {
  2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"],
  2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"],
  // Boxing Day falls on a Saturday: Monday 28 December is the substitute.
  2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"],
  // Christmas on a Saturday and Boxing Day on a Sunday: Monday 27 and Tuesday 28 December.
  2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"],
  // New Year's Day falls on a Saturday: Monday 3 January.
  2028: ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"],
};

const HOLIDAYS = new Set(Object.values(ENGLAND_AND_WALES).flat());
export const BANK_HOLIDAY_YEARS = { first: 2024, last: 2028 } as const;

/** Is this day (YYYY-MM-DD) a bank holiday in England and Wales? Throws outside the table's years. */
export function isBankHoliday(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  if (!(year in ENGLAND_AND_WALES)) {
    throw new Error(`The bank-holiday table covers ${BANK_HOLIDAY_YEARS.first}-${BANK_HOLIDAY_YEARS.last}; add ${year} from gov.uk/bank-holidays.`);
  }
  return HOLIDAYS.has(isoDate);
}
