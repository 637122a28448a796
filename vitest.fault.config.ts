import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The fault tests (npm run test:fault): the built server on PostgreSQL behind a proxy the test cuts.
// They make their own database, so none of the main suite's per-file database set-up.
export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "@db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  test: {
    include: ["tests/fault/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 20_000,
    hookTimeout: 90_000,
  },
});
