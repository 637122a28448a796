import express from "express";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLog } from "../../server/http/request-log";
import { cspNonce, sameOriginOnly, securityHeaders } from "../../server/http/security";
import { safeRedirectPath } from "~/utils/http.server";

let base: string;
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.use(requestLog, cspNonce, securityHeaders, sameOriginOnly);
  app.all("/echo", (_req, res) => {
    res.send(`nonce=${res.locals.cspNonce}`);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe("request safety", () => {
  it("refuses a POST from another origin, and one with no Origin at all", async () => {
    const foreign = await fetch(`${base}/echo`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const missing = await fetch(`${base}/echo`, { method: "POST" });
    expect(missing.status).toBe(403);
  });

  it("accepts a POST from the app's own origin", async () => {
    const own = await fetch(`${base}/echo`, { method: "POST", headers: { Origin: base } });
    expect(own.status).toBe(200);
  });

  it("sends a CSP whose script nonce matches the page and never allows inline scripts", async () => {
    const response = await fetch(`${base}/echo`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = (await response.text()).replace("nonce=", "");
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("gives every response a fresh nonce", async () => {
    const [a, b] = await Promise.all([fetch(`${base}/echo`).then((r) => r.text()), fetch(`${base}/echo`).then((r) => r.text())]);
    expect(a).not.toEqual(b);
  });
});

// Known open-redirect bypasses (from the usual lists: OWASP's, PayloadsAllTheThings', and the probe
// of issue 13 that took Chromium from /login?redirectTo=%2F%09%2Fevil.example to evil.example).
const BYPASSES = [
  "//evil.example",
  "///evil.example",
  "////evil.example/",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "/\u0000/evil.example",
  "/\u000b/evil.example",
  "/\u000c/evil.example",
  "/\u007f/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0D/evil.example",
  "/%00/evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%5c%5cevil.example",
  "/%252F%252Fevil.example",
  "/%25252F%25252Fevil.example",
  "/%2F%2F%65vil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/x/..//evil.example",
  "/%2e%2e//evil.example",
  "/%2e//evil.example",
  "/./%2F/evil.example",
  "https://evil.example",
  "http:evil.example",
  "http:/evil.example",
  "https:\\\\evil.example",
  "//evil.example@admin.laguna.example",
  "//admin.laguna.example@evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "%0d%0aLocation: https://evil.example",
  "/\r\nSet-Cookie: laguna_session=stolen",
  "/%0d%0aSet-Cookie:%20laguna_session=stolen",
  "/%E0%A4%A",
  "",
  "evil.example",
];

const OUR_ORIGIN = "https://admin.laguna.example";
/** Where a browser on one of our pages goes with this Location. */
const followed = (location: string, from = `${OUR_ORIGIN}/login?redirectTo=x`) => new URL(location, from);

describe("safeRedirectPath", () => {
  it.each([
    ["/stock?page=2", "/stock?page=2"],
    ["/", "/"],
    ["/finance/0b5c/evidence?print=1#steps", "/finance/0b5c/evidence?print=1#steps"],
    ["/stock?q=a b&sort=price", "/stock?q=a%20b&sort=price"],
    ["/stock?q=http://x//y", "/stock?q=http://x//y"],
    ["/a/../stock", "/stock"],
  ])("follows a same-site path, normalised: %s → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each(BYPASSES.map((bypass) => [JSON.stringify(bypass), bypass]))("refuses the bypass %s", (_shown, bypass) => {
    const path = safeRedirectPath(bypass);
    expect(path).toBe("/");
    expect(followed(path).origin).toBe(OUR_ORIGIN);
  });

  it("refuses what is not a string", () => {
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(undefined, "/stock")).toBe("/stock");
    expect(safeRedirectPath(new File(["//evil.example"], "x.txt"))).toBe("/");
  });

  it("gives, for any input, a path a browser follows to our own origin and a header can carry", () => {
    const pieces = ["/", "\\", "//", ".", "..", "%2F", "%2f", "%5C", "%09", "%0A", "%25", "%2e", "\t", "\n", "\r", "\u0000", " ", "@", ":", "?", "#", "evil.example", "javascript:", "é", "\u3000"];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 12 }), (parts) => {
        const path = safeRedirectPath(parts.join(""));
        expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
        expect(followed(path).origin).toBe(OUR_ORIGIN);
        expect(followed(path, `${OUR_ORIGIN}/stock/123/edit`).origin).toBe(OUR_ORIGIN);
        expect(() => new Headers({ Location: path })).not.toThrow();
      }),
      { numRuns: 5_000, seed: 13 },
    );
  });
});
