import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { OfferKind } from "@db/schema/offers";
import { offerApprovalStandings, type ApprovalShown } from "~/modules/approvals/approvals.server";
import { getSetting } from "~/modules/finance/documents.server";
import { modelLabel } from "~/modules/stock/labels";
import { formatPounds } from "~/utils/money";
import { readExample, type RepresentativeExample } from "./offer-example";

// What the public (no sign-in) sees of offers: only published revisions live on the London day. The
// state and the dates are filtered in SQL, so a draft, withdrawn, superseded, scheduled or expired
// revision never leaves the database on these pages. A financial promotion is shown only while a
// compliance user's approval of that very revision holds (12 months): one whose approval lapsed stays
// published in the admin, marked so, and is off these pages until it is approved again.

const { offers, branches, catalogueModels } = schema;

export interface PublicOffer {
  id: string;
  offerGroupId: string;
  revision: number;
  kind: OfferKind;
  title: string;
  summary: string;
  terms: string;
  brand: string;
  /** Model labels; empty means every model of the brand. */
  models: string[];
  /** The branches running it (an offer names at least one). */
  branches: { slug: string; name: string }[];
  validFrom: string;
  validTo: string;
  imageUrl: string | null;
  representativeExample: RepresentativeExample | null;
  /** The compliance approval it is shown under; null for an offer that doesn't promote finance. */
  approval: ApprovalShown | null;
}

/**
 * Published revisions live on `on` (YYYY-MM-DD, London), with branches and model labels resolved,
 * ordered by brand then by the day they end. `branchSlug` keeps the offers that branch runs; an unknown
 * or inactive branch finds nothing. `brand` matches case-insensitively.
 */
export async function publicOffers(filters: { branchSlug?: string | null; brand?: string | null; on: string }): Promise<PublicOffer[]> {
  const allBranches = await db().select({ id: branches.id, slug: branches.slug, name: branches.name, active: branches.active }).from(branches).orderBy(asc(branches.name));
  let branchId: string | undefined;
  if (filters.branchSlug) {
    branchId = allBranches.find((b) => b.slug === filters.branchSlug && b.active)?.id;
    if (!branchId) return [];
  }
  const rows = await db()
    .select()
    .from(offers)
    .where(
      and(
        eq(offers.state, "published"),
        lte(offers.validFrom, filters.on),
        gte(offers.validTo, filters.on),
        filters.brand ? eq(sql`lower(${offers.brand})`, filters.brand.trim().toLowerCase()) : undefined,
        branchId ? sql`${branchId}::uuid = any(${offers.branchIds})` : undefined,
      ),
    )
    .orderBy(asc(offers.brand), asc(offers.validTo), asc(offers.title), asc(offers.id));

  const standings = await offerApprovalStandings(rows, filters.on);
  const shown = rows.filter((row) => ["not_needed", "current"].includes(standings.get(row.id)!.state));
  const modelIds = [...new Set(shown.flatMap((row) => row.modelIds))];
  const models = modelIds.length
    ? await db().select().from(catalogueModels).where(inArray(catalogueModels.id, modelIds))
    : [];
  const labelOf = new Map(models.map((model) => [model.id, modelLabel(model)]));
  const branchOf = new Map(allBranches.filter((b) => b.active).map((b) => [b.id, { slug: b.slug, name: b.name }]));

  return shown.map((row) => ({
    id: row.id,
    offerGroupId: row.offerGroupId,
    revision: row.revision,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    terms: row.terms,
    brand: row.brand,
    models: row.modelIds.map((id) => labelOf.get(id)).filter((label): label is string => Boolean(label)).sort(),
    branches: row.branchIds.map((id) => branchOf.get(id)).filter((b): b is { slug: string; name: string } => Boolean(b)).sort((a, b) => a.name.localeCompare(b.name)),
    validFrom: row.validFrom,
    validTo: row.validTo,
    imageUrl: row.imageUrl,
    representativeExample: readExample(row.representativeExample),
    approval: standings.get(row.id)!.approval,
  }));
}

