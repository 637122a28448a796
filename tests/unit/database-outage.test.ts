import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { answerDatabaseOutages } from "../../server/http/database-outage";

const failing = (error: unknown) => async () => {
  throw error;
};
const buildWith = (module: Record<string, unknown>) =>
  ({ routes: { "routes/stock": { id: "routes/stock", path: "stock", module } } }) as unknown as ServerBuild;
const args = { request: new Request("http://localhost/stock?q=secret"), params: {} };
// Each call a request of its own (its own load context).
const call = (build: ServerBuild, name: "loader" | "action") =>
  (build.routes["routes/stock"]!.module[name] as (a: unknown) => Promise<unknown>)({ ...args, context: {} });

describe("loaders and actions while the database is away", () => {
  it("turn a connection failure into a 503 that says the database is unavailable, logging one line without the query", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const cause = Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });
    const build = answerDatabaseOutages(buildWith({ loader: failing(new Error("Failed query: select … params: token", { cause })) }));
    const thrown = await call(build, "loader").catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(503);
    expect((thrown as Response).headers.get("Retry-After")).toBe("5");
    expect(await (thrown as Response).text()).toBe("The database is unavailable at the moment. Please try again shortly.");
    expect(log.mock.calls).toEqual([["Database unavailable (CONNECTION_CLOSED) in routes/stock for GET /stock"]]);
    log.mockRestore();
  });

  it("leave every other error as it was (a 500 for handleError), and answers and redirects untouched", async () => {
    const bug = new TypeError("Cannot read properties of undefined");
    const redirect = new Response(null, { status: 302, headers: { Location: "/login" } });
    const build = answerDatabaseOutages(buildWith({ loader: failing(bug), action: failing(redirect), default: () => null }));
    await expect(call(build, "loader")).rejects.toBe(bug);
    await expect(call(build, "action")).rejects.toBe(redirect);
    const plain = answerDatabaseOutages(buildWith({ loader: async () => ({ rows: 3 }) }));
    expect(await call(plain, "loader")).toEqual({ rows: 3 });
    expect(plain.routes["routes/stock"]!.module.action).toBeUndefined();
  });

  it("answer the rest of a request whose database call failed with 503 at once, without calling the database again", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const layoutLoader = vi.fn(async () => ({ user: "someone" }));
    const build = answerDatabaseOutages(buildWith({ action: failing(Object.assign(new Error("x"), { code: "CONNECT_TIMEOUT" })), loader: layoutLoader }));
    const context = {};
    const request = { ...args, context };
    const route = build.routes["routes/stock"]!.module as unknown as Record<"loader" | "action", (a: typeof request) => Promise<unknown>>;
    await expect(route.action(request)).rejects.toMatchObject({ status: 503 });
    await expect(route.loader(request)).rejects.toMatchObject({ status: 503 });
    expect(layoutLoader).not.toHaveBeenCalled();
    expect(await route.loader({ ...args, context: {} })).toEqual({ user: "someone" }); // another request
    log.mockRestore();
  });
});
