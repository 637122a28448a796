import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { sql } from "drizzle-orm";
import { fileURLToPath } from "node:url";
import { openPostgres, type DatabaseHandle } from "./client";

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/** Applies every pending migration. On PostgreSQL an advisory lock lets several instances start at once. */
export async function migrateDatabase(handle: DatabaseHandle) {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is needed to migrate PostgreSQL");
  await migratePostgresUrl(url);
}

export async function migratePostgresUrl(url: string) {
  const single = openPostgres(url, { max: 1 });
  try {
    await single.db.execute(sql`select pg_advisory_lock(7460013)`);
    await migratePostgres(single.db as unknown as PostgresJsDatabase, { migrationsFolder });
    await single.db.execute(sql`select pg_advisory_unlock(7460013)`);
  } finally {
    await single.close();
  }
}
