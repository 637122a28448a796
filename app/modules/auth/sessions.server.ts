import { and, desc, eq, gt, ne } from "drizzle-orm";
import { db, schema } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";

const { sessions } = schema;

/** A browser and system in words, from a User-Agent header ("Chrome on Windows"); a rough guide for people, not a check. */
export function describeDevice(userAgent: string) {
  if (!userAgent) return "Unknown device";
  const browser =
    /Edg\//.test(userAgent) ? "Edge" : /OPR\//.test(userAgent) ? "Opera" : /Firefox\//.test(userAgent) ? "Firefox" : /(Chrome|Chromium|CriOS)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : /curl|node|undici|python/i.test(userAgent) ? "A script" : "A browser";
  const system =
    /iPad/.test(userAgent) ? "iPad" : /iPhone/.test(userAgent) ? "iPhone" : /Android/.test(userAgent) ? "Android" : /Windows/.test(userAgent) ? "Windows" : /Mac OS X|Macintosh/.test(userAgent) ? "macOS" : /CrOS/.test(userAgent) ? "ChromeOS" : /Linux/.test(userAgent) ? "Linux" : null;
  return system ? `${browser} on ${system}` : browser;
}

/** The user's live sessions, newest use first; `current` marks the one asking. Ids are token hashes: no use as a cookie. */
export async function listOwnSessions(userId: string, currentSessionId: string) {
  const rows = await db()
    .select({ id: sessions.id, userAgent: sessions.userAgent, ipAddress: sessions.ipAddress, lastSeenAt: sessions.lastSeenAt, createdAt: sessions.createdAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map(({ userAgent, ...row }) => ({ ...row, device: describeDevice(userAgent), current: row.id === currentSessionId }));
}

/** Signs out one of the user's other sessions (only their own, never the one asking). */
export async function endOwnSession(input: { user: AuditActor; currentSessionId: string; sessionId: string }) {
  return db().transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.user.id), ne(sessions.id, input.currentSessionId)))
      .returning({ id: sessions.id });
    if (ended.length) await recordAudit(tx, { actor: input.user, action: "auth.session_ended", entityType: "user", entityId: input.user.id, after: { sessions: 1 } });
    return ended.length;
  });
}

/** Signs out every other session of the user. */
export async function endOtherSessions(input: { user: AuditActor; currentSessionId: string }) {
  return db().transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, input.user.id), ne(sessions.id, input.currentSessionId)))
      .returning({ id: sessions.id });
    if (ended.length) await recordAudit(tx, { actor: input.user, action: "auth.session_ended", entityType: "user", entityId: input.user.id, after: { sessions: ended.length } });
    return ended.length;
  });
}
