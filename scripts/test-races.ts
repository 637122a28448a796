import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import postgres from "postgres";

/**
 * npm run test:races: the test files that fire requests at once, again on PostgreSQL, because PGlite
 * runs one transaction at a time and so cannot lose a race. Uses TEST_DATABASE_URL or the local
 * server; the test set-up makes and drops its own databases there. With no server it says so and
 * passes, except under CI, where a skipped race is a failure.
 */
const RACE_TEST_FILES = [
  "tests/integration/races.test.ts", // offers applied at once, stale and simultaneous stock moves
  "tests/integration/stock-rules.test.ts", // two reservations of one bike; expiry beside an edit
  "tests/integration/deal-figures.test.ts", // two lender answers at once on one deal
  "tests/integration/sign-in-throttle.test.ts", // parallel wrong guesses against the throttle
  "tests/integration/account-password.test.ts", // parallel current-password guesses
  "tests/integration/idempotent-submissions.test.ts", // one form submitted twice at once: one record
  "tests/integration/two-factor.test.ts", // parallel wrong second-factor codes against the throttle
];

// A listed file that is gone, or no longer fires anything at once, would silently run nothing.
const drifted = RACE_TEST_FILES.filter((file) => !existsSync(file) || !readFileSync(file, "utf8").includes("Promise.all("));
if (drifted.length > 0) {
  console.error(`Race test list out of date (scripts/test-races.ts): ${drifted.join(", ")} missing or without Promise.all(.`);
  process.exit(1);
}

const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const shown = new URL(url);
if (shown.password) shown.password = "***";
const where = shown.toString();
const probe = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
const problem = await probe`select 1`.then(
  () => null,
  (error: Error) => error.message,
);
await probe.end({ timeout: 1 });
if (problem) {
  const inCi = process.env.CI === "true";
  console.error(`\nRace tests skipped: no PostgreSQL at ${where} (set TEST_DATABASE_URL). ${problem}${inCi ? "\nUnder CI that is a failure." : ""}\n`);
  process.exit(inCi ? 1 : 0);
}

console.log(`Race tests on PostgreSQL at ${where}: ${RACE_TEST_FILES.length} files.`);
const vitest = spawnSync("npx", ["vitest", "run", ...RACE_TEST_FILES], { stdio: "inherit", env: { ...process.env, TEST_DATABASE_URL: url } });
process.exit(vitest.status ?? 1);
