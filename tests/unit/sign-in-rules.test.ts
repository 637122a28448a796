import { afterEach, describe, expect, it } from "vitest";
import { hashForUnknownUser, hashPassword, passwordProblem, verifyPassword } from "~/modules/auth/password.server";
import {
  accountLockMinutes,
  addressLockMinutes,
  inMinutes,
  maxFailuresPerAddress,
  normaliseEmail,
  pendingSecondStep,
  signInFailure,
} from "~/modules/auth/sign-in-rules";

// The sign-in rules without a database; tests/integration/sign-in-throttle.test.ts drives them through
// real attempts. Times and minutes are worked by hand: 15-minute window, 5 failures an account, 50 an address.
const NOW = new Date("2026-01-14T12:00:00Z").getTime();
const at = (hms: string) => new Date(`2026-01-14T${hms}Z`);
const failures = (...times: string[]) => times.map((hms) => ({ at: at(hms), succeeded: false }));

afterEach(() => {
  delete process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS;
});

describe("an account's lock", () => {
  it("locks after five failures, for 15 minutes from the fifth, rounded up to the minute", () => {
    expect(accountLockMinutes(failures("11:58:00", "11:56:00", "11:54:00", "11:52:00", "11:50:00"), NOW)).toBe(13);
    expect(accountLockMinutes(failures("11:58:30", "11:56:00", "11:54:00", "11:52:00", "11:50:00"), NOW)).toBe(14);
    expect(accountLockMinutes(failures("11:45:00.001", "11:44:00", "11:43:00", "11:42:00", "11:41:00"), NOW)).toBe(1);
  });

  it("is open with four failures, or once 15 minutes have passed since the fifth", () => {
    expect(accountLockMinutes(failures("11:59:00", "11:58:00", "11:57:00", "11:56:00"), NOW)).toBe(0);
    expect(accountLockMinutes([], NOW)).toBe(0);
    expect(accountLockMinutes(failures("11:45:00", "11:44:00", "11:43:00", "11:42:00", "11:41:00"), NOW)).toBe(0);
    expect(accountLockMinutes(failures("11:40:00", "11:38:00", "11:36:00", "11:34:00", "11:30:00"), NOW)).toBe(0);
  });

  it("counts five failures within 15 minutes of each other, not spread wider", () => {
    expect(accountLockMinutes(failures("11:58:00", "11:55:00", "11:50:00", "11:45:00", "11:43:00"), NOW)).toBe(13);
    expect(accountLockMinutes(failures("11:58:00", "11:55:00", "11:50:00", "11:45:00", "11:42:59.999"), NOW)).toBe(0);
  });

  it("starts the count again after a success", () => {
    for (const right of [0, 2, 4]) {
      const recent = failures("11:58:00", "11:56:00", "11:54:00", "11:52:00", "11:50:00");
      recent[right] = { ...recent[right]!, succeeded: true };
      expect(accountLockMinutes(recent, NOW), `success at ${right}`).toBe(0);
    }
  });
});

describe("an address's lock", () => {
  it("locks at 50 failures until 15 minutes after the oldest, at least a minute", () => {
    expect(addressLockMinutes({ total: 49, oldest: at("11:50:00") }, NOW)).toBe(0);
    expect(addressLockMinutes({ total: 50, oldest: at("11:50:00") }, NOW)).toBe(5);
    expect(addressLockMinutes({ total: 51, oldest: "2026-01-14T11:50:30.000Z" }, NOW)).toBe(6);
    expect(addressLockMinutes({ total: 50, oldest: at("11:44:00") }, NOW)).toBe(1);
  });

  it("takes its limit from SIGN_IN_MAX_FAILURES_PER_ADDRESS, 50 when unset or not a number", () => {
    expect(maxFailuresPerAddress()).toBe(50);
    process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS = "3";
    expect(maxFailuresPerAddress()).toBe(3);
    expect(addressLockMinutes({ total: 3, oldest: at("11:50:00") }, NOW)).toBe(5);
    expect(addressLockMinutes({ total: 2, oldest: at("11:50:00") }, NOW)).toBe(0);
    process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS = "many";
    expect(maxFailuresPerAddress()).toBe(50);
    process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS = "0";
    expect(maxFailuresPerAddress()).toBe(50);
  });
});

describe("words and emails", () => {
  it("says minutes in English", () => {
    expect(inMinutes(1)).toBe("1 minute");
    expect(inMinutes(2)).toBe("2 minutes");
    expect(inMinutes(15)).toBe("15 minutes");
  });

  it("compares emails trimmed and in lower case", () => {
    expect(normaliseEmail("  Alex.Admin@Laguna.Example \t")).toBe("alex.admin@laguna.example");
  });
});

