import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLog } from "../../scripts/http/request-log";
import { cspNonce, sameOriginOnly, securityHeaders } from "../../scripts/http/security";
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

describe("safeRedirectPath", () => {
  it.each([
    ["/stock?page=2", "/stock?page=2"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    [null, "/"],
  ])("follows only same-site paths: %s → %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
