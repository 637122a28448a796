import { and, count, desc, eq, gt, sql } from "drizzle-orm";
import { schema, type AppDatabase, type Transaction } from "@db/client";
import { recordAudit, type AuditEntry } from "~/modules/audit/record.server";
import { accountLockMinutes, addressLockMinutes, MAX_FAILURES_PER_EMAIL, normaliseEmail, THROTTLE_WINDOW_MINUTES } from "./sign-in-rules";

export { inMinutes, normaliseEmail } from "./sign-in-rules";

// Classes of the two-key advisory locks, so an account's lock and an address's never collide.
const ACCOUNT_LOCK_CLASS = 74_001;
const ADDRESS_LOCK_CLASS = 74_002;

export type GuessSlot = { ok: true; attemptId: string } | { ok: false; minutesLocked: number };

/**
 * Takes a slot for one password guess (a sign-in, or the current-password check on /account) at an
 * account from an address, or refuses it while either is locked. The slot is an attempt row written as
 * a failure and committed BEFORE the caller verifies the hash, under advisory locks on the account and
 * the address: parallel guesses, from any number of app instances, are counted one after another, so
 * no more than the limit ever reach the hash. A right guess turns its row into a success
 * (`markGuessRight`); a refused one leaves no row, only `refusedAudit`.
 */
export async function takeGuessSlot(
  database: AppDatabase,
  input: { email: string; ipAddress: string; refusedAudit: AuditEntry },
): Promise<GuessSlot> {
  const email = normaliseEmail(input.email);
  return database.transaction(async (tx) => {
    // Always the account before the address: a guess waiting for an account holds nothing, so no deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(ACCOUNT_LOCK_CLASS))}, hashtext(${email}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(ADDRESS_LOCK_CLASS))}, hashtext(${input.ipAddress}))`);
    const lockedFor = await minutesLocked(tx, email, input.ipAddress);
    if (lockedFor > 0) {
      await recordAudit(tx, input.refusedAudit);
      return { ok: false, minutesLocked: lockedFor };
    }
    // The application's clock, as minutesLocked reads it; taken under the locks, so rows are in slot order.
    const [attempt] = await tx
      .insert(schema.signInAttempts)
      .values({ email, ipAddress: input.ipAddress, succeeded: false, createdAt: new Date() })
      .returning({ id: schema.signInAttempts.id });
    return { ok: true, attemptId: attempt!.id };
  });
}

/** The guess was right: its attempt stops counting as a failure, and the account's count starts again. */
export async function markGuessRight(tx: Transaction, attemptId: string) {
  await tx.update(schema.signInAttempts).set({ succeeded: true }).where(eq(schema.signInAttempts.id, attemptId));
}

/** Minutes until this email or address may try again; 0 when it may try now. */
async function minutesLocked(tx: Transaction, email: string, ipAddress: string): Promise<number> {
  const windowMs = THROTTLE_WINDOW_MINUTES * 60_000;
  const { signInAttempts: attempts } = schema;

  // The account's last attempts (its rule: sign-in-rules.ts), then the address's failures.
  const recent = await tx
    .select({ at: attempts.createdAt, succeeded: attempts.succeeded })
    .from(attempts)
    .where(and(eq(attempts.email, email), gt(attempts.createdAt, new Date(Date.now() - 2 * windowMs))))
    .orderBy(desc(attempts.createdAt))
    .limit(MAX_FAILURES_PER_EMAIL);
  const accountLocked = accountLockMinutes(recent, Date.now());
  if (accountLocked > 0) return accountLocked;

  const [addressFailures] = await tx
    .select({ total: count(), oldest: sql<string>`min(${attempts.createdAt})` })
    .from(attempts)
    .where(and(eq(attempts.ipAddress, ipAddress), eq(attempts.succeeded, false), gt(attempts.createdAt, new Date(Date.now() - windowMs))));
  return addressFailures ? addressLockMinutes(addressFailures, Date.now()) : 0;
}
