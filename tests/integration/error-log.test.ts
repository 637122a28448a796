import { createHash } from "node:crypto";
import { format } from "node:util";
import { sql } from "drizzle-orm";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@db/client";
import { requireUser } from "~/modules/auth/guards.server";
import { createUser } from "~/modules/users/users.server";
import { logError } from "~/utils/log.server";
import { startAppServer } from "../support/app-server";
import { cookieFor, makeUser, seedGroup } from "../support/factories";

// What reached the console while a test ran (the server runs in this process).
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const level of ["error", "warn", "log", "info"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(format(...args)));
  }
});
afterEach(() => vi.restoreAllMocks());

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  await seedGroup();
  server = await startAppServer({
    whoami: { loader: async (args: LoaderFunctionArgs) => Response.json({ userId: (await requireUser(args)).id }) },
  });
});
afterAll(() => server.stop());

const caught = (promise: Promise<unknown>) => promise.then(() => expect.fail("the query should have failed")).catch((error: unknown) => error);

describe("the error log", () => {
  it("writes a query's failure without its values: no email, password, or value PostgreSQL quotes back", async () => {
    const email = "jane.customer@example.com";
    const password = "hunter2-correct-horse";
    logError(await caught(db().execute(sql`select ${email}::uuid, ${password}::text`)), "test");
    // A unique violation's detail quotes the row: Key (lower(email))=(…) already exists.
    await createUser({ actor: null, email, name: "Jane Customer", role: "admin", branchIds: [], password });
    logError(await caught(db().execute(sql`insert into users (email, name, role, password_hash) values (${email}, 'Jane Again', 'admin', ${password})`)));

    const output = logged.join("\n");
    expect(output).toContain("Failed query: select $1::uuid, $2::text"); // the statement, with placeholders
    expect(output).toContain("params: [not logged]");
    expect(output).toMatch(/\[22P02\]: invalid input syntax for type uuid: "\[not logged\]"/);
    expect(output).toMatch(/\[23505\]: duplicate key value violates unique constraint/);
    expect(output).not.toContain(email);
    expect(output).not.toContain("jane.customer");
    expect(output).not.toContain(password);
  });

  // Issue 13: a failed session look-up was logged with its parameter, and the session id copied from
  // the log signed in as the admin. The look-up is made to fail for real: its table is gone.
  it("writes a failed session look-up without the session's token, its hash or the cookie", async () => {
    const cookie = await cookieFor(await makeUser("admin"));
    const token = cookie.slice("laguna_session=".length);
    const storedId = createHash("sha256").update(token).digest("hex");
    await db().execute(sql`drop table sessions`);

    const response = await fetch(`${server.base}/whoami`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain(token);
    expect(body).not.toMatch(/sessions|select/i);

    const output = logged.join("\n");
    expect(output).not.toContain(token);
    expect(output).not.toContain(storedId);
    expect(output).not.toContain("laguna_session=");
    expect(output).toMatch(/GET \/whoami: \w*Error: Failed query: select [\s\S]* from "sessions"/); // the failure was logged
  });
});
