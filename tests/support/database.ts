import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDatabase, createPglite, openPglite, openPostgres, setDatabase } from "../../db/client";
import { databaseUrlWithName } from "./postgres-url";

// Two-factor keys are stored encrypted: the tests' own key (CLIs the tests start inherit it).
process.env.TOTP_ENCRYPTION_KEY ??= "7e57".repeat(16);

// Runs before each test file: a fresh migrated database of its own, closed (and dropped) after.
const config = inject("testDatabase");

if (config.kind === "pglite") {
  const dump = new Blob([readFileSync(config.templatePath)], { type: "application/x-gzip" });
  setDatabase(openPglite(await createPglite(undefined, { loadDataDir: dump })));
  afterAll(closeDatabase);
} else {
  const name = config.templateName.replace(/_template$/, `_${randomBytes(4).toString("hex")}`);
  const admin = postgres(config.serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${config.templateName}`);
  setDatabase(openPostgres(databaseUrlWithName(config.serverUrl, name)));
  afterAll(async () => {
    await closeDatabase();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
}
