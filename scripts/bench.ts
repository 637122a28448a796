// `npm run bench`: the /stock page at 100,000 bikes on PostgreSQL and PGlite.
//
// For each database: seed a fresh one (timed), measure the page's own SQL (listStock) through the
// driver, start the production server, sign in, then time one request at a time: a bare route
// (/healthz), the filtered and sorted stock document, and the same with a search. Then 10 connections
// for 10 s against the stock document. Prints a table against the targets and the ratio
// page / (SQL + bare route). It reports; it doesn't gate: exit 0 when a target is missed, non-zero
// only when something breaks.
//
// Environment: BENCH_PG_URL (a PostgreSQL server; default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_VEHICLES (100000), BENCH_BRANCH (laguna-performance), BENCH_Q (adv), BENCH_DATABASES
// (postgres,pglite), BENCH_PORT (first port tried, 3400-3499), BENCH_VACUUM=1 (run VACUUM ANALYZE after
// the seed: what autovacuum does on PostgreSQL within a minute or so, and nothing does on PGlite).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import postgres from "postgres";

const VEHICLES = Number((process.env.BENCH_VEHICLES ?? "100000").replace(/[_,]/g, ""));
const PG_SERVER = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BRANCH = process.env.BENCH_BRANCH ?? "laguna-performance";
const SEARCH = process.env.BENCH_Q ?? "adv";
const VACUUM = process.env.BENCH_VACUUM === "1";
const DATABASES = (process.env.BENCH_DATABASES ?? "postgres,pglite").split(",").map((s) => s.trim());
const ADMIN = { email: "admin@laguna.example", password: "laguna-demo-2026" };
const WARMUP = 20;
const TIMED = 200;
const LOAD_CONNECTIONS = 10;
const LOAD_SECONDS = 10;
const LOAD_MAX_REQUESTS = 100_000;
// Chrome's header: the server compresses the document as it would for a browser.
const ACCEPT_ENCODING = "gzip, deflate, br, zstd";

const STOCK_PATH = `/stock?${new URLSearchParams({ branch: BRANCH, status: "in_stock", sort: "price", dir: "asc" })}`;
const SEARCH_PATH = `${STOCK_PATH}&${new URLSearchParams({ q: SEARCH })}`;

type Kind = "postgres" | "pglite";
const LABEL: Record<Kind, string> = { postgres: "PostgreSQL", pglite: "PGlite" };
// Milliseconds: [median, p95] one at a time; the load target is PostgreSQL's only.
const TARGETS: Record<Kind, { stock: [number, number]; search: [number, number] }> = {
  postgres: { stock: [12, 25], search: [20, 35] },
  pglite: { stock: [20, 35], search: [30, 50] },
};
const LOAD_TARGET = { rps: 150, p99: 150 };
const RATIO_TARGET = 3;
const SEED_TARGET_S = 120;

// ---------------------------------------------------------------------------------------------
// Children, temp folder and temp database: all undone on exit, error or Ctrl-C.

const children = new Set<ChildProcess>();
const tempDir = mkdtempSync(join(tmpdir(), "laguna-bench-"));
let tempDatabase: { server: string; name: string } | null = null;

let interrupted = false;

function track(child: ChildProcess) {
  if (interrupted) child.kill("SIGKILL"); // started while stopping: it must not outlive the bench
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function stopChild(child: ChildProcess, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

let dropping: Promise<void> | null = null;
/** Drops the bench database once; every caller (the run, a signal's clean-up) waits for the same drop. */
function dropTempDatabase() {
  if (!tempDatabase) return dropping ?? Promise.resolve();
  const { server, name } = tempDatabase;
  tempDatabase = null;
  dropping = (async () => {
    const sql = postgres(server, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    try {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  })();
  return dropping;
}

let cleaning: Promise<void> | null = null;
function cleanUp() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((child) => stopChild(child, 5_000)));
    await dropTempDatabase().catch((error: unknown) => console.error(`Could not drop the bench database: ${(error as Error).message}`));
    rmSync(tempDir, { recursive: true, force: true });
  })();
  return cleaning;
}

