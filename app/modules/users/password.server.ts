import { and, eq, ne, sql } from "drizzle-orm";
import { db, schema } from "@db/client";
import { recordAudit } from "~/modules/audit/record.server";
import { hashPassword, passwordProblem, verifyPassword } from "~/modules/auth/password.server";
import type { SessionUser } from "~/modules/auth/permissions";

type Result = { ok: true } | { ok: false; field: "currentPassword" | "newPassword"; message: string };

/** A user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(input: {
  user: SessionUser;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
}): Promise<Result> {
  const [row] = await db().select().from(schema.users).where(eq(schema.users.id, input.user.id));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    return { ok: false, field: "currentPassword", message: "That isn't your current password." };
  }
  const problem = passwordProblem(input.newPassword);
  if (problem) return { ok: false, field: "newPassword", message: problem };
  if (input.newPassword === input.currentPassword) {
    return { ok: false, field: "newPassword", message: "Choose a password different from the current one." };
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db().transaction(async (tx) => {
    await tx
      .update(schema.users)
      .set({ passwordHash, updatedAt: new Date(), version: sql`${schema.users.version} + 1` })
      .where(eq(schema.users.id, row.id));
    await tx
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.userId, row.id), ne(schema.sessions.id, input.sessionId)));
    await recordAudit(tx, { actor: input.user, action: "user.password_changed", entityType: "user", entityId: row.id });
  });
  return { ok: true };
}
