import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DatabaseHandle } from "@db/client";
import { databaseUnavailableCode } from "~/modules/system/database-unavailable.server";
import { faultTestServerUrl } from "./support/postgres-server";
import { startTcpProxy } from "./support/tcp-proxy";

// The PostgreSQL client as the app opens it, through a proxy the test cuts.
const serverUrl = new URL(faultTestServerUrl());
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let database: DatabaseHandle;
const proxiedUrl = () => {
  const url = new URL(serverUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  return url.toString();
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failureOf = (query: Promise<unknown>) =>
  query.then(
    () => "succeeded",
    (error: unknown) => databaseUnavailableCode(error) ?? String(error),
  );

beforeAll(async () => {
  proxy = await startTcpProxy({ host: serverUrl.hostname, port: Number(serverUrl.port) || 5432 });
  database = openPostgres(proxiedUrl(), { max: 4 });
});

afterAll(async () => {
  await database?.close();
  await proxy?.close();
});

describe("the PostgreSQL client when the database goes away", () => {
  it("rejects transactions whose connections the server closes, and the process carries on", async () => {
    // postgres 3.4.9 unpatched: each rollback is written to a socket already gone and a TypeError
    // from a timer ends the process (tests/fault would stop with an unhandled error).
    const transactions = Array.from({ length: 4 }, () =>
      failureOf(
        database.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_sleep(0.5)`);
          await tx.execute(sql`select 1`);
        }),
      ),
    );
    await sleep(200);
    proxy.cut("refuse");
    expect(await Promise.all(transactions)).toEqual(["CONNECTION_CLOSED", "CONNECTION_CLOSED", "CONNECTION_CLOSED", "CONNECTION_CLOSED"]);
    await sleep(300); // the rollbacks' writes run in a later turn of the event loop
    proxy.restore();
    expect(await database.db.execute(sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it("answers again within a second and a half of the database's return, however long it was away", async () => {
    proxy.cut("refuse");
    // Many failed connections: the driver's own back-off would now wait up to 20 s before the next.
    for (let i = 0; i < 12; i++) expect(await failureOf(database.db.execute(sql`select 1`))).toMatch(/^(ECONNRESET|CONNECTION_CLOSED)$/);
    proxy.restore();
    const restored = Date.now();
    expect(await failureOf(database.db.execute(sql`select 1`))).toBe("succeeded");
    expect(Date.now() - restored).toBeLessThan(1_500);
  });

  it("gives up on a connection that never answers after the connect timeout (2 s)", async () => {
    const silentDatabase = openPostgres(proxiedUrl(), { max: 1 });
    proxy.cut("blackhole");
    const started = Date.now();
    expect(await failureOf(silentDatabase.db.execute(sql`select 1`))).toBe("CONNECT_TIMEOUT");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(Date.now() - started).toBeLessThan(3_000);
    proxy.restore();
    await silentDatabase.close();
  });

  it("cancels a statement that runs past the statement timeout (57014)", async () => {
    const limited = openPostgres(proxiedUrl(), { max: 1, statementTimeoutMs: 300 });
    const started = Date.now();
    expect(await failureOf(limited.db.execute(sql`select pg_sleep(3)`))).toBe("57014");
    expect(Date.now() - started).toBeLessThan(1_500);
    await limited.close();
  });
});
