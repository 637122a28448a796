import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db, schema } from "@db/client";
import { sessionIdFor } from "~/modules/auth/session.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { codeForStep, matchingStep } from "~/modules/auth/totp.server";
import { checkSecondFactor, confirmEnrolment, resetSecondFactor, startEnrolment } from "~/modules/auth/two-factor.server";
import { action as newUserAction } from "~/routes/_app.admin.users.new";
import { auditRows, cookieFor, makeUser, seedGroup, TEST_PASSWORD, TEST_TOTP_KEY } from "../support/factories";
import { awayFromStepEdge, base32Bytes, nowStep, oracleCode } from "../support/totp-oracle";

const WRONG = "That code isn't right. Check your authenticator app's clock and enter the code it shows now.";
const REUSED = "That code has already been used. Wait for your app to show the next one.";
const LOCKED = /^Too many wrong codes\. For your security, the second step is locked for 15 minutes; try again then, or ask an admin\.$/;
const key = base32Bytes(TEST_TOTP_KEY);

/** A new session on the password alone (owing its code), as the sign-in page starts one. */
async function passwordOnly(user: { email: string }, ipAddress = "198.51.100.7") {
  const result = await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress });
  if (!result.ok) throw new Error(result.message);
  const cookie = result.setCookie.split(";")[0]!;
  return { cookie, sessionId: sessionIdFor(cookie.slice(cookie.indexOf("=") + 1)), next: result.next };
}
const enter = (user: { id: string; email: string }, sessionId: string, code: string, ipAddress = "198.51.100.7") =>
  checkSecondFactor({ user, sessionId, code, ipAddress, purpose: "sign-in" });

describe("RFC 6238 test vectors (Appendix B, SHA-1)", () => {
  // The secret "12345678901234567890" (ASCII); the RFC's 8-digit codes, of which a 6-digit code is the last six.
  const secret = new TextEncoder().encode("12345678901234567890");
  const vectors: [number, string][] = [
    [59, "287082"], // 94287082
    [1111111109, "081804"], // 07081804
    [1111111111, "050471"], // 14050471
    [1234567890, "005924"], // 89005924
    [2000000000, "279037"], // 69279037
    [20000000000, "353130"], // 65353130
  ];
  it.each(vectors)("at %i s the code is %s", (seconds, code) => {
    const step = Math.floor(seconds / 30);
    expect(codeForStep(secret, step)).toBe(code);
    expect(matchingStep(secret, code, seconds * 1000)).toBe(step);
  });
});

