import { and, count, eq, gt, isNotNull, isNull, ne, or, lt, sql } from "drizzle-orm";
import { db, schema, type AppDatabase, type Transaction } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { attempt, Refusal, staleVersion, type Result } from "~/utils/result.server";
import { ROLES, type Role } from "./permissions";
import { inMinutes, markGuessRight, takeGuessSlot } from "./throttle.server";
import {
  codeForStep,
  decryptTotpKey,
  encryptTotpKey,
  hashRecoveryCode,
  keyToText,
  keyUri,
  matchingStep,
  newRecoveryCodes,
  newTotpKey,
  normaliseRecoveryCode,
} from "./totp.server";
import { DEFAULT_TWO_FACTOR_ROLES } from "./two-factor-policy";

const { userSecondFactors: factors, recoveryCodes, sessions, securitySettings, users } = schema;

type Actor = AuditActor & { name?: string };

/** The throttle's account key for codes: its own count, apart from the password's (same limits, same address count). */
const codeThrottleKey = (email: string) => `second-factor:${email}`;

export async function secondFactorStatus(userId: string, database: AppDatabase = db()) {
  const [row] = await database.select({ confirmedAt: factors.confirmedAt }).from(factors).where(eq(factors.userId, userId));
  const [left] = await database
    .select({ value: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enrolledAt: row?.confirmedAt ?? null, recoveryCodesLeft: left?.value ?? 0 };
}

/**
 * The key to show while a user enrols: the pending one if they started already (a reload shows the
 * same key they may have scanned), else a new one. Null when they are enrolled already.
 */
export async function startEnrolment(user: { id: string; email: string }) {
  const [row] = await db().select().from(factors).where(eq(factors.userId, user.id));
  if (row?.confirmedAt) return null;
  let key = row ? decryptTotpKey(user.id, row.encryptedKey) : null;
  if (!key) {
    key = newTotpKey();
    await db().insert(factors).values({ userId: user.id, encryptedKey: encryptTotpKey(user.id, key) });
  }
  return { keyText: keyToText(key), uri: keyUri(user.email, key) };
}

type CodeCheck = { ok: true; usedRecoveryCode: boolean; recoveryCodesLeft: number } | { ok: false; message: string };

/**
 * Checks a code (or a recovery code) for a user and, when right, marks the session as having passed the
 * second factor now. Throttled like passwords: each guess takes its slot in the database before it is
 * checked, so five wrong codes lock the second step for 15 minutes whatever the concurrency.
 * `enrolling` checks against the pending key and confirms it (returning the recovery codes to show once).
 */
export async function checkSecondFactor(input: {
  user: Actor;
  sessionId: string;
  code: string;
  ipAddress: string;
  purpose: "sign-in" | "step-up";
  database?: AppDatabase;
}): Promise<CodeCheck> {
  const database = input.database ?? db();
  const actor = { ...input.user, clientIp: input.ipAddress };
  const slot = await takeGuessSlot(database, {
    email: codeThrottleKey(input.user.email),
    ipAddress: input.ipAddress,
    refusedAudit: { actor, action: "auth.second_factor_refused", entityType: "user", entityId: input.user.id, after: { reason: "throttled" } },
  });
  if (!slot.ok) return { ok: false, message: lockedMessage(slot.minutesLocked) };

  const code = input.code.trim().replace(/\s/g, "");
  const isTotp = /^\d{6}$/.test(code);
  return database.transaction(async (tx) => {
    const accepted = isTotp ? await acceptTotp(tx, input.user.id, code, true) : await spendRecoveryCode(tx, input.user.id, code);
    if (!accepted.ok) {
      await recordAudit(tx, { actor, action: "auth.second_factor_failed", entityType: "user", entityId: input.user.id, after: { reason: accepted.reason } });
      return { ok: false, message: accepted.message };
    }
    await markGuessRight(tx, slot.attemptId);
    await tx.update(sessions).set({ secondFactorAt: new Date() }).where(eq(sessions.id, input.sessionId));
    const left = await recoveryCodesLeft(tx, input.user.id);
    if (!isTotp) {
      await recordAudit(tx, { actor, action: "auth.recovery_code_used", entityType: "user", entityId: input.user.id, after: { purpose: input.purpose, recoveryCodesLeft: left } });
    } else {
      await recordAudit(tx, { actor, action: input.purpose === "sign-in" ? "auth.second_factor_passed" : "auth.step_up", entityType: "user", entityId: input.user.id });
    }
    return { ok: true, usedRecoveryCode: !isTotp, recoveryCodesLeft: left };
  });
}

/** Confirms a pending enrolment with its first code; returns the ten recovery codes, shown once. */
export async function confirmEnrolment(input: {
  user: Actor;
  sessionId: string;
  code: string;
  ipAddress: string;
}): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; message: string }> {
  const actor = { ...input.user, clientIp: input.ipAddress };
  const slot = await takeGuessSlot(db(), {
    email: codeThrottleKey(input.user.email),
    ipAddress: input.ipAddress,
    refusedAudit: { actor, action: "auth.second_factor_refused", entityType: "user", entityId: input.user.id, after: { reason: "throttled" } },
  });
  if (!slot.ok) return { ok: false, message: lockedMessage(slot.minutesLocked) };
  const code = input.code.trim().replace(/\s/g, "");
  return db().transaction(async (tx) => {
    const accepted = await acceptTotp(tx, input.user.id, code, false);
    if (!accepted.ok) {
      await recordAudit(tx, { actor, action: "auth.second_factor_failed", entityType: "user", entityId: input.user.id, after: { reason: accepted.reason, enrolling: true } });
      return { ok: false, message: accepted.message };
    }
    await markGuessRight(tx, slot.attemptId);
    await tx.update(factors).set({ confirmedAt: new Date() }).where(eq(factors.userId, input.user.id));
    const codes = await replaceRecoveryCodes(tx, input.user.id);
    await tx.update(sessions).set({ secondFactorAt: new Date() }).where(eq(sessions.id, input.sessionId));
    // Signing up a second factor ends the user's other sessions: they began on the password alone.
    await tx.delete(sessions).where(and(eq(sessions.userId, input.user.id), ne(sessions.id, input.sessionId)));
    await recordAudit(tx, { actor, action: "auth.second_factor_enrolled", entityType: "user", entityId: input.user.id });
    return { ok: true, recoveryCodes: codes };
  });
}

