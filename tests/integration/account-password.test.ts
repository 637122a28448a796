import { eq } from "drizzle-orm";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { db, schema } from "@db/client";
import { getSignedIn } from "~/modules/auth/guards.server";
import { signIn, WRONG_CREDENTIALS } from "~/modules/auth/sign-in.server";
import { changeOwnPassword } from "~/modules/users/password.server";
import { action as accountAction } from "~/routes/_app.account";
import { auditRows, cookieFor, makeUser, TEST_PASSWORD } from "../support/factories";

// The current-password check on /account is a password guess like a sign-in: same throttle, same count.
const LOCKED = /^Too many wrong passwords for your account\. For your security, try again in 15 minutes\.$/;
const NEW_PASSWORD = "a-brand-new-passphrase";
const requestWith = (cookie: string) => ({ request: new Request("http://localhost/", { headers: { Cookie: cookie } }), context: { cspNonce: "" } });

async function signedInAs(role: "manager" | "finance") {
  const user = await makeUser(role);
  const signedIn = await getSignedIn(requestWith(await cookieFor(user)));
  return { user, sessionId: signedIn!.sessionId };
}

describe(`the current-password check on /account (${inject("testDatabase").kind})`, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("locks the check for 15 minutes after 5 wrong current passwords, even for the right one, and the account's sign-in with it", async () => {
    const { user, sessionId } = await signedInAs("manager");
    const change = (currentPassword: string) => changeOwnPassword({ user, sessionId, ipAddress: "203.0.113.20", currentPassword, newPassword: NEW_PASSWORD });
    for (let i = 0; i < 5; i++) {
      expect(await change(`not-it-${i}`)).toEqual({ ok: false, field: "currentPassword", message: "That isn't your current password." });
    }
    const refused = await change(TEST_PASSWORD);
    expect(refused).toMatchObject({ ok: false, field: "currentPassword" });
    expect(!refused.ok && refused.message).toMatch(LOCKED);
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "203.0.113.21" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Too many failed sign-ins/),
    });
    expect(await auditRows("auth.password_check_failed")).toHaveLength(5);
    expect(await auditRows("auth.password_check_refused")).toHaveLength(1);

    vi.useFakeTimers({ now: Date.now() + 15 * 60_000 + 1000, toFake: ["Date"] });
    expect(await change(TEST_PASSWORD)).toEqual({ ok: true });
  });

  it("counts wrong sign-ins and wrong current passwords of one account together", async () => {
    const { user, sessionId } = await signedInAs("finance");
    for (let i = 0; i < 3; i++) expect(await signIn({ email: user.email, password: `not-it-${i}`, ipAddress: "203.0.113.30" })).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    for (let i = 0; i < 2; i++) {
      expect(await changeOwnPassword({ user, sessionId, ipAddress: "203.0.113.31", currentPassword: `not-it-${i}`, newPassword: NEW_PASSWORD })).toMatchObject({ ok: false });
    }
    const refused = await changeOwnPassword({ user, sessionId, ipAddress: "203.0.113.31", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(!refused.ok && refused.message).toMatch(LOCKED);
  });

  it("verifies 5 of 20 parallel current-password guesses and leaves the password unchanged", async () => {
    const { user, sessionId } = await signedInAs("manager");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        changeOwnPassword({ user, sessionId, ipAddress: "203.0.113.40", currentPassword: i < 15 ? `not-it-${i}` : TEST_PASSWORD, newPassword: NEW_PASSWORD }),
      ),
    );
    const messages = results.map((r) => (r.ok ? "changed" : LOCKED.test(r.message) ? "locked" : r.message));
    expect(messages.filter((m) => m === "That isn't your current password.")).toHaveLength(5);
    expect(messages.filter((m) => m === "locked")).toHaveLength(15);
    const attempts = await db().select().from(schema.signInAttempts).where(eq(schema.signInAttempts.ipAddress, "203.0.113.40"));
    expect(attempts).toHaveLength(5);
    expect(await signIn({ email: user.email, password: NEW_PASSWORD, ipAddress: "203.0.113.41" })).toMatchObject({ ok: false });
  });

  it("answers the page's form with 400 and the lock message beside the current password", async () => {
    const user = await makeUser("finance");
    const cookie = await cookieFor(user);
    const post = (currentPassword: string) =>
      accountAction({
        request: new Request("http://localhost/account", {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams({ currentPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
        }),
        params: {},
        context: { cspNonce: "", clientIp: "203.0.113.50" },
      }) as Promise<{ init: { status: number }; data: { error: Record<string, string[]> } }>;
    for (let i = 0; i < 5; i++) expect((await post(`not-it-${i}`)).data.error.currentPassword).toEqual(["That isn't your current password."]);
    const locked = await post(TEST_PASSWORD);
    expect(locked.init.status).toBe(400);
    expect(locked.data.error.currentPassword?.[0]).toMatch(LOCKED);
    const refusals = (await auditRows("auth.password_check_refused")).filter((row) => row.actorId === user.id);
    expect(refusals.map((row) => row.ipAddress)).toEqual(["203.0.113.50"]);
  });
});
