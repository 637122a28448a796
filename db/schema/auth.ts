import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