/** The choices for the public filters: active branches, and the brands with a live offer today. */
export async function publicFilterOptions(on: string) {
  const [branchRows, brandRows] = await Promise.all([
    db().select({ slug: branches.slug, name: branches.name }).from(branches).where(eq(branches.active, true)).orderBy(asc(branches.name)),
    db()
      .selectDistinct({ brand: offers.brand })
      .from(offers)
      .where(and(eq(offers.state, "published"), lte(offers.validFrom, on), gte(offers.validTo, on)))
      .orderBy(asc(offers.brand)),
  ]);
  return { branches: branchRows, brands: brandRows.map((row) => row.brand) };
}

/** The group's credit-broker wording, as shown beside every offer. */
export async function brokerStatus() {
  return (await getSetting("regulatory_status")).text;
}

/** "9.9%" from 990 basis points; "0%" from 0. */
export function formatRate(basisPoints: number) {
  return `${Number((basisPoints / 100).toFixed(2))}%`;
}

const money = (pence: number) => ({ pence, formatted: formatPounds(pence) });

/**
 * A representative example with stable names, each amount in pence and as shown, and its whole
 * schedule: months count from signing, so anyone can recompute the APR (CONC App 1.1) from
 * credit = Σ payment × (1 + APR)^(−month / 12) over the monthly payments, the final payment and the fees.
 */
export function exampleJson(e: RepresentativeExample) {
  return {
    apr: formatRate(e.aprBasisPoints),
    aprBasisPoints: e.aprBasisPoints,
    ratePercent: formatRate(e.ratePercentBasisPoints),
    ratePercentBasisPoints: e.ratePercentBasisPoints,
    rateFixed: e.rateFixed,
    cashPrice: money(e.cashPricePence),
    deposit: money(e.depositPence),
    depositContribution: money(e.depositContributionPence),
    credit: money(e.creditPence),
    termMonths: e.termMonths,
    numberOfPayments: e.paymentCount,
    firstPaymentMonth: e.firstPaymentMonth,
    monthlyPayment: money(e.monthlyPaymentPence),
    finalPayment: money(e.finalPaymentPence),
    finalPaymentMonth: e.finalPaymentMonth,
    fees: e.fees.map((fee) => ({ name: fee.name, month: fee.month, ...money(fee.amountPence) })),
    totalPayable: money(e.totalPayablePence),
  };
}

/** The stable public JSON of one offer: `id` is the offer's group id, the same across revisions. */
export function toPublicJson(offer: PublicOffer) {
  return {
    id: offer.offerGroupId,
    revision: offer.revision,
    kind: offer.kind,
    title: offer.title,
    summary: offer.summary,
    terms: offer.terms,
    brand: offer.brand,
    models: offer.models,
    branches: offer.branches,
    validFrom: offer.validFrom,
    validTo: offer.validTo,
    imageUrl: offer.imageUrl,
    representativeExample: offer.representativeExample ? exampleJson(offer.representativeExample) : null,
    approval: offer.approval ? approvalJson(offer.approval) : null,
  };
}

/** Who approved a financial promotion, when, until when, and the text and figures they approved. */
export function approvalJson(approval: ApprovalShown) {
  const copy = approval.approvedCopy as { title: string; summary: string; terms: string; representativeExample: unknown };
  const example = readExample(copy.representativeExample);
  return {
    approvedAt: new Date(approval.approvedAt).toISOString(),
    approvedBy: approval.approvedByName,
    approvedByRole: approval.approvedByRole,
    lapsesOn: approval.lapsesOn!,
    approvedCopySha256: approval.copySha256,
    approvedText: { title: copy.title, summary: copy.summary, terms: copy.terms },
    approvedExample: example ? exampleJson(example) : null,
  };
}

export type PublicOfferJson = ReturnType<typeof toPublicJson>;

/** Offers grouped by brand, keeping the order they came in. */
export function groupByBrand<T extends { brand: string }>(list: T[]) {
  const groups = new Map<string, T[]>();
  for (const item of list) groups.set(item.brand, [...(groups.get(item.brand) ?? []), item]);
  return [...groups].map(([brand, items]) => ({ brand, offers: items }));
}
