import { boolean, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, mutableColumns } from "./columns";

export const branches = pgTable(
  "branches",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** Franchises the branch holds, e.g. ["KTM"]; empty for a used-only site. */
    brands: text("brands").array().notNull().default([]),
    address: text("address").notNull().default(""),
    phone: text("phone").notNull().default(""),
    stockNumberPrefix: text("stock_number_prefix").notNull(),
    active: boolean("active").notNull().default(true),
    ...mutableColumns(),
  },
  (t) => [uniqueIndex("branches_slug_key").on(t.slug), uniqueIndex("branches_prefix_key").on(t.stockNumberPrefix)],
);

export type Branch = typeof branches.$inferSelect;
