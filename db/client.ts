import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { resolve } from "node:path";
import postgres from "postgres";
import { lockDataFolder } from "./lock";
import * as schema from "./schema";

export type AppDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: AppDatabase;
  kind: DatabaseKind;
  close: () => Promise<void>;
}

// One handle per process. It lives on globalThis because the server script and the Remix build each
// bundle their own copy of this module, and two PGlite instances on one folder lose writes.
const HANDLE_KEY = Symbol.for("laguna.database");
type GlobalWithHandle = typeof globalThis & { [HANDLE_KEY]?: DatabaseHandle };
const store = globalThis as GlobalWithHandle;

export function dataDirectory() {
  return resolve(process.env.DATA_DIR || ".data");
}

/** A PGlite with the extensions the migrations use (in memory when no folder is given). */
export function createPglite(dataDir?: string, options: PGliteOptions = {}) {
  return PGlite.create({ ...options, dataDir, extensions: { pg_trgm } });
}

export function openPglite(client: PGlite, onClose?: () => void): DatabaseHandle {
  return {
    db: drizzlePglite(client, { schema }) as unknown as AppDatabase,
    kind: "pglite",
    close: async () => {
      await client.close();
      onClose?.();
    },
  };
}

/**
 * Fail fast when PostgreSQL is away, so no request waits long on it: a connection that isn't up
 * within the connect timeout fails, and a dropped one is tried again after at most a second (the
 * driver's own back-off grows to 20 s and delays the first query after an outage by as much). A
 * statement timeout is for the server's requests only (a migration or a seed may rightly run long).
 */
export const connectTimeoutMs = () => Number(process.env.DATABASE_CONNECT_TIMEOUT_MS) || 2_000;
export const statementTimeoutMs = () => Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS) || 5_000;
const reconnectDelaySeconds = (failures: number) => Math.min(0.05 * 2 ** failures, 1);

export function openPostgres(url: string, options: { max?: number; statementTimeoutMs?: number } = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: connectTimeoutMs() / 1000,
    backoff: reconnectDelaySeconds,
    connection: {
      // Prepared statements save a round trip and the parsing; PostgreSQL still plans each execution
      // with its values, as it does an unprepared statement. A generic plan can't use a partial index
      // whose condition a parameter stands in for, and once picked one for the stock list.
      plan_cache_mode: "force_custom_plan",
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
  return {
    db: drizzlePostgres(sql, { schema }) as unknown as AppDatabase,
    kind: "postgres",
    close: () => sql.end({ timeout: 5 }),
  };
}

/** PostgreSQL connections a process may open (DATABASE_POOL_SIZE, 10 by default). */
export function poolSize() {
  return Number(process.env.DATABASE_POOL_SIZE) || 10;
}

function openFromEnvironment(limits: { statementTimeoutMs?: number } = {}): DatabaseHandle {
  const url = process.env.DATABASE_URL;
  if (url) return openPostgres(url, { max: poolSize(), ...limits });
  const dataDir = dataDirectory();
  const release = lockDataFolder(dataDir);
  return openPglite(new PGlite(resolve(dataDir, "pgdata"), { extensions: { pg_trgm } }), release);
}

/** The process's database, opened on first use from DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite). */
export function getDatabase(): DatabaseHandle {
  return (store[HANDLE_KEY] ??= openFromEnvironment());
}

/** The server's database: as getDatabase, with the statement timeout on PostgreSQL. */
export function openServerDatabase(): DatabaseHandle {
  return (store[HANDLE_KEY] ??= openFromEnvironment({ statementTimeoutMs: statementTimeoutMs() }));
}

export function db(): AppDatabase {
  return getDatabase().db;
}

/** Tests give each file its own database. */
export function setDatabase(handle: DatabaseHandle) {
  store[HANDLE_KEY] = handle;
}

export async function closeDatabase() {
  const handle = store[HANDLE_KEY];
  store[HANDLE_KEY] = undefined;
  await handle?.close();
}

/** Rows of a raw SQL query: PGlite answers `{ rows }`, postgres-js an array. */
export async function selectRows<Row>(query: SQL): Promise<Row[]> {
  const result = (await db().execute(query)) as unknown as Row[] | { rows: Row[] };
  return Array.isArray(result) ? result : result.rows;
}

export type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];
export { schema };
