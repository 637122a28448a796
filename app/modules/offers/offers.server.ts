import { and, asc, count, desc, eq, gte, inArray, lte, max, ne, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, schema, type AppDatabase, type Transaction } from "@db/client";
import type { Offer, OfferKind } from "@db/schema/offers";
import { publishApprovalProblem } from "~/modules/approvals/approvals.server";
import { recordAudit } from "~/modules/audit/record.server";
import { can, seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { modelLabel } from "~/modules/stock/labels";
import { londonToday } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import { readExample } from "./offer-example";
import { offerStatus, type OfferStatus } from "./offer-rules";
import type { OfferFields, OfferListQuery } from "./offers.schema";
import { promotionProblems } from "./promotion-rules";

// Routes take the query parser from here: a `.server` import keeps zod out of the browser bundle.
export { parseOfferQuery } from "./offers.schema";

const { offers, branches, catalogueModels } = schema;

const KIND_ACTION = { manufacturer: "offers:edit-manufacturer", dealer: "offers:edit-dealer" } as const;

/** The kinds of offer this user may create and change. */
export function editableKinds(user: SessionUser): OfferKind[] {
  return (["dealer", "manufacturer"] as const).filter((kind) => can(user, KIND_ACTION[kind]));
}

/** Admins handle every offer; managers only dealer offers, and only for their own branches. */
function refuseUnlessMayEdit(user: SessionUser, offer: { kind: OfferKind; branchIds: string[] }) {
  if (!can(user, KIND_ACTION[offer.kind])) {
    const message = offer.kind === "manufacturer" ? "Only admins can change manufacturer offers." : "You can't change dealer offers.";
    throw new Refusal(message, undefined, 403);
  }
  const outside = offer.branchIds.filter((branchId) => !can(user, KIND_ACTION[offer.kind], branchId));
  if (outside.length) throw new Refusal("You can only handle offers for your own branches: untick the others.", "branchIds", 403);
}

/**
 * The fields must hold together: branches and models that exist, models of the brand, and no finance
 * promotion without a complete representative example whose figures the engine agrees with.
 */
async function refuseBadFields(tx: Transaction, fields: OfferFields) {
  const found = await tx.select({ id: branches.id }).from(branches).where(inArray(branches.id, fields.branchIds));
  if (found.length !== fields.branchIds.length) throw new Refusal("Choose branches from the list.", "branchIds");
  if (fields.modelIds.length) {
    const models = await tx.select({ make: catalogueModels.make }).from(catalogueModels).where(inArray(catalogueModels.id, fields.modelIds));
    if (models.length !== fields.modelIds.length) throw new Refusal("Choose models from the list.", "modelIds");
    if (models.some((model) => model.make.toLowerCase() !== fields.brand.toLowerCase())) throw new Refusal(`Choose only ${fields.brand} models.`, "modelIds");
  }
  if (fields.validTo < fields.validFrom) throw new Refusal("The last day can't be before the first day.", "validTo");
  const [problem] = promotionProblems(fields);
  if (problem) throw new Refusal(problem.message, problem.field);
}

const stored = (fields: OfferFields) => ({
  title: fields.title,
  summary: fields.summary,
  terms: fields.terms,
  kind: fields.kind,
  brand: fields.brand,
  modelIds: fields.modelIds,
  branchIds: fields.branchIds,
  validFrom: fields.validFrom,
  validTo: fields.validTo,
  imageUrl: fields.imageUrl,
  representativeExample: fields.representativeExample,
});

async function current(tx: AppDatabase | Transaction, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await tx.select().from(offers).where(eq(offers.id, id));
  return row ?? null;
}

/** The offer, locked for the rest of the transaction (lock-and-compare, as for bikes and deals), or a 404 refusal. */
async function existing(tx: Transaction, id: string) {
  const [row] = isUuid(id) ? await tx.select().from(offers).where(eq(offers.id, id)).for("update") : [];
  if (!row) throw new Refusal("That offer no longer exists.", undefined, 404);
  return row;
}

const quoted = (offer: Offer) => `"${offer.title}"`;

/** A new draft: revision 1 of a new offer group. */
export async function createOffer(input: { actor: SessionUser; fields: OfferFields } & Submitted): Promise<Result<{ id: string }>> {
  return attempt(async (tx) => {
    refuseUnlessMayEdit(input.actor, input.fields);
    await refuseBadFields(tx, input.fields);
    const [created] = await tx
      .insert(offers)
      .values({ ...stored(input.fields), offerGroupId: crypto.randomUUID(), revision: 1, state: "draft", createdBy: input.actor.id })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "offer.created", entityType: "offer", entityId: created!.id, after: created });
    return { id: created!.id };
  }, input.once);
}

