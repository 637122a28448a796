import { date, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { users } from "./users";

// Promotion approvals (the principal firm answers for its AR's promotions): a compliance user's
// sign-off of one offer revision, disclosure-document version or lender tie, exactly as it stood.
// Append-only (migration 0028 refuses UPDATE, DELETE and TRUNCATE): an approval that no longer holds
// (lapsed, or the offer changed since) is read as such, never rewritten.

export const APPROVAL_KINDS = ["offer", "disclosure_document", "lender_tie"] as const;
export const approvalKindEnum = pgEnum("approval_kind", APPROVAL_KINDS);

export const promotionApprovals = pgTable(
  "promotion_approvals",
  {
    id: id(),
    kind: approvalKindEnum("kind").notNull(),
    /** The offer revision, disclosure document version or tie approved (no foreign key: three tables). */
    subjectId: uuid("subject_id").notNull(),
    approvedBy: uuid("approved_by").notNull().references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull().defaultNow(),
    /** The London day from which an offer's approval no longer holds (12 months on); null: it doesn't lapse. */
    lapsesOn: date("lapses_on", { mode: "string" }),
    /** The frozen copy: the exact text and figures approved. */
    approvedCopy: jsonb("approved_copy").notNull(),
    /** SHA-256 of the frozen copy (stable JSON), compared with the subject as it stands. */
    copySha256: text("copy_sha256").notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("promotion_approvals_subject_idx").on(t.kind, t.subjectId, t.approvedAt), index("promotion_approvals_approved_idx").on(t.approvedAt)],
);

export type PromotionApproval = typeof promotionApprovals.$inferSelect;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
