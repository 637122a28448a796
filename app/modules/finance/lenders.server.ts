import { and, asc, count, desc, eq, getTableColumns, gte, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import type { CommissionBasis, TieKind } from "@db/schema/finance";
import { approvalShown, listedApprovals } from "~/modules/approvals/approvals.server";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { modelLabel } from "~/modules/stock/labels";
import { londonToday } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import { DISCRETIONARY_COMMISSION_REFUSAL, type OtherPaymentKind } from "./finance-labels";
import type { LenderFields, LenderListQuery } from "./lenders.schema";

const { lenders, lenderTies, commissionSchedules, lenderOtherPayments, catalogueModels } = schema;

/** The one rule for "in force": from the start date to the end date, both inclusive; no end date is open-ended. */
export function tieInForceOn(day: string) {
  return and(lte(lenderTies.startsOn, day), or(isNull(lenderTies.endsOn), gte(lenderTies.endsOn, day)))!;
}

/** Commission bases the panel may use: never one that varies with a rate the broker sets. */
const ALLOWED_BASES: readonly string[] = ["fixed_fee", "percent_of_credit"] satisfies CommissionBasis[];
export const MAX_PERCENT_BASIS_POINTS = 2000;

// --- Reading -------------------------------------------------------------------------------------

export async function listLenders(query: LenderListQuery) {
  const column = query.sort === "frn" ? lenders.fcaFrn : lenders.name;
  const rows = await db()
    .select({ id: lenders.id, name: lenders.name, fcaFrn: lenders.fcaFrn, captiveBrands: lenders.captiveBrands, active: lenders.active })
    .from(lenders)
    .orderBy(query.dir === "asc" ? asc(column) : desc(column), asc(lenders.id))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  const [total] = await db().select({ value: count() }).from(lenders);
  const ids = rows.map((row) => row.id);
  const today = londonToday();
  const [tieCounts, schedules] = ids.length
    ? await Promise.all([
        db()
          .select({ lenderId: lenderTies.lenderId, value: count() })
          .from(lenderTies)
          .where(and(inArray(lenderTies.lenderId, ids), tieInForceOn(today)))
          .groupBy(lenderTies.lenderId),
        schedulesOf(ids),
      ])
    : [[], []];
  const current = currentSchedules(schedules, today);
  return {
    rows: rows.map((row) => ({
      ...row,
      tiesInForce: tieCounts.find((tie) => tie.lenderId === row.id)?.value ?? 0,
      currentSchedules: current.filter((schedule) => schedule.lenderId === row.id),
    })),
    total: total?.value ?? 0,
  };
}

export type LenderListRow = Awaited<ReturnType<typeof listLenders>>["rows"][number];

/** A lender with its tie register, every commission schedule version and its other payments. */
export async function getLenderDetail(id: string) {
  if (!isUuid(id)) return null;
  const [lender] = await db().select().from(lenders).where(eq(lenders.id, id));
  if (!lender) return null;
  const today = londonToday();
  const [ties, schedules, payments] = await Promise.all([
    db()
      .select({ ...getTableColumns(lenderTies), inForceToday: sql<boolean>`${tieInForceOn(today)}` })
      .from(lenderTies)
      .where(eq(lenderTies.lenderId, id))
      .orderBy(desc(lenderTies.startsOn), asc(lenderTies.reference)),
    schedulesOf([id]),
    db().select().from(lenderOtherPayments).where(eq(lenderOtherPayments.lenderId, id)).orderBy(desc(lenderOtherPayments.effectiveFrom)),
  ]);
  const current = new Set(currentSchedules(schedules, today).map((schedule) => schedule.id));
  const approvals = await listedApprovals("lender_tie", ties.map((tie) => tie.id));
  return {
    lender,
    today,
    ties: ties.map((tie) => ({ ...tie, approval: approvalShown(approvals.get(tie.id)) })),
    schedules: schedules.map((schedule) => ({ ...schedule, current: current.has(schedule.id) })),
    payments,
  };
}

export type LenderDetail = NonNullable<Awaited<ReturnType<typeof getLenderDetail>>>;

async function schedulesOf(lenderIds: string[]) {
  const rows = await db()
    .select({ schedule: commissionSchedules, model: catalogueModels })
    .from(commissionSchedules)
    .leftJoin(catalogueModels, eq(catalogueModels.id, commissionSchedules.modelId))
    .where(inArray(commissionSchedules.lenderId, lenderIds))
    .orderBy(asc(commissionSchedules.lenderId), desc(commissionSchedules.version));
  return rows.map(({ schedule, model }) => ({ ...schedule, modelLabel: model ? modelLabel(model) : null }));
}

interface ScheduleLike {
  lenderId: string;
  version: number;
  brand: string | null;
  modelId: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

const reach = (schedule: ScheduleLike) => (schedule.modelId ? `model:${schedule.modelId}` : schedule.brand ? `brand:${schedule.brand.toLowerCase()}` : "all");

/**
 * The schedules in force on a day: per lender and reach (every model, a brand, or a model), the
 * newest version whose dates cover the day. A newer version supersedes the older ones from its start.
 */
export function currentSchedules<T extends ScheduleLike>(rows: readonly T[], day: string): T[] {
  const newest = new Map<string, T>();
  for (const row of rows) {
    if (row.effectiveFrom > day || (row.effectiveTo !== null && row.effectiveTo < day)) continue;
    const key = `${row.lenderId}|${reach(row)}`;
    const held = newest.get(key);
    if (!held || row.version > held.version) newest.set(key, row);
  }
  return [...newest.values()];
}

// --- Writing (admins only; each write and its audit row in one transaction) ----------------------

function assertMayEdit(actor: SessionUser) {
  if (!can(actor, "lenders:edit")) throw new Refusal("You can't edit the lender panel.", undefined, 403);
}

/** Locks the lender's row, so numbering and checks made below it hold until the commit. */
async function lockedLender(tx: Transaction, id: string) {
  const [lender] = isUuid(id) ? await tx.select().from(lenders).where(eq(lenders.id, id)).for("update") : [];
  if (!lender) throw new Refusal("That lender is not on the panel.", undefined, 404);
  return lender;
}

async function refuseDuplicateName(tx: Transaction, name: string, exceptId?: string) {
  const [other] = await tx
    .select({ name: lenders.name })
    .from(lenders)
    .where(and(eq(sql`lower(${lenders.name})`, name.toLowerCase()), exceptId ? ne(lenders.id, exceptId) : undefined));
  if (other) throw new Refusal(`${other.name} is already on the panel.`, "name");
}

export async function createLender(input: LenderFields & { actor: SessionUser } & Submitted): Promise<Result<{ id: string }>> {
  return attempt(async (tx) => {
    assertMayEdit(input.actor);
    await refuseDuplicateName(tx, input.name);
    const [created] = await tx.insert(lenders).values({ name: input.name, fcaFrn: input.fcaFrn, captiveBrands: input.captiveBrands }).returning();
    await recordAudit(tx, { actor: input.actor, action: "lender.created", entityType: "lender", entityId: created!.id, after: created });
    return { id: created!.id };
  }, input.once);
}

export async function updateLender(input: LenderFields & { actor: SessionUser; id: string; version: number; active: boolean }): Promise<Result> {
  return attempt(async (tx) => {
    assertMayEdit(input.actor);
    const before = await lockedLender(tx, input.id);
    if (before.version !== input.version) throw staleVersion(before.name, before.version);
    await refuseDuplicateName(tx, input.name, input.id);
    const [after] = await tx
      .update(lenders)
      .set({
        name: input.name,
        fcaFrn: input.fcaFrn,
        captiveBrands: input.captiveBrands,
        active: input.active,
        updatedAt: new Date(),
        version: sql`${lenders.version} + 1`,
      })
      .where(eq(lenders.id, input.id))
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "lender.updated", entityType: "lender", entityId: input.id, before, after });
    return {};
  });
}

