import { asc } from "drizzle-orm";
import { db, schema } from "@db/client";
import { fileReviewResults } from "~/modules/reviews/reviews-read.server";
import { endOfLondonDay, startOfLondonDay } from "~/utils/dates";
import type { ExportPeriod } from "./export-period";
import { FILE_REVIEWS_SECTION } from "./oversight-figures";
import type { SectionRow } from "./oversight-sections.server";

type Values = Record<string, number>;

/** File-review results for the period: the total, then every branch (zeros included), by name. */
export async function fileReviewRows(period: ExportPeriod): Promise<SectionRow[]> {
  const results = await fileReviewResults({ from: startOfLondonDay(period.from), to: endOfLondonDay(period.to) });
  const branches = await db().select({ id: schema.branches.id, slug: schema.branches.slug, name: schema.branches.name }).from(schema.branches).orderBy(asc(schema.branches.name));
  const zero = (): Values => Object.fromEntries(FILE_REVIEWS_SECTION.figures.map((figure) => [figure.name, 0]));
  const total = zero();
  const rows = branches.map((branch) => {
    const found = results.find((result) => result.branchId === branch.id);
    const values = found
      ? {
          reviews: found.reviews.total,
          satisfactory: found.reviews.satisfactory,
          needsImprovement: found.reviews.needs_improvement,
          unsatisfactory: found.reviews.unsatisfactory,
          actionsOpened: found.actions.opened,
          actionsClosed: found.actions.closed,
          actionsOpenAtEnd: found.actions.open,
        }
      : zero();
    for (const [name, value] of Object.entries(values)) total[name]! += value;
    return { dimension: "branch", key: branch.slug, label: branch.name, values };
  });
  return [{ dimension: "all", key: "all", label: FILE_REVIEWS_SECTION.dimensions.all!, values: total }, ...rows];
}
