// `npm run bench`: the /stock page at 100,000 bikes on PostgreSQL and PGlite, then a mixed read/write
// load on PostgreSQL. `-- --scenario stock|mixed` runs one of them; `--users N --seconds N
// --think-ms N` size the mixed one (50 users, 60 s, no pauses); `--vehicles N` the seed.
//
// Stock page, for each database: seed a fresh one (timed), measure the page's own SQL (listStock)
// through the driver, start the production server, sign in, then time one request at a time: a bare
// route (/healthz), the filtered and sorted stock document, and the same with a search. Then 10
// connections for 10 s against the stock document. Prints a table against the targets and the ratio
// page / (SQL + bare route). Mixed (scripts/bench/mixed.ts): dedicated bench users sign in through
// the form and browse and write (reserve and release, re-price, new deals, disclosures), each write
// checked. It reports; it doesn't gate: exit 0 when a target is missed, non-zero only when something
// breaks.
//
// Environment: BENCH_PG_URL (a PostgreSQL server; default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_VEHICLES (100000), BENCH_BRANCH (laguna-performance), BENCH_Q (adv), BENCH_DATABASES
// (postgres,pglite), BENCH_PORT (first port tried, and the 99 after it; 3400), BENCH_VACUUM=1 (run
// VACUUM ANALYZE after the seed: what autovacuum does on PostgreSQL within a minute or so, and nothing
// does on PGlite).
import { existsSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  childEnv,
  cleanUp,
  createPostgresDatabase,
  dropTempDatabase,
  fmt,
  ms,
  now,
  printTable,
  run,
  startServer,
  state,
  stats,
  stopChild,
  tempDir,
  type Stats,
} from "./bench/harness";
import { runMixed, type MixedOptions, type MixedResult } from "./bench/mixed";

let VEHICLES = Number((process.env.BENCH_VEHICLES ?? "100000").replace(/[_,]/g, ""));
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
const MIXED_DEFAULTS = { users: 50, seconds: 60 };

