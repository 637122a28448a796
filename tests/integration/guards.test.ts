import { eq } from "drizzle-orm";
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { getSignedIn, requireAccess, requireIntent, requireSession, requireSignedIn, requireUser, shownUser } from "~/modules/auth/guards.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { sessionIdFor } from "~/modules/auth/session.server";
import { loader as loginLoader } from "~/routes/login";
import { signIn } from "~/modules/auth/sign-in.server";
import { cookieFor, makeUser, seedGroup, TEST_PASSWORD } from "../support/factories";

// The guards called as a loader calls them, on real sessions: who gets through, where the others are
// sent (with what on the address), and what a look-up writes.
const MINUTE = 60_000;
const LOGIN_FOR_STOCK = "/login?redirectTo=%2Fstock%3Fpage%3D2";

let admin: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  await seedGroup();
  admin = await makeUser("admin");
  manager = await makeUser("manager");
});

const requestTo = (path: string, cookie?: string, init: RequestInit = {}) =>
  new Request(`http://localhost${path}`, { ...init, headers: cookie ? { Cookie: cookie } : {} });
const argsFor = (cookie?: string, context: Partial<AppLoadContext> = {}, path = "/stock?page=2") => ({
  request: requestTo(path, cookie),
  context: { cspNonce: "", ...context },
});
const thrown = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error("The guard let the request through.");
  },
  (error: unknown) => {
    if (!(error instanceof Response)) throw error;
    return error;
  },
);
const sessionOf = (cookie: string) => sessionIdFor(cookie.slice(cookie.indexOf("=") + 1));
const lastSeenOf = async (cookie: string) =>
  (await db().select({ lastSeenAt: schema.sessions.lastSeenAt }).from(schema.sessions).where(eq(schema.sessions.id, sessionOf(cookie))))[0]!.lastSeenAt;

describe("who is signed in", () => {
  it("is nobody without a cookie, and an anonymous page request goes to sign in, coming back to the page", async () => {
    expect(await getSignedIn(argsFor())).toBeNull();
    const response = await thrown(requireUser(argsFor()));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(LOGIN_FOR_STOCK);
  });

  it("names the user, their address as the request's (or 'unknown'), and tells the request log who it was", async () => {
    const cookie = await cookieFor(manager);
    const requestLog: { userId?: string } = {};
    const user = await requireUser(argsFor(cookie, { clientIp: "192.0.2.7", requestLog }));
    expect(user).toEqual({ ...manager, clientIp: "192.0.2.7" });
    expect(requestLog.userId).toBe(manager.id);
    expect((await requireUser(argsFor(cookie))).clientIp).toBe("unknown");
  });

  it("says 'expired' on the way to sign in when the cookie's session has ended, and clears the cookie", async () => {
    const cookie = await cookieFor(manager);
    await db().update(schema.sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.sessions.id, sessionOf(cookie)));
    const args = argsFor(cookie);
    const response = await thrown(requireUser(args));
    expect(response.headers.get("Location")).toBe(`${LOGIN_FOR_STOCK}&reason=expired`);
    expect(args.context.sessionCookie).toMatch(/^laguna_session=; .*Max-Age=0/);
  });

  it("ends every session of a deactivated user and says 'deactivated' on the way to sign in", async () => {
    const user = await makeUser("manager");
    const cookie = await cookieFor(user);
    await cookieFor(user); // a second device
    await db().update(schema.users).set({ active: false }).where(eq(schema.users.id, user.id));
    const args = argsFor(cookie);
    const response = await thrown(requireSession(args));
    expect(response.headers.get("Location")).toBe(`${LOGIN_FOR_STOCK}&reason=deactivated`);
    expect(args.context.sessionCookie).toMatch(/^laguna_session=; .*Max-Age=0/);
    expect(await db().select().from(schema.sessions).where(eq(schema.sessions.userId, user.id))).toEqual([]);
  });
});

describe("the sign-in page after a refusal", () => {
  const noticeFor = async (reason: string) =>
    ((await loginLoader({ request: requestTo(`/login?redirectTo=%2Fstock&reason=${reason}`), params: {}, context: { cspNonce: "" } })) as { notice: string | null }).notice;

  it("says why for the two reasons the guards give, and nothing for any other word on the address", async () => {
    expect(await noticeFor("expired")).toBe("Your session has ended, so you were signed out. Sign in again to carry on where you were.");
    expect(await noticeFor("deactivated")).toBe("You were signed out because your account has been deactivated. If you still need access, ask an admin to reactivate it.");
    expect(await noticeFor("")).toBeNull();
    expect(await noticeFor("You%20won%20a%20prize")).toBeNull();
  });
});

