import { eq, sql } from "drizzle-orm";
import { db, schema, type AppDatabase } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { hashForUnknownUser, verifyPassword } from "./password.server";
import { pendingSecondStep, signInFailure } from "./sign-in-rules";
import {
  blankSessionCookieHeader,
  hasSecondFactor,
  newSessionToken,
  roleRequiresSecondFactor,
  sessionCookieHeader,
  sessionExpiry,
  sessionIdFor,
} from "./session.server";
import { inMinutes, markGuessRight, normaliseEmail, takeGuessSlot } from "./throttle.server";

export const WRONG_CREDENTIALS = "That email and password don't match an active account.";

/** `next`: the second step the new session still owes (its code, or enrolment), null when none. */
type SignInResult = { ok: true; userId: string; setCookie: string; next: "/login/code" | "/login/enrol" | null } | { ok: false; message: string };

/**
 * Checks the password and starts a session. Unknown emails and wrong passwords get the same message
 * and the same work (a hash is verified either way). The throttle's slot is taken in the database
 * before the hash is verified, so it holds under parallel requests and across app instances.
 * `database` is the process's own unless a test plays a second instance.
 */
export async function signIn(input: { email: string; password: string; ipAddress: string; userAgent?: string }, database: AppDatabase = db()): Promise<SignInResult> {
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
    .select({
      id: schema.users.id,
      email: schema.users.email,
      active: schema.users.active,
      passwordHash: schema.users.passwordHash,
      enrolled: hasSecondFactor,
      required: roleRequiresSecondFactor,
    })
    .from(schema.users)
    .where(eq(sql`lower(${schema.users.email})`, email));
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUser()), input.password);

  const reason = signInFailure(user, passwordMatches);
  if (reason || !user) {
    // The slot's attempt row already counts this as a failure.
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
  // It starts on the password alone: the guards send it to its second step when it owes one.
  const token = newSessionToken();
  const next = pendingSecondStep({ enrolled: user.enrolled, required: user.required, passedAt: null });
  await database.transaction(async (tx) => {
    await markGuessRight(tx, slot.attemptId);
    await tx.insert(schema.sessions).values({
      id: sessionIdFor(token),
      userId: user.id,
      expiresAt: sessionExpiry(),
      ipAddress: input.ipAddress,
      userAgent: (input.userAgent ?? "").slice(0, 300),
    });
    await recordAudit(tx, { actor: user, action: "auth.sign_in", entityType: "user", entityId: user.id, ipAddress: input.ipAddress });
  });
  return { ok: true, userId: user.id, setCookie: sessionCookieHeader(token), next };
}

export async function signOut({ user, sessionId }: { user: AuditActor; sessionId: string }) {
  await db().transaction(async (tx) => {
    await tx.delete(schema.sessions).where(eq(schema.sessions.id, sessionId));
    await recordAudit(tx, { actor: user, action: "auth.sign_out", entityType: "user", entityId: user.id });
  });
  return blankSessionCookieHeader();
}