const loadAverage = () => loadavg().map((n) => n.toFixed(2)).join(", ");

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
  // The demo admin is enrolled in two-factor sign-in with a fixed key: the code its app would show now.
  if (String(reply.headers.location ?? "").startsWith("/login/code")) {
    const { codeForStep, keyFromText, stepAt } = await import("../app/modules/auth/totp.server");
    const { DEMO_TOTP_KEYS } = await import("../seed/demo-keys");
    const code = codeForStep(keyFromText(DEMO_TOTP_KEYS[ADMIN.email]!)!, stepAt());
    const second = await client.request("/login/code", {
      method: "POST",
      body: new URLSearchParams({ code, redirectTo: "/" }).toString(),
      headers: { Origin: base.origin, "Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "identity" },
    });
    if (second.status !== 302) throw new Error(`The two-factor step for ${ADMIN.email} failed: HTTP ${second.status}.`);
  }
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

interface Scenarios {
  stock: boolean;
  mixed: MixedOptions | null;
}

/** Seeds a fresh database of this kind, then runs the chosen scenarios on it (the mixed one on PostgreSQL only). */
async function benchDatabase(kind: Kind, scenarios: Scenarios) {
  let dbEnv: Record<string, string | undefined>;
  let url: string | null = null;
  if (kind === "postgres") {
    url = await createPostgresDatabase();
    if (!url) return null;
    dbEnv = { DATABASE_URL: url, DATA_DIR: undefined };
  } else {
    dbEnv = { DATABASE_URL: undefined, DATA_DIR: join(tempDir, "pglite") };
  }
  console.log(`\n== ${LABEL[kind]} ==`);
  try {
    // Seed (demo users and catalogue, then the bulk bikes), timed as a whole.
    const seedStarted = now();
    await run(process.execPath, ["--import", "tsx", "scripts/db-seed.ts", "--vehicles", String(VEHICLES)], childEnv(dbEnv, { NODE_ENV: undefined }), "  seed | ");
    const seedSeconds = ms(now() - seedStarted) / 1000;
    console.log(`  seed: ${VEHICLES.toLocaleString("en-GB")} bikes in ${fmt(seedSeconds)} s`);
    const stock = scenarios.stock ? await benchStockPage(kind, dbEnv, seedSeconds) : null;
    const mixed = scenarios.mixed && url && !state.interrupted ? await runMixed(url, scenarios.mixed) : null;
    return { stock, mixed };
  } finally {
    if (kind === "postgres") await dropTempDatabase();
    else rmSync(join(tempDir, "pglite"), { recursive: true, force: true });
  }
}

/** The stock page: its SQL through the driver, then the production server one request at a time and under load. */
async function benchStockPage(kind: Kind, dbEnv: Record<string, string | undefined>, seedSeconds: number): Promise<DatabaseResult> {
  // The page's SQL through the driver, before the server takes the database.
  const sql = await measureSql(dbEnv);

  const server = await startServer(kind, dbEnv);
  const { base } = server;
  const client = makeClient(base, 1);
  try {
    console.log(`  server: ${base.origin} (pid ${server.process.pid}, log ${server.logPath})`);
    await signIn(client, base);
    const page = await checkPage(client, STOCK_PATH);
    const searched = await checkPage(client, SEARCH_PATH);
    console.log(`  page: ${page.rows} rows, ${Math.round(page.bytes / 1024)} KB of HTML; with q=${SEARCH}: ${searched.rows} rows`);

    // One request at a time.
    const bare = await timeGet(client, "GET /healthz (bare route)", "/healthz");
    const stock = await timeGet(client, "GET /stock (branch, status, sort)", STOCK_PATH);
    const search = await timeGet(client, `GET /stock … &q=${SEARCH}`, SEARCH_PATH);

    // Bounded load.
    const loadResult = await load(base, client.cookie(), STOCK_PATH);
    return { kind, seedSeconds, bare, sqlStock: sql.stock, sqlSearch: sql.search, stock, search, stockRows: page.rows, stockBytes: page.bytes, load: loadResult };
  } finally {
    client.close();
    await stopChild(server.process);
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
  console.log("\n");
  printTable(head, rows, new Set([2, 3, 4, 5]));
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

const USAGE = `Usage: npm run bench [-- --scenario all|stock|mixed] [--users N] [--seconds N] [--think-ms N] [--vehicles N]
  stock: the /stock page on each database (BENCH_DATABASES); mixed: ${MIXED_DEFAULTS.users} users' reads and writes for ${MIXED_DEFAULTS.seconds} s on PostgreSQL; all (the default): both.`;

/** The command line: which scenarios, and the mixed one's size. Bad values stop the bench before it seeds anything. */
function readArguments() {
  const { values } = parseArgs({
    options: {
      scenario: { type: "string", default: "all" },
      users: { type: "string" },
      seconds: { type: "string" },
      "think-ms": { type: "string" },
      vehicles: { type: "string" },
    },
    strict: true,
  });
  const whole = (name: string, value: string | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    const n = /^\d+$/.test(value.replace(/[_,]/g, "")) ? Number(value.replace(/[_,]/g, "")) : NaN;
    if (!(n >= min && n <= max)) throw new Error(`--${name} needs a whole number from ${min} to ${max}, not "${value}".\n${USAGE}`);
    return n;
  };
  if (!["all", "stock", "mixed"].includes(values.scenario)) throw new Error(`Unknown --scenario "${values.scenario}".\n${USAGE}`);
  const mixed: MixedOptions = {
    users: whole("users", values.users, MIXED_DEFAULTS.users, 1, 500),
    seconds: whole("seconds", values.seconds, MIXED_DEFAULTS.seconds, 1, 600),
    thinkMs: whole("think-ms", values["think-ms"], 0, 0, 60_000),
  };
  return {
    vehicles: whole("vehicles", values.vehicles, VEHICLES, 1, 1_000_000),
    scenarios: { stock: values.scenario !== "mixed", mixed: values.scenario === "stock" ? null : mixed } satisfies Scenarios,
  };
}

async function main() {
  process.chdir(resolve(import.meta.dirname, ".."));
  if (!(VEHICLES >= 1)) throw new Error(`BENCH_VEHICLES must be a positive number, not "${process.env.BENCH_VEHICLES}".`);
  const { vehicles, scenarios } = readArguments();
  VEHICLES = vehicles;
  // The mixed scenario alone needs only PostgreSQL.
  const databases = scenarios.stock ? DATABASES : ["postgres"];
  if (!existsSync("build/index.js")) {
    console.log("No build/index.js: building first (npm run build)");
    await run("npm", ["run", "build"], process.env, "  build | ");
  }
  const mixed = scenarios.mixed ? `mixed read/write (${scenarios.mixed.users} users × ${scenarios.mixed.seconds} s, PostgreSQL)` : "";
  console.log(
    `Bench: ${[scenarios.stock ? "stock page" : "", mixed].filter(Boolean).join(" and ")}; ${VEHICLES.toLocaleString("en-GB")} bikes; ` +
      `databases: ${databases.join(", ")}; ${VACUUM ? "VACUUM ANALYZE after the seed; " : ""}temp folder ${tempDir}`,
  );
  console.log(`Machine: ${cpus().length} cores, Node ${process.version}, load average ${loadAverage()} at the start`);
  const results: DatabaseResult[] = [];
  let mixedResult: MixedResult | null = null;
  for (const kind of databases) {
    if (state.interrupted) break;
    if (kind !== "postgres" && kind !== "pglite") throw new Error(`Unknown database "${kind}" in BENCH_DATABASES (postgres, pglite).`);
    const result = await benchDatabase(kind, scenarios);
    if (result?.stock) results.push(result.stock);
    mixedResult ??= result?.mixed ?? null;
  }
  if (results.length) report(results);
  if (mixedResult) reportMixedSummary(mixedResult);
  if (!results.length && !mixedResult) console.log("\nNothing measured.");
  console.log(`Load average ${loadAverage()} at the end (1, 5, 15 min; other work on the machine skews the figures).`);
}

/** One line for the mixed scenario under the stock table (its full table was printed when it ran). */
function reportMixedSummary(r: MixedResult) {
  const mb = (value: number | null) => (value === null ? "–" : `${Math.round(value)} MB`);
  console.log(
    `\nMixed read/write, ${r.users} users × ${r.seconds} s on PostgreSQL (${r.processes} server processes): ${fmt(r.rps, 0)} req/s; ` +
      `p50/p95/p99 ${fmt(r.overall.median)}/${fmt(r.overall.p95)}/${fmt(r.overall.p99)} ms (reads ${fmt(r.reads.median)}/${fmt(r.reads.p95)}/${fmt(r.reads.p99)}, ` +
      `writes ${fmt(r.writes.median)}/${fmt(r.writes.p95)}/${fmt(r.writes.p99)}); ${r.errors} errors (target 0: ${r.errors ? "FAIL" : "pass"}); ` +
      `server RSS ${mb(r.rssStartMb)} at the start, ${mb(r.rssPeakMb)} at the peak, ${mb(r.rssEndMb)} at the end.`,
  );
}

try {
  await main();
  await cleanUp();
  process.exit(0);
} catch (error) {
  if (!state.interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await cleanUp();
  process.exit(state.interrupted ? 130 : 1);
}
