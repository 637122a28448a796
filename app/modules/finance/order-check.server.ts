import { asc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import type { FigureProblemRow } from "./figures-check.server";
import { recordOrderProblems } from "./record-order";

const { financeDeals, branches, dealDisclosures, dealConsents, lenderAttempts, acceptanceWithdrawals, commissionConfirmations, commissionReviews } = schema;

const byDeal = <T extends { dealId: string }>(rows: T[]) => {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(row.dealId, [...(grouped.get(row.dealId) ?? []), row]);
  return (dealId: string) => grouped.get(dealId) ?? [];
};

/**
 * Every deal in the user's scope (all for admins and scripts) whose stored events are out of order or
 * whose commission was reviewed by someone who took part in it: rows stored before the database
 * checked them (migration 0020), or written around it. Each reason names the step and what it conflicts with.
 */
export async function listDealOrderProblems(user?: SessionUser): Promise<FigureProblemRow[]> {
  const scope = user && user.role !== "admin" ? inArray(financeDeals.branchId, user.branchIds.length ? user.branchIds : ["00000000-0000-0000-0000-000000000000"]) : undefined;
  const deals = await db()
    .select({ deal: financeDeals, branchName: branches.name })
    .from(financeDeals)
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .where(scope)
    .orderBy(asc(financeDeals.reference));
  if (deals.length === 0) return [];
  const ids = deals.map((d) => d.deal.id);
  // One query per table for the whole list, not one per deal.
  const disclosures = byDeal(await db().select().from(dealDisclosures).where(inArray(dealDisclosures.dealId, ids)));
  const consents = byDeal(await db().select().from(dealConsents).where(inArray(dealConsents.dealId, ids)));
  const attempts = byDeal(await db().select().from(lenderAttempts).where(inArray(lenderAttempts.dealId, ids)).orderBy(asc(lenderAttempts.sequence)));
  const withdrawals = byDeal(await db().select().from(acceptanceWithdrawals).where(inArray(acceptanceWithdrawals.dealId, ids)));
  const confirmations = byDeal(await db().select().from(commissionConfirmations).where(inArray(commissionConfirmations.dealId, ids)));
  const reviews = byDeal(await db().select().from(commissionReviews).where(inArray(commissionReviews.dealId, ids)));
  const found: FigureProblemRow[] = [];
  for (const { deal, branchName } of deals) {
    const record = { disclosures: disclosures(deal.id), consents: consents(deal.id), attempts: attempts(deal.id), withdrawals: withdrawals(deal.id), confirmations: confirmations(deal.id), reviews: reviews(deal.id) };
    const problems = recordOrderProblems(deal, record);
    if (problems.length === 0) continue;
    found.push({
      kind: "deal",
      id: deal.id,
      reference: deal.reference,
      title: `${deal.customerName} · ${branchName}`,
      href: `/finance/${deal.id}`,
      frozen: Boolean(deal.signedAt),
      remedy: deal.signedAt
        ? "Signed: explain by a dated entry (a correction) what happened when, and have the file reviewed; never edit."
        : "Check the times against the paper file; the record keeps what was entered, so explain it by a note and have a second admin review the deal.",
      problems: problems.map((message, index) => ({ field: `order-${index}`, message })),
    });
  }
  return found;
}
