import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema } from "@db/client";
import { COMPLAINT_CATEGORIES } from "@db/schema/complaints";
import { PRODUCTS } from "@db/schema/finance";
import { CATEGORY_LABELS } from "~/modules/complaints/complaint-labels";
import { needsReviewSql, reviewThresholds } from "~/modules/finance/commission.server";
import { PRODUCT_LABELS } from "~/modules/finance/finance-labels";
import { latestConfirmations } from "~/modules/finance/finance-list.server";
import { endOfLondonDay, startOfLondonDay } from "~/utils/dates";
import type { ExportPeriod } from "./export-period";
import { promotionRows } from "./oversight-approvals.server";
import { fileReviewRows } from "./oversight-file-reviews.server";
import { BREACHES_SECTION, COMMISSION_SECTION, COMPLAINTS_SECTION, DEALS_SECTION, FILE_REVIEWS_SECTION, PROMOTIONS_SECTION, REVIEWS_SECTION, type SectionSpec } from "./oversight-figures";

/**
 * The sections of the oversight export, each a function of the period returning rows: one row per
 * dimension value (a branch, a lender, a product...) plus the section's total (`dimension: "all"`).
 * Every figure is an SQL aggregate (grouping sets: one statement per section, no query per row).
 */
export interface SectionRow {
  dimension: string;
  key: string;
  label: string;
  values: Record<string, number | null>;
}

export interface OversightSection {
  spec: SectionSpec;
  rows: (period: ExportPeriod) => Promise<SectionRow[]>;
}

const { financeDeals, branches, lenders, lenderAttempts, commissionReviews, complaints, complaintSteps, breaches } = schema;

/** The period as instants: from the start of its first London day to the start of the day after its last. */
const bounds = (period: ExportPeriod) => ({ start: startOfLondonDay(period.from), end: endOfLondonDay(period.to) });
const within = (column: SQL | typeof financeDeals.createdAt, period: ExportPeriod): SQL => {
  const { start, end } = bounds(period);
  return sql`(${column} >= ${start.toISOString()}::timestamptz and ${column} < ${end.toISOString()}::timestamptz)`;
};

const int = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const ratioOf = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Which grouping set a row of `grouping sets` came from: the first column not rolled up names it. */
const dimensionOf = (columns: [string, SQL][]) => sql<string>`case ${sql.join(columns.map(([name, column]) => sql`when grouping(${column}) = 0 then ${name}`), sql` `)} else 'all' end`;

/** Rows in the order a reader expects: the total, then each dimension by label; `fill` lists values shown even at zero. */
function arrange(spec: SectionSpec, rows: SectionRow[], fill: Record<string, { key: string; label: string }[]>, totalLabel: string): SectionRow[] {
  const zero = () => Object.fromEntries(spec.figures.map((figure) => [figure.name, figure.unit === "ratio" ? null : 0]));
  const out: SectionRow[] = [rows.find((row) => row.dimension === "all") ?? { dimension: "all", key: "all", label: totalLabel, values: zero() }];
  out[0]!.label = totalLabel;
  for (const dimension of Object.keys(spec.dimensions).filter((name) => name !== "all")) {
    const found = rows.filter((row) => row.dimension === dimension);
    for (const extra of fill[dimension] ?? []) if (!found.some((row) => row.key === extra.key)) found.push({ dimension, ...extra, values: zero() });
    out.push(...found.sort((a, b) => a.label.localeCompare(b.label)));
  }
  return out;
}

async function allBranches() {
  return (await db().select({ key: branches.slug, label: branches.name }).from(branches).orderBy(asc(branches.name))).map((b) => ({ key: b.key, label: b.label }));
}

