import type { PGlite } from "@electric-sql/pglite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createPglite, openPglite } from "../../db/client";
import { migrateDatabase, migratePostgresUrl } from "../../db/migrate";
import { databaseUrlWithName } from "./postgres-url";

export type TestDatabaseConfig =
  | { kind: "pglite"; templatePath: string }
  | { kind: "postgres"; serverUrl: string; templateName: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseConfig;
  }
}

/**
 * Migrates once into a template; each test file then gets its own copy (tests/support/database.ts):
 * a PGlite data-dir dump by default, a PostgreSQL template database when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const templateName = `laguna_test_${process.pid}_template`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${templateName}`);
    await admin.unsafe(`create database ${templateName}`);
    await migratePostgresUrl(databaseUrlWithName(serverUrl, templateName));
    project.provide("testDatabase", { kind: "postgres", serverUrl, templateName });
    return async () => {
      const leftovers = await admin<{ datname: string }[]>`
        select datname from pg_database where datname like ${`laguna_test_${process.pid}_%`}`;
      for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }

  const folder = mkdtempSync(join(tmpdir(), "laguna-test-"));
  const templatePath = join(folder, "template.tar.gz");
  const handle = openPglite(await createPglite());
  await migrateDatabase(handle);
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir("gzip");
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide("testDatabase", { kind: "pglite", templatePath });
  return () => rmSync(folder, { recursive: true, force: true });
}
