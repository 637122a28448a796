import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { branches } from "./branches";
import { createdAt, id, mutableColumns } from "./columns";
import { customers } from "./customers";
import { financeDeals } from "./finance";
import { reservations, vehicles } from "./stock";
import { users } from "./users";

// Complaints under DISP: nothing is deleted (migration 0020 refuses it) and each step is an
// append-only dated entry; the complaint row keeps only who handles it and where it stands.

export const COMPLAINT_CHANNELS = ["in_person", "phone", "email", "letter", "web_form", "social_media"] as const;
export const COMPLAINT_CATEGORIES = ["finance_commission", "vehicle", "sale", "service", "other"] as const;
/**
 * Where a complaint stands, kept in step with its entries: `open` until a summary resolution or final
 * response; `at_ombudsman` once referred; `closed` after either, or the Ombudsman's outcome.
 */
export const COMPLAINT_STATUSES = ["open", "resolved_summary", "final_response", "at_ombudsman", "ombudsman_decided"] as const;
export const COMPLAINT_STEP_KINDS = [
  "acknowledged",
  "holding_response",
  "summary_resolution",
  "final_response",
  "redress_offered",
  "redress_paid",
  "referred_to_ombudsman",
  "ombudsman_outcome",
  "root_cause",
] as const;
export const COMPLAINT_OUTCOMES = ["upheld", "partly_upheld", "not_upheld"] as const;

export const complaintChannelEnum = pgEnum("complaint_channel", COMPLAINT_CHANNELS);
export const complaintCategoryEnum = pgEnum("complaint_category", COMPLAINT_CATEGORIES);
export const complaintStatusEnum = pgEnum("complaint_status", COMPLAINT_STATUSES);
export const complaintStepKindEnum = pgEnum("complaint_step_kind", COMPLAINT_STEP_KINDS);
export const complaintOutcomeEnum = pgEnum("complaint_outcome", COMPLAINT_OUTCOMES);

export const complaints = pgTable(
  "complaints",
  {
    id: id(),
    reference: text("reference").notNull(),
    branchId: uuid("branch_id").notNull().references(() => branches.id),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    channel: complaintChannelEnum("channel").notNull(),
    complainantName: text("complainant_name").notNull(),
    complainantContact: text("complainant_contact").notNull(),
    /** The complainant's customer record, when they are (or were) a customer. */
    customerId: uuid("customer_id").references(() => customers.id),
    dealId: uuid("deal_id").references(() => financeDeals.id),
    reservationId: uuid("reservation_id").references(() => reservations.id),
    vehicleId: uuid("vehicle_id").references(() => vehicles.id),
    category: complaintCategoryEnum("category").notNull(),
    description: text("description").notNull(),
    desiredOutcome: text("desired_outcome").notNull(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    status: complaintStatusEnum("status").notNull().default("open"),
    /** End of the third business day after receipt (exclusive instant): a summary resolution by then. */
    summaryDueAt: timestamp("summary_due_at", { withTimezone: true }).notNull(),
    /** End of eight weeks after receipt (exclusive instant): the final response by then. */
    finalDueAt: timestamp("final_due_at", { withTimezone: true }).notNull(),
    /** When the summary resolution or final response closed it (null while open or at the Ombudsman). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    ...mutableColumns(),
  },
  (t) => [
    uniqueIndex("complaints_reference_key").on(t.reference),
    index("complaints_branch_received_idx").on(t.branchId, t.receivedAt),
    index("complaints_final_due_idx").on(t.finalDueAt),
    index("complaints_deal_idx").on(t.dealId),
    index("complaints_customer_idx").on(t.customerId),
  ],
);

/** Dated steps of a complaint, append-only (migration 0020): what was sent or decided, when, by whom. */
export const complaintSteps = pgTable(
  "complaint_steps",
  {
    id: id(),
    complaintId: uuid("complaint_id").notNull().references(() => complaints.id),
    kind: complaintStepKindEnum("kind").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    outcome: complaintOutcomeEnum("outcome"),
    amountPence: integer("amount_pence"),
    note: text("note").notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("complaint_steps_complaint_idx").on(t.complaintId, t.createdAt)],
);

export type Complaint = typeof complaints.$inferSelect;
export type ComplaintStep = typeof complaintSteps.$inferSelect;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export type ComplaintStepKind = (typeof COMPLAINT_STEP_KINDS)[number];
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];