/** Introductions (deals recorded) and signed deals, by branch and by lender. */
async function dealRows(period: ExportPeriod): Promise<SectionRow[]> {
  const signedAttempt = alias(lenderAttempts, "signed_attempt");
  const latestAttempt = db()
    .selectDistinctOn([lenderAttempts.dealId], { dealId: lenderAttempts.dealId, lenderId: lenderAttempts.lenderId })
    .from(lenderAttempts)
    .orderBy(lenderAttempts.dealId, desc(lenderAttempts.sequence))
    .as("latest_attempt");
  const introduced = within(financeDeals.createdAt, period);
  const signed = within(sql`${financeDeals.signedAt}`, period);
  const f = db()
    .select({
      branchKey: sql<string>`${branches.slug}`.as("branch_key"),
      branchName: sql<string>`${branches.name}`.as("branch_name"),
      lenderKey: sql<string>`coalesce(${lenders.id}::text, 'none')`.as("lender_key"),
      lenderName: sql<string>`coalesce(${lenders.name}, 'Not yet proposed to a lender')`.as("lender_name"),
      introduced: sql<boolean>`${introduced}`.as("introduced"),
      signed: sql<boolean>`coalesce(${signed}, false)`.as("signed"),
    })
    .from(financeDeals)
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .leftJoin(signedAttempt, eq(signedAttempt.id, financeDeals.signedAttemptId))
    .leftJoin(latestAttempt, eq(latestAttempt.dealId, financeDeals.id))
    .leftJoin(lenders, eq(lenders.id, sql`coalesce(${signedAttempt.lenderId}, ${latestAttempt.lenderId})`))
    .where(or(introduced, signed))
    .as("facts");
  const rows = await db()
    .select({
      dimension: dimensionOf([["branch", sql`${f.branchKey}`], ["lender", sql`${f.lenderKey}`]]),
      branchKey: f.branchKey,
      branchName: f.branchName,
      lenderKey: f.lenderKey,
      lenderName: f.lenderName,
      introductions: sql<number>`(count(*) filter (where ${f.introduced}))::integer`,
      signed: sql<number>`(count(*) filter (where ${f.signed}))::integer`,
    })
    .from(f)
    .groupBy(sql`grouping sets ((${f.branchKey}, ${f.branchName}), (${f.lenderKey}, ${f.lenderName}), ())`);
  return arrange(
    DEALS_SECTION,
    rows.map((row) => ({
      ...keyed(row.dimension, { branch: [row.branchKey, row.branchName], lender: [row.lenderKey, row.lenderName] }),
      values: { introductions: int(row.introductions), signed: int(row.signed) },
    })),
    { branch: await allBranches() },
    "All branches",
  );
}

function keyed(dimension: string, by: Record<string, [string, string]>) {
  const [key, label] = by[dimension] ?? ["all", ""];
  return { dimension, key, label };
}

