import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { getSignedIn, requireUser } from "~/modules/auth/guards.server";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { loader as publicOffersLoader } from "~/routes/site.offers[.json]";
import { startAppServer } from "../support/app-server";
import { cookieFor, makeUser, seedGroup, TEST_PASSWORD } from "../support/factories";

const HOUR = 60 * 60 * 1000;
const SESSION_SECONDS = 12 * 60 * 60; // sessions end after 12 idle hours (DESIGN.md)
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const tokenOf = (cookie: string) => cookie.slice("laguna_session=".length);

let server: Awaited<ReturnType<typeof startAppServer>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  await seedGroup();
  admin = await makeUser("admin");
  server = await startAppServer({
    // What a signed-in page's loader does first; answers with who is signed in.
    whoami: { loader: async (args: LoaderFunctionArgs) => Response.json({ userId: (await requireUser(args)).id }) },
    "offers.json": { loader: publicOffersLoader },
  });
});
afterAll(() => server.stop());

const get = (path: string, cookie?: string) => fetch(`${server.base}/${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
const storedExpiry = async (token: string) =>
  (await db().select({ expiresAt: schema.sessions.expiresAt }).from(schema.sessions).where(eq(schema.sessions.id, sha256(token))))[0]?.expiresAt;

describe("session tokens", () => {
  it("keeps only the token's SHA-256 in the sessions table, and refuses a row keyed by anything else", async () => {
    const token = tokenOf(await cookieFor(admin));
    const rows = await db().select({ id: schema.sessions.id }).from(schema.sessions).where(eq(schema.sessions.userId, admin.id));
    expect(rows.map((row) => row.id)).toContain(sha256(token));
    expect(JSON.stringify(await db().select().from(schema.sessions))).not.toContain(token);
    await expect(db().insert(schema.sessions).values({ id: token, userId: admin.id, expiresAt: new Date(Date.now() + HOUR) })).rejects.toMatchObject({
      cause: { message: expect.stringContaining("sessions_id_is_token_hash") },
    });
  });

  it("signs no one in with a session id as the table (or a log) has it", async () => {
    const token = tokenOf(await cookieFor(admin));
    expect((await (await get("whoami", `laguna_session=${token}`)).json()) as unknown).toEqual({ userId: admin.id });
    const withStoredId = await get("whoami", `laguna_session=${sha256(token)}`);
    expect(withStoredId.status).toBe(302);
    expect(withStoredId.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect(await getSignedIn({ request: new Request("http://localhost/", { headers: { Cookie: `laguna_session=${sha256(token)}` } }), context: { cspNonce: "" } })).toBeNull();
  });
});

describe("the session cookie's lifetime", () => {
  it("lasts as long as the session: Max-Age 12 hours, the session ending 12 hours from sign-in", async () => {
    const before = Date.now();
    const response = (await loginAction({
      request: new Request("http://localhost/login", { method: "POST", body: new URLSearchParams({ email: admin.email, password: TEST_PASSWORD, redirectTo: "/" }) }),
      params: {},
      context: { cspNonce: "", clientIp: "192.0.2.1" },
    })) as Response;
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(new RegExp(`; Max-Age=${SESSION_SECONDS}(;|$)`));
    const expiry = await storedExpiry(tokenOf(setCookie.split(";")[0]!));
    expect(expiry!.getTime()).toBeGreaterThanOrEqual(before + 12 * HOUR - 1000);
    expect(expiry!.getTime()).toBeLessThanOrEqual(Date.now() + 12 * HOUR + 1000);
  });

  it("is sent again, for another 12 hours, when a use slides the session's expiry", async () => {
    const cookie = await cookieFor(admin);
    const token = tokenOf(cookie);
    // Seven idle hours later: 5 of the 12 left, under half, so this use extends the session.
    await db().update(schema.sessions).set({ expiresAt: new Date(Date.now() + 5 * HOUR) }).where(eq(schema.sessions.id, sha256(token)));
    const response = await get("whoami", cookie);
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^laguna_session=${token}; .*Max-Age=${SESSION_SECONDS}(;|$)`));
    expect((await storedExpiry(token))!.getTime()).toBeGreaterThan(Date.now() + 12 * HOUR - 5000);
  });

  it("is not sent again while the session has more than half its time left", async () => {
    const response = await get("whoami", await cookieFor(admin));
    expect(response.status).toBe(200);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("is cleared when its session has ended", async () => {
    const cookie = await cookieFor(admin);
    await db().update(schema.sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.sessions.id, sha256(tokenOf(cookie))));
    const response = await get("whoami", cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/^laguna_session=; .*Max-Age=0/);
  });
});

describe("caching", () => {
  it("tells browsers and proxies to keep no copy of a signed-in response, nor of a redirect to sign in", async () => {
    const signedIn = await get("whoami", await cookieFor(admin));
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("Cache-Control")).toBe("no-store");
    const anonymous = await get("whoami");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Cache-Control")).toBe("no-store");
  });

  it("leaves the public offers cacheable, as their route says", async () => {
    const response = await get("offers.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=60");
  });
});

describe("redirects after signing in", () => {
  const signIn = (redirectTo: string) =>
    loginAction({
      request: new Request("http://localhost/login", { method: "POST", body: new URLSearchParams({ email: admin.email, password: TEST_PASSWORD, redirectTo }) }),
      params: {},
      context: { cspNonce: "", clientIp: "192.0.2.2" },
    }) as Promise<Response>;

  it.each([
    ["/stock?page=2", "/stock?page=2"],
    ["/\n/evil.example", "/"],
    ["/stock\r\nSet-Cookie: x=y", "/"],
    ["/\t/evil.example", "/"],
    ["/%09/evil.example/phish", "/"],
  ])("sends a signed-in user from %j to %s, never a 500", async (redirectTo, expected) => {
    const response = await signIn(redirectTo);
    expect(response.status).toBe(302);
    // The admin owes a code first; the safe path travels on to the second step.
    expect(response.headers.get("Location")).toBe(`/login/code?${new URLSearchParams({ redirectTo: expected })}`);
  });

  it("sends a user already signed in on to a safe path only, whatever ?redirectTo= holds", async () => {
    const cookie = await cookieFor(admin);
    for (const [redirectTo, expected] of [["%0A", "/"], ["%2F%09%2Fevil.example%2Fphish", "/"], ["%2Fstock", "/stock"]]) {
      const request = new Request(`http://localhost/login?redirectTo=${redirectTo}`, { headers: { Cookie: cookie } });
      const thrown = await loginLoader({ request, params: {}, context: { cspNonce: "" } }).catch((response: unknown) => response);
      expect((thrown as Response).status).toBe(302);
      expect((thrown as Response).headers.get("Location")).toBe(expected);
    }
  });
});
