import { jsonb, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./users";

/**
 * One row per creating form submitted: the token the form carried (made by the page's loader) and
 * what the first submission returned. Written in the same transaction as the record it made, so a
 * second submit of the same form finds it and gets the first result instead of a second record.
 */
export const submissionTokens = pgTable(
  "submission_tokens",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    token: uuid("token").notNull(),
    result: jsonb("result"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.token] })],
);
