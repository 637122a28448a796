/**
 * The one place that knows which failures mean "the database is unavailable": the server gone or
 * unreachable, a connection cut, a statement stopped by the timeout. Those are answered with 503
 * and a page that says so; any other error is a bug and stays a 500.
 */
export const DATABASE_UNAVAILABLE = "The database is unavailable at the moment. Please try again shortly.";
export const RETRY_AFTER_SECONDS = 5;

// Node's socket errors: refused, reset, unreachable, not resolvable.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// The postgres driver's own: no connection within the connect timeout, or one closed under a query.
const DRIVER_CODES = new Set(["CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
// PostgreSQL's: 57014 a statement cancelled (the statement timeout), 57P01-57P03 the server shutting
// down or starting up, 53300 too many connections; class 08 is "connection exception".
const SQLSTATES = new Set(["57014", "57P01", "57P02", "57P03", "53300"]);

/** The failure's code when it means the database is unavailable (looking through wrapped causes). */
export function databaseUnavailableCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || DRIVER_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
      return code;
    }
    // Drizzle wraps a driver error as its cause; a connection to several addresses fails as an AggregateError.
    queue.push((current as { cause?: unknown }).cause);
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...inner);
  }
  return null;
}

export function isDatabaseUnavailable(error: unknown) {
  return databaseUnavailableCode(error) !== null;
}
