import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, mutableColumns } from "./columns";
import { users } from "./users";

// The breach log (SUP 12 oversight): nothing is deleted, and what was found is kept as recorded
// (migration 0020); later facts (the principal told, actions, closing) are added, never rewritten.

export const breaches = pgTable(
  "breaches",
  {
    id: id(),
    reference: text("reference").notNull(),
    /** What happened, and when (the day it happened, if known; the day it was found). */
    description: text("description").notNull(),
    occurredOn: date("occurred_on", { mode: "string" }),
    foundOn: date("found_on", { mode: "string" }).notNull(),
    /** Which rule, e.g. "CONC 4.5.3R (commission disclosure)". */
    rule: text("rule").notNull(),
    /** The finance deals and offer revisions involved. */
    dealIds: uuid("deal_ids").array().notNull().default([]),
    offerIds: uuid("offer_ids").array().notNull().default([]),
    principalToldAt: timestamp("principal_told_at", { withTimezone: true }),
    principalToldNote: text("principal_told_note").notNull().default(""),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closingNote: text("closing_note").notNull().default(""),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    ...mutableColumns(),
  },
  (t) => [uniqueIndex("breaches_reference_key").on(t.reference), index("breaches_found_idx").on(t.foundOn)],
);

/** What is done about a breach: an owner and a due day; done once, never undone. */
export const breachActions = pgTable(
  "breach_actions",
  {
    id: id(),
    breachId: uuid("breach_id").notNull().references(() => breaches.id),
    description: text("description").notNull(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
    doneBy: uuid("done_by").references(() => users.id),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("breach_actions_breach_idx").on(t.breachId, t.createdAt)],
);

export type Breach = typeof breaches.$inferSelect;
export type BreachAction = typeof breachActions.$inferSelect;
