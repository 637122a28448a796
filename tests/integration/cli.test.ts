import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { lockDataFolder } from "@db/lock";
import { databaseForChildProcess } from "../support/cli-database";

// Each test starts one or two CLI processes (Node, tsx, then the database): seconds each, and more
// while CI's browser lane shares the cores.
vi.setConfig({ testTimeout: 90_000 });

let database: Awaited<ReturnType<typeof databaseForChildProcess>>;

function run(script: string, args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000) {
  const result = spawnSync(process.execPath, ["--import", "tsx", `scripts/${script}`, ...args], {
    env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: undefined, ...database.env, ...env },
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

const GOOD_PASSWORD = "a-long-enough-password";
const createUser = (args: string[], password: string | null = GOOD_PASSWORD) =>
  run("user-create.ts", args, { NEW_USER_PASSWORD: password ?? undefined });

describe("npm run user:create", () => {
  beforeAll(async () => {
    database = await databaseForChildProcess();
    // The whole demo seed in a child process: a minute or more when CI's other lane shares the cores.
    const seed = run("db-seed.ts", [], {}, 170_000);
    expect(seed.status, seed.err).toBe(0);
  }, 180_000);

  afterAll(() => database.cleanup());

  it("creates a manager for a branch, then refuses the same email again", () => {
    const args = ["--email", "new.manager@test.example", "--name", "New Manager", "--role", "manager", "--branch", "maidstone-honda"];
    const first = createUser(args);
    expect(first.err).toBe("");
    expect(first.out).toMatch(/Created manager new.manager@test.example for maidstone-honda/);
    const again = createUser(["--email", "NEW.MANAGER@test.example", "--name", "Someone", "--role", "admin"]);
    expect(again.status).toBe(1);
    expect(again.err).toMatch(/already a user with the email/);
  });

  it("creates a compliance user with no branch: they cover every branch", () => {
    const result = createUser(["--email", "officer@test.example", "--name", "Olu Officer", "--role", "compliance"]);
    expect(result.err).toBe("");
    expect(result.out).toMatch(/^Created compliance officer@test.example\.$/m);
  });

  it("stops with a clear message for an unknown branch slug", () => {
    const result = createUser(["--email", "x@test.example", "--name", "Xavier", "--role", "finance", "--branch", "brighton"]);
    expect(result.status).toBe(1);
    expect(result.err).toMatch(/Unknown branch brighton\. Known branches: .*maidstone-honda/);
  });

  it.each([
    ["a weak password", ["--email", "w@test.example", "--name", "Wendy", "--role", "admin"], "short", /Password refused: Use at least 12 characters/],
    ["a common password", ["--email", "c@test.example", "--name", "Cass", "--role", "admin"], "123456789012", /Password refused: This password is among the most common passwords/],
    ["a missing argument", ["--email", "m@test.example", "--role", "admin"], GOOD_PASSWORD, /Missing --name/],
    ["an unknown role", ["--email", "r@test.example", "--name", "Rae", "--role", "owner"], GOOD_PASSWORD, /--role must be one of admin, manager, finance/],
    ["no password and no terminal", ["--email", "p@test.example", "--name", "Pip", "--role", "admin"], null, /Set NEW_USER_PASSWORD/],
  ])("stops with a clear message and exit 1 for %s", (_case, args, password, message) => {
    const result = createUser(args, password);
    expect(result.status).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("npm run finance:check", () => {
  beforeAll(async () => {
    database = await databaseForChildProcess();
  });
  afterAll(() => database.cleanup());

  it("finds every deal's figures agreeing with the engine in a fresh database, and exits 0", () => {
    const result = run("finance-check.ts", []);
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/Every deal's and offer's figures agree with the credit-figures engine/);
  });
});

describe("PGlite folder lock", () => {
  it("makes finance:check refuse while another process holds the folder", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "laguna-lock-"));
    const release = lockDataFolder(dataDir);
    try {
      const result = run("finance-check.ts", [], { DATA_DIR: dataDir, DATABASE_URL: undefined });
      expect(result.status).toBe(1);
      expect(result.err).toMatch(/in use by another process \(pid \d+\).*Stop it first/);
    } finally {
      release();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("makes a CLI refuse, without touching the data, while another process holds the folder", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "laguna-lock-"));
    const release = lockDataFolder(dataDir);
    try {
      // This process holds the lock, as the server would; the CLI is a second process.
      const result = run("db-migrate.ts", [], { DATA_DIR: dataDir, DATABASE_URL: undefined });
      expect(result.status).toBe(1);
      expect(result.err).toMatch(/in use by another process \(pid \d+\).*Stop it first/);
    } finally {
      release();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
