import { sql } from "drizzle-orm";
import { boolean, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { branches } from "./branches";
import { createdAt, id, mutableColumns } from "./columns";

export const roleEnum = pgEnum("role", ["admin", "manager", "finance", "compliance"]);

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    active: boolean("active").notNull().default(true),
    passwordHash: text("password_hash").notNull(),
    ...mutableColumns(),
  },
  // Emails are unique whatever their case.
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const userBranches = pgTable(
  "user_branches",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    branchId: uuid("branch_id")
      .notNull()
      .references(() => branches.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.branchId] })],
);

export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
