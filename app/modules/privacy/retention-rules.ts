/**
 * Retention rules (#16 item 4), browser-safe: the form shows the same limits the server applies.
 * A finance deal or complaint is kept at least six years after its last event (DISP 1.9 and the
 * redress scheme's look-back); a customer with no deal, reservation, sale or complaint for the
 * inactivity period is anonymised, once every record that must be kept about them has expired.
 */
export interface RetentionRules {
  financeDealYears: number;
  complaintYears: number;
  inactiveCustomerYears: number;
}

export const DEFAULT_RETENTION_RULES: RetentionRules = { financeDealYears: 6, complaintYears: 6, inactiveCustomerYears: 2 };

/** The law's floors: an admin may keep records longer, never shorter. */
export const RETENTION_MINIMUMS: RetentionRules = { financeDealYears: 6, complaintYears: 6, inactiveCustomerYears: 1 };
export const RETENTION_MAXIMUM_YEARS = 25;

export const RETENTION_RULE_LABELS: Record<keyof RetentionRules, string> = {
  financeDealYears: "Finance deals: years kept after the last event",
  complaintYears: "Complaints: years kept after the last event",
  inactiveCustomerYears: "Customers: years without a deal, reservation, sale or complaint before anonymising",
};

/** What replaces a personal value when a customer is anonymised (dates of birth: ANONYMISED_DATE). */
export const ANONYMISED = "[anonymised]";
export const ANONYMISED_DATE = "1900-01-01";

/** `day` (YYYY-MM-DD) plus whole years; 29 February moves to 1 March in a year without one. */
export function addYears(day: string, years: number) {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}
