import { closeDatabase, getDatabase } from "../db/client";
import { DataFolderBusyError } from "../db/lock";
import { migrateDatabase } from "../db/migrate";

/** Runs a CLI against the migrated database and exits with a clear message on failure. */
export async function runCli(work: () => Promise<void>) {
  let code = 0;
  try {
    await migrateDatabase(getDatabase());
    await work();
  } catch (error) {
    code = 1;
    if (error instanceof DataFolderBusyError || error instanceof CliError) console.error(`Error: ${error.message}`);
    else console.error(error);
  } finally {
    await closeDatabase().catch(() => {});
  }
  process.exit(code);
}

/** An expected failure: printed without a stack. */
export class CliError extends Error {}
