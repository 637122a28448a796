import { and, eq } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";

/** Expected failures are values the route turns into a form error; bugs stay exceptions. */
export type Result<T = object> = ({ ok: true } & T) | { ok: false; message: string; field?: string; status?: number };

/** Thrown inside a write to roll it back and report an expected failure. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A creating form's submission: who sent it and the token the form carried (see submission.server.ts). */
export interface Once {
  userId: string;
  token: string;
}

/** A creating domain function's input: the submission it serves, when it came from a form. */
export type Submitted = { once?: Once };

/**
 * Runs a write in one transaction; a Refusal thrown inside rolls it back and becomes `{ ok: false }`.
 * With `once`, the submission's token is claimed first, in the same transaction: a second submit of the
 * same form waits for the first on the token's key, then gets the first result back (`repeated`) and
 * writes nothing. A refused first attempt rolls its claim back, so the corrected form can be sent again.
 */
export async function attempt<T extends object>(work: (tx: Transaction) => Promise<T>, once?: Once): Promise<Result<T & { repeated?: true }>> {
  try {
    return { ok: true, ...(await db().transaction((tx) => (once ? workOnce(tx, work, once) : work(tx)))) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message, field: error.field, status: error.status };
    // A unique index caught a race the checks above it could not see (two saves at the same moment).
    if (isUniqueViolation(error)) {
      return { ok: false, status: 409, message: "Someone saved a conflicting record at the same moment. Reload the page and try again." };
    }
    throw error;
  }
}

/**
 * The message for an edit made on an old copy of a record. The one concurrency pattern is lock-and-compare:
 * read the row with SELECT … FOR UPDATE, compare its version with the one the page was loaded at, check the
 * rules on that locked row, then UPDATE by id (bumping the version). Not a conditional UPDATE … WHERE version:
 * the rules need the row, and the message needs the version actually found.
 */
export function staleVersion(label: string, currentVersion: number) {
  return new Refusal(
    `Someone else changed ${label} while you were editing (it is now at version ${currentVersion}). ` +
      "Reload the page to see their changes, then make yours again.",
    undefined,
    409,
  );
}

const { submissionTokens } = schema;

async function workOnce<T extends object>(tx: Transaction, work: (tx: Transaction) => Promise<T>, once: Once): Promise<T & { repeated?: true }> {
  const key = and(eq(submissionTokens.userId, once.userId), eq(submissionTokens.token, once.token));
  const claimed = await tx.insert(submissionTokens).values(once).onConflictDoNothing().returning({ token: submissionTokens.token });
  if (claimed.length === 0) {
    const [first] = await tx.select({ result: submissionTokens.result }).from(submissionTokens).where(key);
    return { ...(first?.result as T), repeated: true };
  }
  const result = await work(tx);
  await tx.update(submissionTokens).set({ result }).where(key);
  return result;
}

function isUniqueViolation(error: unknown) {
  const withCode = (value: unknown) => (value as { code?: string } | undefined)?.code === "23505";
  return withCode(error) || withCode((error as { cause?: unknown } | undefined)?.cause);
}
