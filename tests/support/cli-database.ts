import { createPglite } from "../../db/client";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { inject } from "vitest";
import { databaseUrlWithName } from "./postgres-url";

/**
 * A migrated database for a child process (a CLI or the server) to open by itself: a PGlite folder,
 * or on PostgreSQL runs a database of its own. Returns the environment to pass and a cleanup.
 */
export async function databaseForChildProcess(): Promise<{ env: Record<string, string>; dataDir?: string; cleanup: () => Promise<void> }> {
  const config = inject("testDatabase");
  if (config.kind === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "laguna-cli-"));
    const dump = new Blob([readFileSync(config.templatePath)], { type: "application/x-gzip" });
    const client = await createPglite(join(dataDir, "pgdata"), { loadDataDir: dump });
    await client.close();
    return { env: { DATA_DIR: dataDir }, dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = config.templateName.replace(/_template$/, `_cli_${randomBytes(3).toString("hex")}`);
  const admin = postgres(config.serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${config.templateName}`);
  return {
    env: { DATABASE_URL: databaseUrlWithName(config.serverUrl, name) },
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
