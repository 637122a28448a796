import { asc, eq, inArray } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { listOfferFigureProblems } from "~/modules/offers/offer-figures.server";
import { checkDealFigures, storedFigures, type DealFigureProblem } from "./deal-figures";
import { listDealOrderProblems } from "./order-check.server";

const { financeDeals, branches } = schema;

/** A record whose stated figures disagree with the credit-figures engine, and what to do about it. */
export interface FigureProblemRow {
  kind: "deal" | "offer";
  id: string;
  reference: string;
  title: string;
  href: string;
  /** Signed deals (and anything else frozen) are never edited: they are corrected by a dated entry. */
  frozen: boolean;
  remedy: string;
  problems: { field: string; message: string }[];
}

/**
 * Every deal in the user's scope (all for admins and scripts) whose figures disagree: the signed
 * figures of a signed deal, else the figures as quoted.
 */
export async function listDealFigureProblems(user?: SessionUser): Promise<FigureProblemRow[]> {
  const scope = user && user.role !== "admin" ? inArray(financeDeals.branchId, user.branchIds.length ? user.branchIds : ["00000000-0000-0000-0000-000000000000"]) : undefined;
  const rows = await db()
    .select({ id: financeDeals.id, reference: financeDeals.reference, customerName: financeDeals.customerName, branchName: branches.name, quoted: financeDeals.quotedFigures, signed: financeDeals.signedFigures, signedAt: financeDeals.signedAt })
    .from(financeDeals)
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .where(scope)
    .orderBy(asc(financeDeals.reference));
  const found: FigureProblemRow[] = [];
  for (const row of rows) {
    const check = checkDealFigures(storedFigures(row.signedAt ? row.signed : row.quoted));
    if (check.ok) continue;
    found.push({
      kind: "deal",
      id: row.id,
      reference: row.reference,
      title: `${row.customerName} · ${row.branchName}`,
      href: `/finance/${row.id}`,
      frozen: Boolean(row.signedAt),
      remedy: row.signedAt ? "Signed: correct by a dated entry (a correction), never by editing." : "Edit the deal's figures.",
      problems: check.problems.map((p: DealFigureProblem) => ({ field: p.field, message: p.message })),
    });
  }
  return found;
}

/**
 * Deals and offers whose figures disagree, and deals whose events are out of order or self-reviewed
 * (`events`): what `npm run finance:check` and /finance/check list.
 */
export async function listFigureProblems(user?: SessionUser) {
  const deals = await listDealFigureProblems(user);
  const offers: FigureProblemRow[] = (await listOfferFigureProblems()).map((offer) => ({
    kind: "offer",
    id: offer.id,
    reference: `Revision ${offer.revision}`,
    title: offer.title,
    href: `/offers/${offer.id}`,
    // Only a draft is edited; anything once published is put right by a new revision.
    frozen: offer.state !== "draft",
    remedy: offer.state === "draft" ? "Edit the draft's example or wording." : "Published once: correct it by a new revision, never by editing.",
    problems: offer.problems.map((p) => ({ field: p.field, message: p.message })),
  }));
  return { deals, offers, events: await listDealOrderProblems(user) };
}