describe(`two-factor sign-in (${inject("testDatabase").kind})`, () => {
  beforeAll(async () => {
    await seedGroup();
  });

  it("a required role's session owes its code after the password, and the right code passes it once", async () => {
    const user = await makeUser("finance");
    const first = await passwordOnly(user);
    expect(first.next).toBe("/login/code");
    await awayFromStepEdge();
    const code = oracleCode(key, nowStep());
    expect(await enter(user, first.sessionId, code)).toEqual({ ok: true, usedRecoveryCode: false, recoveryCodesLeft: 10 });
    const [session] = await db().select().from(schema.sessions).where(eq(schema.sessions.id, first.sessionId));
    expect(session!.secondFactorAt).toBeInstanceOf(Date);
    // The same code again, in another session, within its 30 seconds: refused.
    const second = await passwordOnly(user);
    expect(await enter(user, second.sessionId, code)).toEqual({ ok: false, message: REUSED });
    const [still] = await db().select().from(schema.sessions).where(eq(schema.sessions.id, second.sessionId));
    expect(still!.secondFactorAt).toBeNull();
  });

  it("accepts one step of clock drift either way, and no more", async () => {
    const user = await makeUser("admin");
    await awayFromStepEdge();
    const step = nowStep();
    const session = async () => (await passwordOnly(user)).sessionId;
    expect(await enter(user, await session(), oracleCode(key, step - 2))).toEqual({ ok: false, message: WRONG });
    expect(await enter(user, await session(), oracleCode(key, step - 1))).toMatchObject({ ok: true });
    expect(await enter(user, await session(), oracleCode(key, step + 2))).toEqual({ ok: false, message: WRONG });
    expect(await enter(user, await session(), oracleCode(key, step + 1))).toMatchObject({ ok: true });
    // Having used the next step's code, the current one is older: refused as used.
    expect(await enter(user, await session(), oracleCode(key, step))).toEqual({ ok: false, message: REUSED });
  });

  it("lets exactly five of twelve parallel wrong codes be checked, then locks the second step for 15 minutes", async () => {
    const user = await makeUser("finance");
    const { sessionId } = await passwordOnly(user, "198.51.100.20");
    await awayFromStepEdge();
    const right = oracleCode(key, nowStep());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    const results = await Promise.all(Array.from({ length: 12 }, () => enter(user, sessionId, wrong, "198.51.100.20")));
    const messages = results.map((r) => (r.ok ? "passed" : LOCKED.test(r.message) ? "locked" : r.message));
    expect(messages.filter((m) => m === WRONG)).toHaveLength(5);
    expect(messages.filter((m) => m === "locked")).toHaveLength(7);
    // The right code is refused while locked, from another address too (the account's lock).
    const locked = await enter(user, sessionId, right, "198.51.100.21");
    expect(locked.ok ? "passed" : locked.message).toMatch(LOCKED);
    const attempts = await db().select().from(schema.signInAttempts).where(eq(schema.signInAttempts.email, `second-factor:${user.email}`));
    expect(attempts).toHaveLength(5);
    expect((await auditRows("auth.second_factor_failed")).filter((row) => row.entityId === user.id)).toHaveLength(5);
  });

  it("enrols with a first code, gives ten recovery codes, and each recovery code works once", async () => {
    const user = await makeUser("finance", [], { enrol: false });
    const first = await passwordOnly(user);
    expect(first.next).toBe("/login/enrol");
    const shown = await startEnrolment(user);
    expect(shown!.uri).toMatch(/^otpauth:\/\/totp\/Laguna%20Admin:finance\d+%40test\.example\?/);
    expect(await startEnrolment(user)).toEqual(shown); // a reload shows the same key
    await awayFromStepEdge();
    const enrolled = await confirmEnrolment({ user, sessionId: first.sessionId, code: oracleCode(base32Bytes(shown!.keyText), nowStep()), ipAddress: "198.51.100.7" });
    if (!enrolled.ok) throw new Error(enrolled.message);
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.recoveryCodes).size).toBe(10);
    expect(enrolled.recoveryCodes[0]).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    // Stored hashed: no code appears in the table.
    const stored = await db().select().from(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, user.id));
    expect(stored.map((row) => row.codeHash).some((hash) => enrolled.recoveryCodes.some((code) => hash.includes(code.replace("-", ""))))).toBe(false);

    const recovery = enrolled.recoveryCodes[3]!;
    const later = await passwordOnly(user);
    expect(later.next).toBe("/login/code");
    expect(await enter(user, later.sessionId, recovery.toUpperCase())).toEqual({ ok: true, usedRecoveryCode: true, recoveryCodesLeft: 9 });
    const used = (await auditRows("auth.recovery_code_used")).filter((row) => row.entityId === user.id);
    expect(used.map((row) => row.after)).toEqual([{ purpose: "sign-in", recoveryCodesLeft: 9 }]);
    const again = await passwordOnly(user);
    expect(await enter(user, again.sessionId, recovery)).toEqual({ ok: false, message: "That isn't a 6-digit code or one of your unused recovery codes." });
  });

  it("keeps the key encrypted at rest and out of the audit log", async () => {
    const user = await makeUser("admin");
    const [row] = await db().select().from(schema.userSecondFactors).where(eq(schema.userSecondFactors.userId, user.id));
    expect(row!.encryptedKey).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
    expect(row!.encryptedKey).not.toContain(TEST_TOTP_KEY);
    expect(Buffer.from(row!.encryptedKey.slice(3), "base64").includes(Buffer.from(key))).toBe(false);
    const audit = JSON.stringify(await auditRows());
    expect(audit).not.toContain(TEST_TOTP_KEY);
    expect(audit).not.toContain(row!.encryptedKey.slice(3, 20));
  });

  it("an admin's reset ends the user's sessions and sends them to enrol again", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("finance");
    await cookieFor(user);
    const [before] = await db().select({ version: schema.users.version }).from(schema.users).where(eq(schema.users.id, user.id));
    expect(await resetSecondFactor({ actor: admin, userId: user.id, version: before!.version })).toEqual({ ok: true });
    expect(await db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id))).toEqual([]);
    expect((await passwordOnly(user)).next).toBe("/login/enrol");
    const audit = (await auditRows("user.second_factor_reset")).filter((row) => row.entityId === user.id);
    expect(audit.map((row) => [row.actorId, row.before, row.after])).toEqual([[admin.id, { enrolled: true }, { enrolled: false }]]);
  });
});

