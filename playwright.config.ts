import { defineConfig } from "@playwright/test";
import { findChromium } from "./scripts/ensure-browser";
import { DEDICATED_TOTP_KEY } from "./seed/demo-keys";
import { DEDICATED_PASSWORD, DEDICATED_USERS } from "./tests/e2e/support";

const PORT = Number(process.env.E2E_PORT) || 3100;
const DATA_DIR = ".data-e2e";

// One process at a time on a throw-away data folder: migrate and seed, add the specs' dedicated users
// (tests/e2e/support.ts), then serve the production build (demo.ts finds the data and only serves).
const serverCommand = [
  `rm -rf ${DATA_DIR}`,
  "node --import tsx scripts/db-seed.ts",
  ...Object.values(DEDICATED_USERS).map(
    (u) =>
      `node --import tsx scripts/user-create.ts --email ${u.email} --name '${u.name}' --role ${u.role} --branch ${u.branch}` +
      (u.totpKey ? ` --totp-key ${DEDICATED_TOTP_KEY}` : ""),
  ),
  "exec node --import tsx scripts/demo.ts",
].join(" && ");

export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter: "list",
  outputDir: "test-results/e2e",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // scripts/ensure-browser.ts runs first in `npm run test:e2e` and explains a missing browser.
      executablePath: findChromium() ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: serverCommand,
    url: `http://127.0.0.1:${PORT}/healthz`,
    // A code stays fresh for sensitive steps for 36 s here, not 15 minutes, so a spec can see step-up
    // (every test signs in afresh and none runs longer than 30 s before signing or publishing).
    env: { DATA_DIR, PORT: String(PORT), NEW_USER_PASSWORD: DEDICATED_PASSWORD, TWO_FACTOR_STEP_UP_MINUTES: "0.6" },
    reuseExistingServer: false,
    timeout: 240_000, // seeding takes a minute or more on a busy machine
    stdout: "ignore",
    stderr: "pipe",
  },
});
