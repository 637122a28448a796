import { expect } from "vitest";

/**
 * Matches a statement the database refused with exactly this message (drizzle wraps the driver's
 * error as `cause`), so a different failure (a foreign key, a syntax error) doesn't pass for it.
 */
export function refusedWith(message: string) {
  return expect.objectContaining({ cause: expect.objectContaining({ message }) });
}
