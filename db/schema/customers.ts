import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, date, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { branches } from "./branches";
import { createdAt, id, mutableColumns } from "./columns";
import { users } from "./users";

// One customer record that reservations, sales, finance deals and complaints point at (#16).
// A merge never deletes a record: the absorbed one keeps its row, marked merged_into_id, and the
// customer_merges entry lists every link it moved, so a later "unmerge" entry can move them back.

export const MARKETING_CONSENT_METHODS = ["in_person", "phone", "email", "web_form", "letter"] as const;
/** Where a record came from: typed by staff, or made from older records' free text (migration 0029). */
export const CUSTOMER_SOURCES = ["entered", "migrated"] as const;
export const CUSTOMER_MERGE_KINDS = ["merge", "unmerge"] as const;

export const marketingConsentMethodEnum = pgEnum("marketing_consent_method", MARKETING_CONSENT_METHODS);
export const customerSourceEnum = pgEnum("customer_source", CUSTOMER_SOURCES);
export const customerMergeKindEnum = pgEnum("customer_merge_kind", CUSTOMER_MERGE_KINDS);

/**
 * Normalised keys for duplicate detection and search, kept by the database from the typed values:
 * an email compares without case or spaces; a phone by its digits with +44 read as a leading 0.
 */
export const emailKeySql = (email: SQL | AnyPgColumn): SQL => sql`nullif(lower(btrim(${email})), '')`;
export const phoneKeySql = (phone: SQL | AnyPgColumn): SQL =>
  sql`nullif(regexp_replace(regexp_replace(${phone}, '[^0-9]', '', 'g'), '^(00)?44', '0'), '')`;

export const customers = pgTable(
  "customers",
  {
    id: id(),
    name: text("name").notNull(),
    dateOfBirth: date("date_of_birth", { mode: "string" }),
    email: text("email"),
    phone: text("phone"),
    addressLine1: text("address_line1"),
    addressLine2: text("address_line2"),
    town: text("town"),
    /** Stored in the standard form (upper case, one space before the inward code: "SW1A 1AA"). */
    postcode: text("postcode"),
    /** Null while not yet asked (records made from older free text). */
    ukResident: boolean("uk_resident"),
    marketingConsentGivenAt: timestamp("marketing_consent_given_at", { withTimezone: true }),
    marketingConsentMethod: marketingConsentMethodEnum("marketing_consent_method"),
    /** The version of the consent wording the customer agreed to (e.g. "2026-01"). */
    marketingConsentWording: text("marketing_consent_wording"),
    marketingConsentWithdrawnAt: timestamp("marketing_consent_withdrawn_at", { withTimezone: true }),
    notes: text("notes").notNull().default(""),
    source: customerSourceEnum("source").notNull().default("entered"),
    emailKey: text("email_key").generatedAlwaysAs((): SQL => emailKeySql(sql`email`)),
    phoneKey: text("phone_key").generatedAlwaysAs((): SQL => phoneKeySql(sql`phone`)),
    /** Lower-case name, email, phone digits and postcode, for the trigram search index. */
    searchText: text("search_text").generatedAlwaysAs(
      (): SQL =>
        sql`lower(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), '') || ' ' || coalesce(postcode, '') || ' ' || coalesce(replace(postcode, ' ', ''), ''))`,
    ),
    /** The branch where the record was first made: its staff see it before any record links to it. */
    createdBranchId: uuid("created_branch_id").references(() => branches.id),
    createdBy: uuid("created_by").references(() => users.id),
    /** Set when an admin merged this record into another; cleared by an unmerge. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => customers.id),
    mergedAt: timestamp("merged_at", { withTimezone: true }),
    ...mutableColumns(),
  },
  (t) => [
    index("customers_email_key_idx").on(t.emailKey),
    index("customers_phone_key_idx").on(t.phoneKey),
    index("customers_name_dob_idx").on(sql`lower(${t.name})`, t.dateOfBirth),
    index("customers_postcode_idx").on(t.postcode),
    index("customers_merged_into_idx").on(t.mergedIntoId),
    index("customers_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
  ],
);

/**
 * Each merge and each unmerge, append-only (migration 0028). A merge lists the links it moved
 * (`moved`: ids per table) and both records' fields as they were (`survivorBefore`, `mergedBefore`),
 * so nothing the absorbed record held is lost, and an unmerge can move exactly those links back.
 */
export const customerMerges = pgTable(
  "customer_merges",
  {
    id: id(),
    kind: customerMergeKindEnum("kind").notNull(),
    /** The record that stays. */
    survivorId: uuid("survivor_id")
      .notNull()
      .references(() => customers.id),
    /** The record folded into the survivor (and, on an unmerge, brought back). */
    mergedId: uuid("merged_id")
      .notNull()
      .references(() => customers.id),
    /** For an unmerge: the merge it reverses. */
    reversesId: uuid("reverses_id").references((): AnyPgColumn => customerMerges.id),
    /** { reservations: uuid[], sales: uuid[] (vehicle ids), financeDeals: uuid[], complaints: uuid[] } */
    moved: jsonb("moved").notNull(),
    /** Fields where the two records differed: { field: { kept, other } }; the survivor's value is kept. */
    conflicts: jsonb("conflicts").notNull(),
    /** Fields the survivor lacked and took from the merged record: { field: value }. */
    filled: jsonb("filled").notNull(),
    survivorBefore: jsonb("survivor_before").notNull(),
    mergedBefore: jsonb("merged_before").notNull(),
    reason: text("reason").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("customer_merges_survivor_idx").on(t.survivorId, t.createdAt),
    index("customer_merges_merged_idx").on(t.mergedId, t.createdAt),
  ],
);

export type Customer = typeof customers.$inferSelect;
export type CustomerMerge = typeof customerMerges.$inferSelect;
export type MarketingConsentMethod = (typeof MARKETING_CONSENT_METHODS)[number];