export interface TieFields {
  reference: string;
  kind: TieKind;
  terms: string;
  startsOn: string;
  endsOn?: string | null;
}

export async function addTie(input: TieFields & { actor: SessionUser; lenderId: string } & Submitted): Promise<Result<{ id: string }>> {
  return attempt(async (tx) => {
    assertMayEdit(input.actor);
    await lockedLender(tx, input.lenderId);
    if (input.endsOn && input.endsOn < input.startsOn) throw new Refusal("The end date can't be before the start date.", "endsOn");
    const [tie] = await tx
      .insert(lenderTies)
      .values({ lenderId: input.lenderId, reference: input.reference, kind: input.kind, terms: input.terms, startsOn: input.startsOn, endsOn: input.endsOn ?? null })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "lender.tie_added", entityType: "lender", entityId: input.lenderId, after: tie });
    return { id: tie!.id };
  }, input.once);
}

/** Ends a tie on a day (its last day in force). Ties are never deleted: the register keeps its history. */
export async function endTie(input: { actor: SessionUser; lenderId: string; tieId: string; version: number; endsOn: string }): Promise<Result> {
  return attempt(async (tx) => {
    assertMayEdit(input.actor);
    // Every change to a tie locks its lender first, so the tie read here holds until the commit.
    await lockedLender(tx, input.lenderId);
    const [before] = await tx
      .select()
      .from(lenderTies)
      .where(and(eq(lenderTies.id, input.tieId), eq(lenderTies.lenderId, input.lenderId)));
    if (!before) throw new Refusal("That tie is not in this lender's register.", undefined, 404);
    if (before.endsOn) throw new Refusal(`Tie ${before.reference} already ended on ${before.endsOn}.`, "endsOn");
    if (input.endsOn < before.startsOn) throw new Refusal(`Tie ${before.reference} started on ${before.startsOn}: it can't end before that.`, "endsOn");
    if (before.version !== input.version) throw staleVersion(`tie ${before.reference}`, before.version);
    const [after] = await tx
      .update(lenderTies)
      .set({ endsOn: input.endsOn, updatedAt: new Date(), version: sql`${lenderTies.version} + 1` })
      .where(eq(lenderTies.id, input.tieId))
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "lender.tie_ended", entityType: "lender", entityId: input.lenderId, before, after });
    return {};
  });
}