/** Changes a draft. A published offer's terms are frozen: revise it instead. */
export async function updateDraft(input: { actor: SessionUser; id: string; version: number; fields: OfferFields }): Promise<Result> {
  return attempt(async (tx) => {
    const before = await existing(tx, input.id);
    refuseUnlessMayEdit(input.actor, before);
    refuseUnlessMayEdit(input.actor, input.fields);
    if (before.state !== "draft") throw new Refusal(`${quoted(before)} is ${before.state}: its terms are frozen. Revise it to make a new version.`, undefined, 409);
    await refuseBadFields(tx, input.fields);
    if (before.version !== input.version) throw staleVersion(quoted(before), before.version);
    const [after] = await tx
      .update(offers)
      .set({ ...stored(input.fields), updatedAt: new Date(), version: sql`${offers.version} + 1` })
      .where(eq(offers.id, input.id))
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "offer.updated", entityType: "offer", entityId: input.id, before, after });
    return {};
  });
}

/** Draft → published. The group's previously published revision is superseded in the same transaction. */
export async function publishOffer(input: { actor: SessionUser; id: string; version: number; today?: string }): Promise<Result> {
  const today = input.today ?? londonToday();
  return attempt(async (tx) => {
    const before = await existing(tx, input.id);
    refuseUnlessMayEdit(input.actor, before);
    if (before.state !== "draft") throw new Refusal(`${quoted(before)} is ${before.state}, not a draft: only a draft can be published.`, undefined, 409);
    if (before.validTo < today) throw new Refusal(`The offer's last day (${before.validTo}) has passed: change its dates before publishing.`, "validTo");
    // Checked again here: a draft saved before a rule existed, or written by hand, is never published as it is.
    const [problem] = promotionProblems(before);
    if (problem) throw new Refusal(`It can't be published as it stands. ${problem.message} Edit the draft first.`);
    // A financial promotion goes out only as a compliance user approved this very revision (four eyes).
    const unapproved = await publishApprovalProblem(tx, before, today);
    if (unapproved) throw new Refusal(unapproved, undefined, 409);
    if (before.version !== input.version) throw staleVersion(quoted(before), before.version);
    const [after] = await tx
      .update(offers)
      .set({ state: "published", publishedAt: new Date(), publishedBy: input.actor.id, updatedAt: new Date(), version: sql`${offers.version} + 1` })
      .where(eq(offers.id, input.id))
      .returning();
    const superseded = await tx
      .update(offers)
      .set({ state: "superseded", updatedAt: new Date(), version: sql`${offers.version} + 1` })
      .where(and(eq(offers.offerGroupId, before.offerGroupId), eq(offers.state, "published"), ne(offers.id, input.id)))
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "offer.published", entityType: "offer", entityId: input.id, before, after });
    for (const old of superseded) {
      await recordAudit(tx, { actor: input.actor, action: "offer.superseded", entityType: "offer", entityId: old.id, before: { state: "published" }, after: { state: "superseded", by: input.id } });
    }
    return {};
  });
}

/** Published → withdrawn: off the public pages at once. */
export async function withdrawOffer(input: { actor: SessionUser; id: string; version: number }): Promise<Result> {
  return attempt(async (tx) => {
    const before = await existing(tx, input.id);
    refuseUnlessMayEdit(input.actor, before);
    if (before.state !== "published") throw new Refusal(`${quoted(before)} is ${before.state}: only a published offer can be withdrawn.`, undefined, 409);
    if (before.version !== input.version) throw staleVersion(quoted(before), before.version);
    const [after] = await tx
      .update(offers)
      .set({ state: "withdrawn", withdrawnAt: new Date(), withdrawnBy: input.actor.id, updatedAt: new Date(), version: sql`${offers.version} + 1` })
      .where(eq(offers.id, input.id))
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "offer.withdrawn", entityType: "offer", entityId: input.id, before, after });
    return {};
  });
}

