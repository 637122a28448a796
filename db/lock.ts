import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * PGlite allows one process per data folder: two processes opening it both "succeed" and writes are
 * lost. A lock file, created exclusively, names the owner by its pid and the time that process
 * started, so a lock left by a killed server (kill -9 removes nothing) is recognised as stale even
 * when its pid now belongs to another process: a pid is reused, a pid with its start time is not.
 */
export class DataFolderBusyError extends Error {}

type Owner = { pid: number; startTime: string | null };

export function lockDataFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, "laguna.lock");
  const me: Owner = { pid: process.pid, startTime: processStartTime(process.pid) };
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, JSON.stringify(me));
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
      const written = readLock(lockPath);
      const owner = parseOwner(written);
      if (owner && owner.pid !== process.pid && isAlive(owner)) {
        throw new DataFolderBusyError(
          `The database in ${dataDir} is in use by another process (pid ${owner.pid}), probably the app server. ` +
            `Stop it first: PGlite allows one process per data folder.`,
        );
      }
      // Stale (its process is gone), or unreadable: take it over, unless another process just did.
      if (readLock(lockPath) === written) rmSync(lockPath, { force: true });
    }
  }
  throw new DataFolderBusyError(`Could not lock the data folder ${dataDir}.`);
}

function readLock(lockPath: string) {
  try {
    return readFileSync(lockPath, "utf8");
  } catch {
    return null;
  }
}

/** The lock's owner: `{"pid":…,"startTime":…}`, or a bare pid as written before start times were. */
function parseOwner(text: string | null): Owner | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<Owner> | number;
    if (typeof parsed === "number") return parsed > 0 ? { pid: parsed, startTime: null } : null;
    return typeof parsed.pid === "number" && parsed.pid > 0 ? { pid: parsed.pid, startTime: parsed.startTime ?? null } : null;
  } catch {
    return null;
  }
}

function isAlive(owner: Owner) {
  if (existsSync("/proc/self/stat")) {
    const startTime = processStartTime(owner.pid);
    if (startTime === null) return false; // no such process, or a zombie
    // A different start time: the pid has been reused by another process since the lock was written.
    return owner.startTime === null || owner.startTime === startTime;
  }
  try {
    process.kill(owner.pid, 0); // no /proc (macOS): the pid alone
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * When a process started (field 22 of /proc/<pid>/stat, in clock ticks since boot), or null when
 * there is no such process or it has died and awaits its parent (a zombie). Null off Linux too.
 */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Field 2, the command name, is in parentheses and may hold spaces: count from the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [state] = fields;
  return state === "Z" || state === "X" ? null : (fields[19] ?? null);
}
