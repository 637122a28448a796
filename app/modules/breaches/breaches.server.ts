import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { containsPattern } from "~/utils/like";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import type { BreachFields, BreachListQuery } from "./breaches.schema";

const { breaches, breachActions, financeDeals, offers, users, stockNumberCounters } = schema;

/** The breach log is the compliance officer's and the admins': everyone else is refused here too. */
function assertKeeper(actor: SessionUser) {
  if (!can(actor, "breaches:manage")) throw new Refusal("You can't keep the breach log.", undefined, 403);
}

async function nextReference(tx: Transaction) {
  const [counter] = await tx
    .insert(stockNumberCounters)
    .values({ prefix: "#breach", lastNumber: 1 })
    .onConflictDoUpdate({ target: stockNumberCounters.prefix, set: { lastNumber: sql`${stockNumberCounters.lastNumber} + 1` } })
    .returning();
  return `BR-${String(counter!.lastNumber).padStart(5, "0")}`;
}

export async function recordBreach(input: { actor: SessionUser; fields: BreachFields } & Submitted): Promise<Result<{ id: string; reference: string }>> {
  const { actor, fields } = input;
  return attempt(async (tx) => {
    assertKeeper(actor);
    if (fields.occurredOn && fields.occurredOn > fields.foundOn) throw new Refusal("It can't have happened after it was found.", "occurredOn");
    const deals = fields.dealReferences.length
      ? await tx.select({ id: financeDeals.id, reference: financeDeals.reference }).from(financeDeals).where(inArray(financeDeals.reference, fields.dealReferences))
      : [];
    const missing = fields.dealReferences.filter((ref) => !deals.some((deal) => deal.reference === ref));
    if (missing.length) throw new Refusal(`There is no finance deal ${missing.join(", ")}.`, "dealReferences");
    const offerRows = fields.offerIds.length ? await tx.select({ id: offers.id }).from(offers).where(inArray(offers.id, fields.offerIds)) : [];
    if (offerRows.length !== new Set(fields.offerIds).size) throw new Refusal("Choose offers from the list.", "offerIds");
    const reference = await nextReference(tx);
    const [breach] = await tx
      .insert(breaches)
      .values({
        reference,
        description: fields.description,
        occurredOn: fields.occurredOn ?? null,
        foundOn: fields.foundOn,
        rule: fields.rule,
        dealIds: deals.map((deal) => deal.id),
        offerIds: offerRows.map((offer) => offer.id),
        createdBy: actor.id,
      })
      .returning();
    await recordAudit(tx, { actor, action: "breach.recorded", entityType: "breach", entityId: breach!.id, after: breach });
    return { id: breach!.id, reference };
  }, input.once);
}

async function lockBreach(tx: Transaction, actor: SessionUser, id: string, version?: number) {
  assertKeeper(actor);
  const [breach] = await tx.select().from(breaches).where(eq(breaches.id, id)).for("update");
  if (!breach) throw new Refusal("That breach doesn't exist.", undefined, 404);
  if (version !== undefined && breach.version !== version) throw staleVersion(`breach ${breach.reference}`, breach.version);
  return breach;
}

/** Records when the principal firm was told (once): SUP 12 makes the principal answer for its AR. */
export async function recordPrincipalTold(input: { actor: SessionUser; id: string; version: number; toldAt: Date; note: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const breach = await lockBreach(tx, input.actor, input.id, input.version);
    if (breach.principalToldAt) throw new Refusal("The principal's being told is already recorded.", undefined, 409);
    if (input.toldAt.toISOString().slice(0, 10) < breach.foundOn) throw new Refusal("The principal can't have been told before the breach was found.", "toldAt");
    await tx.update(breaches).set({ principalToldAt: input.toldAt, principalToldNote: input.note, version: breach.version + 1, updatedAt: new Date() }).where(eq(breaches.id, breach.id));
    await recordAudit(tx, { actor: input.actor, action: "breach.principal_told", entityType: "breach", entityId: breach.id, after: { toldAt: input.toldAt, note: input.note } });
    return {};
  }, input.once);
}

export async function addBreachAction(input: { actor: SessionUser; id: string; description: string; ownerId: string; dueOn: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const breach = await lockBreach(tx, input.actor, input.id);
    if (breach.closedAt) throw new Refusal("This breach is closed.", undefined, 409);
    const [owner] = await tx.select({ active: users.active }).from(users).where(eq(users.id, input.ownerId));
    if (!owner?.active) throw new Refusal("Choose an active user to own the action.", "ownerId");
    const [action] = await tx.insert(breachActions).values({ breachId: breach.id, description: input.description, ownerId: input.ownerId, dueOn: input.dueOn, createdBy: input.actor.id }).returning();
    await recordAudit(tx, { actor: input.actor, action: "breach.action_added", entityType: "breach", entityId: breach.id, after: action });
    return {};
  }, input.once);
}

