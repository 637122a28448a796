import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * PGlite allows one process per data folder: two processes opening it both "succeed" and writes are
 * lost. A lock file holding the owner's pid, created exclusively, keeps a second process out.
 */
export class DataFolderBusyError extends Error {}

export function lockDataFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, "laguna.lock");
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const ownerPid = Number(readFileSync(lockPath, "utf8").trim());
      if (ownerPid && ownerPid !== process.pid && isRunning(ownerPid)) {
        throw new DataFolderBusyError(
          `The database in ${dataDir} is in use by another process (pid ${ownerPid}), probably the app server. ` +
            `Stop it first: PGlite allows one process per data folder.`,
        );
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DataFolderBusyError(`Could not lock the data folder ${dataDir}.`);
}

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
