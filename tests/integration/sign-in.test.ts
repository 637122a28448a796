import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db, schema } from "@db/client";
import { getSignedIn } from "~/modules/auth/guards.server";
import { signIn, signOut, WRONG_CREDENTIALS } from "~/modules/auth/sign-in.server";
import { setUserActive } from "~/modules/users/users.server";
import { changeOwnPassword } from "~/modules/users/password.server";
import { auditRows, cookieFor, makeUser, seedGroup, TEST_PASSWORD } from "../support/factories";

// A loader's arguments for a request with this cookie: a fresh load context, as each request gets.
const requestWith = (cookie: string) => ({ request: new Request("http://localhost/", { headers: { Cookie: cookie } }), context: { cspNonce: "" } });
const attempt = (email: string, password: string, ipAddress = "10.0.0.1") => signIn({ email, password, ipAddress });

describe("sign-in", () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it("gives the same message for an unknown email and a wrong password", async () => {
    const user = await makeUser("admin");
    const unknown = await attempt("nobody@test.example", TEST_PASSWORD);
    const wrong = await attempt(user.email, "not-the-password");
    expect(unknown).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    expect(wrong).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    const failures = await auditRows("auth.sign_in_failed");
    expect(failures.map((row) => (row.after as { reason: string }).reason).sort()).toEqual(["unknown email", "wrong password"]);
  });

  it("matches the email whatever its case and starts a session with an HttpOnly, SameSite=Lax cookie", async () => {
    const user = await makeUser("manager", [], { email: "Mixed.Case@Test.example" });
    const result = await attempt("mixed.case@TEST.example", TEST_PASSWORD);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.setCookie).toMatch(/HttpOnly/);
    expect(result.setCookie).toMatch(/SameSite=Lax/);
    const signedIn = await getSignedIn(requestWith(result.setCookie.split(";")[0]!));
    expect(signedIn?.user.id).toBe(user.id);
    expect(await auditRows("auth.sign_in")).toHaveLength(1);
  });

  it("reads the user's branches with the session, and a change of branches shows on the next request", async () => {
    const branches = await seedGroup();
    const [ktm, honda] = [branches["laguna-ktm"]!, branches["maidstone-honda"]!];
    const user = await makeUser("manager", [ktm, honda]);
    const cookie = await cookieFor(user);
    const signedIn = await getSignedIn(requestWith(cookie));
    expect(signedIn?.user).toMatchObject({ id: user.id, role: "manager" });
    expect(signedIn?.user.branchIds.slice().sort()).toEqual([ktm, honda].sort());
    // The look-up leaves the password hash in the database.
    expect(JSON.stringify(signedIn)).not.toMatch(/argon2/);

    await db().delete(schema.userBranches).where(eq(schema.userBranches.branchId, honda));
    expect((await getSignedIn(requestWith(cookie)))?.user.branchIds).toEqual([ktm]);
  });

  it("issues a new session id at every sign-in and ends only that session at sign-out", async () => {
    const user = await makeUser("finance");
    const first = await cookieFor(user);
    const second = await cookieFor(user);
    expect(first).not.toEqual(second);
    const signedIn = await getSignedIn(requestWith(first));
    await signOut({ user: signedIn!.user, sessionId: signedIn!.sessionId });
    expect(await getSignedIn(requestWith(first))).toBeNull();
    expect(await getSignedIn(requestWith(second))).not.toBeNull();
    expect(await auditRows("auth.sign_out")).toHaveLength(1);
  });

  it("locks an email for 15 minutes after 5 failures within 15 minutes, even for the right password", async () => {
    const user = await makeUser("manager");
    for (let i = 0; i < 5; i++) expect((await attempt(user.email, `wrong-${i}`)).ok).toBe(false);
    const locked = await attempt(user.email, TEST_PASSWORD);
    expect(locked.ok).toBe(false);
    expect(!locked.ok && locked.message).toMatch(/Too many failed sign-ins.*15 minutes/);
    // Another account from the same address is not affected by this account's lock.
    const other = await makeUser("manager");
    expect((await attempt(other.email, TEST_PASSWORD)).ok).toBe(true);

    vi.useFakeTimers({ now: Date.now() + 15 * 60_000 + 1000, toFake: ["Date"] });
    expect((await attempt(user.email, TEST_PASSWORD)).ok).toBe(true);
  });

  it("does not lock after failures spread over more than 15 minutes", async () => {
    const user = await makeUser("manager");
    const start = Date.now();
    for (let i = 0; i < 5; i++) {
      vi.useFakeTimers({ now: start + i * 4 * 60_000, toFake: ["Date"] });
      await attempt(user.email, "wrong-password");
    }
    expect((await attempt(user.email, TEST_PASSWORD)).ok).toBe(true);
  });

  it("limits failures per address across many emails", async () => {
    vi.stubEnv("SIGN_IN_MAX_FAILURES_PER_ADDRESS", "3");
    const user = await makeUser("admin");
    for (let i = 0; i < 3; i++) await attempt(`stranger${i}@test.example`, "guess", "192.0.2.9");
    const refused = await attempt(user.email, TEST_PASSWORD, "192.0.2.9");
    expect(!refused.ok && refused.message).toMatch(/Too many failed sign-ins/);
    expect((await attempt(user.email, TEST_PASSWORD, "192.0.2.10")).ok).toBe(true);
    vi.unstubAllEnvs();
  });

  it("ends a deactivated user's sessions at once and refuses their sign-in", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("finance");
    const cookie = await cookieFor(user);
    const [row] = await db().select({ version: schema.users.version }).from(schema.users).where(eq(schema.users.id, user.id));
    expect((await setUserActive({ actor: admin, id: user.id, version: row!.version, active: false })).ok).toBe(true);
    expect(await getSignedIn(requestWith(cookie))).toBeNull();
    expect(await attempt(user.email, TEST_PASSWORD)).toEqual({ ok: false, message: WRONG_CREDENTIALS });
  });

  it("changes one's own password only with the current one, and ends the other sessions", async () => {
    const user = await makeUser("manager");
    const keptCookie = await cookieFor(user);
    const kept = await getSignedIn(requestWith(keptCookie));
    const other = await cookieFor(user);
    const base = { user, sessionId: kept!.sessionId, ipAddress: "10.0.0.2" };
    expect(await changeOwnPassword({ ...base, currentPassword: "wrong", newPassword: "a-brand-new-passphrase" })).toMatchObject({
      ok: false,
      field: "currentPassword",
    });
    expect(await changeOwnPassword({ ...base, currentPassword: TEST_PASSWORD, newPassword: "short" })).toMatchObject({
      ok: false,
      field: "newPassword",
    });
    expect((await changeOwnPassword({ ...base, currentPassword: TEST_PASSWORD, newPassword: "a-brand-new-passphrase" })).ok).toBe(true);
    expect(await getSignedIn(requestWith(other))).toBeNull();
    expect(await getSignedIn(requestWith(keptCookie))).not.toBeNull();
    expect((await attempt(user.email, "a-brand-new-passphrase")).ok).toBe(true);
    expect((await attempt(user.email, TEST_PASSWORD)).ok).toBe(false);
  });

  it("stores passwords as argon2id hashes", async () => {
    const user = await makeUser("admin");
    const [row] = await db().select({ hash: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, user.id));
    expect(row!.hash).toMatch(/^\$argon2id\$/);
  });
});

