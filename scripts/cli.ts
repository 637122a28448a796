import { closeDatabase, getDatabase } from "../db/client";
import { DataFolderBusyError } from "../db/lock";
import { migrateDatabase } from "../db/migrate";
import { logError } from "../app/utils/log.server";

/** An expected failure: printed without a stack. */
export class CliError extends Error {}

/** Prints a failure (a stack only for bugs) and exits non-zero. */
export function exitWith(error: unknown): never {
  if (error instanceof DataFolderBusyError || error instanceof CliError) console.error(`Error: ${error.message}`);
  else logError(error); // a failed insert's values would be a new user's email and password hash
  process.exit(1);
}

/** Runs a CLI against the migrated database, closing it (and its folder lock) on the way out. */
export async function runCli(work: () => Promise<void>) {
  try {
    await migrateDatabase(getDatabase());
    await work();
  } catch (error) {
    await closeDatabase().catch(() => {});
    exitWith(error);
  }
  await closeDatabase();
  process.exit(process.exitCode ?? 0); // a CLI may report a finding with exitCode 1
}