// Last resort (an exit we didn't plan): no child outlives the bench.
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(tempDir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the children, dropping the bench database, removing ${tempDir}`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

const ms = (ns: bigint) => Number(ns) / 1e6;
const now = () => process.hrtime.bigint();
const loadAverage = () => loadavg().map((n) => n.toFixed(2)).join(", ");
const fmt = (value: number | null | undefined, digits = 1) => (value == null || Number.isNaN(value) ? "–" : value.toFixed(digits));

interface Stats {
  n: number;
  median: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles; the median of an even count is the mean of the middle two. */
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, median, p95: rank(0.95), p99: rank(0.99) };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, prefix: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = track(spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] }));
    const tail: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        console.log(`${prefix}${line}`);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout!.on("data", forward);
    child.stderr!.on("data", forward);
    child.once("error", fail);
    child.once("exit", (code, signal) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

function portIsFree(port: number) {
  return new Promise<boolean>((done) => {
    const server = net.createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

async function freePort() {
  const first = Number(process.env.BENCH_PORT) || 3400;
  for (let port = Math.max(3400, first); port <= 3499; port++) if (await portIsFree(port)) return port;
  throw new Error("No free port in 3400-3499.");
}

// ---------------------------------------------------------------------------------------------
// HTTP: node:http with a keep-alive agent (cheaper than fetch on the same two cores as the server).

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  body?: string;
}

function makeClient(base: URL, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  let cookie = "";
  function request(path: string, options: { method?: string; body?: string; headers?: Record<string, string>; keepBody?: boolean } = {}) {
    return new Promise<Reply>((done, fail) => {
      const headers: Record<string, string> = { "Accept-Encoding": ACCEPT_ENCODING, Accept: "text/html,*/*", ...options.headers };
      if (cookie) headers.Cookie = cookie;
      if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
      const req = http.request({ host: base.hostname, port: base.port, path, method: options.method ?? "GET", headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (options.keepBody) chunks.push(chunk);
        });
        res.once("end", () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, bytes, body: options.keepBody ? Buffer.concat(chunks).toString() : undefined }),
        );
        res.once("error", fail);
      });
      req.once("error", fail);
      req.end(options.body);
    });
  }
  return {
    request,
    setCookie: (value: string) => (cookie = value),
    cookie: () => cookie,
    close: () => agent.destroy(),
  };
}
type Client = ReturnType<typeof makeClient>;

async function waitForHealth(client: Client, server: ChildProcess, logPath: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}) before /healthz answered:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
    try {
      const reply = await client.request("/healthz");
      if (reply.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`/healthz did not answer within 120 s:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
}

async function signIn(client: Client, base: URL) {
  const body = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password, redirectTo: "/" }).toString();
  const reply = await client.request("/login", {
    method: "POST",
    body,
    headers: { Origin: base.origin, "Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "identity" },
  });
  const setCookie = ([] as string[]).concat(reply.headers["set-cookie"] ?? []);
  const session = setCookie.map((c) => c.split(";")[0]!).find((c) => c.startsWith("laguna_session="));
  if (reply.status !== 302 || !session) throw new Error(`Signing in as ${ADMIN.email} failed: HTTP ${reply.status}, no laguna_session cookie.`);
  client.setCookie(session);
}

/** The page must be the real thing (not the sign-in page or an error) before it is timed. */
async function checkPage(client: Client, path: string) {
  const reply = await client.request(path, { keepBody: true, headers: { "Accept-Encoding": "identity" } });
  const html = reply.body ?? "";
  const rows = (html.match(/<tr[\s>]/g) ?? []).length - 1; // minus the header row
  if (reply.status !== 200 || !html.includes("<h1>Stock</h1>")) throw new Error(`GET ${path} answered HTTP ${reply.status} without the stock page.`);
  if (rows < 1) throw new Error(`GET ${path} shows no bikes: the bench would time an empty page.`);
  return { rows, bytes: reply.bytes };
}

async function timeSequential(label: string, once: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    const started = now();
    await once();
    samples.push(ms(now() - started));
  }
  const result = stats(samples);
  console.log(`  ${label.padEnd(34)} median ${fmt(result.median, 2)} ms  p95 ${fmt(result.p95, 2)} ms  p99 ${fmt(result.p99, 2)} ms`);
  return result;
}

