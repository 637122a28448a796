import type { Role } from "./permissions";

/**
 * The roles that must use a second factor until an admin saves a choice of their own
 * (security_settings). Adding a role to the default is one line here.
 */
export const DEFAULT_TWO_FACTOR_ROLES: readonly Role[] = ["admin", "finance", "compliance"];

/** A fresh code is asked for again before a sensitive step once the last is older than this. */
export const STEP_UP_MINUTES = 15;

/** Wrong codes allowed within the throttle's window before the second step locks (sign-in's limit). */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