describe("step-up before changing users", () => {
  const form = (email: string, extra: Record<string, string> = {}) =>
    new URLSearchParams({ intent: "create", email, name: "Sam Stepup", role: "manager", branchIds: "", password: "a long enough passphrase 2026", ...extra });

  it("asks for a fresh code once the last is 15 minutes old, keeping what was typed, and goes ahead with it", async () => {
    const branches = await seedGroup();
    const admin = await makeUser("admin");
    const cookie = await cookieFor(admin);
    const sessionId = sessionIdFor(cookie.slice(cookie.indexOf("=") + 1));
    const post = (body: URLSearchParams) =>
      newUserAction({ request: new Request("http://localhost/admin/users/new", { method: "POST", headers: { Cookie: cookie }, body }), params: {}, context: { cspNonce: "", clientIp: "198.51.100.9" } });
    const ago = (minutes: number) => db().update(schema.sessions).set({ secondFactorAt: new Date(Date.now() - minutes * 60_000) }).where(eq(schema.sessions.id, sessionId));
    const body = (email: string, extra?: Record<string, string>) => {
      const values = form(email, extra);
      values.set("branchIds", branches["laguna-ktm"]!);
      return values;
    };

    await ago(14);
    expect((await post(body("fresh@test.example")) as Response).status).toBe(302);

    await ago(16);
    const asked = (await post(body("stale@test.example"))) as unknown as { init: { status: number }; data: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(asked.init.status).toBe(401);
    expect(asked.data.error.oneTimeCode).toEqual(["Enter the 6-digit code from your authenticator app to add a user: a fresh code is needed once the last is 15 minutes old."]);
    expect(asked.data.initialValue).toMatchObject({ email: "stale@test.example", name: "Sam Stepup", password: "a long enough passphrase 2026" });
    expect(await db().select().from(schema.users).where(eq(schema.users.email, "stale@test.example"))).toEqual([]);

    await awayFromStepEdge();
    const wrong = (await post(body("stale@test.example", { oneTimeCode: "000000" === oracleCode(key, nowStep()) ? "111111" : "000000" }))) as unknown as { data: { error: Record<string, string[]> } };
    expect(wrong.data.error.oneTimeCode).toEqual([WRONG]);

    // The cookie's earlier sign-in used a step; the next fresh step is the one ahead (drift allows it).
    const [factor] = await db().select().from(schema.userSecondFactors).where(and(eq(schema.userSecondFactors.userId, admin.id)));
    const step = Math.max(nowStep(), factor!.lastUsedStep! + 1);
    expect((await post(body("stale@test.example", { oneTimeCode: oracleCode(key, step) })) as Response).status).toBe(302);
    expect(await db().select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.email, "stale@test.example"))).toEqual([{ email: "stale@test.example" }]);
    expect((await auditRows("auth.step_up")).filter((row) => row.actorId === admin.id)).toHaveLength(1);
  });
});