describe("one look-up per request", () => {
  it("serves the request's parallel loaders from one look-up, and the next request from a fresh one", async () => {
    const cookie = await cookieFor(manager);
    const args = argsFor(cookie);
    expect((await getSignedIn(args))?.user.id).toBe(manager.id);
    await db().delete(schema.sessions).where(eq(schema.sessions.id, sessionOf(cookie)));
    // Signed out meanwhile: this request still sees who it began with; the next one doesn't.
    expect((await getSignedIn({ ...args, request: requestTo("/finance", cookie) }))?.user.id).toBe(manager.id);
    expect(await getSignedIn(argsFor(cookie))).toBeNull();
  });

  it("looks up afresh when the same context carries another cookie", async () => {
    const context = { cspNonce: "" };
    expect((await getSignedIn({ request: requestTo("/", await cookieFor(manager)), context }))?.user.id).toBe(manager.id);
    expect((await getSignedIn({ request: requestTo("/", await cookieFor(admin)), context }))?.user.id).toBe(admin.id);
  });
});

describe("last seen", () => {
  it("is written when the session was last seen over five minutes ago", async () => {
    const cookie = await cookieFor(manager);
    await db().update(schema.sessions).set({ lastSeenAt: new Date(Date.now() - 6 * MINUTE) }).where(eq(schema.sessions.id, sessionOf(cookie)));
    const before = Date.now();
    await requireUser(argsFor(cookie));
    expect((await lastSeenOf(cookie)).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("is left alone within five minutes of the last write", async () => {
    const cookie = await cookieFor(manager);
    const fourMinutesAgo = new Date(Date.now() - 4 * MINUTE);
    await db().update(schema.sessions).set({ lastSeenAt: fourMinutesAgo }).where(eq(schema.sessions.id, sessionOf(cookie)));
    await requireUser(argsFor(cookie));
    expect((await lastSeenOf(cookie)).getTime()).toBe(fourMinutesAgo.getTime());
  });
});

describe("the second step", () => {
  // An admin must use a second factor: after the password alone, the session owes its code.
  const passwordOnly = async () => {
    const result = await signIn({ email: admin.email, password: TEST_PASSWORD, ipAddress: "127.0.0.1" });
    if (!result.ok) throw new Error(result.message);
    return result.setCookie.split(";")[0]!;
  };

  it("keeps a session owing its code to the code page, whatever it asks for, and back afterwards", async () => {
    const cookie = await passwordOnly();
    for (const guard of [requireSignedIn, requireUser, (args: ReturnType<typeof argsFor>) => requireAccess(args, "signed-in")]) {
      const response = await thrown(guard(argsFor(cookie, {}, "/finance?status=open")));
      expect(response.headers.get("Location")).toBe("/login/code?redirectTo=%2Ffinance%3Fstatus%3Dopen");
    }
  });

  it("lets the second step's own pages ('session') serve that session", async () => {
    const cookie = await passwordOnly();
    expect((await requireSession(argsFor(cookie))).user.id).toBe(admin.id);
    expect((await requireAccess(argsFor(cookie), "session")).id).toBe(admin.id);
  });
});

describe("permissions", () => {
  it("refuses a permission the role lacks with 403 and says what they can't do", async () => {
    const response = await thrown(requireAccess(argsFor(await cookieFor(manager)), "users:manage"));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("You can't manage users.");
    expect((await requireAccess(argsFor(await cookieFor(admin)), "users:manage")).id).toBe(admin.id);
  });
});

describe("an action's intent", () => {
  const intents = { save: "signed-in", manage: "users:manage" } as const;
  const post = (cookie: string | undefined, form: Record<string, string>) => ({
    request: new Request("http://localhost/admin/users", { method: "POST", body: new URLSearchParams(form), headers: cookie ? { Cookie: cookie } : {} }),
    context: { cspNonce: "" },
  });
  let bodiesRead = 0;
  const readBody = (request: Request) => {
    bodiesRead += 1;
    return request.formData();
  };

  it("serves a declared intent with the form read once, behind that intent's own need", async () => {
    const cookie = await cookieFor(manager);
    const served = await requireIntent(post(cookie, { intent: "save", name: "Ducati" }), intents, readBody);
    expect(served.actor.id).toBe(manager.id);
    expect(served.intent).toBe("save");
    expect(served.formData.get("name")).toBe("Ducati");
    const refused = await thrown(requireIntent(post(cookie, { intent: "manage" }), intents, readBody));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe("You can't manage users.");
  });

  it.each<Record<string, string>>([{ intent: "delete" }, {}, { intent: "toString" }, { intent: "__proto__" }])("refuses an intent the route doesn't declare (%j) with 400", async (form) => {
    const response = await thrown(requireIntent(post(await cookieFor(admin), form), intents, readBody));
    expect([response.status, response.statusText]).toEqual([400, "Bad Request"]);
    expect(await response.text()).toBe("That action isn't available here. Reload the page and try again.");
  });

  it("sends an anonymous post to sign in before reading its body", async () => {
    const before = bodiesRead;
    const response = await thrown(requireIntent(post(undefined, { intent: "save" }), intents, readBody));
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
    expect(bodiesRead).toBe(before);
  });
});

describe("the user as a page shows them", () => {
  it("keeps who they are and drops the request's address", () => {
    expect(shownUser({ ...manager, clientIp: "192.0.2.9" } as SessionUser)).toEqual(manager);
  });
});