describe("what a sign-in leaves in the record", () => {
  const rowsAbout = async (action: string, email: string) =>
    (await auditRows(action)).filter((row) => (row.after as { email?: string } | null)?.email === email || row.actorEmail === email);

  it("writes each refusal with its reason, the account it names (none for an unknown email) and the address", async () => {
    const user = await makeUser("manager");
    await signIn({ email: "no-such-person@test.example", password: TEST_PASSWORD, ipAddress: "192.0.2.31" });
    await signIn({ email: user.email, password: "not-the-password", ipAddress: "192.0.2.32" });
    await db().update(schema.users).set({ active: false }).where(eq(schema.users.id, user.id));
    await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "192.0.2.33" });
    const pick = ({ actorId, entityType, entityId, after, ipAddress }: Awaited<ReturnType<typeof auditRows>>[number]) => ({ actorId, entityType, entityId, after, ipAddress });
    expect((await rowsAbout("auth.sign_in_failed", "no-such-person@test.example")).map(pick)).toEqual([
      { actorId: null, entityType: "user", entityId: null, after: { email: "no-such-person@test.example", reason: "unknown email" }, ipAddress: "192.0.2.31" },
    ]);
    expect((await rowsAbout("auth.sign_in_failed", user.email)).map(pick)).toEqual([
      { actorId: null, entityType: "user", entityId: user.id, after: { email: user.email, reason: "wrong password" }, ipAddress: "192.0.2.32" },
      { actorId: null, entityType: "user", entityId: user.id, after: { email: user.email, reason: "inactive account" }, ipAddress: "192.0.2.33" },
    ]);
  });

  it("writes a locked-out try as refused by the throttle, under 'auth'", async () => {
    const user = await makeUser("manager");
    for (let i = 0; i < 5; i++) await signIn({ email: user.email, password: `wrong-${i}`, ipAddress: "192.0.2.41" });
    await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "192.0.2.41" });
    const [refused, ...more] = await rowsAbout("auth.sign_in_refused", user.email);
    expect(more).toEqual([]);
    expect(refused).toMatchObject({ actorId: null, entityType: "auth", after: { email: user.email, reason: "throttled" }, ipAddress: "192.0.2.41" });
  });

  it("writes the sign-in against the user, and keeps the first 300 characters of the browser's name with the session", async () => {
    const user = await makeUser("manager");
    const userAgent = `Mozilla/5.0 ${"x".repeat(400)}`;
    const result = await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "192.0.2.51", userAgent });
    expect(result.ok).toBe(true);
    const [row] = await rowsAbout("auth.sign_in", user.email);
    expect(row).toMatchObject({ actorId: user.id, entityType: "user", entityId: user.id, ipAddress: "192.0.2.51" });
    const [session] = await db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id));
    expect(session).toMatchObject({ userAgent: userAgent.slice(0, 300), ipAddress: "192.0.2.51" });
    expect(session!.userAgent).toHaveLength(300);
  });
});
