import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { twoFactorKeyProblem } from "../app/modules/auth/two-factor.server";
import { databaseUnavailableCode } from "../app/modules/system/database-unavailable.server";
import { closeDatabase, openPostgres, openServerDatabase, poolSize, type DatabaseHandle } from "../db/client";
import { migrateDatabase, migratePostgresUrl } from "../db/migrate";
import { answerDatabaseOutages } from "./http/database-outage";
import { BROTLI, GZIP, remixHandler } from "./http/remix-handler";
import { requestLog } from "./http/request-log";
import { cspNonce, sameOriginOnly, securityHeaders } from "./http/security";

const port = Number(process.env.PORT) || 3000;
const host = process.env.HOST || "0.0.0.0";
const buildPath = resolve("build/index.js");

/**
 * Serves the app in this process. `migrate` is false in a server process under the supervisor: the
 * primary migrated before starting it, and a replacement must not migrate again.
 */
/** Stops the start with the reason when two-factor keys could not be read (see twoFactorKeyProblem). */
async function refuseWithoutTotpKey(database: DatabaseHandle) {
  const problem = await twoFactorKeyProblem(database.db);
  if (problem) {
    console.error(`Error: ${problem}`);
    process.exit(1);
  }
}

async function serve({ migrate }: { migrate: boolean }) {
  const database = openServerDatabase();
  // Until it serves, a stop has nothing to finish.
  const stopBeforeServing = () => {
    console.log("Stopped");
    process.exit(0);
  };
  process.on("SIGTERM", stopBeforeServing).on("SIGINT", stopBeforeServing);
  if (migrate) {
    await migrateWhenReachable(() => migrateDatabase(database));
    // Under the supervisor the primary checked this once; a replacement started while the database is
    // away must not die on the query.
    await refuseWithoutTotpKey(database);
  }
  const build = answerDatabaseOutages((await import(pathToFileURL(buildPath).href)) as ServerBuild);

  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer, TRUST_PROXY says how many hops to trust for the client's address.
  if (process.env.TRUST_PROXY) app.set("trust proxy", Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY);
  app.use(requestLog);
  app.use(cspNonce, securityHeaders);
  app.use(sameOriginOnly);
  // The static files, compressed at the same settings as Remix's responses (which remixHandler
  // compresses whole, so the middleware stays off their path).
  const compressStatic = compression({ ...GZIP, brotli: BROTLI });
  app.use("/build", compressStatic, express.static("public/build", { immutable: true, maxAge: "1y" }));
  // The one file at the top of public/, named: a catch-all static handler would look on disk for
  // every page's path before the app answers it.
  app.get("/favicon.svg", compressStatic, (_req, res) => res.sendFile(resolve("public/favicon.svg"), { maxAge: "1h" }));
  app.all(
    "*",
    remixHandler(build, (req, res) => ({
      cspNonce: String(res.locals.cspNonce),
      clientIp: req.ip ?? "unknown",
      requestLog: res.locals.requestLog as { userId?: string },
    })),
  );

  const server = app.listen(port, host, () => {
    console.log(`Laguna Admin on http://localhost:${port} (database: ${database.kind}, pid ${process.pid})`);
    if (process.env.NODE_ENV === "development") void broadcastDevReady(build);
  });

  // Stop taking requests, let those in flight finish, close the database, exit.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then stopping`);
    const force = setTimeout(() => {
      console.error("Requests still running after 10 s; stopping anyway");
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      await closeDatabase();
      console.log("Stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.off("SIGTERM", stopBeforeServing).off("SIGINT", stopBeforeServing);
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * Applies the migrations, waiting for the database while it is unavailable (the server may start
 * before it, or during an outage): tries again with back-off up to 30 s, for as long as it takes. Any
 * other failure (a wrong password, a broken migration) is for a person to fix: it stops the start.
 */
async function migrateWhenReachable(migrate: () => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate();
      if (attempt > 1) console.log("Database reachable again: migrations applied");
      return;
    } catch (error) {
      const code = databaseUnavailableCode(error);
      if (!code) throw error;
      const wait = Math.min(2 ** (attempt - 1), 30);
      console.error(`Database unavailable (${code}) while migrating at start-up; trying again in ${wait} s (attempt ${attempt})`);
      await sleep(wait * 1000); // SIGTERM meanwhile exits at once: nothing is running
    }
  }
}

/**
 * How many server processes the supervisor runs. A Node process uses one core and a page is
 * CPU-bound, so one per core (WEB_CONCURRENCY to choose). Only on PostgreSQL in production: PGlite
 * allows one process per data folder, and the dev server reloads a single one.
 */
function processCount() {
  const chosen = Number(process.env.WEB_CONCURRENCY);
  return Number.isInteger(chosen) && chosen > 0 ? chosen : availableParallelism();
}
const supervised = () => Boolean(process.env.DATABASE_URL) && process.env.NODE_ENV === "production";

/**
 * The primary on PostgreSQL in production: it applies the migrations once (waiting for the database
 * if it is away), then starts the server processes, which share the port. A process that dies while
 * serving is replaced, after a back-off that grows while replacements keep dying (1 s to 30 s), and
 * never gives up: a dead database is waited out, not fatal. A process that dies before it listened
 * (a bad setting, a broken build, the port taken) stops the lot: a replacement would fail the same
 * way. SIGTERM or SIGINT stops them all gracefully, then the primary exits.
 */
async function superviseServers(count: number) {
  let stopping = false;
  let failed = false;
  const live = new Set<number>();
  const exitWhenNoneLive = () => {
    if (live.size > 0) return;
    console.log(failed ? "Stopped, after a failure" : "Stopped");
    process.exit(failed ? 1 : 0);
  };
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${reason}: stopping the server processes`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    exitWhenNoneLive();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  await migrateWhenReachable(() => migratePostgresUrl(process.env.DATABASE_URL!));
  const check = openPostgres(process.env.DATABASE_URL!, { max: 1 });
  await refuseWithoutTotpKey(check).finally(() => check.close());

  console.log(`Starting ${count} server processes (one per core; WEB_CONCURRENCY to choose), up to ${count * poolSize()} database connections`);
  // Server processes run this file, whatever started the primary (npm run demo imports it).
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  const serving = new Set<number>();
  const startedAt = new Map<number, number>();
  let quickDeaths = 0;
  const start = () => {
    if (stopping) return;
    const worker = cluster.fork();
    live.add(worker.id);
    startedAt.set(worker.id, Date.now());
    worker.once("listening", () => serving.add(worker.id));
  };
  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker.id);
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    const wasServing = serving.delete(worker.id);
    const how = signal ?? `exit ${code}`;
    if (stopping) {
      if (code !== 0 || signal) failed = true;
      return exitWhenNoneLive();
    }
    if (!wasServing) {
      failed = true;
      return stop(`Server process ${worker.process.pid} could not start (${how})`);
    }
    // One that served a minute before dying starts the back-off afresh.
    quickDeaths = lived > 60_000 ? 1 : quickDeaths + 1;
    const wait = Math.min(2 ** (quickDeaths - 1), 30);
    console.error(`Server process ${worker.process.pid} died (${how}); starting another in ${wait} s`);
    setTimeout(start, wait * 1000);
  });
  for (let i = 0; i < count; i++) start();
}

function exitAfter(error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  void closeDatabase()
    .catch(() => {})
    .finally(() => process.exit(1));
}

if (cluster.isWorker) {
  serve({ migrate: false }).catch(exitAfter);
} else if (supervised()) {
  superviseServers(processCount()).catch(exitAfter);
} else {
  serve({ migrate: true }).catch(exitAfter);
}
