/**
 * Errors go to the server log through here, never through console.error as they are. A failed
 * query's error carries its parameters (Drizzle writes them into its message; drivers keep them on
 * the error), and those are session ids, emails, passwords' hashes, customers' names. So an error is
 * written as its kind, code, message (parameters cut out) and stack frames, with its causes the
 * same way; a PostgreSQL error's detail (which quotes the row) is left out, and anything shaped like
 * a token or a cookie is masked wherever it appears.
 */
export function logError(error: unknown, where?: string) {
  console.error(where ? `${where}: ${describeError(error)}` : describeError(error));
}

const MAX_CAUSES = 4;

/** The error as the log may show it (see logError). */
export function describeError(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return mask(typeof error === "string" ? error : `thrown ${typeof error}`);
  const code = (error as { code?: unknown }).code;
  const heading = `${error.name}${typeof code === "string" || typeof code === "number" ? ` [${code}]` : ""}: ${mask(withoutValues(error.message))}`;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  const lines = [heading, ...frames.map(mask)];
  if (error.cause !== undefined && depth < MAX_CAUSES) lines.push(`Caused by ${describeError(error.cause, depth + 1)}`);
  return lines.join("\n");
}

function withoutValues(message: string) {
  return (
    message
      // Drizzle: "Failed query: <sql>\nparams: <values>"; the SQL has placeholders, so it stays.
      .replace(/\nparams: [\s\S]*$/, "\nparams: [not logged]")
      // PostgreSQL quoting a value it could not take: invalid input syntax for type uuid: "…"
      .replace(/(for type [\w ]+: )"[^"]*"/g, '$1"[not logged]"')
  );
}

function mask(text: string) {
  return (
    text
      .replace(/(laguna_session=)[^;\s]*/gi, "$1[not logged]")
      // Session tokens (40 base32 characters), their SHA-256 (64 hex), and other long secrets.
      .replace(/\b[A-Za-z0-9]{32,}\b/g, "[not logged]")
  );
}
