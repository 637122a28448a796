import { and, eq, ne, sql } from "drizzle-orm";
import { db, schema } from "@db/client";
import { recordAudit } from "~/modules/audit/record.server";
import { hashPassword, passwordProblem, verifyPassword } from "~/modules/auth/password.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { inMinutes, markGuessRight, takeGuessSlot } from "~/modules/auth/throttle.server";

type Result = { ok: true } | { ok: false; field: "currentPassword" | "newPassword"; message: string };

/**
 * A user changes their own password; every other session of theirs ends. The current password is a
 * guess like a sign-in's: it shares the sign-in throttle (per account and per address), so a session
 * left open can't be used to try passwords faster than the sign-in page allows.
 */
export async function changeOwnPassword(input: {
  user: SessionUser;
  sessionId: string;
  ipAddress: string;
  currentPassword: string;
  newPassword: string;
}): Promise<Result> {
  const { user, ipAddress } = input;
  // The new password is checked first: a typo in it should not use up a guess.
  const problem = passwordProblem(input.newPassword, [user.email, user.name]);
  if (problem) return { ok: false, field: "newPassword", message: problem };
  if (input.newPassword === input.currentPassword) {
    return { ok: false, field: "newPassword", message: "Choose a password different from the current one." };
  }

  const actor = { ...user, clientIp: ipAddress };
  const slot = await takeGuessSlot(db(), {
    email: user.email,
    ipAddress,
    refusedAudit: { actor, action: "auth.password_check_refused", entityType: "user", entityId: user.id, after: { reason: "throttled" } },
  });
  if (!slot.ok) {
    return {
      ok: false,
      field: "currentPassword",
      message: `Too many wrong passwords for your account. For your security, try again in ${inMinutes(slot.minutesLocked)}.`,
    };
  }
  const [row] = await db().select().from(schema.users).where(eq(schema.users.id, user.id));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await db().transaction((tx) => recordAudit(tx, { actor, action: "auth.password_check_failed", entityType: "user", entityId: user.id }));
    return { ok: false, field: "currentPassword", message: "That isn't your current password." };
  }

  const passwordHash = await hashPassword(input.newPassword);
  await db().transaction(async (tx) => {
    await markGuessRight(tx, slot.attemptId);
    await tx
      .update(schema.users)
      .set({ passwordHash, updatedAt: new Date(), version: sql`${schema.users.version} + 1` })
      .where(eq(schema.users.id, row.id));
    await tx
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.userId, row.id), ne(schema.sessions.id, input.sessionId)));
    await recordAudit(tx, { actor, action: "user.password_changed", entityType: "user", entityId: row.id });
  });
  return { ok: true };
}