type Accepted = { ok: true } | { ok: false; reason: string; message: string };

/**
 * A TOTP code against the user's key (confirmed, or the pending one while enrolling). The step it
 * matches must be later than the last accepted: compared and stored in one conditional UPDATE, so
 * two requests with one code can't both pass.
 */
async function acceptTotp(tx: Transaction, userId: string, code: string, confirmed: boolean): Promise<Accepted> {
  const [row] = await tx
    .select()
    .from(factors)
    .where(and(eq(factors.userId, userId), confirmed ? isNotNull(factors.confirmedAt) : isNull(factors.confirmedAt)));
  if (!row) return { ok: false, reason: "not enrolled", message: confirmed ? "Two-factor sign-in isn't set up for your account." : "Start setting up again: reload this page." };
  const step = matchingStep(decryptTotpKey(userId, row.encryptedKey), code);
  if (step === null) {
    return { ok: false, reason: "wrong code", message: "That code isn't right. Check your authenticator app's clock and enter the code it shows now." };
  }
  const taken = await tx
    .update(factors)
    .set({ lastUsedStep: step })
    .where(and(eq(factors.userId, userId), or(isNull(factors.lastUsedStep), lt(factors.lastUsedStep, step))))
    .returning({ userId: factors.userId });
  if (taken.length === 0) {
    return { ok: false, reason: "code reused", message: "That code has already been used. Wait for your app to show the next one." };
  }
  return { ok: true };
}

async function spendRecoveryCode(tx: Transaction, userId: string, code: string): Promise<Accepted> {
  const wrong = { ok: false as const, reason: "wrong recovery code", message: "That isn't a 6-digit code or one of your unused recovery codes." };
  if (normaliseRecoveryCode(code).length !== 10) return wrong;
  const spent = await tx
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return spent.length ? { ok: true } : wrong;
}

