// `npm run demo`: build if needed, migrate, seed demo data into an empty database, print the
// sign-ins, serve. It installs nothing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

process.env.NODE_ENV = "production";

if (!existsSync("build/index.js")) {
  console.log("Building the app (first run only)…");
  const build = spawnSync("npx", ["remix", "build"], { stdio: "inherit", env: { ...process.env, VITE_CJS_IGNORE_WARNING: "true" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { getDatabase } = await import("../db/client");
const { migrateDatabase } = await import("../db/migrate");
const { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemoData } = await import("../seed");

try {
  await migrateDatabase(getDatabase());
  if (await isEmpty()) {
    await seedDemoData();
    console.log("Seeded the demo data.");
  }
} catch (error) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { DEMO_TOTP_KEYS } = await import("../seed/demo-keys");
console.log("\nDemo sign-ins (password for each: %s):", DEMO_PASSWORD);
for (const user of DEMO_USERS) {
  const key = DEMO_TOTP_KEYS[user.email];
  console.log(`  ${user.role.padEnd(10)} ${user.email.padEnd(24)}${key ? ` two-factor key ${key}` : ""}`);
}
console.log("Codes for the two-factor step: add a key to an authenticator app, or run `npm run demo:codes`.\n");

await import("../server/serve");
