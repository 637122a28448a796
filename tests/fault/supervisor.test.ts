import { writeFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrlWithName } from "../support/postgres-url";
import { faultTestServerUrl } from "./support/postgres-server";
import { childPids, healthStatus, startBuiltServer, waitFor } from "./support/server";
import { startTcpProxy } from "./support/tcp-proxy";

// npm start on PostgreSQL with two server processes, started while the database is away.
const PORT = 3252;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const serverUrl = faultTestServerUrl();
const databaseName = `laguna_fault_supervisor_${process.pid}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let server: ReturnType<typeof startBuiltServer>;

beforeAll(async () => {
  await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin.unsafe(`create database ${databaseName}`);
  const target = new URL(serverUrl);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) || 5432 });
});

afterAll(async () => {
  await server?.stop();
  if (process.env.FAULT_TEST_LOG) writeFileSync(`${process.env.FAULT_TEST_LOG}.supervisor`, server?.log() ?? "");
  await proxy?.close();
  await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin.end();
});

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, "g"))?.length ?? 0;

describe("the supervisor of the server processes", () => {
  it("waits for a database that is away at start-up, migrating once it answers", async () => {
    proxy.cut("refuse");
    const proxied = new URL(databaseUrlWithName(serverUrl, databaseName));
    proxied.hostname = "127.0.0.1";
    proxied.port = String(proxy.port);
    server = startBuiltServer({ DATABASE_URL: proxied.toString(), PORT: String(PORT), HOST: "127.0.0.1", WEB_CONCURRENCY: "2" });
    await waitFor(async () => /Database unavailable \(\w+\) while migrating at start-up; trying again in 1 s/.test(server.log()), 20_000, "a retry");
    expect(childPids(server.child)).toEqual([]); // no server process before the migrations
    proxy.restore();
    await waitFor(async () => (await healthStatus(BASE_URL, 1000)).status === 200, 20_000, "the server to answer");
    expect(server.log()).toMatch(/Database reachable again: migrations applied/);
    // Both must be serving before one is killed: one that dies before it listened stops the lot.
    await waitFor(async () => childPids(server.child).length === 2 && count(server.log(), /Laguna Admin on http/) === 2, 20_000, "two serving processes");
  }, 45_000);

  it("replaces a server process that dies, without migrating, even while the database is away", async () => {
    const [victim, survivor] = childPids(server.child);
    proxy.cut("refuse");
    process.kill(victim!, "SIGKILL");
    // The replacement starts and serves: it would fail here if it tried to migrate.
    await waitFor(async () => count(server.log(), /Laguna Admin on http/) === 3, 20_000, "a replacement to listen");
    expect(server.log()).toMatch(new RegExp(`Server process ${victim} died \\(SIGKILL\\); starting another in 1 s`));
    const pids = childPids(server.child);
    expect(pids).toHaveLength(2);
    expect(pids).toContain(survivor);
    expect(pids).not.toContain(victim);
    expect(await healthStatus(BASE_URL)).toEqual({ status: 503, body: { status: "error", database: "postgres", reason: "database unavailable" } });
    proxy.restore();
    await waitFor(async () => (await healthStatus(BASE_URL, 1000)).status === 200, 5_000, "the server to answer again");
    expect(count(server.log(), /Starting 2 server processes/)).toBe(1);
  }, 30_000);

  it("stops gracefully on SIGTERM", async () => {
    expect(await server.stop()).toBe(0);
    expect(server.log()).toMatch(/SIGTERM: stopping the server processes[\s\S]*Stopped\n$/);
  });
});
