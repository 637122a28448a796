// Mutation testing of the rule modules (#14 item 5): `npm run test:mutation`; README, Testing.
import { selectedGroups } from "./tests/mutation/groups.js";

const group = process.env.MUTATION_GROUP ?? "all";
const reports = `reports/mutation/${group}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  // The test files of the selected groups only; each mutant then runs only the tests that reached it.
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  coverageAnalysis: "perTest",
  // Mutants in module-level tables (labels, the access matrix, descriptions) run every listed test:
  // three quarters of the time for a third of the mutants. Left out; tests check those tables whole
  // (tests/unit/permissions.test.ts the matrix, cell by cell).
  ignoreStatic: true,
  mutate: selectedGroups().flatMap((g) => g.mutate),
  // The machine is shared by several people: one test process at a time.
  concurrency: 1,
  // A re-run tests only the mutants whose code or covering tests changed (the file is git-ignored).
  incremental: true,
  incrementalFile: `${reports}/stryker-incremental.json`,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 20,
  ignorePatterns: ["build", "public/build", ".cache", ".data", ".data-*", "test-results", "playwright-report", "reports"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
