import { asc } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { attempt, type Once } from "~/utils/result.server";

const { branches, catalogueModels } = schema;

/** What the filter form offers: every branch, and the makes and models in the catalogue. */
async function readStockFilterOptions() {
  const [branchRows, models] = await Promise.all([
    db().select({ slug: branches.slug, name: branches.name, active: branches.active }).from(branches).orderBy(asc(branches.name)),
    db()
      .selectDistinct({ make: catalogueModels.make, model: catalogueModels.model })
      .from(catalogueModels)
      .orderBy(asc(catalogueModels.make), asc(catalogueModels.model)),
  ]);
  return { branches: branchRows, makes: [...new Set(models.map((row) => row.make))], models };
}

/**
 * The options change only when someone edits a branch or the catalogue, yet every stock page shows
 * them: they are read at most every 30 s per database. An edit here forgets them at once; another
 * server process's edit shows within 30 s, in a filter list only.
 */
const FILTER_OPTIONS_TTL_MS = 30_000;
const filterOptionsCache = new WeakMap<object, { readAt: number; options: ReturnType<typeof readStockFilterOptions> }>();

export function listStockFilterOptions() {
  const database = db();
  const cached = filterOptionsCache.get(database);
  if (cached && Date.now() - cached.readAt < FILTER_OPTIONS_TTL_MS) return cached.options;
  const options = readStockFilterOptions();
  filterOptionsCache.set(database, { readAt: Date.now(), options });
  // A failed read is not kept: the next page tries again.
  options.catch(() => filterOptionsCache.delete(database));
  return options;
}

/** Runs a branch or catalogue write with `attempt`; once it commits, the filter lists show it at once. */
export async function attemptChangingFilterOptions<T extends object>(work: (tx: Transaction) => Promise<T>, once?: Once) {
  const result = await attempt(work, once);
  if (result.ok) filterOptionsCache.delete(db());
  return result;
}
