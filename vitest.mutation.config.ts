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
// each file isolated, as Stryker's per-test coverage was measured that way.
const { projects: _projects, include: _include, ...rest } = base.test ?? {};
const shared = { ...rest, isolate: true };
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
