import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "@db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  test: {
    pool: "forks",
    maxWorkers: 2,
    // A worker runs its test files one after another in one process, the app's modules loaded once:
    // each file still gets a fresh database of its own (tests/support/database.ts). Loading the modules
    // and PGlite afresh for every file took over half of the run. A file that mocks a module imports
    // what uses it afresh (vi.resetModules(), see public-offers.test.ts).
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      // Pure rules: no database.
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/database.ts"],
        },
      },
    ],
  },
});
