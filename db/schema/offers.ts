import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, mutableColumns } from "./columns";
import { financeDeals } from "./finance";
import { reservations } from "./stock";
import { users } from "./users";

export const OFFER_KINDS = ["manufacturer", "dealer"] as const;
/** Stored states; "scheduled", "live" and "expired" are derived from the dates (London days), never stored. */
export const OFFER_STATES = ["draft", "published", "withdrawn", "superseded"] as const;

export const offerKindEnum = pgEnum("offer_kind", OFFER_KINDS);
export const offerStateEnum = pgEnum("offer_state", OFFER_STATES);

/**
 * An offer revision. A published revision's terms are frozen: a change is a new revision (same
 * offer_group_id, revision + 1), and the old one stays readable, marked superseded once the new one
 * is published.
 */
export const offers = pgTable(
  "offers",
  {
    id: id(),
    offerGroupId: uuid("offer_group_id").notNull(),
    revision: integer("revision").notNull().default(1),
    kind: offerKindEnum("kind").notNull(),
    state: offerStateEnum("state").notNull().default("draft"),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    terms: text("terms").notNull(),
    brand: text("brand").notNull(),
    /** Catalogue models covered; empty means every model of the brand. */
    modelIds: uuid("model_ids").array().notNull().default([]),
    branchIds: uuid("branch_ids").array().notNull().default([]),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }).notNull(),
    imageUrl: text("image_url"),
    /** A finance offer's representative example (RepresentativeExample: pence and basis points). */
    representativeExample: jsonb("representative_example"),
    createdBy: uuid("created_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: uuid("published_by").references(() => users.id),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnBy: uuid("withdrawn_by").references(() => users.id),
    ...mutableColumns(),
  },
  (t) => [
    uniqueIndex("offers_group_revision_key").on(t.offerGroupId, t.revision),
    index("offers_public_idx").on(t.state, t.validFrom, t.validTo),
  ],
);

/**
 * Offers applied to a reservation; a manufacturer offer and a dealer offer never share one. A removed
 * offer keeps its row (removed_at, removed_by): nothing is deleted, and it may be applied again.
 */
export const reservationOffers = pgTable(
  "reservation_offers",
  {
    id: id(),
    reservationId: uuid("reservation_id").notNull().references(() => reservations.id),
    offerId: uuid("offer_id").notNull().references(() => offers.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    removedBy: uuid("removed_by").references(() => users.id),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("reservation_offers_applied_key").on(t.reservationId, t.offerId).where(sql`removed_at is null`)],
);

/** Offers applied to a finance introduction (deal), with the same rule and the same removal. */
export const dealOffers = pgTable(
  "deal_offers",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    offerId: uuid("offer_id").notNull().references(() => offers.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    removedBy: uuid("removed_by").references(() => users.id),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("deal_offers_applied_key").on(t.dealId, t.offerId).where(sql`removed_at is null`)],
);

export type Offer = typeof offers.$inferSelect;
export type OfferKind = (typeof OFFER_KINDS)[number];
export type OfferState = (typeof OFFER_STATES)[number];
