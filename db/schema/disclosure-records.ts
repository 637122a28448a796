import { customType, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { dealDisclosures, financeDeals } from "./finance";
import { users } from "./users";

/**
 * Raw bytes. postgres-js hands back a Buffer, PGlite a Uint8Array: both are read as a Buffer so the
 * exact bytes stored are the bytes served and hashed.
 */
export const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

export const ACKNOWLEDGMENT_METHODS = ["paper_scan", "tablet"] as const;
export const acknowledgmentMethodEnum = pgEnum("disclosure_acknowledgment_method", ACKNOWLEDGMENT_METHODS);

/**
 * The document the customer was given for one disclosure: a PDF rendered when the disclosure was
 * recorded (the notice text with this deal's lenders, commission and ties), kept byte for byte with
 * its SHA-256. Append-only (migration 0019): never updated or deleted.
 */
export const disclosurePdfs = pgTable(
  "disclosure_pdfs",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    disclosureId: uuid("disclosure_id").notNull().references(() => dealDisclosures.id),
    pdf: bytea("pdf").notNull(),
    sha256: text("sha256").notNull(),
    byteLength: integer("byte_length").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("disclosure_pdfs_disclosure_key").on(t.disclosureId), index("disclosure_pdfs_deal_idx").on(t.dealId)],
);

/**
 * How the customer acknowledged that document: signed on paper (the scan kept with its hash), or on
 * the shop's tablet (the name they typed and when). One per disclosure; append-only.
 */
export const disclosureAcknowledgments = pgTable(
  "disclosure_acknowledgments",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    disclosureId: uuid("disclosure_id").notNull().references(() => dealDisclosures.id),
    method: acknowledgmentMethodEnum("method").notNull(),
    /** The name the customer typed on the tablet (tablet only). */
    typedName: text("typed_name"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull(),
    scan: bytea("scan"),
    scanContentType: text("scan_content_type"),
    scanFileName: text("scan_file_name"),
    scanSha256: text("scan_sha256"),
    recordedBy: uuid("recorded_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("disclosure_acknowledgments_disclosure_key").on(t.disclosureId), index("disclosure_acknowledgments_deal_idx").on(t.dealId)],
);

export type AcknowledgmentMethod = (typeof ACKNOWLEDGMENT_METHODS)[number];