async function recoveryCodesLeft(tx: Transaction, userId: string) {
  const [left] = await tx.select({ value: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return left?.value ?? 0;
}

async function replaceRecoveryCodes(tx: Transaction, userId: string) {
  const codes = newRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/**
 * Enrols a user with a key they already hold (`user:create --totp-key`, the demo seed, tests): confirmed
 * at once, with fresh recovery codes returned. Inside the caller's transaction.
 */
export async function enrolWithKey(tx: Transaction, input: { actor: AuditActor | null; userId: string; key: Uint8Array }) {
  await tx.delete(factors).where(eq(factors.userId, input.userId));
  await tx.insert(factors).values({ userId: input.userId, encryptedKey: encryptTotpKey(input.userId, input.key), confirmedAt: new Date() });
  const codes = await replaceRecoveryCodes(tx, input.userId);
  await recordAudit(tx, { actor: input.actor, action: "auth.second_factor_enrolled", entityType: "user", entityId: input.userId, after: { by: "key given" } });
  return codes;
}

/**
 * An admin resets a user's second factor: it and their recovery codes go, their sessions end; they enrol
 * again at next sign-in. Lock-and-compare on the user's row (the reset is a change to the user: version bumped).
 */
export async function resetSecondFactor(input: { actor: AuditActor; userId: string; version: number }): Promise<Result> {
  return attempt(async (tx) => {
    const [user] = await tx.select({ name: users.name, version: users.version }).from(users).where(eq(users.id, input.userId)).for("update");
    if (!user) throw new Refusal("That user no longer exists.", undefined, 404);
    if (user.version !== input.version) throw staleVersion(user.name, user.version);
    await tx.update(users).set({ updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, input.userId));
    const removed = await tx.delete(factors).where(eq(factors.userId, input.userId)).returning({ confirmedAt: factors.confirmedAt });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, input.userId));
    await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    await recordAudit(tx, {
      actor: input.actor,
      action: "user.second_factor_reset",
      entityType: "user",
      entityId: input.userId,
      before: { enrolled: Boolean(removed[0]?.confirmedAt) },
      after: { enrolled: false },
    });
    return {};
  });
}

const lockedMessage = (minutes: number) =>
  `Too many wrong codes. For your security, the second step is locked for ${inMinutes(minutes)}; try again then, or ask an admin.`;

/** The code an authenticator shows now (for `demo:codes` and the CLI's instructions). */
export const currentCode = (key: Uint8Array, at = Date.now()) => codeForStep(key, Math.floor(at / 30_000));

// The admin's setting: which roles must use a second factor.

export async function readTwoFactorPolicy(database: AppDatabase | Transaction = db()): Promise<{ roles: Role[]; version: number }> {
  const [row] = await database.select().from(securitySettings).where(eq(securitySettings.id, 1));
  if (!row) return { roles: [...DEFAULT_TWO_FACTOR_ROLES], version: 0 };
  return { roles: row.twoFactorRoles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)), version: row.version };
}

export async function saveTwoFactorPolicy(input: { actor: AuditActor | null; roles: Role[]; version: number }, database: AppDatabase = db()) {
  return database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(74003)`); // the first save has no row to lock
    const before = await readTwoFactorPolicy(tx);
    if (before.version !== input.version) {
      return { ok: false as const, message: "Someone else changed this setting while you were editing. Reload the page and choose again." };
    }
    const roles = ROLES.filter((role) => input.roles.includes(role));
    await tx
      .insert(securitySettings)
      .values({ id: 1, twoFactorRoles: roles })
      .onConflictDoUpdate({ target: securitySettings.id, set: { twoFactorRoles: roles, updatedAt: new Date(), version: sql`${securitySettings.version} + 1` } });
    await recordAudit(tx, { actor: input.actor, action: "settings.two_factor_roles", entityType: "settings", before: { roles: before.roles }, after: { roles } });
    return { ok: true as const };
  });
}

/** Is any user enrolled? (The server refuses to start on PostgreSQL without TOTP_ENCRYPTION_KEY then.) */
export async function anyoneEnrolled(database: AppDatabase = db()) {
  const [row] = await database.select({ value: count() }).from(factors).where(gt(factors.createdAt, new Date(0)));
  return (row?.value ?? 0) > 0;
}

/**
 * Why the server must not start, or null: on PostgreSQL without TOTP_ENCRYPTION_KEY while anyone is
 * enrolled, no code could be checked (their keys are sealed with it). With nobody enrolled it starts,
 * and enrolment says the key is missing.
 */
export async function twoFactorKeyProblem(database: AppDatabase): Promise<string | null> {
  if (!process.env.DATABASE_URL || process.env.TOTP_ENCRYPTION_KEY?.trim()) return null;
  if (!(await anyoneEnrolled(database))) return null;
  return (
    "TOTP_ENCRYPTION_KEY is not set, and users have two-factor sign-in set up: their keys are stored encrypted " +
    "with it, so no one could sign in. Set it to the key their keys were sealed with (64 hex characters) and start again."
  );
}
