import { boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { branches } from "./branches";
import { createdAt, id, mutableColumns } from "./columns";
import { customers } from "./customers";
import { catalogueModels, vehicles } from "./stock";
import { users } from "./users";

// The finance log is the group's regulated record: migration 0006 makes its history append-only
// (no deletes; signed deals and used documents can't be changed).

export const TIE_KINDS = ["exclusivity", "first_refusal", "volume_target", "stock_funding", "training_marketing_support", "other"] as const;
export const COMMISSION_BASES = ["fixed_fee", "percent_of_credit"] as const;
export const OTHER_PAYMENT_KINDS = ["volume_bonus", "panel_fee", "other"] as const;
export const PRODUCTS = ["hp", "pcp", "conditional_sale", "hire", "loan"] as const;
export const DISCLOSURE_MEDIA = ["paper", "email", "pdf"] as const;
export const CONSENT_METHODS = ["signed_paper", "email_reply", "e_signature", "recorded_call"] as const;
export const DEAL_STATUSES = ["draft", "disclosed", "proposed", "approved", "signed", "not_proceeding"] as const;
/** "countered": the lender accepted on different terms (a higher rate, a smaller advance, …). */
export const ATTEMPT_OUTCOMES = ["pending", "accepted", "declined", "referred", "withdrawn", "countered"] as const;
export const ENTRY_KINDS = [
  "correction",
  "withdrawal",
  "cancellation",
  "early_settlement",
  "clawback",
  "commission_paid",
  "legal_hold_on",
  "legal_hold_off",
] as const;

export const tieKindEnum = pgEnum("tie_kind", TIE_KINDS);
export const commissionBasisEnum = pgEnum("commission_basis", COMMISSION_BASES);
export const otherPaymentKindEnum = pgEnum("other_payment_kind", OTHER_PAYMENT_KINDS);
export const productEnum = pgEnum("finance_product", PRODUCTS);
export const disclosureMediumEnum = pgEnum("disclosure_medium", DISCLOSURE_MEDIA);
export const consentMethodEnum = pgEnum("consent_method", CONSENT_METHODS);
export const dealStatusEnum = pgEnum("deal_status", DEAL_STATUSES);
export const attemptOutcomeEnum = pgEnum("attempt_outcome", ATTEMPT_OUTCOMES);
export const entryKindEnum = pgEnum("deal_entry_kind", ENTRY_KINDS);

export const lenders = pgTable(
  "lenders",
  {
    id: id(),
    name: text("name").notNull(),
    fcaFrn: text("fca_frn").notNull(),
    /** The franchises whose manufacturer (captive) lender this is; empty for a general lender. */
    captiveBrands: text("captive_brands").array().notNull().default([]),
    active: boolean("active").notNull().default(true),
    ...mutableColumns(),
  },
  (t) => [uniqueIndex("lenders_name_key").on(t.name)],
);

/** The tie register: each agreement between the group and a lender, and when it was in force. */
export const lenderTies = pgTable(
  "lender_ties",
  {
    id: id(),
    lenderId: uuid("lender_id").notNull().references(() => lenders.id),
    reference: text("reference").notNull(),
    kind: tieKindEnum("kind").notNull(),
    terms: text("terms").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }),
    ...mutableColumns(),
  },
  (t) => [index("lender_ties_lender_idx").on(t.lenderId, t.startsOn)],
);

/**
 * Commission schedules, versioned: a new version is a new row with its own effective dates, so a deal
 * can always be traced to the schedule in force that day. Brand or model narrow a row's reach.
 */
export const commissionSchedules = pgTable(
  "commission_schedules",
  {
    id: id(),
    lenderId: uuid("lender_id").notNull().references(() => lenders.id),
    version: integer("version").notNull(),
    basis: commissionBasisEnum("basis").notNull(),
    /** For a fixed fee. */
    amountPence: integer("amount_pence"),
    /** For a percentage of the credit, in basis points (350 = 3.50%). */
    percentBasisPoints: integer("percent_basis_points"),
    brand: text("brand"),
    modelId: uuid("model_id").references(() => catalogueModels.id),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    effectiveTo: date("effective_to", { mode: "string" }),
    notes: text("notes").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("commission_schedules_lender_idx").on(t.lenderId, t.effectiveFrom)],
);

/** Payments from a lender beyond per-deal commission (volume bonus, panel fee). */
export const lenderOtherPayments = pgTable("lender_other_payments", {
  id: id(),
  lenderId: uuid("lender_id").notNull().references(() => lenders.id),
  kind: otherPaymentKindEnum("kind").notNull(),
  description: text("description").notNull(),
  amountPence: integer("amount_pence"),
  effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
  effectiveTo: date("effective_to", { mode: "string" }),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: createdAt(),
});

