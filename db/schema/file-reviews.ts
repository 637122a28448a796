import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { branches } from "./branches";
import { createdAt, id } from "./columns";
import { financeDeals } from "./finance";
import { users } from "./users";

// File reviews (SUP 12 monitoring): a month's sample, the reviews of its deals and the actions they
// raise. A record once written stays as written (migration 0028): samples and reviews are never
// changed or deleted; an action is closed once, never deleted.

/** One month's sample of signed deals across the branches, with the seed that drew it. */
export const fileReviewSamples = pgTable(
  "file_review_samples",
  {
    id: id(),
    /** The calendar month (London) whose signed deals were sampled, as YYYY-MM. */
    month: text("month").notNull(),
    /** The draw's seed (app/modules/reviews/sampling.ts): the same seed and deals give the same sample. */
    seed: integer("seed").notNull(),
    /** Per branch: how many deals were signed that month and how many were drawn. */
    branches: jsonb("branches").notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("file_review_samples_month_key").on(t.month)],
);

/** A deal drawn into a month's sample, and why (high commission, vulnerable customer, random). */
export const fileReviewSampleDeals = pgTable(
  "file_review_sample_deals",
  {
    id: id(),
    sampleId: uuid("sample_id").notNull().references(() => fileReviewSamples.id),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    branchId: uuid("branch_id").notNull().references(() => branches.id),
    reason: text("reason", { enum: ["high_commission", "vulnerable", "random"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("file_review_sample_deals_key").on(t.sampleId, t.dealId), index("file_review_sample_deals_branch_idx").on(t.branchId)],
);

/** A sampled deal's review against a versioned checklist: one per sampled deal, never edited. */
export const fileReviews = pgTable(
  "file_reviews",
  {
    id: id(),
    sampleDealId: uuid("sample_deal_id").notNull().references(() => fileReviewSampleDeals.id),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    branchId: uuid("branch_id").notNull().references(() => branches.id),
    checklistVersion: integer("checklist_version").notNull(),
    /** [{ key, answer: met | not_met | not_applicable, note }], one per question of that version. */
    answers: jsonb("answers").notNull(),
    rating: text("rating", { enum: ["satisfactory", "needs_improvement", "unsatisfactory"] }).notNull(),
    summary: text("summary").notNull().default(""),
    reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("file_reviews_sample_deal_key").on(t.sampleDealId), index("file_reviews_created_idx").on(t.createdAt)],
);

/** What a review asks the deal's branch to do: an owner and a due day; closed once, with a note. */
export const fileReviewActions = pgTable(
  "file_review_actions",
  {
    id: id(),
    reviewId: uuid("review_id").notNull().references(() => fileReviews.id),
    dealId: uuid("deal_id").notNull().references(() => financeDeals.id),
    branchId: uuid("branch_id").notNull().references(() => branches.id),
    description: text("description").notNull(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: createdAt(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id),
    closingNote: text("closing_note").notNull().default(""),
  },
  (t) => [index("file_review_actions_branch_idx").on(t.branchId, t.closedAt), index("file_review_actions_review_idx").on(t.reviewId)],
);

export type FileReviewSample = typeof fileReviewSamples.$inferSelect;
export type FileReview = typeof fileReviews.$inferSelect;
export type FileReviewAction = typeof fileReviewActions.$inferSelect;
