import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataFolderBusyError, lockDataFolder } from "@db/lock";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "laguna-lock-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const lockFile = () => join(dataDir, "laguna.lock");

/** Another process holding the folder, as the server does. */
async function holder() {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/hold-data-folder.ts", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`the holder exited (${code})`)));
  });
  return child;
}

describe("the PGlite data folder lock", () => {
  it("refuses while another live process holds it, and is free first time after that process is killed with kill -9", async () => {
    const child = await holder();
    try {
      expect(() => lockDataFolder(dataDir)).toThrow(DataFolderBusyError);
      expect(() => lockDataFolder(dataDir)).toThrow(`in use by another process (pid ${child.pid})`);
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    // kill -9 left its lock file behind.
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: child.pid });
    const release = lockDataFolder(dataDir);
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: process.pid });
    release();
  });

  it("is free first time after kill -9 of a holder its parent has not yet reaped (a zombie, which kill -0 calls alive)", async () => {
    // The parent shell turns into `sleep`, which never waits for its children.
    const parent = spawn("sh", ["-c", `"${process.execPath}" --import tsx tests/support/hold-data-folder.ts "${dataDir}" & exec sleep 60`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve) => parent.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve()));
      const { pid } = JSON.parse(readFileSync(lockFile(), "utf8")) as { pid: number };
      process.kill(pid, "SIGKILL");
      const state = () => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]![0];
      while (state() !== "Z") await new Promise((resolve) => setTimeout(resolve, 20));
      const release = lockDataFolder(dataDir);
      expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: process.pid });
      release();
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it.each([
    ["this test's parent process", process.ppid],
    ["pid 1", 1],
  ])("is not blocked by a lock naming a live process that started at another time (%s: its pid reused)", (_case, pid) => {
    writeFileSync(lockFile(), JSON.stringify({ pid, startTime: "12345" }));
    const release = lockDataFolder(dataDir);
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: process.pid });
    release();
  });

  it("treats a lock from before start times were written (a bare pid) of a finished process as stale", async () => {
    const finished = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => finished.once("exit", resolve));
    writeFileSync(lockFile(), String(finished.pid));
    const release = lockDataFolder(dataDir);
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: process.pid });
    release();
  });
});