async function timeGet(client: Client, label: string, path: string) {
  return timeSequential(label, async () => {
    const reply = await client.request(path);
    if (reply.status !== 200) throw new Error(`GET ${path}: HTTP ${reply.status}`);
  });
}

interface LoadResult extends Stats {
  rps: number;
  errors: number;
}

/** N connections, each a loop of one request after another, for a fixed time (and at most a number of requests). */
async function load(base: URL, cookie: string, path: string): Promise<LoadResult> {
  const client = makeClient(base, LOAD_CONNECTIONS);
  client.setCookie(cookie);
  for (let i = 0; i < LOAD_CONNECTIONS; i++) await client.request(path); // open the connections first
  const samples: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = now();
  const end = Date.now() + LOAD_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: LOAD_CONNECTIONS }, async () => {
      while (Date.now() < end && issued < LOAD_MAX_REQUESTS) {
        issued++;
        const t = now();
        try {
          const reply = await client.request(path);
          if (reply.status === 200) samples.push(ms(now() - t));
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = ms(now() - started) / 1000;
  client.close();
  const result = { ...stats(samples), rps: samples.length / seconds, errors };
  console.log(
    `  load ${LOAD_CONNECTIONS} conns × ${LOAD_SECONDS} s: ${samples.length} requests, ${fmt(result.rps, 0)} req/s, ` +
      `p50 ${fmt(result.median)} ms, p99 ${fmt(result.p99)} ms, ${errors} errors`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// The page's own SQL through the driver: listStock in this process (the server is not running, so a
// PGlite folder has one process: this one).

async function measureSql(env: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const { closeDatabase, db, getDatabase, schema } = await import("../db/client");
  const { listStock, parseStockQuery } = await import("../app/modules/stock/stock-list.server");
  const { eq, sql } = await import("drizzle-orm");
  try {
    getDatabase();
    if (VACUUM) {
      const started = now();
      await db().execute(sql`vacuum analyze`);
      console.log(`  VACUUM ANALYZE (BENCH_VACUUM=1): ${fmt(ms(now() - started) / 1000)} s`);
    }
    const { rows: analyzed } = await selectRowsOf<{ analyzed: boolean }>(
      db().execute(sql`select (last_analyze is not null or last_autoanalyze is not null) as analyzed from pg_stat_user_tables where relname = 'vehicles'`),
    );
    console.log(`  vehicles statistics: ${analyzed[0]?.analyzed ? "analyzed" : "none yet (never analyzed)"}`);
    const [admin] = await db().select().from(schema.users).where(eq(schema.users.email, ADMIN.email));
    if (!admin) throw new Error(`The seed made no ${ADMIN.email}.`);
    const branchIds = (await db().select().from(schema.userBranches).where(eq(schema.userBranches.userId, admin.id))).map((row) => row.branchId);
    const user = { id: admin.id, email: admin.email, name: admin.name, role: admin.role, branchIds };
    const queryOf = (path: string) => parseStockQuery(new URL(path, "http://bench").searchParams);
    const probe = await listStock(user, queryOf(STOCK_PATH));
    console.log(`  listStock: ${probe.rows.length} rows of ${probe.total} (branch ${BRANCH}, in stock, by price)`);
    const stock = await timeSequential("SQL: listStock", () => listStock(user, queryOf(STOCK_PATH)));
    const search = await timeSequential(`SQL: listStock + q=${SEARCH}`, () => listStock(user, queryOf(SEARCH_PATH)));
    return { stock, search };
  } finally {
    await closeDatabase();
  }
}

/** PGlite answers `{ rows }`, postgres-js an array. */
async function selectRowsOf<Row>(result: Promise<unknown>): Promise<{ rows: Row[] }> {
  const value = (await result) as Row[] | { rows: Row[] };
  return { rows: Array.isArray(value) ? value : value.rows };
}

// ---------------------------------------------------------------------------------------------
// One database, start to finish.

interface DatabaseResult {
  kind: Kind;
  seedSeconds: number;
  bare: Stats;
  sqlStock: Stats;
  sqlSearch: Stats;
  stock: Stats;
  search: Stats;
  stockRows: number;
  stockBytes: number;
  load: LoadResult | null;
}

async function createPostgresDatabase(): Promise<string | null> {
  const admin = postgres(PG_SERVER, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    console.log(`\nPostgreSQL: skipped: ${PG_SERVER.replace(/\/\/[^@]*@/, "//…@")} is not reachable (${(error as Error).message}). Set BENCH_PG_URL to a server.`);
    return null;
  }
  const name = `laguna_bench_${process.pid}_${Date.now()}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  tempDatabase = { server: PG_SERVER, name };
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

async function benchDatabase(kind: Kind): Promise<DatabaseResult | null> {
  let dbEnv: Record<string, string | undefined>;
  if (kind === "postgres") {
    const url = await createPostgresDatabase();
    if (!url) return null;
    dbEnv = { DATABASE_URL: url, DATA_DIR: undefined };
  } else {
    dbEnv = { DATABASE_URL: undefined, DATA_DIR: join(tempDir, "pglite") };
  }
  console.log(`\n== ${LABEL[kind]} ==`);
  const childEnv = (extra: Record<string, string | undefined>) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries({ ...dbEnv, ...extra })) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return env;
  };

  // 1. Seed (demo users and catalogue, then the bulk bikes), timed as a whole.
  const seedStarted = now();
  await run(process.execPath, ["--import", "tsx", "scripts/db-seed.ts", "--vehicles", String(VEHICLES)], childEnv({ NODE_ENV: undefined }), "  seed | ");
  const seedSeconds = ms(now() - seedStarted) / 1000;
  console.log(`  seed: ${VEHICLES.toLocaleString("en-GB")} bikes in ${fmt(seedSeconds)} s`);

  // 2. The page's SQL through the driver, before the server takes the database.
  const sql = await measureSql(dbEnv);

  // 3. The production server.
  const port = await freePort();
  const base = new URL(`http://127.0.0.1:${port}`);
  const logPath = join(tempDir, `server-${kind}.log`);
  const log = openSync(logPath, "w");
  const server = track(
    spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
      env: childEnv({ NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" }),
      stdio: ["ignore", log, log],
    }),
  );
  const client = makeClient(base, 1);
  try {
    await waitForHealth(client, server, logPath);
    console.log(`  server: ${base.origin} (pid ${server.pid}, log ${logPath})`);
    await signIn(client, base);
    const page = await checkPage(client, STOCK_PATH);
    const searched = await checkPage(client, SEARCH_PATH);
    console.log(`  page: ${page.rows} rows, ${Math.round(page.bytes / 1024)} KB of HTML; with q=${SEARCH}: ${searched.rows} rows`);

    // 4. One request at a time.
    const bare = await timeGet(client, "GET /healthz (bare route)", "/healthz");
    const stock = await timeGet(client, "GET /stock (branch, status, sort)", STOCK_PATH);
    const search = await timeGet(client, `GET /stock … &q=${SEARCH}`, SEARCH_PATH);

    // 5. Bounded load.
    const loadResult = await load(base, client.cookie(), STOCK_PATH);
    return { kind, seedSeconds, bare, sqlStock: sql.stock, sqlSearch: sql.search, stock, search, stockRows: page.rows, stockBytes: page.bytes, load: loadResult };
  } finally {
    client.close();
    await stopChild(server);
    if (kind === "postgres") await dropTempDatabase();
    else rmSync(join(tempDir, "pglite"), { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The report.

function report(results: DatabaseResult[]) {
  const head = ["database", "endpoint", "median ms", "p95 ms", "p99 ms", "req/s", "target", "result"];
  const rows: string[][] = [];
  const mark = (ok: boolean) => (ok ? "pass" : "FAIL");
  for (const r of results) {
    const db = LABEL[r.kind];
    const t = TARGETS[r.kind];
    const line = (endpoint: string, s: Stats, target = "", result = "", rps = "") =>
      rows.push([db, endpoint, fmt(s.median, 2), fmt(s.p95, 2), fmt(s.p99, 2), rps, target, result]);
    line("bare route GET /healthz", r.bare);
    line("SQL listStock (driver)", r.sqlStock);
    line(`SQL listStock + q (driver)`, r.sqlSearch);
    line("GET /stock filtered, sorted", r.stock, `≤ ${t.stock[0]} / ≤ ${t.stock[1]}`, mark(r.stock.median <= t.stock[0] && r.stock.p95 <= t.stock[1]));
    line(`GET /stock … + q=${SEARCH}`, r.search, `≤ ${t.search[0]} / ≤ ${t.search[1]}`, mark(r.search.median <= t.search[0] && r.search.p95 <= t.search[1]));
    const ratio = r.stock.median / (r.sqlStock.median + r.bare.median);
    const ratioSearch = r.search.median / (r.sqlSearch.median + r.bare.median);
    rows.push([db, "ratio page/(SQL+bare)", fmt(ratio, 2), "", "", "", `≤ ${RATIO_TARGET}`, mark(ratio <= RATIO_TARGET)]);
    rows.push([db, "ratio page+q/(SQL+bare)", fmt(ratioSearch, 2), "", "", "", `≤ ${RATIO_TARGET}`, mark(ratioSearch <= RATIO_TARGET)]);
    if (r.load) {
      const pg = r.kind === "postgres";
      const ok = r.load.rps >= LOAD_TARGET.rps && r.load.p99 <= LOAD_TARGET.p99 && r.load.errors === 0;
      line(
        `GET /stock, ${LOAD_CONNECTIONS} conns × ${LOAD_SECONDS} s`,
        r.load,
        pg ? `≥ ${LOAD_TARGET.rps}/s, p99 ≤ ${LOAD_TARGET.p99}` : "(none)",
        pg ? mark(ok) : r.load.errors ? `${r.load.errors} errors` : "",
        fmt(r.load.rps, 0),
      );
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const print = (cells: string[]) => console.log(`| ${cells.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`);
  console.log("\n");
  print(head);
  console.log(`|${widths.map((w, i) => (i >= 2 && i <= 5 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`);
  rows.forEach(print);
  console.log("");
  for (const r of results) {
    const target = r.kind === "pglite" ? ` (target < ${SEED_TARGET_S} s: ${mark(r.seedSeconds < SEED_TARGET_S)})` : "";
    console.log(`Seed ${LABEL[r.kind]}: npm run db:seed -- --vehicles ${VEHICLES} in ${fmt(r.seedSeconds)} s${target}`);
  }
  console.log(
    `One at a time: ${WARMUP} warm-up then ${TIMED} timed requests each; /stock = ${STOCK_PATH} (${results[0]?.stockRows ?? "?"} rows, ` +
      `Accept-Encoding: ${ACCEPT_ENCODING}); signed in as ${ADMIN.email}${VACUUM ? "; VACUUM ANALYZE after the seed" : ""}.`,
  );
}

// ---------------------------------------------------------------------------------------------

async function main() {
  process.chdir(resolve(import.meta.dirname, ".."));
  if (!(VEHICLES >= 1)) throw new Error(`BENCH_VEHICLES must be a positive number, not "${process.env.BENCH_VEHICLES}".`);
  if (!existsSync("build/index.js")) {
    console.log("No build/index.js: building first (npm run build)");
    await run("npm", ["run", "build"], process.env, "  build | ");
  }
  console.log(
    `Bench: ${VEHICLES.toLocaleString("en-GB")} bikes; databases: ${DATABASES.join(", ")}; ${VACUUM ? "VACUUM ANALYZE after the seed; " : ""}temp folder ${tempDir}`,
  );
  console.log(`Machine: ${cpus().length} cores, Node ${process.version}, load average ${loadAverage()} at the start`);
  const results: DatabaseResult[] = [];
  for (const kind of DATABASES) {
    if (interrupted) break;
    if (kind !== "postgres" && kind !== "pglite") throw new Error(`Unknown database "${kind}" in BENCH_DATABASES (postgres, pglite).`);
    const result = await benchDatabase(kind);
    if (result) results.push(result);
  }
  if (results.length) report(results);
  else console.log("\nNothing measured.");
  console.log(`Load average ${loadAverage()} at the end (1, 5, 15 min; other work on the machine skews the figures).`);
}

try {
  await main();
  await cleanUp();
  process.exit(0);
} catch (error) {
  if (!interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await cleanUp();
  process.exit(interrupted ? 130 : 1);
}
