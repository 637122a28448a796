import { and, asc, count, eq, ilike, ne, or, sql, type SQL } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import type { CatalogueListQuery, ModelFields } from "./catalogue.schema";
import { attemptChangingFilterOptions } from "./filter-options.server";
import { modelLabel } from "./labels";
import { vehicleSearchText } from "./vehicle-identity";
import { isUuid } from "~/utils/ids";
import { containsPattern } from "~/utils/like";

const { catalogueModels: models, vehicles } = schema;

const SORT_COLUMNS = {
  make: [models.make, models.model, models.variant, models.modelYear],
  model: [models.model, models.variant, models.modelYear],
  year: [models.modelYear, models.make, models.model],
  category: [models.category, models.make, models.model],
  engine: [models.engineCc, models.make, models.model],
  price: [models.listPricePence, models.make, models.model],
} as const;

const listColumns = {
  id: models.id,
  make: models.make,
  model: models.model,
  variant: models.variant,
  modelYear: models.modelYear,
  category: models.category,
  engineCc: models.engineCc,
  listPricePence: models.listPricePence,
  version: models.version,
};

export async function listModels(query: CatalogueListQuery) {
  const conditions: SQL[] = [];
  if (query.make) conditions.push(eq(sql`lower(${models.make})`, query.make.toLowerCase()));
  if (query.category) conditions.push(eq(models.category, query.category));
  if (query.q) {
    const pattern = containsPattern(query.q);
    const name = sql`${models.make} || ' ' || ${models.model} || ' ' || ${models.variant}`;
    conditions.push(or(ilike(name, pattern), ilike(sql`${models.modelYear}::text`, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [first, ...rest] = SORT_COLUMNS[query.sort];
  // Nulls (no year, no price) sort last either way, so the useful rows come first.
  const primary = query.dir === "asc" ? sql`${first} asc nulls last` : sql`${first} desc nulls last`;
  const rows = await db()
    .select(listColumns)
    .from(models)
    .where(where)
    .orderBy(primary, ...rest.map((column) => asc(column)), asc(models.id))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  const [total] = await db().select({ value: count() }).from(models).where(where);
  return { rows, total: total?.value ?? 0 };
}

/** The makes in the catalogue, for the list's filter. */
export async function listMakes() {
  const rows = await db().selectDistinct({ make: models.make }).from(models).orderBy(asc(models.make));
  return rows.map((row) => row.make);
}

/** Every model as `{ id, label }` for a select, e.g. "KTM 790 Adventure (2026)". */
export async function listModelOptions() {
  const rows = await db()
    .select({ id: models.id, make: models.make, model: models.model, variant: models.variant, modelYear: models.modelYear })
    .from(models)
    .orderBy(asc(models.make), asc(models.model), asc(models.modelYear), asc(models.variant));
  return rows.map((row) => ({ id: row.id, label: modelLabel(row) }));
}

export async function getModel(id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db().select(listColumns).from(models).where(eq(models.id, id));
  return row ?? null;
}

/** Same make, model, variant and year (ignoring case) is the same model, whoever typed it. */
async function refuseDuplicate(tx: Transaction, fields: ModelFields, exceptId?: string) {
  const [other] = await tx
    .select({ make: models.make, model: models.model, variant: models.variant, modelYear: models.modelYear })
    .from(models)
    .where(
      and(
        eq(sql`lower(${models.make})`, fields.make.toLowerCase()),
        eq(sql`lower(${models.model})`, fields.model.toLowerCase()),
        eq(sql`lower(${models.variant})`, fields.variant.toLowerCase()),
        eq(sql`coalesce(${models.modelYear}, 0)`, fields.modelYear ?? 0),
        exceptId ? ne(models.id, exceptId) : undefined,
      ),
    );
  if (other) throw new Refusal(`${modelLabel(other)} is already in the catalogue.`, "model");
}

/** Two people adding the same model at once: the unique index decides, and the loser gets the same message. */
async function refuseOnClash<T>(fields: ModelFields, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
    if (code === "23505") throw new Refusal(`${modelLabel(fields)} is already in the catalogue.`, "model");
    throw error;
  }
}

export async function createModel(input: ModelFields & { actor: AuditActor | null } & Submitted): Promise<Result<{ id: string }>> {
  const fields = pick(input);
  return attemptChangingFilterOptions(async (tx) => {
    await refuseDuplicate(tx, fields);
    const [created] = await refuseOnClash(fields, () => tx.insert(models).values(fields).returning());
    await recordAudit(tx, { actor: input.actor, action: "catalogue.created", entityType: "catalogue_model", entityId: created!.id, after: created });
    return { id: created!.id };
  }, input.once);
}

export async function updateModel(input: ModelFields & { actor: AuditActor; id: string; version: number }): Promise<Result> {
  const fields = pick(input);
  return attemptChangingFilterOptions(async (tx) => {
    // Lock-and-compare, as for bikes and deals: the row is held until commit, so the version read is the one changed.
    const [before] = await tx.select().from(models).where(eq(models.id, input.id)).for("update");
    if (!before) throw new Refusal("That model is no longer in the catalogue.", undefined, 404);
    if (before.version !== input.version) throw staleVersion(modelLabel(before), before.version);
    await refuseDuplicate(tx, fields, input.id);
    const [updated] = await refuseOnClash(fields, () =>
      tx
        .update(models)
        .set({ ...fields, updatedAt: new Date(), version: sql`${models.version} + 1` })
        .where(eq(models.id, input.id))
        .returning(),
    );
    const after = updated!;
    if (after.make !== before.make || after.model !== before.model || after.variant !== before.variant) await refreshSearchText(tx, after);
    await recordAudit(tx, { actor: input.actor, action: "catalogue.updated", entityType: "catalogue_model", entityId: input.id, before, after });
    return {};
  });
}

function pick(input: ModelFields): ModelFields {
  const { make, model, variant, modelYear, category, engineCc, listPricePence } = input;
  return { make, model, variant, modelYear, category, engineCc, listPricePence };
}

/** A renamed model's bikes must still be found by the new name in the stock search. */
async function refreshSearchText(tx: Transaction, model: { id: string; make: string; model: string; variant: string }) {
  const bikes = await tx
    .select({ id: vehicles.id, stockNumber: vehicles.stockNumber, vin: vehicles.vin, registration: vehicles.registration })
    .from(vehicles)
    .where(eq(vehicles.modelId, model.id));
  for (let start = 0; start < bikes.length; start += 1000) {
    const values = bikes
      .slice(start, start + 1000)
      .map((bike) => sql`(${bike.id}::uuid, ${vehicleSearchText({ ...bike, make: model.make, model: model.model, variant: model.variant })})`);
    await tx.execute(
      sql`update ${vehicles} set search_text = v.text from (values ${sql.join(values, sql`, `)}) as v(id, text) where ${vehicles.id} = v.id`,
    );
  }
}
