import { seedDemoData } from "../../seed";
import { createUser } from "~/modules/users/users.server";
import { db, schema } from "@db/client";
import { eq } from "drizzle-orm";
import type { Role, SessionUser } from "~/modules/auth/permissions";
import { sessionIdFor } from "~/modules/auth/session.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { codeForStep, keyFromText, stepAt } from "~/modules/auth/totp.server";
import { checkSecondFactor, readTwoFactorPolicy } from "~/modules/auth/two-factor.server";
import { DEMO_TOTP_KEYS } from "../../seed/demo-keys";

export const TEST_PASSWORD = "correct-horse-battery";
/** The two-factor key makeUser enrols users of the required roles with (base32). */
export const TEST_TOTP_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/** The group's branches, demo users and catalogue; returns branch ids by slug. */
export async function seedGroup() {
  await seedDemoData({ stock: 0, finance: false, offers: false }); // tests make the bikes (and lenders) they need
  const rows = await db().select({ id: schema.branches.id, slug: schema.branches.slug }).from(schema.branches);
  return Object.fromEntries(rows.map((row) => [row.slug, row.id])) as Record<string, string>;
}

let counter = 0;
/**
 * A user signed up through the real code; managers and finance staff get a branch when none is named.
 * Users of a role that must use a second factor come enrolled with TEST_TOTP_KEY (`enrol` overrides).
 */
export async function makeUser(role: Role, branchIds: string[] = [], overrides: { email?: string; enrol?: boolean } = {}): Promise<SessionUser> {
  counter += 1;
  if (role !== "admin" && role !== "compliance" && branchIds.length === 0) branchIds = [(await seedGroup())["laguna-ktm"]!];
  const email = overrides.email ?? `${role}${counter}@test.example`;
  const enrol = overrides.enrol ?? (await readTwoFactorPolicy()).roles.includes(role);
  const totpKey = enrol ? keyFromText(TEST_TOTP_KEY)! : undefined;
  const result = await createUser({ actor: null, email, name: `Test ${role} ${counter}`, role, branchIds, password: TEST_PASSWORD, totpKey });
  if (!result.ok) throw new Error(result.message);
  return { id: result.id, email, name: `Test ${role} ${counter}`, role, branchIds };
}

/**
 * Signs in through the real sign-in code, its second step included (a code from the user's known key:
 * TEST_TOTP_KEY or the demo user's), and returns the Cookie header a browser would send.
 */
export async function cookieFor(user: { email: string }, password = TEST_PASSWORD) {
  const result = await signIn({ email: user.email, password, ipAddress: "127.0.0.1" });
  if (!result.ok) throw new Error(result.message);
  const cookie = result.setCookie.split(";")[0]!;
  if (result.next === "/login/enrol") throw new Error(`${user.email} must enrol a second factor first (makeUser enrols required roles).`);
  if (result.next === "/login/code") await passSecondStep(result.userId, user.email, cookie.slice(cookie.indexOf("=") + 1));
  return cookie;
}

/**
 * Passes a session's second step as the user would, with the code of a step the user has not used yet
 * (each code works once). A test signing one user in more than three times in 30 seconds runs out of
 * fresh codes in the drift window: then the session is marked as passed directly.
 */
export async function passSecondStep(userId: string, email: string, token: string) {
  const key = keyFromText(DEMO_TOTP_KEYS[email.toLowerCase()] ?? TEST_TOTP_KEY)!;
  const [row] = await db().select({ lastUsedStep: schema.userSecondFactors.lastUsedStep }).from(schema.userSecondFactors).where(eq(schema.userSecondFactors.userId, userId));
  const step = Math.max(stepAt() - 1, (row?.lastUsedStep ?? 0) + 1);
  const sessionId = sessionIdFor(token);
  if (step > stepAt() + 1) {
    await db().update(schema.sessions).set({ secondFactorAt: new Date() }).where(eq(schema.sessions.id, sessionId));
    return;
  }
  const checked = await checkSecondFactor({ user: { id: userId, email }, sessionId, code: codeForStep(key, step), ipAddress: "127.0.0.1", purpose: "sign-in" });
  if (!checked.ok) throw new Error(checked.message);
}

export async function auditRows(action?: string) {
  const query = db().select().from(schema.auditLog);
  return action ? query.where(eq(schema.auditLog.action, action)) : query;
}