/** A new draft revision copying a published offer; the published one stays live until the new one is published. */
export async function reviseOffer(input: { actor: SessionUser; id: string } & Submitted): Promise<Result<{ id: string; revision: number }>> {
  return attempt(async (tx) => {
    const source = await existing(tx, input.id);
    refuseUnlessMayEdit(input.actor, source);
    if (source.state !== "published") throw new Refusal(`${quoted(source)} is ${source.state}: only a published offer is revised (edit a draft directly).`, undefined, 409);
    const [draft] = await tx
      .select({ revision: offers.revision })
      .from(offers)
      .where(and(eq(offers.offerGroupId, source.offerGroupId), eq(offers.state, "draft")));
    if (draft) throw new Refusal(`Revision ${draft.revision} of this offer is already a draft: edit that one.`, undefined, 409);
    const [latest] = await tx.select({ revision: max(offers.revision) }).from(offers).where(eq(offers.offerGroupId, source.offerGroupId));
    const revision = (latest?.revision ?? source.revision) + 1;
    const [created] = await tx
      .insert(offers)
      .values({
        offerGroupId: source.offerGroupId,
        revision,
        state: "draft",
        kind: source.kind,
        title: source.title,
        summary: source.summary,
        terms: source.terms,
        brand: source.brand,
        modelIds: source.modelIds,
        branchIds: source.branchIds,
        validFrom: source.validFrom,
        validTo: source.validTo,
        imageUrl: source.imageUrl,
        representativeExample: source.representativeExample,
        createdBy: input.actor.id,
      })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "offer.revised", entityType: "offer", entityId: created!.id, before: { from: source.id, revision: source.revision }, after: created });
    return { id: created!.id, revision };
  }, input.once);
}

