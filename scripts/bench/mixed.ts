// The mixed read/write scenario: N signed-in users (dedicated bench users of each role) for S seconds
// against the production server on PostgreSQL, each a loop of pages and writes in a weighted mix with
// no pause (or a random pause up to --think-ms). Reports requests/s, latency (overall, reads, writes,
// each kind), errors with their reasons, and the server's memory (primary and workers) before, at
// the peak of and after the load.
import { Browser } from "./browser";
import { fmt, printTable, serverRssMb, startServer, state, stats, stopChild, type Stats } from "./harness";
import { nextStep, type VirtualUser } from "./mixed-steps";
import { BENCH_PASSWORD, createBenchUsers, type BenchRole } from "./mixed-users";

export interface MixedOptions {
  users: number;
  seconds: number;
  thinkMs: number;
}

export interface MixedResult extends MixedOptions {
  requests: number;
  rps: number;
  overall: Stats;
  reads: Stats;
  writes: Stats;
  errors: number;
  processes: number;
  rssStartMb: number | null;
  rssPeakMb: number | null;
  rssEndMb: number | null;
  roles: Record<BenchRole, number>;
}

const MAX_REQUESTS = 1_000_000;
const SIGN_IN_AT_ONCE = 4; // each is an argon2 verification on the server: a few at a time