export interface ScheduleInput {
  /** Any text: a basis other than a fixed fee or a fixed percentage is refused with the reason. */
  basis: string;
  amountPence?: number | null;
  percentBasisPoints?: number | null;
  brand?: string | null;
  modelId?: string | null;
  effectiveFrom: string;
  effectiveTo?: string | null;
  notes?: string;
}

/** Adds the lender's next schedule version (highest + 1); earlier versions stay as they were. */
export async function addScheduleVersion(input: ScheduleInput & { actor: SessionUser; lenderId: string } & Submitted): Promise<Result<{ id: string; version: number }>> {
  return attempt(async (tx) => {
    assertMayEdit(input.actor);
    if (!ALLOWED_BASES.includes(input.basis)) throw new Refusal(DISCRETIONARY_COMMISSION_REFUSAL, "basis");
    const basis = input.basis as CommissionBasis;
    const amountPence = basis === "fixed_fee" ? (input.amountPence ?? null) : null;
    const percentBasisPoints = basis === "percent_of_credit" ? (input.percentBasisPoints ?? null) : null;
    if (basis === "fixed_fee" && (amountPence === null || amountPence <= 0)) throw new Refusal("Enter the fixed fee the lender pays, in pounds.", "amount");
    if (basis === "percent_of_credit" && (percentBasisPoints === null || percentBasisPoints < 1 || percentBasisPoints > MAX_PERCENT_BASIS_POINTS)) {
      throw new Refusal("Enter a percentage of the credit from 0.01% to 20%.", "percent");
    }
    if (input.brand && input.modelId) throw new Refusal("Choose a brand or a model, not both.", "appliesTo");
    if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) throw new Refusal("The end date can't be before the start date.", "effectiveTo");
    await lockedLender(tx, input.lenderId);
    if (input.modelId) {
      const [model] = isUuid(input.modelId) ? await tx.select({ id: catalogueModels.id }).from(catalogueModels).where(eq(catalogueModels.id, input.modelId)) : [];
      if (!model) throw new Refusal("That model isn't in the catalogue.", "appliesTo");
    }
    const [latest] = await tx
      .select({ value: sql<number>`coalesce(max(${commissionSchedules.version}), 0)::int` })
      .from(commissionSchedules)
      .where(eq(commissionSchedules.lenderId, input.lenderId));
    const [created] = await tx
      .insert(commissionSchedules)
      .values({
        lenderId: input.lenderId,
        version: (latest?.value ?? 0) + 1,
        basis,
        amountPence,
        percentBasisPoints,
        brand: input.brand ?? null,
        modelId: input.modelId ?? null,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        notes: input.notes ?? "",
        createdBy: input.actor.id,
      })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "lender.schedule_added", entityType: "lender", entityId: input.lenderId, after: created });
    return { id: created!.id, version: created!.version };
  }, input.once);
}

export async function addOtherPayment(input: {
  actor: SessionUser;
  lenderId: string;
  kind: OtherPaymentKind;
  description: string;
  amountPence?: number | null;
  effectiveFrom: string;
  effectiveTo?: string | null;
} & Submitted): Promise<Result<{ id: string }>> {
  return attempt(async (tx) => {
    assertMayEdit(input.actor);
    await lockedLender(tx, input.lenderId);
    if (input.effectiveTo && input.effectiveTo < input.effectiveFrom) throw new Refusal("The end date can't be before the start date.", "effectiveTo");
    const [payment] = await tx
      .insert(lenderOtherPayments)
      .values({
        lenderId: input.lenderId,
        kind: input.kind,
        description: input.description,
        amountPence: input.amountPence ?? null,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        createdBy: input.actor.id,
      })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "lender.payment_added", entityType: "lender", entityId: input.lenderId, after: payment });
    return { id: payment!.id };
  }, input.once);
}
