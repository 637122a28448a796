// What every bench scenario shares: child processes, the temp folder and the temp PostgreSQL database
// (all undone on exit, error or Ctrl-C), timing helpers, and starting the production server.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";

export const PG_SERVER = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const children = new Set<ChildProcess>();
export const tempDir = mkdtempSync(join(tmpdir(), "laguna-bench-"));
let tempDatabase: { server: string; name: string } | null = null;

export const state = { interrupted: false };

export function track(child: ChildProcess) {
  if (state.interrupted) child.kill("SIGKILL"); // started while stopping: it must not outlive the bench
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export async function stopChild(child: ChildProcess, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

let dropping: Promise<void> | null = null;
/** Drops the bench database once; every caller (the run, a signal's clean-up) waits for the same drop. */
export function dropTempDatabase() {
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
export function cleanUp() {
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
    state.interrupted = true;
    console.error(`\n${signal}: stopping the children, dropping the bench database, removing ${tempDir}`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** A fresh database on the PostgreSQL server (dropped by cleanUp), or null when the server is unreachable. */
export async function createPostgresDatabase(): Promise<string | null> {
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

// ---------------------------------------------------------------------------------------------
// Timing.

export const ms = (ns: bigint) => Number(ns) / 1e6;
export const now = () => process.hrtime.bigint();
export const fmt = (value: number | null | undefined, digits = 1) => (value == null || Number.isNaN(value) ? "–" : value.toFixed(digits));

export interface Stats {
  n: number;
  median: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles; the median of an even count is the mean of the middle two. */
export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  if (!sorted.length) return { n: 0, median: NaN, p95: NaN, p99: NaN };
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, median, p95: rank(0.95), p99: rank(0.99) };
}

/** Prints a Markdown table; columns named in `right` are right-aligned. */
export function printTable(head: string[], rows: string[][], right: Set<number>) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const print = (cells: string[]) => console.log(`| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`);
  print(head);
  console.log(`|${widths.map((w, i) => (right.has(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`);
  rows.forEach(print);
}

// ---------------------------------------------------------------------------------------------
// Processes.

/** Runs a command to the end, its output prefixed; rejects on a non-zero exit. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, prefix: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = track(spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] }));
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) console.log(`${prefix}${line}`);
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

/** The first free port from BENCH_PORT (default 3400), trying the 100 from there. */
export async function freePort() {
  const first = Number(process.env.BENCH_PORT) || 3400;
  for (let port = first; port < first + 100; port++) if (await portIsFree(port)) return port;
  throw new Error(`No free port in ${first}-${first + 99}; set BENCH_PORT to the first of a free range.`);
}

/** Variables for a child: the inherited ones, with these set (undefined removes one). */
export function childEnv(...overrides: Record<string, string | undefined>[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(Object.assign({}, ...overrides) as Record<string, string | undefined>)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export interface Server {
  process: ChildProcess;
  base: URL;
  logPath: string;
}

/** The production server (`npm start` without npm: server/serve.ts under NODE_ENV=production), its output in a log file. */
export async function startServer(name: string, dbEnv: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}): Promise<Server> {
  const port = await freePort();
  const logPath = join(tempDir, `server-${name}.log`);
  const log = openSync(logPath, "w");
  const child = track(
    spawn(process.execPath, ["--import", "tsx", "server/serve.ts"], {
      env: childEnv(dbEnv, { NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" }, extra),
      stdio: ["ignore", log, log],
    }),
  );
  const server = { process: child, base: new URL(`http://127.0.0.1:${port}`), logPath };
  await waitForHealth(server);
  return server;
}

async function waitForHealth({ process: child, base, logPath }: Server) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) before /healthz answered:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
    const ok = await fetch(new URL("/healthz", base), { signal: AbortSignal.timeout(5_000) }).then(
      (reply) => reply.ok,
      () => false, // not listening yet
    );
    if (ok) return;
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`/healthz did not answer within 120 s:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
}

const command = (pid: number) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();

/**
 * Resident memory of a server: its primary and the cluster's workers, summed from /proc/<pid>/status.
 * Linux only; null elsewhere.
 */
export function serverRssMb(primaryPid: number): { mb: number; processes: number } | null {
  const rssKb = (pid: number) => {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0; // gone since the listing
    }
  };
  let pids: number[];
  try {
    command(primaryPid);
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).map(Number);
  } catch {
    return null;
  }
  const family = [primaryPid];
  for (const pid of pids) {
    try {
      // The parent pid is the second field after the command name, which is in parentheses and may hold
      // spaces. Workers run the primary's executable; a helper it starts for a moment (esbuild) doesn't count.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === primaryPid && stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) === command(primaryPid)) family.push(pid);
    } catch {
      // gone since the listing
    }
  }
  const kb = family.reduce((sum, pid) => sum + rssKb(pid), 0);
  return kb ? { mb: kb / 1024, processes: family.length } : null;
}
