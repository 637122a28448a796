// A demo month of file reviews: the latest ended month with signed deals at a branch that has staff,
// drawn with a fixed seed, every sampled file reviewed by the compliance officer, one review needing
// improvement with an action open for the branch.
import { sql } from "drizzle-orm";
import { londonToday } from "../app/utils/dates";
import { actionOwnersOf, addReviewAction, drawMonthSample, recordFileReview, signedDealsOf } from "../app/modules/reviews/reviews.server";
import { CHECKLISTS, CURRENT_CHECKLIST_VERSION, type AnswerEntry } from "../app/modules/reviews/checklist";
import { db, schema } from "../db/client";
import { demoActor, must } from "./finance-deals";

/** The demo draw's seed: fixed, so every demo database draws the same files from the same deals. */
export const DEMO_SAMPLE_SEED = 20_261_130;

const DAY = 86_400_000;

function monthsBefore(today: string, count: number) {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - (i + 1);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

/** Seeds the demo file reviews once (only when none are kept). Returns what it added. */
export async function seedFileReviews(): Promise<string[]> {
  const [existing] = await db().select({ n: sql<number>`count(*)::int` }).from(schema.fileReviewSamples);
  if ((existing?.n ?? 0) > 0) return [];
  const officer = await demoActor("compliance@laguna.example").catch(() => null);
  if (!officer) return [];
  let month: string | null = null;
  for (const candidate of monthsBefore(londonToday(), 8)) {
    const deals = await signedDealsOf(candidate);
    const staffed = await Promise.all([...new Set(deals.map((d) => d.branchId))].map(async (branchId) => (await actionOwnersOf(branchId)).length > 0));
    if (staffed.some(Boolean)) {
      month = candidate;
      break;
    }
  }
  if (!month) return [];
  const sample = must(`drawing the ${month} file-review sample`, await drawMonthSample({ actor: officer, month, seed: DEMO_SAMPLE_SEED }));
  const files = await db().select().from(schema.fileReviewSampleDeals).where(sql`${schema.fileReviewSampleDeals.sampleId} = ${sample.id}`);
  const questions = CHECKLISTS[CURRENT_CHECKLIST_VERSION]!.questions;
  const vulnerableIds = new Set((await signedDealsOf(month)).filter((d) => d.vulnerable).map((d) => d.id));
  let actionOpen = false;
  for (const file of files) {
    const owners = await actionOwnersOf(file.branchId);
    const withAction = !actionOpen && owners.length > 0;
    const answers: AnswerEntry[] = questions.map((q) => {
      if (withAction && q.key === "commissionConfirmed") return { key: q.key, answer: "not_met", note: "Confirmed by email 20 minutes before signing; the customer had no copy at the desk when signing." };
      if (q.key === "vulnerabilityHandled" && !vulnerableIds.has(file.dealId)) return { key: q.key, answer: "not_applicable", note: "" };
      return { key: q.key, answer: "met", note: "" };
    });
    const review = await recordFileReview({
      actor: officer,
      sampleDealId: file.id,
      checklistVersion: CURRENT_CHECKLIST_VERSION,
      answers,
      rating: withAction ? "needs_improvement" : "satisfactory",
      summary: withAction ? "A sound file apart from the commission confirmation's timing." : "A complete file: every step in order and evidenced.",
    });
    // Four eyes: a file the officer took part in (a complaint's legal hold, say) is left for another reviewer.
    if (!review.ok) continue;
    if (withAction) {
      const dueOn = londonToday(new Date(Date.now() + 14 * DAY));
      must("adding the demo file-review action", await addReviewAction({ actor: officer, reviewId: review.id, description: "Give the customer the commission confirmation on paper at the desk before signing; brief the sales team.", ownerId: owners[0]!.id, dueOn }));
      actionOpen = true;
    }
  }
  return [`file reviews of ${month} (${files.length} deals, one action open)`];
}
