import { defineConfig } from "vitest/config";
import { selectedGroups } from "./tests/mutation/groups.js";
import base from "./vitest.config";
import UnitFirstSequencer from "./tests/mutation/sequencer";

/**
 * The test files Stryker runs (stryker.config.mjs): those that exercise the rule modules it mutates
 * (tests/mutation/groups.json). Unit tests run without the per-file database, most of a mutant's cost.
 * Left out: the race tests (PGlite cannot lose a race) and the finance property test (a minute a run).
 */
const groups = selectedGroups();
const unit = groups.flatMap((g) => g.unit);
const integration = groups.flatMap((g) => g.integration);

// The base config's database set-up (its integration project), and its shared options less its projects;
// each file isolated, as Stryker's per-test coverage was measured that way. One file at a time: with two
// in parallel, a failure's bail could cancel the run before any result was reported, and Stryker then
// counted the mutant as survived with no test completed (seen on 5 mutants of one run that, run alone,
// were killed).
const { projects: _projects, include: _include, ...rest } = base.test ?? {};
const shared = { ...rest, isolate: true, fileParallelism: false, maxWorkers: 1 };
const globalSetup = ["tests/support/global-setup.ts"];
const setupFiles = ["tests/support/database.ts"];

export default defineConfig({
  resolve: base.resolve,
  test: {
    sequence: { sequencer: UnitFirstSequencer },
    projects: [
      { resolve: base.resolve, test: { ...shared, name: "unit", include: unit } },
      { resolve: base.resolve, test: { ...shared, name: "integration", include: integration, globalSetup, setupFiles } },
    ],
  },
});