/** Commission on deals signed in the period: totals, average, its share of the credit, and how many reached a review threshold. */
async function commissionRows(period: ExportPeriod): Promise<SectionRow[]> {
  const thresholds = await reviewThresholds();
  const signedAttempt = alias(lenderAttempts, "signed_attempt");
  const confirmation = latestConfirmations();
  const figure = (field: string) => sql`(${financeDeals.signedFigures}->>${sql.raw(`'${field}'`)})::bigint`;
  const commission = sql`coalesce(${confirmation.amountPence}, 0)`;
  const f = db()
    .select({
      branchKey: sql<string>`${branches.slug}`.as("branch_key"),
      branchName: sql<string>`${branches.name}`.as("branch_name"),
      lenderKey: sql<string>`coalesce(${lenders.id}::text, 'none')`.as("lender_key"),
      lenderName: sql<string>`coalesce(${lenders.name}, 'Unknown lender')`.as("lender_name"),
      commission: sql<number>`${commission}`.as("commission"),
      credit: sql<number>`coalesce(${figure("creditPence")}, 0)`.as("credit"),
      reviewRequired: sql<boolean>`coalesce(${needsReviewSql(commission, { chargeForCreditPence: figure("chargeForCreditPence"), creditPence: figure("creditPence") }, thresholds)}, false)`.as("review_required"),
    })
    .from(financeDeals)
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .leftJoin(signedAttempt, eq(signedAttempt.id, financeDeals.signedAttemptId))
    .leftJoin(lenders, eq(lenders.id, signedAttempt.lenderId))
    .leftJoin(confirmation, eq(confirmation.dealId, financeDeals.id))
    .where(within(sql`${financeDeals.signedAt}`, period))
    .as("facts");
  const rows = await db()
    .select({
      dimension: dimensionOf([["branch", sql`${f.branchKey}`], ["lender", sql`${f.lenderKey}`]]),
      branchKey: f.branchKey,
      branchName: f.branchName,
      lenderKey: f.lenderKey,
      lenderName: f.lenderName,
      signedDeals: sql<number>`count(*)::integer`,
      commissionPence: sql<string>`sum(${f.commission})::bigint`,
      averageCommissionPence: sql<string | null>`round(avg(${f.commission}))::bigint`,
      creditPence: sql<string>`sum(${f.credit})::bigint`,
      commissionToCredit: sql<number | null>`sum(${f.commission})::float8 / nullif(sum(${f.credit}), 0)::float8`,
      reviewRequired: sql<number>`(count(*) filter (where ${f.reviewRequired}))::integer`,
      reviewRequiredShare: sql<number | null>`(count(*) filter (where ${f.reviewRequired}))::float8 / nullif(count(*), 0)::float8`,
    })
    .from(f)
    .groupBy(sql`grouping sets ((${f.branchKey}, ${f.branchName}), (${f.lenderKey}, ${f.lenderName}), ())`);
  const arranged = arrange(
    COMMISSION_SECTION,
    rows
      // With no signed deal at all, the empty grand total has no deals: the zero row stands in.
      .filter((row) => row.signedDeals > 0)
      .map((row) => ({
        ...keyed(row.dimension, { branch: [row.branchKey, row.branchName], lender: [row.lenderKey, row.lenderName] }),
        values: {
          signedDeals: int(row.signedDeals),
          commissionPence: int(row.commissionPence),
          averageCommissionPence: row.averageCommissionPence === null ? null : int(row.averageCommissionPence),
          creditPence: int(row.creditPence),
          commissionToCredit: ratioOf(row.commissionToCredit),
          reviewRequired: int(row.reviewRequired),
          reviewRequiredShare: ratioOf(row.reviewRequiredShare),
        },
      })),
    { branch: await allBranches() },
    "All branches",
  );
  // An average of no deals is no figure, not £0.
  for (const row of arranged) if (row.values.signedDeals === 0) row.values.averageCommissionPence = null;
  return arranged;
}

/** High-commission reviews made in the period and what they decided. */
async function reviewRows(period: ExportPeriod): Promise<SectionRow[]> {
  const reviewedAttempt = alias(lenderAttempts, "reviewed_attempt");
  const signedAttempt = alias(lenderAttempts, "signed_attempt");
  const f = db()
    .select({
      branchKey: sql<string>`${branches.slug}`.as("branch_key"),
      branchName: sql<string>`${branches.name}`.as("branch_name"),
      lenderKey: sql<string>`coalesce(${lenders.id}::text, 'none')`.as("lender_key"),
      lenderName: sql<string>`coalesce(${lenders.name}, 'Unknown lender')`.as("lender_name"),
      decision: sql<string>`${commissionReviews.decision}`.as("decision"),
    })
    .from(commissionReviews)
    .innerJoin(financeDeals, eq(financeDeals.id, commissionReviews.dealId))
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .leftJoin(reviewedAttempt, eq(reviewedAttempt.id, commissionReviews.attemptId))
    .leftJoin(signedAttempt, eq(signedAttempt.id, financeDeals.signedAttemptId))
    .leftJoin(lenders, eq(lenders.id, sql`coalesce(${reviewedAttempt.lenderId}, ${signedAttempt.lenderId})`))
    .where(within(sql`${commissionReviews.reviewedAt}`, period))
    .as("facts");
  const rows = await db()
    .select({
      dimension: dimensionOf([["branch", sql`${f.branchKey}`], ["lender", sql`${f.lenderKey}`]]),
      branchKey: f.branchKey,
      branchName: f.branchName,
      lenderKey: f.lenderKey,
      lenderName: f.lenderName,
      reviews: sql<number>`count(*)::integer`,
      approved: sql<number>`(count(*) filter (where ${f.decision} = 'approved'))::integer`,
      rejected: sql<number>`(count(*) filter (where ${f.decision} = 'rejected'))::integer`,
    })
    .from(f)
    .groupBy(sql`grouping sets ((${f.branchKey}, ${f.branchName}), (${f.lenderKey}, ${f.lenderName}), ())`);
  return arrange(
    REVIEWS_SECTION,
    rows.map((row) => ({
      ...keyed(row.dimension, { branch: [row.branchKey, row.branchName], lender: [row.lenderKey, row.lenderName] }),
      values: { reviews: int(row.reviews), approved: int(row.approved), rejected: int(row.rejected) },
    })),
    { branch: await allBranches() },
    "All branches",
  );
}

