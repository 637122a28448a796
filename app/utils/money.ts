/** Money is integer pence end to end; these are the only conversions, at the edges. */

const pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });
const wholePounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

/**
 * "£12,499.50", or "£12,500" whole (halves away from zero); "-£40.00" below zero. Whole pence, as
 * the app stores money, are written by hand, because a stock page formats a few hundred amounts and
 * Intl is slow at that; a test holds the two equal. Anything else (a fraction of a penny, NaN,
 * beyond 2^53) goes to Intl.
 */
export function formatPounds(pence: number | null | undefined, options: { whole?: boolean } = {}) {
  if (pence === null || pence === undefined) return "";
  if (!Number.isSafeInteger(pence)) return (options.whole ? wholePounds : pounds).format(pence / 100);
  const sign = pence < 0 ? "-" : "";
  const size = Math.abs(pence);
  const whole = options.whole ? Math.round(size / 100) : Math.floor(size / 100);
  const grouped = String(whole).replace(/\B(?=(\d{3})+$)/g, ",");
  return options.whole ? `${sign}£${grouped}` : `${sign}£${grouped}.${String(size % 100).padStart(2, "0")}`;
}

/** "£12,499.50", "12499.5" or "12,499" → pence; null when it isn't an amount of money. */
export function parsePence(input: string): number | null {
  const trimmed = input.trim().replace(/^£/, "").trim();
  // Commas only as thousands separators: "12,49" is a typo, not twelve pounds forty-nine.
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(trimmed)) return null;
  const cleaned = trimmed.replace(/,/g, "");
  const [whole, fraction = ""] = cleaned.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Pence as the plain "12499.50" a form field shows. */
export function penceToInput(pence: number | null | undefined) {
  if (pence === null || pence === undefined) return "";
  return (pence / 100).toFixed(2);
}
