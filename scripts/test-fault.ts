import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import postgres from "postgres";
import { faultTestServerUrl } from "../tests/fault/support/postgres-server";

/**
 * npm run test:fault: the database-outage test on the built server. It needs a PostgreSQL server
 * (TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432). Without one it says so; under CI that
 * is a failure, on a developer's machine the test is left out with that message.
 */
const url = faultTestServerUrl();
const probe = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
const reachable = await probe`select 1`.then(
  () => true,
  (error: Error) => {
    console.error(`\nFault test NOT RUN: no PostgreSQL at ${new URL(url).host} (${error.message}).`);
    console.error("Start one, or set TEST_DATABASE_URL=postgres://user@host:port/db, and run npm run test:fault.\n");
    return false;
  },
);
await probe.end({ timeout: 1 });
if (!reachable) process.exit(process.env.CI === "true" ? 1 : 0);

if (!existsSync("build/index.js")) {
  console.log("No production build yet: building first.");
  if (spawnSync("npm", ["run", "build"], { stdio: "inherit" }).status !== 0) process.exit(1);
}
const vitest = spawnSync("npx", ["vitest", "run", "--config", "vitest.fault.config.ts"], { stdio: "inherit" });
process.exit(vitest.status ?? 1);
