import { spawn } from "node:child_process";

/**
 * npm test: every test, in two lanes at once on the two cores.
 *   browser lane: the production build, the browser tests, then the fault tests (timing-sensitive);
 *   server lane (at a lower priority): the server tests on PGlite, then on PostgreSQL either the race
 *   test files (npm run test:races) or, when TEST_POSTGRES_PASS_URL names a server database (CI does),
 *   every integration test again there (the unit tests touch no database), race files included.
 * The browser tests spend much of their time waiting (a page, a fresh code, a step-up lapsing), and
 * the server lane uses it. A lane stops at its first failure; the other runs on; any failure fails.
 */
type Command = { what: string; argv: string[]; env?: Record<string, string> };

const LOWER_PRIORITY = process.platform === "linux" || process.platform === "darwin" ? ["nice", "-n", "5"] : [];
const postgresPass = process.env.TEST_POSTGRES_PASS_URL;

const browserLane: Command[] = [
  { what: "browser tests (build first)", argv: ["npm", "run", "test:e2e"] },
  { what: "fault tests", argv: ["npm", "run", "test:fault"] },
];
const serverLane: Command[] = [
  { what: "server tests on PGlite", argv: [...LOWER_PRIORITY, "npx", "vitest", "run"], env: { TEST_DATABASE_URL: "" } },
  postgresPass
    ? { what: "server tests on PostgreSQL", argv: [...LOWER_PRIORITY, "npx", "vitest", "run", "--project", "integration"], env: { TEST_DATABASE_URL: postgresPass } }
    : { what: "race tests on PostgreSQL", argv: [...LOWER_PRIORITY, "npm", "run", "test:races"] },
];

const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)}s`;

/** Runs one command, its output prefixed with the lane's name line by line; resolves to its exit status. */
function run(lane: string, { argv, env }: Command): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop()!;
        for (const line of lines) process.stdout.write(`[${lane}] ${line}\n`);
      });
      stream.on("end", () => rest && process.stdout.write(`[${lane}] ${rest}\n`));
    }
    child.on("error", (error) => {
      process.stdout.write(`[${lane}] could not start ${argv.join(" ")}: ${error.message}\n`);
      resolve(1);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function runLane(lane: string, commands: Command[]) {
  for (const command of commands) {
    const status = await run(lane, command);
    console.log(`[${lane}] ${command.what}: ${status === 0 ? "passed" : `FAILED (exit ${status})`} at ${seconds()}`);
    if (status !== 0) return `${command.what} failed`;
  }
  return null;
}

const failures = (await Promise.all([runLane("browser", browserLane), runLane("server", serverLane)])).filter(Boolean);
if (failures.length > 0) {
  console.error(`\nnpm test FAILED after ${seconds()}: ${failures.join("; ")}.`);
  process.exit(1);
}
console.log(`\nnpm test passed in ${seconds()}.`);