export async function runMixed(databaseUrl: string, options: MixedOptions): Promise<MixedResult> {
  const { users, seconds, thinkMs } = options;
  console.log(`\n== Mixed read/write: ${users} users × ${seconds} s on PostgreSQL${thinkMs ? `, pauses up to ${thinkMs} ms` : ", no pauses"} ==`);
  const plans = await createBenchUsers(databaseUrl, users);
  const roles = { manager: 0, finance: 0, admin: 0 };
  for (const plan of plans) roles[plan.role]++;
  console.log(`  users: ${roles.manager} managers (${plans.reduce((n, p) => n + p.bikes.length, 0)} bikes of their own), ${roles.finance} finance, ${roles.admin} admins`);

  // Every bench user signs in from 127.0.0.1, where real staff come from addresses of their own: the
  // per-address sign-in allowance is the one for an office behind one router.
  const server = await startServer("mixed", { DATABASE_URL: databaseUrl, DATA_DIR: undefined }, { SIGN_IN_MAX_FAILURES_PER_ADDRESS: String(Math.max(50, 2 * users)) });
  const primary = server.process.pid!;
  const startRss = serverRssMb(primary);
  console.log(`  server: ${server.base.origin} (pid ${primary}, ${startRss?.processes ?? "?"} processes, log ${server.logPath})`);

  const samples = new Map<string, { write: boolean; ms: number[]; errors: number }>();
  const reasons = new Map<string, { count: number; path: string }>();
  let issued = 0; // requests answered, and failed ones (each error counts once)
  const record = (kind: string, write: boolean, page: { ms: number } | null, problem: string | null, path: string) => {
    const entry = samples.get(kind) ?? { write, ms: [], errors: 0 };
    samples.set(kind, entry);
    issued++;
    if (problem) {
      entry.errors++;
      const key = `${kind}: ${problem.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>")}`;
      reasons.set(key, { count: (reasons.get(key)?.count ?? 0) + 1, path });
    } else if (page) entry.ms.push(page.ms);
  };

  const vus: VirtualUser[] = plans.map((plan) => ({ ...plan, browser: new Browser(server.base), record, seen: { bikes: [], deals: [], offers: [] }, drafts: [], turns: { reserve: 0, price: 0, deal: 0 } }));
  let peakMb = startRss?.mb ?? 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, serverRssMb(primary)?.mb ?? 0)), 1_000);
  try {
    // Sign in through the form, and open the dashboard once (untimed), a few users at a time.
    for (let i = 0; i < vus.length; i += SIGN_IN_AT_ONCE) {
      await Promise.all(
        vus.slice(i, i + SIGN_IN_AT_ONCE).map(async (vu) => {
          if (!(await vu.browser.signIn(vu.email, BENCH_PASSWORD))) throw new Error(`Signing in as ${vu.email} failed.`);
          const home = await vu.browser.get("/");
          if (home.status !== 200) throw new Error(`${vu.email}'s dashboard answered HTTP ${home.status}.`);
        }),
      );
    }
    console.log(`  signed in ${vus.length} users through POST /login; timing ${seconds} s…`);

    const started = process.hrtime.bigint();
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      vus.map(async (vu) => {
        while (Date.now() < end && issued < MAX_REQUESTS && !state.interrupted) {
          await nextStep(vu.role)(vu);
          if (thinkMs) await new Promise((wait) => setTimeout(wait, Math.random() * thinkMs));
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    const endRss = serverRssMb(primary);
    peakMb = Math.max(peakMb, endRss?.mb ?? 0);

    const all = [...samples.values()];
    const merged = (filter: (s: { write: boolean }) => boolean) => all.filter(filter).flatMap((s) => s.ms);
    const errors = all.reduce((n, s) => n + s.errors, 0);
    const result: MixedResult = {
      ...options,
      requests: issued,
      rps: issued / elapsed,
      overall: stats(merged(() => true)),
      reads: stats(merged((s) => !s.write)),
      writes: stats(merged((s) => s.write)),
      errors,
      processes: startRss?.processes ?? 0,
      rssStartMb: startRss?.mb ?? null,
      rssPeakMb: peakMb || null,
      rssEndMb: endRss?.mb ?? null,
      roles,
    };
    reportMixed(result, samples, reasons, elapsed);
    return result;
  } finally {
    clearInterval(sampler);
    for (const vu of vus) vu.browser.close();
    await stopChild(server.process);
  }
}

function reportMixed(r: MixedResult, samples: Map<string, { write: boolean; ms: number[]; errors: number }>, reasons: Map<string, { count: number; path: string }>, elapsed: number) {
  const row = (label: string, s: Stats, errors: number, rps = "") => [label, String(s.n + errors), rps, fmt(s.median), fmt(s.p95), fmt(s.p99), String(errors)];
  const kinds = [...samples.entries()].sort(([a, x], [b, y]) => Number(x.write) - Number(y.write) || a.localeCompare(b));
  const errorsOf = (write: boolean) => kinds.filter(([, s]) => s.write === write).reduce((n, [, s]) => n + s.errors, 0);
  console.log("");
  printTable(
    ["requests", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
    [
      row("all", r.overall, r.errors, fmt(r.rps, 0)),
      row("reads (GET)", r.reads, errorsOf(false)),
      row("writes (POST)", r.writes, errorsOf(true)),
      ...kinds.map(([kind, s]) => row(`  ${s.write ? "POST" : "GET"} ${kind}`, stats(s.ms), s.errors)),
    ],
    new Set([1, 2, 3, 4, 5, 6]),
  );
  const mb = (value: number | null) => (value === null ? "–" : `${Math.round(value)} MB`);
  console.log(
    `\nMixed: ${r.users} users (${r.roles.manager} managers, ${r.roles.finance} finance, ${r.roles.admin} admins) for ${fmt(elapsed)} s: ` +
      `${r.requests} requests, ${fmt(r.rps, 0)} req/s, p50 ${fmt(r.overall.median)} / p95 ${fmt(r.overall.p95)} / p99 ${fmt(r.overall.p99)} ms, ${r.errors} errors.`,
  );
  console.log(`Server memory (RSS of ${r.processes} processes: the primary and its workers): ${mb(r.rssStartMb)} at the start, ${mb(r.rssPeakMb)} at the peak, ${mb(r.rssEndMb)} at the end.`);
  if (reasons.size) {
    console.log("Errors (kind: reason × count, an example path):");
    for (const [reason, { count, path }] of [...reasons].sort((a, b) => b[1].count - a[1].count).slice(0, 15)) console.log(`  ${reason} × ${count} (${path})`);
  }
}
