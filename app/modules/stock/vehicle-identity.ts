/** VIN and UK registration rules, pure so the form, the import and the server share them. */

const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;
const TRANSLITERATION: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export function normaliseVin(input: string) {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

/** Why a VIN is invalid, or null. */
export function vinProblem(vin: string): string | null {
  if (vin.length !== 17) return `A VIN has 17 characters; this has ${vin.length}.`;
  if (/[IOQ]/.test(vin)) return "A VIN never contains the letters I, O or Q (check for 1 and 0).";
  if (!VIN_PATTERN.test(vin)) return "A VIN has only letters and digits.";
  return null;
}

/**
 * The ISO 3779 / North American check digit (position 9). Many European VINs don't use it, so a
 * mismatch is only a warning.
 */
export function vinCheckDigitMatches(vin: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const char = vin[i]!;
    const value = /\d/.test(char) ? Number(char) : (TRANSLITERATION[char] ?? 0);
    sum += value * WEIGHTS[i]!;
  }
  const remainder = sum % 11;
  return vin[8] === (remainder === 10 ? "X" : String(remainder));
}

// Current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D) and dateless (1-4 letters and 1-4 digits) marks.
const REGISTRATION_PATTERNS = [
  /^[A-Z]{2}\d{2}[A-Z]{3}$/,
  /^[A-Z]\d{1,3}[A-Z]{3}$/,
  /^[A-Z]{3}\d{1,3}[A-Z]$/,
  /^[A-Z]{1,4}\d{1,4}$/,
  /^\d{1,4}[A-Z]{1,4}$/,
];

/** Upper-case with the space where the DVLA puts it ("ab12cde" → "AB12 CDE"); null if it isn't a UK mark. */
export function normaliseRegistration(input: string): string | null {
  const compact = input.replace(/\s+/g, "").toUpperCase();
  if (!REGISTRATION_PATTERNS.some((pattern) => pattern.test(compact))) return null;
  if (/^[A-Z]{2}\d{2}[A-Z]{3}$/.test(compact)) return `${compact.slice(0, 4)} ${compact.slice(4)}`;
  if (/^[A-Z]\d{1,3}[A-Z]{3}$/.test(compact)) return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  if (/^[A-Z]{3}\d{1,3}[A-Z]$/.test(compact)) return `${compact.slice(0, 3)} ${compact.slice(3)}`;
  return compact.replace(/^([A-Z]+)(\d+)$|^(\d+)([A-Z]+)$/, (_m, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`));
}

/** What the trigram index searches: stock number, VIN, registration (with and without its space), model. */
export function vehicleSearchText(v: {
  stockNumber: string;
  vin: string;
  registration: string | null;
  make: string;
  model: string;
  variant: string;
}) {
  const registration = v.registration ? `${v.registration} ${v.registration.replace(/\s/g, "")}` : "";
  return [v.stockNumber, v.vin, registration, v.make, v.model, v.variant].join(" ").toLowerCase().replace(/\s+/g, " ").trim();
}

export function formatStockNumber(prefix: string, number: number) {
  return `${prefix}-${String(number).padStart(5, "0")}`;
}
