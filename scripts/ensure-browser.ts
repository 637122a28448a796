// Run before `playwright test` (see `npm run test:e2e`). Playwright can't download its own browser
// here, so the tests use the system Chromium: this finds it, installs Debian's package when it can
// (root with apt-get), and otherwise says exactly what is missing.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

function isExecutable(path: string) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH when set, else the first system Chromium found; null when there is none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : null;
  return SYSTEM_PATHS.find(isExecutable) ?? null;
}

function hasAptGet() {
  return spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
}

function installWithApt() {
  console.log("Chromium not found; installing Debian's chromium package (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const run = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (run.status !== 0) return false;
  }
  return true;
}

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(1);
}

function main() {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv && !isExecutable(fromEnv)) {
    fail(`CHROMIUM_PATH is set to ${fromEnv}, but there is no executable there. Fix or unset CHROMIUM_PATH.`);
  }

  let found = findChromium();
  if (!found && process.getuid?.() === 0 && hasAptGet()) {
    if (!installWithApt()) fail("Installing chromium with apt-get failed (see the output above).");
    found = findChromium();
  }
  if (!found) {
    fail(
      "The browser tests need Chromium, and none was found at CHROMIUM_PATH or " +
        `${SYSTEM_PATHS.join(" or ")}.\n` +
        "Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a\n" +
        "Chromium or Chrome executable. (`npx playwright install` needs internet access.)",
    );
  }

  const version = spawnSync(found, ["--version"], { encoding: "utf8" });
  if (version.status !== 0) fail(`${found} is there but doesn't run: ${version.stderr.trim() || `exit code ${version.status}`}`);
  console.log(`Browser tests will use ${version.stdout.trim()} (${found}).`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
