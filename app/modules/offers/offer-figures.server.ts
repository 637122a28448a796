import { asc } from "drizzle-orm";
import { db, schema, type AppDatabase } from "@db/client";
import type { OfferState } from "@db/schema/offers";
import { promotionProblems, type PromotionProblem } from "./promotion-rules";

const { offers } = schema;

export interface OfferFigureProblem {
  id: string;
  offerGroupId: string;
  revision: number;
  title: string;
  state: OfferState;
  validFrom: string;
  validTo: string;
  problems: PromotionProblem[];
}

/**
 * Every stored offer revision, of any state, whose representative example disagrees with the
 * credit-figures engine or is incomplete, or that promotes finance without one: what a group
 * upgrading must put right (published revisions by a corrected revision, never by an edit).
 */
export async function listOfferFigureProblems(database: AppDatabase = db()): Promise<OfferFigureProblem[]> {
  const rows = await database
    .select({
      id: offers.id,
      offerGroupId: offers.offerGroupId,
      revision: offers.revision,
      title: offers.title,
      summary: offers.summary,
      terms: offers.terms,
      state: offers.state,
      validFrom: offers.validFrom,
      validTo: offers.validTo,
      representativeExample: offers.representativeExample,
    })
    .from(offers)
    .orderBy(asc(offers.title), asc(offers.offerGroupId), asc(offers.revision));
  return rows.flatMap((row) => {
    const problems = promotionProblems(row);
    if (!problems.length) return [];
    const { id, offerGroupId, revision, title, state, validFrom, validTo } = row;
    return [{ id, offerGroupId, revision, title, state, validFrom, validTo, problems }];
  });
}
