import { readdirSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { cookieFor, makeUser, seedGroup } from "../support/factories";

/**
 * Every route module must say who may use it. A new route missing here fails this test, and every
 * listed route is called anonymously (and, when admin-only, as each other role) to prove it refuses.
 */
const ACCESS: Record<string, "public" | "signed-in" | "admin"> = {
  "login.tsx": "public",
  "healthz.ts": "public",
  "site.offers.tsx": "public",
  "site.offers[.json].ts": "public",
  "logout.ts": "signed-in",
  "_app.tsx": "signed-in",
  "_app._index.tsx": "signed-in",
  "_app.account.tsx": "signed-in",
  "_app.$.tsx": "signed-in",
  "_app.stock.catalogue.tsx": "signed-in",
  "_app.admin.users._index.tsx": "admin",
  "_app.admin.users.new.tsx": "admin",
  "_app.admin.users.$id.tsx": "admin",
  "_app.admin.branches.tsx": "admin",
  "_app.admin.audit.tsx": "admin",
  "_app.stock.new.tsx": "signed-in",
  "_app.finance.new.tsx": "signed-in",
  "_app.finance.$id.tsx": "signed-in",
  "_app.finance.$id_.edit.tsx": "signed-in",
  "_app.finance.$id_.evidence.tsx": "signed-in",
  "finance.$id.evidence[.json].ts": "signed-in",
  "_app.stock.$id.tsx": "signed-in",
  "_app.stock.$id_.edit.tsx": "signed-in",
  "_app.stock.import.tsx": "signed-in",
  "stock.import[.csv].ts": "signed-in",
  "admin.audit[.csv].ts": "admin",
  "_app.stock._index.tsx": "signed-in",
  "stock[.csv].ts": "signed-in",
  "_app.lenders._index.tsx": "signed-in",
  "_app.lenders.$id.tsx": "signed-in",
  "_app.lenders.documents.tsx": "signed-in",
  "_app.finance._index.tsx": "signed-in",
  "finance[.csv].ts": "signed-in",
  "_app.finance.report.tsx": "signed-in",
  "_app.finance.check.tsx": "signed-in",
  "_app.offers._index.tsx": "signed-in",
  "_app.offers.new.tsx": "signed-in",
  "_app.offers.$id.tsx": "signed-in",
};

const routesDir = join(process.cwd(), "app/routes");
const routeFiles = readdirSync(routesDir).filter((file) => /\.(ts|tsx)$/.test(file));

type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => Promise<unknown>;

async function outcome(handler: Handler, method: "GET" | "POST", cookie?: string) {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const body = method === "POST" ? new URLSearchParams({ intent: "update" }) : undefined;
  const request = new Request("http://localhost/probe", { method, headers, body });
  try {
    return await handler({ request, params: { id: randomUUID() }, context: { cspNonce: "" } });
  } catch (thrown) {
    return thrown;
  }
}

function isRefusal(result: unknown, kind: "anonymous" | "forbidden") {
  if (!(result instanceof Response)) return false;
  if (kind === "forbidden") return result.status === 403;
  return result.status === 401 || result.status === 403 || (result.status === 302 && (result.headers.get("Location") ?? "").startsWith("/login"));
}

describe("route access", () => {
  it("lists every route module in the access map", () => {
    const unlisted = routeFiles.filter((file) => !(file in ACCESS));
    expect(unlisted, "add these routes to ACCESS with who may use them").toEqual([]);
  });

  const guarded = routeFiles.filter((file) => ACCESS[file] && ACCESS[file] !== "public");
  let cookies: Record<"manager" | "finance", string>;

  beforeAll(async () => {
    const branches = await seedGroup();
    const manager = await makeUser("manager", [branches["laguna-ktm"]!]);
    const finance = await makeUser("finance", [branches["maidstone-honda"]!]);
    cookies = { manager: await cookieFor(manager), finance: await cookieFor(finance) };
  });

  it.each(guarded)("%s refuses anonymous GET and POST", async (file) => {
    const mod = (await import(join(routesDir, file))) as { loader?: Handler; action?: Handler };
    expect(mod.loader ?? mod.action, `${file} has neither loader nor action`).toBeDefined();
    if (mod.loader) expect(isRefusal(await outcome(mod.loader, "GET"), "anonymous"), `${file} loader`).toBe(true);
    if (mod.action) expect(isRefusal(await outcome(mod.action, "POST"), "anonymous"), `${file} action`).toBe(true);
  });

  const adminOnly = routeFiles.filter((file) => ACCESS[file] === "admin");
  it.each(adminOnly.flatMap((file) => [[file, "manager"], [file, "finance"]] as const))(
    "%s refuses a %s with 403",
    async (file, role) => {
      const mod = (await import(join(routesDir, file))) as { loader?: Handler; action?: Handler };
      if (mod.loader) expect(isRefusal(await outcome(mod.loader, "GET", cookies[role]), "forbidden"), `${file} loader`).toBe(true);
      if (mod.action) expect(isRefusal(await outcome(mod.action, "POST", cookies[role]), "forbidden"), `${file} action`).toBe(true);
    },
  );
});
