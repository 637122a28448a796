import { eq, sql } from "drizzle-orm";
import { db, schema, type AppDatabase } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { hashForUnknownUser, verifyPassword } from "./password.server";
import { blankSessionCookieHeader, newSessionToken, sessionCookieHeader, sessionExpiry, sessionIdFor } from "./session.server";
import { inMinutes, markGuessRight, normaliseEmail, takeGuessSlot } from "./throttle.server";

export const WRONG_CREDENTIALS = "That email and password don't match an active account.";

type SignInResult = { ok: true; userId: string; setCookie: string } | { ok: false; message: string };

/**
 * Checks the password and starts a session. Unknown emails and wrong passwords get the same message
 * and the same work (a hash is verified either way). The throttle's slot is taken in the database
 * before the hash is verified, so it holds under parallel requests and across app instances.
 * `database` is the process's own unless a test plays a second instance.
 */
export async function signIn(input: { email: string; password: string; ipAddress: string }, database: AppDatabase = db()): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const slot = await takeGuessSlot(database, {
    email,
    ipAddress: input.ipAddress,
    refusedAudit: { actor: null, action: "auth.sign_in_refused", entityType: "auth", after: { email, reason: "throttled" }, ipAddress: input.ipAddress },
  });
  if (!slot.ok) {
    return { ok: false, message: `Too many failed sign-ins. For your security, try again in ${inMinutes(slot.minutesLocked)}.` };
  }

  const [user] = await database
    .select()
    .from(schema.users)
    .where(eq(sql`lower(${schema.users.email})`, email));
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUser()), input.password);

  if (!user || !passwordMatches || !user.active) {
    // The slot's attempt row already counts this as a failure.
    const reason = !user ? "unknown email" : !passwordMatches ? "wrong password" : "inactive account";
    await database.transaction((tx) =>
      recordAudit(tx, {
        actor: null,
        action: "auth.sign_in_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        after: { email, reason },
        ipAddress: input.ipAddress,
      }),
    );
    return { ok: false, message: WRONG_CREDENTIALS };
  }

  // A new session at every sign-in (no fixation). The cookie carries the token, the table its hash.
  const token = newSessionToken();
  await database.transaction(async (tx) => {
    await markGuessRight(tx, slot.attemptId);
    await tx.insert(schema.sessions).values({ id: sessionIdFor(token), userId: user.id, expiresAt: sessionExpiry() });
    await recordAudit(tx, { actor: user, action: "auth.sign_in", entityType: "user", entityId: user.id, ipAddress: input.ipAddress });
  });
  return { ok: true, userId: user.id, setCookie: sessionCookieHeader(token) };
}

export async function signOut({ user, sessionId }: { user: AuditActor; sessionId: string }) {
  await db().transaction(async (tx) => {
    await tx.delete(schema.sessions).where(eq(schema.sessions.id, sessionId));
    await recordAudit(tx, { actor: user, action: "auth.sign_out", entityType: "user", entityId: user.id });
  });
  return blankSessionCookieHeader();
}