export async function completeBreachAction(input: { actor: SessionUser; id: string; actionId: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const breach = await lockBreach(tx, input.actor, input.id);
    const [action] = await tx.select().from(breachActions).where(and(eq(breachActions.id, input.actionId), eq(breachActions.breachId, breach.id)));
    if (!action) throw new Refusal("That action isn't on this breach.", "actionId", 404);
    if (action.doneAt) throw new Refusal("That action is already done.", "actionId", 409);
    await tx.update(breachActions).set({ doneAt: new Date(), doneBy: input.actor.id }).where(eq(breachActions.id, action.id));
    await recordAudit(tx, { actor: input.actor, action: "breach.action_done", entityType: "breach", entityId: breach.id, after: { actionId: action.id } });
    return {};
  }, input.once);
}

/** Closes a breach once every action is done and the principal has been told. */
export async function closeBreach(input: { actor: SessionUser; id: string; version: number; note: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const breach = await lockBreach(tx, input.actor, input.id, input.version);
    if (breach.closedAt) throw new Refusal("This breach is already closed.", undefined, 409);
    if (!breach.principalToldAt) throw new Refusal("Record when the principal was told before closing the breach.", undefined, 409);
    const [open] = await tx.select({ n: sql<number>`count(*)::int` }).from(breachActions).where(and(eq(breachActions.breachId, breach.id), isNull(breachActions.doneAt)));
    if ((open?.n ?? 0) > 0) throw new Refusal("Finish every action before closing the breach.", undefined, 409);
    await tx.update(breaches).set({ closedAt: new Date(), closingNote: input.note, version: breach.version + 1, updatedAt: new Date() }).where(eq(breaches.id, breach.id));
    await recordAudit(tx, { actor: input.actor, action: "breach.closed", entityType: "breach", entityId: breach.id, after: { note: input.note } });
    return {};
  }, input.once);
}

export async function listBreaches(user: SessionUser, query: BreachListQuery) {
  if (!can(user, "breaches:manage")) return { rows: [], total: 0 };
  const where: SQL | undefined = and(
    query.view === "open" ? isNull(breaches.closedAt) : query.view === "closed" ? isNotNull(breaches.closedAt) : undefined,
    query.q ? or(ilike(breaches.reference, containsPattern(query.q)), ilike(breaches.rule, containsPattern(query.q)), ilike(breaches.description, containsPattern(query.q))) : undefined,
  );
  const sortColumn = query.sort === "reference" ? breaches.reference : breaches.foundOn;
  const rows = await db()
    .select({
      id: breaches.id,
      reference: breaches.reference,
      foundOn: breaches.foundOn,
      rule: breaches.rule,
      description: breaches.description,
      principalToldAt: breaches.principalToldAt,
      closedAt: breaches.closedAt,
      openActions: sql<number>`(select count(*)::int from ${breachActions} where ${breachActions.breachId} = ${breaches.id} and ${breachActions.doneAt} is null)`,
    })
    .from(breaches)
    .where(where)
    .orderBy(query.dir === "asc" ? asc(sortColumn) : desc(sortColumn), desc(breaches.reference))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  const [counted] = await db().select({ n: sql<number>`count(*)::int` }).from(breaches).where(where);
  return { rows: rows.map((row) => ({ ...row, principalToldAt: row.principalToldAt?.toISOString() ?? null, closedAt: row.closedAt?.toISOString() ?? null })), total: counted?.n ?? 0 };
}

export async function getBreach(user: SessionUser, id: string) {
  if (!can(user, "breaches:manage")) return null;
  const [breach] = await db().select().from(breaches).where(eq(breaches.id, id));
  if (!breach) return null;
  const owners = users;
  const [deals, offerRows, actions, people] = await Promise.all([
    breach.dealIds.length ? db().select({ id: financeDeals.id, reference: financeDeals.reference }).from(financeDeals).where(inArray(financeDeals.id, breach.dealIds)) : [],
    breach.offerIds.length ? db().select({ id: offers.id, title: offers.title, revision: offers.revision }).from(offers).where(inArray(offers.id, breach.offerIds)) : [],
    db()
      .select({ action: breachActions, ownerName: owners.name })
      .from(breachActions)
      .innerJoin(owners, eq(owners.id, breachActions.ownerId))
      .where(eq(breachActions.breachId, breach.id))
      .orderBy(asc(breachActions.createdAt)),
    db().select({ id: users.id, name: users.name }).from(users).where(eq(users.active, true)).orderBy(asc(users.name)),
  ]);
  return { breach, deals, offers: offerRows, actions: actions.map(({ action, ownerName }) => ({ ...action, ownerName })), people };
}

/** The offers a breach may name: every revision, newest first (an offer's title with its revision). */
export async function breachOfferOptions() {
  return db().select({ id: offers.id, title: offers.title, revision: offers.revision }).from(offers).orderBy(desc(offers.createdAt)).limit(300);
}
