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

const { globalSetup, setupFiles, include: _include, ...shared } = base.test ?? {};

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