/** Non-admins see manufacturer offers and the dealer offers of their own branches. */
function visibleSql(user: SessionUser): SQL | undefined {
  if (seesAllBranches(user)) return undefined;
  if (user.branchIds.length === 0) return eq(offers.kind, "manufacturer");
  return or(eq(offers.kind, "manufacturer"), sql`${offers.branchIds} && ${sql`array[${sql.join(user.branchIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]`}`);
}

const mayView = (user: SessionUser, offer: Offer) =>
  seesAllBranches(user) || offer.kind === "manufacturer" || offer.branchIds.some((branchId) => user.branchIds.includes(branchId));

export type OfferDetail = NonNullable<Awaited<ReturnType<typeof getOffer>>>;

/** One revision with its status today, its models and branches by name, and every revision of its group. */
export async function getOffer(id: string, viewer?: SessionUser, today = londonToday()) {
  const offer = await current(db(), id);
  if (!offer || (viewer && !mayView(viewer, offer))) return null;
  const [revisions, models, branchRows] = await Promise.all([
    db()
      .select({ id: offers.id, revision: offers.revision, state: offers.state, validFrom: offers.validFrom, validTo: offers.validTo, publishedAt: offers.publishedAt, updatedAt: offers.updatedAt })
      .from(offers)
      .where(eq(offers.offerGroupId, offer.offerGroupId))
      .orderBy(desc(offers.revision)),
    offer.modelIds.length ? db().select().from(catalogueModels).where(inArray(catalogueModels.id, offer.modelIds)) : Promise.resolve([]),
    db().select({ id: branches.id, name: branches.name }).from(branches).where(inArray(branches.id, offer.branchIds)).orderBy(asc(branches.name)),
  ]);
  return {
    offer: { ...offer, representativeExample: readExample(offer.representativeExample) },
    status: offerStatus(offer, today),
    revisions: revisions.map((row) => ({ ...row, status: offerStatus(row, today) })),
    modelNames: models.map(modelLabel).sort(),
    branchNames: branchRows.map((row) => row.name),
  };
}

/** The status as SQL, from the stored state and the London day: scheduled, live and expired are never stored. */
const statusSql = (today: string) =>
  sql<OfferStatus>`case when ${offers.state} <> 'published' then ${offers.state}::text when ${offers.validFrom} > ${today}::date then 'scheduled' when ${offers.validTo} < ${today}::date then 'expired' else 'live' end`;

function statusCondition(status: OfferListQuery["status"], today: string): SQL | undefined {
  const published = eq(offers.state, "published");
  switch (status) {
    case "all":
      return undefined;
    case "current":
      return ne(offers.state, "superseded");
    case "scheduled":
      return and(published, sql`${offers.validFrom} > ${today}::date`);
    case "expired":
      return and(published, sql`${offers.validTo} < ${today}::date`);
    case "live":
      return and(published, lte(offers.validFrom, today), gte(offers.validTo, today));
    default:
      return eq(offers.state, status);
  }
}

/** The list page: filters by status (derived), kind, brand and branch; sorted and paged in SQL. */
export async function listOffers(user: SessionUser, query: OfferListQuery, today = londonToday()) {
  const where = and(
    visibleSql(user),
    statusCondition(query.status, today),
    query.kind ? eq(offers.kind, query.kind) : undefined,
    query.brand ? eq(offers.brand, query.brand) : undefined,
    query.branch ? sql`${query.branch}::uuid = any(${offers.branchIds})` : undefined,
  );
  const status = statusSql(today);
  const sortColumns: Record<OfferListQuery["sort"], SQLWrapper> = {
    title: offers.title,
    kind: offers.kind,
    brand: offers.brand,
    status,
    validFrom: offers.validFrom,
    validTo: offers.validTo,
    updated: offers.updatedAt,
  };
  const direction = query.dir === "asc" ? asc : desc;
  const branchNames = sql<string>`(select coalesce(string_agg(b.name, ', ' order by b.name), '') from ${branches} b where b.id = any(${offers.branchIds}))`;
  const [rows, [total]] = await Promise.all([
    db()
      .select({ id: offers.id, title: offers.title, kind: offers.kind, brand: offers.brand, revision: offers.revision, validFrom: offers.validFrom, validTo: offers.validTo, updatedAt: offers.updatedAt, status, branchNames, allModels: sql<boolean>`cardinality(${offers.modelIds}) = 0` })
      .from(offers)
      .where(where)
      .orderBy(direction(sortColumns[query.sort]), asc(offers.id))
      .limit(query.size)
      .offset((query.page - 1) * query.size),
    db().select({ value: count() }).from(offers).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** What the offer form offers: the branches the user may choose, and the catalogue's models. */
export async function offerFormOptions(user: SessionUser) {
  const [branchRows, models] = await Promise.all([
    db()
      .select({ id: branches.id, label: branches.name })
      .from(branches)
      .where(and(eq(branches.active, true), user.role === "admin" ? undefined : inArray(branches.id, user.branchIds.length ? user.branchIds : [crypto.randomUUID()])))
      .orderBy(asc(branches.name)),
    db().select().from(catalogueModels).orderBy(asc(catalogueModels.make), asc(catalogueModels.model), asc(catalogueModels.modelYear)),
  ]);
  return { branches: branchRows, models: models.map((model) => ({ id: model.id, make: model.make, label: modelLabel(model) })), kinds: editableKinds(user) };
}

/** Every branch, for the list's filter. */
export async function listOfferBranchOptions() {
  return db().select({ id: branches.id, name: branches.name }).from(branches).orderBy(asc(branches.name));
}

/**
 * The offers live on a London day (YYYY-MM-DD, or the day of an instant) for a brand, a model (offers
 * for every model of the brand, or naming this one) and a branch. Pass `tx` to read inside a write.
 */
export async function liveOffersFor(input: { brand: string; modelId: string | null; branchId: string; on: string | Date }, tx: AppDatabase | Transaction = db()) {
  const day = typeof input.on === "string" ? input.on : londonToday(input.on);
  const rows = await tx
    .select()
    .from(offers)
    .where(
      and(
        eq(offers.state, "published"),
        lte(offers.validFrom, day),
        gte(offers.validTo, day),
        eq(sql`lower(${offers.brand})`, input.brand.toLowerCase()),
        sql`${input.branchId}::uuid = any(${offers.branchIds})`,
        input.modelId ? sql`(cardinality(${offers.modelIds}) = 0 or ${input.modelId}::uuid = any(${offers.modelIds}))` : sql`cardinality(${offers.modelIds}) = 0`,
      ),
    )
    .orderBy(asc(offers.validTo), asc(offers.title));
  return rows.map((row) => ({ ...row, representativeExample: readExample(row.representativeExample) }));
}
