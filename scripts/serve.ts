import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { closeDatabase, getDatabase, poolSize } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { BROTLI, GZIP, remixHandler } from "./http/remix-handler";
import { requestLog } from "./http/request-log";
import { cspNonce, sameOriginOnly, securityHeaders } from "./http/security";

const port = Number(process.env.PORT) || 3000;
const host = process.env.HOST || "0.0.0.0";
const buildPath = resolve("build/index.js");

async function main() {
  const database = getDatabase();
  await migrateDatabase(database);
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

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
    console.log(`Laguna Admin on http://localhost:${port} (database: ${database.kind})`);
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
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * How many server processes. A Node process uses one core and a page is CPU-bound, so on PostgreSQL
 * production runs one per core (WEB_CONCURRENCY to choose). PGlite allows one process per data
 * folder, and the dev server reloads a single one.
 */
function processCount() {
  if (!process.env.DATABASE_URL || process.env.NODE_ENV !== "production") return 1;
  const chosen = Number(process.env.WEB_CONCURRENCY);
  return Number.isInteger(chosen) && chosen > 0 ? chosen : availableParallelism();
}

/**
 * The primary of several server processes: it starts them (they share the port), starts another if
 * one dies while serving, and on SIGTERM or SIGINT stops them all gracefully, then exits. A process
 * that dies before it served (a bad setting, the database down) stops the lot: restarting it would
 * only fail again.
 */
function superviseServers(count: number) {
  console.log(`Starting ${count} server processes (one per core; WEB_CONCURRENCY to choose), up to ${count * poolSize()} database connections`);
  let stopping = false;
  let failed = false;
  const serving = new Set<number>();
  const live = new Set<number>();
  const start = () => {
    const worker = cluster.fork();
    live.add(worker.id);
    worker.once("listening", () => serving.add(worker.id));
  };
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${reason}: stopping the server processes`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker.id);
    const clean = code === 0 && !signal;
    if (!stopping && serving.has(worker.id)) {
      console.error(`Server process ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another`);
      serving.delete(worker.id);
      start();
      return;
    }
    if (!clean) failed = true;
    if (!stopping) stop(`Server process ${worker.process.pid} could not start`);
    if (live.size === 0) {
      console.log(failed ? "Stopped, after a failure" : "Stopped");
      process.exit(failed ? 1 : 0);
    }
  });
  for (let i = 0; i < count; i++) start();
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

const processes = processCount();
if (processes > 1 && cluster.isPrimary) {
  superviseServers(processes);
} else {
  main().catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await closeDatabase().catch(() => {});
    process.exit(1);
  });
}