/** Customer-facing wording, numbered and hashed; frozen once a deal has used it. */
export const disclosureDocuments = pgTable(
  "disclosure_documents",
  {
    id: id(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    sha256: text("sha256").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    firstUsedAt: timestamp("first_used_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("disclosure_documents_version_key").on(t.version)],
);

/** Admin-set settings (regulatory status wording, review thresholds), versioned: the newest row wins. */
export const settingVersions = pgTable(
  "setting_versions",
  {
    id: id(),
    key: text("key").notNull(),
    version: integer("version").notNull(),
    value: jsonb("value").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("setting_versions_key_version_key").on(t.key, t.version)],
);

/** An introduction (a deal). Frozen once signed: later events are deal_entries. */
export const financeDeals = pgTable(
  "finance_deals",
  {
    id: id(),
    reference: text("reference").notNull(),
    branchId: uuid("branch_id").notNull().references(() => branches.id),
    staffId: uuid("staff_id").notNull().references(() => users.id),
    channel: text("channel", { enum: ["in_store", "distance"] }).notNull(),
    status: dealStatusEnum("status").notNull().default("draft"),
    customerName: text("customer_name").notNull(),
    customerDateOfBirth: date("customer_date_of_birth", { mode: "string" }).notNull(),
    customerUkResident: boolean("customer_uk_resident").notNull(),
    customerContact: text("customer_contact").notNull(),
    /**
     * The customer record. The customer_* fields above are the deal's own copy, frozen at signing;
     * only this link may change on a signed deal (a merge moves it; migration 0028).
     */
    customerId: uuid("customer_id").references(() => customers.id),
    vulnerable: boolean("vulnerable").notNull().default(false),
    vulnerabilityNote: text("vulnerability_note").notNull().default(""),
    guarantorRequired: boolean("guarantor_required").notNull().default(false),
    guarantorName: text("guarantor_name"),
    guarantorContact: text("guarantor_contact"),
    vehicleId: uuid("vehicle_id").references(() => vehicles.id),
    vehicleDescription: text("vehicle_description").notNull().default(""),
    vehicleBrand: text("vehicle_brand").notNull(),
    vehicleModelId: uuid("vehicle_model_id").references(() => catalogueModels.id),
    product: productEnum("product").notNull(),
    /** The figures as quoted (FinanceFigures in pence and basis points). */
    quotedFigures: jsonb("quoted_figures").notNull(),
    /** The figures as signed, copied at signing. */
    signedFigures: jsonb("signed_figures"),
    agreementNumber: text("agreement_number"),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    signedBy: uuid("signed_by").references(() => users.id),
    signedAttemptId: uuid("signed_attempt_id"),
    notProceedingReason: text("not_proceeding_reason"),
    ...mutableColumns(),
  },
  (t) => [
    uniqueIndex("finance_deals_reference_key").on(t.reference),
    index("finance_deals_branch_idx").on(t.branchId, t.createdAt),
    index("finance_deals_status_idx").on(t.status, t.createdAt),
    index("finance_deals_agreement_idx").on(t.agreementNumber),
    index("finance_deals_customer_idx").on(t.customerId),
  ],
);

/** What the customer was told before any proposal: document, likely commission, ties, medium. */
export const dealDisclosures = pgTable(
  "deal_disclosures",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    documentId: uuid("document_id").notNull().references(() => disclosureDocuments.id),
    documentSha256: text("document_sha256").notNull(),
    lenderId: uuid("lender_id").notNull().references(() => lenders.id),
    scheduleId: uuid("schedule_id").references(() => commissionSchedules.id),
    basis: commissionBasisEnum("basis").notNull(),
    estimatedCommissionPence: integer("estimated_commission_pence").notNull(),
    /** The ties in force that day, as disclosed (reference, lender, kind, terms). */
    tiesDisclosed: jsonb("ties_disclosed").notNull(),
    medium: disclosureMediumEnum("medium").notNull(),
    customerAskedAmount: boolean("customer_asked_amount").notNull().default(false),
    amountToldToCustomer: text("amount_told_to_customer").notNull().default(""),
    givenAt: timestamp("given_at", { withTimezone: true }).notNull(),
    givenBy: uuid("given_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("deal_disclosures_deal_idx").on(t.dealId)],
);

export const dealConsents = pgTable(
  "deal_consents",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    disclosureId: uuid("disclosure_id").references(() => dealDisclosures.id),
    /** "initial" before a proposal; "fresh" when the confirmed commission exceeds what was disclosed. */
    kind: text("kind", { enum: ["initial", "fresh"] }).notNull(),
    method: consentMethodEnum("method").notNull(),
    givenAt: timestamp("given_at", { withTimezone: true }).notNull(),
    recordedBy: uuid("recorded_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("deal_consents_deal_idx").on(t.dealId)],
);

/** Each proposal to a lender, in order; an outcome is set once (from pending), never overwritten. */
export const lenderAttempts = pgTable(
  "lender_attempts",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    lenderId: uuid("lender_id").notNull().references(() => lenders.id),
    sequence: integer("sequence").notNull(),
    /** Why another lender came before the manufacturer lender, when it did. */
    orderReason: text("order_reason").notNull().default(""),
    quote: jsonb("quote").notNull(),
    outcome: attemptOutcomeEnum("outcome").notNull().default("pending"),
    aprBasisPoints: integer("apr_basis_points").notNull(),
    termMonths: integer("term_months").notNull(),
    /** The lender's approved figures (FinanceFigures and commissionPence), on acceptance or a counter-offer. */
    approvedFigures: jsonb("approved_figures"),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** When the answer was entered (decidedAt is when the lender gave it; created_at, the proposal's entry). */
    decisionRecordedAt: timestamp("decision_recorded_at", { withTimezone: true }),
    recordedBy: uuid("recorded_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("lender_attempts_sequence_key").on(t.dealId, t.sequence)],
);

/** An acceptance (or counter-offer) that fell away, recorded beside it; the attempt itself is kept as decided. */
export const acceptanceWithdrawals = pgTable(
  "acceptance_withdrawals",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    attemptId: uuid("attempt_id").notNull().references(() => lenderAttempts.id),
    reason: text("reason").notNull(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }).notNull(),
    recordedBy: uuid("recorded_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("acceptance_withdrawals_attempt_key").on(t.attemptId), index("acceptance_withdrawals_deal_idx").on(t.dealId)],
);

/**
 * A second person's review of a high commission, with the figures it approved: a later change of them
 * (another acceptance, another commission) needs a new review. Null figures: a review from before they were kept.
 */
export const commissionReviews = pgTable(
  "commission_reviews",
  {
  id: id(),
  dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
  reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
  decision: text("decision", { enum: ["approved", "rejected"] }).notNull(),
  note: text("note").notNull(),
  commissionPence: integer("commission_pence").notNull(),
  /** The lender's acceptance whose figures were reviewed. */
  attemptId: uuid("attempt_id").references(() => lenderAttempts.id),
  creditPence: integer("credit_pence"),
  chargeForCreditPence: integer("charge_for_credit_pence"),
  totalPayablePence: integer("total_payable_pence"),
  /** The commission's shares (CommissionRatios) and the thresholds in force, as the reviewer saw them. */
  ratios: jsonb("ratios"),
  /** When the review was made (created_at: when it was entered). */
  reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: createdAt(),
  },
  (t) => [index("commission_reviews_deal_idx").on(t.dealId)],
);

/** The exact commission, confirmed to the customer before signing. */
export const commissionConfirmations = pgTable(
  "commission_confirmations",
  {
  id: id(),
  dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
  attemptId: uuid("attempt_id").notNull().references(() => lenderAttempts.id),
  amountPence: integer("amount_pence").notNull(),
  medium: disclosureMediumEnum("medium").notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull(),
  confirmedBy: uuid("confirmed_by").notNull().references(() => users.id),
  createdAt: createdAt(),
  },
  (t) => [index("commission_confirmations_deal_idx").on(t.dealId)],
);

/** Dated entries after signing (corrections, withdrawal, settlement, clawback, commission paid, holds). */
export const dealEntries = pgTable(
  "deal_entries",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    kind: entryKindEnum("kind").notNull(),
    effectiveOn: date("effective_on", { mode: "string" }).notNull(),
    amountPence: integer("amount_pence"),
    reason: text("reason").notNull(),
    details: jsonb("details"),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("deal_entries_deal_idx").on(t.dealId, t.createdAt), index("deal_entries_kind_idx").on(t.kind)],
);

export type FinanceDeal = typeof financeDeals.$inferSelect;
export type DealStatus = (typeof DEAL_STATUSES)[number];
export type Product = (typeof PRODUCTS)[number];
export type TieKind = (typeof TIE_KINDS)[number];
export type CommissionBasis = (typeof COMMISSION_BASES)[number];
export type DisclosureMedium = (typeof DISCLOSURE_MEDIA)[number];
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
export type EntryKind = (typeof ENTRY_KINDS)[number];

