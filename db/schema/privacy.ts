import { bigserial, date, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { customers } from "./customers";
import { users } from "./users";

export const PERSONAL_VIEW_PLACES = ["deal_page", "deal_edit_form", "evidence_pack", "evidence_json"] as const;

/**
 * Every time special-category data (a finance deal's vulnerability note) was shown to someone: who,
 * when, which record and where. Holds ids only, never the value. Append-only (migration 0031).
 */
export const personalDataViews = pgTable(
  "personal_data_views",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    createdAt: createdAt(),
    viewerId: uuid("viewer_id").notNull().references(() => users.id),
    /** Kept as written at the time, like the audit log's actor email. */
    viewerEmail: text("viewer_email").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    field: text("field").notNull(),
    place: text("place", { enum: PERSONAL_VIEW_PLACES }).notNull(),
  },
  (t) => [index("personal_data_views_entity_idx").on(t.entityType, t.entityId, t.createdAt), index("personal_data_views_viewer_idx").on(t.viewerId, t.createdAt)],
);

export type PersonalViewPlace = (typeof PERSONAL_VIEW_PLACES)[number];

export const ERASURE_OUTCOMES = ["done", "refused"] as const;
export const erasureOutcomeEnum = pgEnum("erasure_outcome", ERASURE_OUTCOMES);

/**
 * A customer's request to be erased, with its outcome decided by the retention rules at the time:
 * done (the record and every copy anonymised), or refused with the legal reason and the first day it
 * can be done. Never changed afterwards: a later request is a new row.
 */
export const erasureRequests = pgTable(
  "erasure_requests",
  {
    id: id(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    /** How the request came (letter, email, in person…) as staff noted it. */
    channel: text("channel").notNull(),
    outcome: erasureOutcomeEnum("outcome").notNull(),
    /** Why it was refused, in words that cite the rule (empty when done). */
    legalReason: text("legal_reason").notNull().default(""),
    /** The first London day erasure can be done, when refused for a period (null: not until a hold or complaint ends). */
    canBeDoneOn: date("can_be_done_on", { mode: "string" }),
    recordedBy: uuid("recorded_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("erasure_requests_customer_idx").on(t.customerId, t.createdAt)],
);

/**
 * Each anonymisation of a customer: when, by whom (null: the retention run), why (retention rule or an
 * erasure request) and how many copies were replaced. The customer row itself keeps its id, figures
 * and links; its personal fields hold the marker.
 */
export const customerAnonymisations = pgTable(
  "customer_anonymisations",
  {
    id: id(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    reason: text("reason", { enum: ["retention", "erasure_request"] }).notNull(),
    erasureRequestId: uuid("erasure_request_id").references(() => erasureRequests.id),
    /** Rows changed per table: { customers: 1, finance_deals: 2, reservations: 1, … } */
    copies: jsonb("copies").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("customer_anonymisations_customer_idx").on(t.customerId)],
);

export type ErasureOutcome = (typeof ERASURE_OUTCOMES)[number];
