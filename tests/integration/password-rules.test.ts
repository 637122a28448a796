import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { DEMO_PASSWORD } from "../../seed";
import { getSignedIn } from "~/modules/auth/guards.server";
import { passwordProblem } from "~/modules/auth/password.server";
import { changeOwnPassword } from "~/modules/users/password.server";
import { createUser, resetPassword } from "~/modules/users/users.server";
import { action as newUserAction } from "~/routes/_app.admin.users.new";
import { cookieFor, makeUser, TEST_PASSWORD } from "../support/factories";

const COMMON = /^This password is among the most common passwords.*Choose another/;

describe("new passwords", () => {
  // The three an outside probe had accepted; each is in the published lists of the most used passwords.
  it.each(["password1234", "123456789012", "qwertyuiop12"])("refuses %s as among the most common passwords, saying why", (password) => {
    expect(passwordProblem(password)).toMatch(COMMON);
  });

  it.each([
    ["a run of one character", "aaaaaaaaaaaa", /repeats characters/],
    ["a sequence", "abcdefghijkl", /mostly a sequence/],
    ["built from the person's name", "newstarter2026", /contains your name or email address/],
    ["too short", "horse-sofa", /^Use at least 12 characters\.$/],
  ])("refuses a password %s", (_case, password, why) => {
    expect(passwordProblem(password, ["nina.newstarter@laguna.example", "Nina Newstarter"])).toMatch(why);
  });

  it.each([DEMO_PASSWORD, TEST_PASSWORD, "first password 2026", "a brand new password 42", "dedicated-e2e-2026"])("accepts %s", (password) => {
    expect(passwordProblem(password, ["admin@laguna.example", "Alex Admin"])).toBeNull();
  });

  it("refuses a common password when an admin creates a user, by the password field, and keeps no user", async () => {
    const admin = await makeUser("admin");
    const cookie = await cookieFor(admin);
    const response = (await newUserAction({
      request: new Request("http://localhost/admin/users/new", {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams({ intent: "create", name: "Pat Jones", email: "pat.common@test.example", role: "admin", password: "password1234" }),
      }),
      params: {},
      context: { cspNonce: "", clientIp: "203.0.113.60" },
    })) as { init: { status: number }; data: { error: Record<string, string[]> } };
    expect(response.init.status).toBe(400);
    expect(response.data.error.password?.[0]).toMatch(COMMON);
    expect(await db().select().from(schema.users).where(eq(schema.users.email, "pat.common@test.example"))).toEqual([]);
  });

  it("refuses a common password at creation, at an admin's reset and at one's own change", async () => {
    expect(await createUser({ actor: null, email: "q@test.example", name: "Quinn", role: "admin", branchIds: [], password: "123456789012" })).toMatchObject({
      ok: false,
      field: "password",
      message: expect.stringMatching(COMMON),
    });
    const admin = await makeUser("admin");
    const user = await makeUser("manager");
    expect(await resetPassword({ actor: admin, id: user.id, password: "qwertyuiop12" })).toMatchObject({
      ok: false,
      field: "password",
      message: expect.stringMatching(COMMON),
    });
    const signedIn = await getSignedIn({ request: new Request("http://localhost/", { headers: { Cookie: await cookieFor(user) } }), context: { cspNonce: "" } });
    const change = await changeOwnPassword({ user, sessionId: signedIn!.sessionId, ipAddress: "203.0.113.61", currentPassword: TEST_PASSWORD, newPassword: "password1234" });
    expect(change).toMatchObject({ ok: false, field: "newPassword", message: expect.stringMatching(COMMON) });
    // A refused new password uses up none of the account's guesses.
    expect(await db().select().from(schema.signInAttempts).where(eq(schema.signInAttempts.ipAddress, "203.0.113.61"))).toEqual([]);
  });
});