describe("the second step a session owes", () => {
  it("is nothing once a code was passed, the code when enrolled, enrolment when required, else nothing", () => {
    const passed = new Date("2026-01-14T11:00:00Z");
    expect(pendingSecondStep({ enrolled: true, required: true, passedAt: passed })).toBeNull();
    expect(pendingSecondStep({ enrolled: false, required: true, passedAt: passed })).toBeNull();
    expect(pendingSecondStep({ enrolled: true, required: true, passedAt: null })).toBe("/login/code");
    expect(pendingSecondStep({ enrolled: true, required: false, passedAt: null })).toBe("/login/code");
    expect(pendingSecondStep({ enrolled: false, required: true, passedAt: null })).toBe("/login/enrol");
    expect(pendingSecondStep({ enrolled: false, required: false, passedAt: null })).toBeNull();
  });
});

describe("a failed sign-in's reason", () => {
  it("names an unknown email first, then a wrong password, then an inactive account", () => {
    expect(signInFailure(undefined, true)).toBe("unknown email");
    expect(signInFailure(undefined, false)).toBe("unknown email");
    expect(signInFailure({ active: false }, false)).toBe("wrong password");
    expect(signInFailure({ active: true }, false)).toBe("wrong password");
    expect(signInFailure({ active: false }, true)).toBe("inactive account");
    expect(signInFailure({ active: true }, true)).toBeNull();
  });
});

describe("passwords", () => {
  const AVOID = "Choose another: a short sentence of your own is easy to remember and hard to guess.";
  // 256 letters of a fixed pseudo-random sequence: long, and not predictable.
  const long = Array.from({ length: 256 }, (_, i) => "abcdefghijklmnopqrstuvwxyz"[(i * i * 7 + i * 3 + 11) % 26]).join("");

  it("needs 12 to 256 characters", () => {
    expect(passwordProblem("kx8#mq2!zr4")).toBe("Use at least 12 characters.");
    expect(passwordProblem("kx8#mq2!zr4p")).toBeNull();
    expect(long).toHaveLength(256);
    expect(passwordProblem(long)).toBeNull();
    expect(passwordProblem(`${long}x`)).toBe("Use at most 256 characters.");
  });

  it("refuses a guessable one, saying why", () => {
    expect(passwordProblem("qwerty123456")).toBe(`This password is among the most common passwords, so it would be one of the first guessed. ${AVOID}`);
    expect(passwordProblem("Password2026!")).toBe(`This password is among the most common passwords, with a small change that guessing tools try first. ${AVOID}`);
    expect(passwordProblem("abcdabcdabcd")).toBe(`This password repeats a pattern (like "abcabc"), so it would be easy to guess. ${AVOID}`);
    expect(passwordProblem("01-02-2026xx")).toBe(`This password is mostly a date, so it would be easy to guess. ${AVOID}`);
    expect(passwordProblem("a1b2c3d4e5f6")).toBe(`This password would be easy to guess: it is short for how predictable its parts are. ${AVOID}`);
  });

  it("refuses one built from the person's email or name, and not otherwise", () => {
    const personal = `This password contains your name or email address, so it would be easy to guess. ${AVOID}`;
    expect(passwordProblem("newstarter2026")).toBeNull();
    expect(passwordProblem("stryker was here 2026")).toBeNull();
    expect(passwordProblem("stryker was here 2026", ["Stryker was here"])).toBe(personal);
    expect(passwordProblem("newstarter2026", ["nina.newstarter@laguna.example"])).toBe(personal);
    expect(passwordProblem("newstarter2026", ["Nina Newstarter"])).toBe(personal);
    expect(passwordProblem("ninanewstarter", ["nina.newstarter@x.y"])).toBe(personal);
  });

  it("hashes with argon2id and verifies only the right password", async () => {
    const hashed = await hashPassword("a brand new password 42");
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashed, "a brand new password 42")).toBe(true);
    expect(await verifyPassword(hashed, "a brand new password 43")).toBe(false);
    expect(await verifyPassword("not a hash", "a brand new password 42")).toBe(false);
  });

  it("keeps one hash for unknown users, which no password matches by chance", async () => {
    const first = await hashForUnknownUser();
    expect(await hashForUnknownUser()).toBe(first);
    expect(first).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(first, "unknown-user-placeholder-password")).toBe(true);
  });
});