/** The DISP 1.10 figures, by product and by cause. */
async function complaintRows(period: ExportPeriod): Promise<SectionRow[]> {
  const { start, end } = bounds(period);
  // The firm's closing step: a summary resolution or final response (only one can be recorded).
  const closing = db()
    .selectDistinctOn([complaintSteps.complaintId], { complaintId: complaintSteps.complaintId, at: complaintSteps.occurredAt, kind: complaintSteps.kind, outcome: complaintSteps.outcome })
    .from(complaintSteps)
    .where(inArray(complaintSteps.kind, ["summary_resolution", "final_response"]))
    .orderBy(complaintSteps.complaintId, asc(complaintSteps.occurredAt), asc(complaintSteps.createdAt))
    .as("closing");
  const inPeriod = within(sql`${complaintSteps.occurredAt}`, period);
  const later = db()
    .select({
      complaintId: complaintSteps.complaintId,
      redressPence: sql<string>`sum(${complaintSteps.amountPence}) filter (where ${complaintSteps.kind} = 'redress_paid')`.as("redress_pence"),
      redressCount: sql<number>`count(*) filter (where ${complaintSteps.kind} = 'redress_paid')`.as("redress_count"),
      referrals: sql<number>`count(*) filter (where ${complaintSteps.kind} = 'referred_to_ombudsman')`.as("referrals"),
    })
    .from(complaintSteps)
    .where(and(inArray(complaintSteps.kind, ["redress_paid", "referred_to_ombudsman"]), inPeriod))
    .groupBy(complaintSteps.complaintId)
    .as("later");
  const f = db()
    .select({
      product: sql<string>`coalesce(${financeDeals.product}::text, 'none')`.as("product"),
      cause: sql<string>`${complaints.category}::text`.as("cause"),
      opened: sql<boolean>`${within(sql`${complaints.receivedAt}`, period)}`.as("opened"),
      closed: sql<boolean>`coalesce(${within(sql`${closing.at}`, period)}, false)`.as("closed"),
      closingKind: sql<string | null>`${closing.kind}::text`.as("closing_kind"),
      outcome: sql<string | null>`${closing.outcome}::text`.as("outcome"),
      inThreeDays: sql<boolean>`coalesce(${closing.at} < ${complaints.summaryDueAt}, false)`.as("in_three_days"),
      inEightWeeks: sql<boolean>`coalesce(${closing.at} < ${complaints.finalDueAt}, false)`.as("in_eight_weeks"),
      openAtStart: sql<boolean>`(${complaints.receivedAt} < ${start.toISOString()}::timestamptz and (${closing.at} is null or ${closing.at} >= ${start.toISOString()}::timestamptz))`.as("open_at_start"),
      openAtEnd: sql<boolean>`(${closing.at} is null or ${closing.at} >= ${end.toISOString()}::timestamptz)`.as("open_at_end"),
      redressPence: sql<number>`coalesce(${later.redressPence}, 0)`.as("redress_pence_total"),
      redressCount: sql<number>`coalesce(${later.redressCount}, 0)`.as("redress_count_total"),
      referrals: sql<number>`coalesce(${later.referrals}, 0)`.as("referrals_total"),
    })
    .from(complaints)
    .leftJoin(financeDeals, eq(financeDeals.id, complaints.dealId))
    .leftJoin(closing, eq(closing.complaintId, complaints.id))
    .leftJoin(later, eq(later.complaintId, complaints.id))
    .where(lt(complaints.receivedAt, end))
    .as("facts");
  const closedWhere = (condition: SQL) => sql<number>`(count(*) filter (where ${f.closed} and ${condition}))::integer`;
  const rows = await db()
    .select({
      dimension: dimensionOf([["product", sql`${f.product}`], ["cause", sql`${f.cause}`]]),
      product: f.product,
      cause: f.cause,
      openAtStart: sql<number>`(count(*) filter (where ${f.openAtStart}))::integer`,
      opened: sql<number>`(count(*) filter (where ${f.opened}))::integer`,
      closed: closedWhere(sql`true`),
      closedBySummaryResolution: closedWhere(sql`${f.closingKind} = 'summary_resolution'`),
      upheld: closedWhere(sql`${f.outcome} = 'upheld'`),
      partlyUpheld: closedWhere(sql`${f.outcome} = 'partly_upheld'`),
      notUpheld: closedWhere(sql`${f.outcome} = 'not_upheld'`),
      closedWithinThreeBusinessDays: closedWhere(sql`${f.inThreeDays}`),
      closedWithinEightWeeks: closedWhere(sql`${f.inEightWeeks}`),
      closedAfterEightWeeks: closedWhere(sql`not ${f.inEightWeeks}`),
      redressPaidCount: sql<number>`sum(${f.redressCount})::integer`,
      redressPaidPence: sql<string>`sum(${f.redressPence})::bigint`,
      referredToOmbudsman: sql<number>`sum(${f.referrals})::integer`,
      openAtEnd: sql<number>`(count(*) filter (where ${f.openAtEnd}))::integer`,
    })
    .from(f)
    .groupBy(sql`grouping sets ((${f.product}), (${f.cause}), ())`);
  const names = COMPLAINTS_SECTION.figures.map((figure) => figure.name) as (keyof (typeof rows)[number])[];
  const productLabel = (key: string) => (key === "none" ? "No finance product" : (PRODUCT_LABELS as Record<string, string>)[key] ?? key);
  const causeLabel = (key: string) => (CATEGORY_LABELS as Record<string, string>)[key] ?? key;
  return arrange(
    COMPLAINTS_SECTION,
    rows.map((row) => ({
      ...keyed(row.dimension, { product: [row.product, productLabel(row.product)], cause: [row.cause, causeLabel(row.cause)] }),
      values: Object.fromEntries(names.map((name) => [name, int(row[name])])),
    })),
    {
      product: [...PRODUCTS, "none"].map((key) => ({ key, label: productLabel(key) })),
      cause: COMPLAINT_CATEGORIES.map((key) => ({ key, label: causeLabel(key) })),
    },
    "All complaints",
  );
}

