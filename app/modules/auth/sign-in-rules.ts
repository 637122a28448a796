/**
 * The sign-in rules that need no database: the throttle's arithmetic, the second step a session owes
 * and the reason a failed sign-in is audited with. throttle.server.ts, guards.server.ts and
 * sign-in.server.ts read the rows and apply these.
 */

export const THROTTLE_WINDOW_MINUTES = 15;
const WINDOW_MS = THROTTLE_WINDOW_MINUTES * 60_000;
export const MAX_FAILURES_PER_EMAIL = 5;
/** Shared addresses (an office behind one router) get more room than one account. */
export const maxFailuresPerAddress = () => Number(process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS) || 50;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const inMinutes = (minutes: number) => `${minutes} minute${minutes === 1 ? "" : "s"}`;

const minutesUntil = (unlockAt: number, now: number) => Math.ceil((unlockAt - now) / 60_000);

/**
 * Minutes an account stays locked at `now` (ms), from its last MAX_FAILURES_PER_EMAIL attempts, newest
 * first; 0 when it may try. Five failures within 15 minutes (a success in
 * between starts the count again) lock it for 15 minutes from the fifth. Refused tries leave no
 * attempt, so they don't extend the lock.
 */
export function accountLockMinutes(recent: readonly { at: Date; succeeded: boolean }[], now: number): number {
  const oldest = recent[MAX_FAILURES_PER_EMAIL - 1];
  if (!oldest || recent.some((a) => a.succeeded)) return 0;
  const newest = recent[0]!; // there are five
  if (newest.at.getTime() - oldest.at.getTime() > WINDOW_MS) return 0;
  const unlockAt = newest.at.getTime() + WINDOW_MS;
  return Math.max(0, minutesUntil(unlockAt, now));
}

/**
 * Minutes an address stays locked at `now`, from its failures of the last 15 minutes (how many, and
 * the oldest's time): at the limit, until 15 minutes after the oldest, and at least a minute.
 */
export function addressLockMinutes(failures: { total: number; oldest: Date | string }, now: number): number {
  if (failures.total < maxFailuresPerAddress()) return 0;
  return Math.max(1, minutesUntil(new Date(failures.oldest).getTime() + WINDOW_MS, now));
}

export interface SecondFactorState {
  /** The user has a confirmed authenticator. */
  enrolled: boolean;
  /** Their role must use one (the admin's setting). */
  required: boolean;
  /** When this session last passed a code; null: only the password so far. */
  passedAt: Date | null;
}

/** Where a session still owes its second step: the code, or enrolment first; null when it owes nothing. */
export function pendingSecondStep({ enrolled, required, passedAt }: SecondFactorState): "/login/code" | "/login/enrol" | null {
  if (passedAt) return null;
  if (enrolled) return "/login/code";
  return required ? "/login/enrol" : null;
}

/** Why a sign-in fails, as the audit row says (the person is told only that it failed); null when it may go on. */
export function signInFailure(found: { active: boolean } | undefined, passwordMatches: boolean): "unknown email" | "wrong password" | "inactive account" | null {
  if (!found) return "unknown email";
  if (!passwordMatches) return "wrong password";
  return found.active ? null : "inactive account";
}
