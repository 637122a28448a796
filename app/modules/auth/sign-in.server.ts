import { and, count, desc, eq, gt, sql } from "drizzle-orm";
import { db, schema } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { hashForUnknownUser, verifyPassword } from "./password.server";
import { blankSessionCookieHeader, newSessionToken, sessionCookieHeader, sessionExpiry, sessionIdFor } from "./session.server";

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
/** Shared addresses (an office behind one router) get more room than one account. */
export const maxFailuresPerAddress = () => Number(process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS) || 50;

export const WRONG_CREDENTIALS = "That email and password don't match an active account.";

type SignInResult = { ok: true; userId: string; setCookie: string } | { ok: false; message: string };

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks the password and starts a session. Unknown emails and wrong passwords get the same message
 * and the same work (a hash is verified either way). Throttling is counted in the database so it
 * holds across several app instances.
 */
export async function signIn(input: { email: string; password: string; ipAddress: string }): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const lockedFor = await minutesLocked(email, input.ipAddress);
  if (lockedFor > 0) {
    await db().transaction((tx) =>
      recordAudit(tx, { actor: null, action: "auth.sign_in_refused", entityType: "auth", after: { email, reason: "throttled" }, ipAddress: input.ipAddress }),
    );
    return {
      ok: false,
      message: `Too many failed sign-ins. For your security, try again in ${lockedFor} minute${lockedFor === 1 ? "" : "s"}.`,
    };
  }

  const [user] = await db()
    .select()
    .from(schema.users)
    .where(eq(sql`lower(${schema.users.email})`, email));
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUser()), input.password);

  if (!user || !passwordMatches || !user.active) {
    const reason = !user ? "unknown email" : !passwordMatches ? "wrong password" : "inactive account";
    await db().transaction(async (tx) => {
      await tx.insert(schema.signInAttempts).values({ email, ipAddress: input.ipAddress, succeeded: false });
      await recordAudit(tx, {
        actor: null,
        action: "auth.sign_in_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        after: { email, reason },
        ipAddress: input.ipAddress,
      });
    });
    return { ok: false, message: WRONG_CREDENTIALS };
  }

  // A new session at every sign-in (no fixation). The cookie carries the token, the table its hash.
  const token = newSessionToken();
  await db().transaction(async (tx) => {
    await tx.insert(schema.signInAttempts).values({ email, ipAddress: input.ipAddress, succeeded: true });
    await tx.insert(schema.sessions).values({ id: sessionIdFor(token), userId: user.id, expiresAt: sessionExpiry() });
    await recordAudit(tx, { actor: user, action: "auth.sign_in", entityType: "user", entityId: user.id, ipAddress: input.ipAddress });
  });
  return { ok: true, userId: user.id, setCookie: sessionCookieHeader(token) };
}

/** Minutes until this email or address may try again; 0 when it may try now. */
async function minutesLocked(email: string, ipAddress: string): Promise<number> {
  const windowMs = THROTTLE_WINDOW_MINUTES * 60_000;
  const { signInAttempts: attempts } = schema;

  // Five failures within 15 minutes (a success in between starts the count again) lock the account
  // for 15 minutes from the fifth. Refused tries are not failures, so they don't extend the lock.
  const recent = await db()
    .select({ at: attempts.createdAt, succeeded: attempts.succeeded })
    .from(attempts)
    .where(and(eq(attempts.email, email), gt(attempts.createdAt, new Date(Date.now() - 2 * windowMs))))
    .orderBy(desc(attempts.createdAt))
    .limit(MAX_FAILURES_PER_EMAIL);
  const newest = recent[0];
  const oldest = recent[MAX_FAILURES_PER_EMAIL - 1];
  if (newest && oldest && recent.every((a) => !a.succeeded) && newest.at.getTime() - oldest.at.getTime() <= windowMs) {
    const unlockAt = newest.at.getTime() + windowMs;
    if (unlockAt > Date.now()) return Math.ceil((unlockAt - Date.now()) / 60_000);
  }

  const [addressFailures] = await db()
    .select({ total: count(), oldest: sql<string>`min(${attempts.createdAt})` })
    .from(attempts)
    .where(
      and(eq(attempts.ipAddress, ipAddress), eq(attempts.succeeded, false), gt(attempts.createdAt, new Date(Date.now() - windowMs))),
    );
  if (addressFailures && addressFailures.total >= maxFailuresPerAddress()) {
    const unlockAt = new Date(addressFailures.oldest).getTime() + windowMs;
    return Math.max(1, Math.ceil((unlockAt - Date.now()) / 60_000));
  }
  return 0;
}

export async function signOut({ user, sessionId }: { user: AuditActor; sessionId: string }) {
  await db().transaction(async (tx) => {
    await tx.delete(schema.sessions).where(eq(schema.sessions.id, sessionId));
    await recordAudit(tx, { actor: user, action: "auth.sign_out", entityType: "user", entityId: user.id });
  });
  return blankSessionCookieHeader();
}