/** Breaches found in the period, by rule, and whether the principal has been told. */
async function breachRows(period: ExportPeriod): Promise<SectionRow[]> {
  const rows = await db()
    .select({
      dimension: dimensionOf([["rule", sql`${breaches.rule}`]]),
      rule: breaches.rule,
      breaches: sql<number>`count(*)::integer`,
      principalTold: sql<number>`(count(*) filter (where ${breaches.principalToldAt} is not null))::integer`,
      principalNotTold: sql<number>`(count(*) filter (where ${breaches.principalToldAt} is null))::integer`,
      closed: sql<number>`(count(*) filter (where ${breaches.closedAt} is not null))::integer`,
    })
    .from(breaches)
    .where(and(gte(breaches.foundOn, period.from), lte(breaches.foundOn, period.to)))
    .groupBy(sql`grouping sets ((${breaches.rule}), ())`);
  return arrange(
    BREACHES_SECTION,
    rows.map((row) => ({
      ...keyed(row.dimension, { rule: [row.rule, row.rule] }),
      values: { breaches: int(row.breaches), principalTold: int(row.principalTold), principalNotTold: int(row.principalNotTold), closed: int(row.closed) },
    })),
    {},
    "All breaches",
  );
}

/**
 * The export's sections, in order. To add one: a SectionSpec
 * in oversight-figures.ts, a rows function here, an entry below, and its optional property in
 * oversight-export.schema.json made required.
 */
export const OVERSIGHT_SECTIONS: OversightSection[] = [
  { spec: DEALS_SECTION, rows: dealRows },
  { spec: COMMISSION_SECTION, rows: commissionRows },
  { spec: REVIEWS_SECTION, rows: reviewRows },
  { spec: COMPLAINTS_SECTION, rows: complaintRows },
  { spec: BREACHES_SECTION, rows: breachRows },
  { spec: FILE_REVIEWS_SECTION, rows: fileReviewRows },
  { spec: PROMOTIONS_SECTION, rows: promotionRows },
];
