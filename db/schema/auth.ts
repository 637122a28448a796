import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { users } from "./users";

/**
 * Lucia's session store; the column names are the ones its Drizzle adapter expects. The id is the
 * SHA-256 (hex) of the cookie's token, never the token itself.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** When this session last passed the second factor (sign-in or step-up); null: password only. */
    secondFactorAt: timestamp("second_factor_at", { withTimezone: true }),
    /** For the user's own sessions list: the browser and address it started from, and its last request. */
    userAgent: text("user_agent").notNull().default(""),
    ipAddress: text("ip_address").notNull().default(""),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), check("sessions_id_is_token_hash", sql`${t.id} ~ '^[0-9a-f]{64}$'`)],
);

/**
 * Every password guess that reached the hash (a sign-in, or /account's current-password check), written
 * as a failure before the hash is verified and turned into a success after; kept in the database so
 * throttling holds across app instances. Refused guesses leave no row (see auth/throttle.server.ts).
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: id(),
    email: text("email").notNull(),
    ipAddress: text("ip_address").notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("sign_in_attempts_email_idx").on(t.email, t.createdAt),
    index("sign_in_attempts_ip_idx").on(t.ipAddress, t.createdAt),
  ],
);

/**
 * A user's TOTP key (RFC 6238), encrypted with AES-256-GCM under TOTP_ENCRYPTION_KEY. Written unconfirmed
 * at the start of enrolment; `confirmedAt` is set when the first code is accepted. `lastUsedStep` is the
 * 30-second step of the last code accepted: a code of that step or an earlier one is refused, so each
 * code works once (compared and set in one conditional UPDATE).
 */
export const userSecondFactors = pgTable("user_second_factors", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  encryptedKey: text("encrypted_key").notNull(),
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/** One-time recovery codes, stored as SHA-256 (they are random, 50 bits each); `usedAt` marks one spent. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/**
 * Security settings an admin changes: one row (id 1) once saved. Until then the code's defaults apply
 * (DEFAULT_TWO_FACTOR_ROLES in app/modules/auth/two-factor-policy.ts).
 */
export const securitySettings = pgTable("security_settings", {
  id: integer("id").primaryKey(),
  twoFactorRoles: text("two_factor_roles").array().notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});
