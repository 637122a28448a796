import { and, eq, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import type { FinanceDeal } from "@db/schema/finance";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { customerForRecord } from "~/modules/customers/customers.server";
import { londonToday } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { ageOn, type FinanceFigures } from "./commission";
import { checkDealFigures } from "./deal-figures";
import type { DealFields } from "./deals.schema";

const { financeDeals, stockNumberCounters, vehicles, catalogueModels, branches, reservations } = schema;

/** The stored figures, from the parsed form (which carries other fields too). */
export function figuresOf(fields: FinanceFigures): FinanceFigures {
  const { cashPricePence, depositPence, depositContributionPence, partExchangePence, partExchangeSettlementPence, creditPence, termMonths, regularPaymentCount, firstPaymentMonth, finalPaymentMonth, ratePercentBasisPoints, rateFixed, aprBasisPoints, fees, feesPence, monthlyPaymentPence, finalPaymentPence, chargeForCreditPence, totalPayablePence } = fields;
  return { cashPricePence, depositPence, depositContributionPence, partExchangePence, partExchangeSettlementPence, creditPence, termMonths, regularPaymentCount, firstPaymentMonth, finalPaymentMonth, ratePercentBasisPoints, rateFixed, aprBasisPoints, fees, feesPence, monthlyPaymentPence, finalPaymentPence, chargeForCreditPence, totalPayablePence };
}

/** The first way the figures disagree with the credit-figures engine, as a refusal by its field. */
export function figuresProblem(figures: FinanceFigures) {
  const check = checkDealFigures(figures);
  return check.ok ? null : check.problems[0]!;
}

/** UK residents only, 18 or over on the day of the introduction. */
export function eligibilityProblem(deal: { customerUkResident: boolean; customerDateOfBirth: string }, on = londonToday()) {
  if (!deal.customerUkResident) return "We can introduce only UK residents to our lenders.";
  if (ageOn(deal.customerDateOfBirth, on) < 18) return "The customer must be 18 or over on the day of the introduction.";
  return null;
}

/** Locks a deal for a step and checks the user may work on it, and on this version of it. */
export async function lockDeal(tx: Transaction, actor: SessionUser, id: string, version?: number) {
  const [deal] = isUuid(id) ? await tx.select().from(financeDeals).where(eq(financeDeals.id, id)).for("update") : [];
  if (!deal) throw new Refusal("That deal doesn't exist.", undefined, 404);
  if (!can(actor, "finance:edit", deal.branchId)) throw new Refusal("You can work only on deals in your own branches.", undefined, 403);
  if (version !== undefined && deal.version !== version) {
    throw new Refusal("Someone else changed this deal while you were working on it. Reload the page to see their change, then try again.", undefined, 409);
  }
  if (deal.signedAt) throw new Refusal("This deal is signed: it can't change. Add a dated entry instead.", undefined, 409);
  return deal;
}

/** Bumps the deal's version (and status), with the audit row, in the caller's transaction. */
export async function touchDeal(tx: Transaction, input: { actor: SessionUser; before: FinanceDeal; set?: Partial<FinanceDeal>; action: string; detail?: unknown }) {
  const [after] = await tx
    .update(financeDeals)
    .set({ ...input.set, updatedAt: new Date(), version: sql`${financeDeals.version} + 1` })
    .where(eq(financeDeals.id, input.before.id))
    .returning();
  await recordAudit(tx, {
    actor: input.actor,
    action: input.action,
    entityType: "finance_deal",
    entityId: input.before.id,
    before: input.set ? input.before : undefined,
    after: input.detail ?? after,
  });
  return after!;
}

async function nextReference(tx: Transaction) {
  const [counter] = await tx
    .insert(stockNumberCounters)
    .values({ prefix: "#finance", lastNumber: 1 })
    .onConflictDoUpdate({ target: stockNumberCounters.prefix, set: { lastNumber: sql`${stockNumberCounters.lastNumber} + 1` } })
    .returning();
  return `FIN-${String(counter!.lastNumber).padStart(6, "0")}`;
}

/** The branch must exist and take business; the user's right to it is checked by the caller. */
async function assertActiveBranch(tx: Transaction, branchId: string) {
  const [branch] = await tx.select({ active: branches.active }).from(branches).where(eq(branches.id, branchId));
  if (!branch?.active) throw new Refusal("Choose one of your active branches.", "branchId");
}

const sameCustomer = (a: string, b: string) => a.trim().replace(/\s+/g, " ").toLowerCase() === b.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The bike a deal names: one the user may sell (in their branches, as the form offers), not sold,
 * and not held at another branch for someone else. `keptId` is the deal's bike already: it stays
 * named even once sold. Without a bike, the description and make stand.
 */
async function vehicleFacts(tx: Transaction, actor: SessionUser, fields: DealFields, keptId?: string | null) {
  if (!fields.vehicleId) return { vehicleId: null, vehicleBrand: fields.vehicleBrand, vehicleModelId: null, vehicleDescription: fields.vehicleDescription };
  const [row] = await tx
    .select({ id: vehicles.id, stockNumber: vehicles.stockNumber, make: catalogueModels.make, model: catalogueModels.model, modelId: catalogueModels.id, status: vehicles.status, branchId: vehicles.branchId, branchName: branches.name })
    .from(vehicles)
    .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
    .innerJoin(branches, eq(branches.id, vehicles.branchId))
    .where(eq(vehicles.id, fields.vehicleId));
  if (!row) throw new Refusal("Choose a bike from stock, or describe it.", "vehicleId");
  if (row.id !== keptId) {
    if (!can(actor, "stock:reserve", row.branchId)) throw new Refusal(`That bike is at ${row.branchName}: choose a bike from your own branches' stock, or describe it.`, "vehicleId");
    if (row.status === "sold" || row.status === "delivered") throw new Refusal("That bike has been sold: choose another, or describe it.", "vehicleId");
    if (row.status === "reserved" && row.branchId !== fields.branchId) {
      const [held] = await tx
        .select({ customerName: reservations.customerName })
        .from(reservations)
        .where(and(eq(reservations.vehicleId, row.id), eq(reservations.status, "active")));
      if (held && !sameCustomer(held.customerName, fields.customerName)) {
        throw new Refusal(`That bike is reserved at ${row.branchName} for another customer: choose another, or ask them to release it.`, "vehicleId", 409);
      }
    }
  }
  return { vehicleId: row.id, vehicleBrand: row.make, vehicleModelId: row.modelId, vehicleDescription: `${row.stockNumber} ${row.make} ${row.model}` };
}

function dealColumns(fields: DealFields) {
  return {
    branchId: fields.branchId,
    channel: fields.channel,
    customerName: fields.customerName,
    customerDateOfBirth: fields.customerDateOfBirth,
    customerUkResident: fields.customerUkResident,
    customerContact: fields.customerContact,
    vulnerable: fields.vulnerable,
    vulnerabilityNote: fields.vulnerable ? fields.vulnerabilityNote : "",
    guarantorRequired: fields.guarantorRequired,
    guarantorName: fields.guarantorRequired ? fields.guarantorName || null : null,
    guarantorContact: fields.guarantorRequired ? fields.guarantorContact || null : null,
    product: fields.product,
    quotedFigures: figuresOf(fields),
  };
}

export async function createDeal(input: { actor: SessionUser; fields: DealFields } & Submitted): Promise<Result<{ id: string; reference: string }>> {
  const { actor, fields } = input;
  if (!can(actor, "finance:edit", fields.branchId)) return { ok: false, status: 403, field: "branchId", message: "You can record introductions only for your own branches." };
  const problem = eligibilityProblem(fields);
  if (problem) return { ok: false, field: fields.customerUkResident ? "customerDateOfBirth" : "customerUkResident", message: problem };
  const figures = figuresProblem(figuresOf(fields));
  if (figures) return { ok: false, ...figures };
  return attempt(async (tx) => {
    await assertActiveBranch(tx, fields.branchId);
    const vehicle = await vehicleFacts(tx, actor, fields);
    const reference = await nextReference(tx);
    // The deal keeps its own copy of the customer's details (frozen at signing) beside the link.
    const customer = await customerForRecord(tx, {
      actor,
      branchId: fields.branchId,
      customerId: fields.customerId,
      name: fields.customerName,
      contact: fields.customerContact,
      dateOfBirth: fields.customerDateOfBirth,
      ukResident: fields.customerUkResident,
      via: "finance deal",
    });
    const [deal] = await tx
      .insert(financeDeals)
      .values({ reference, staffId: actor.id, ...dealColumns(fields), customerId: customer.customerId, customerName: customer.name, customerContact: customer.contact, ...vehicle })
      .returning();
    await recordAudit(tx, { actor, action: "finance.created", entityType: "finance_deal", entityId: deal!.id, after: deal });
    return { id: deal!.id, reference };
  }, input.once);
}

/** Edits a deal before it is signed; the figures as quoted are kept in the audit trail. */
export async function updateDeal(input: { actor: SessionUser; id: string; version: number; fields: DealFields }): Promise<Result> {
  const problem = eligibilityProblem(input.fields);
  if (problem) return { ok: false, field: input.fields.customerUkResident ? "customerDateOfBirth" : "customerUkResident", message: problem };
  const figures = figuresProblem(figuresOf(input.fields));
  if (figures) return { ok: false, ...figures };
  return attempt(async (tx) => {
    const before = await lockDeal(tx, input.actor, input.id, input.version);
    if (input.fields.branchId !== before.branchId && !can(input.actor, "finance:edit", input.fields.branchId)) {
      throw new Refusal("You can move a deal only to your own branches.", "branchId", 403);
    }
    if (input.fields.branchId !== before.branchId) await assertActiveBranch(tx, input.fields.branchId);
    const vehicle = await vehicleFacts(tx, input.actor, input.fields, before.vehicleId);
    await touchDeal(tx, { actor: input.actor, before, set: { ...dealColumns(input.fields), ...vehicle }, action: "finance.updated" });
    return {};
  });
}

export async function markNotProceeding(input: { actor: SessionUser; id: string; version: number; reason: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const before = await lockDeal(tx, input.actor, input.id, input.version);
    await touchDeal(tx, { actor: input.actor, before, set: { status: "not_proceeding", notProceedingReason: input.reason }, action: "finance.not_proceeding" });
    return {};
  }, input.once);
}

/** Deals the user may see: admins all, others their branches. */
export async function visibleDeal(user: SessionUser, id: string) {
  const [row] = await db()
    .select({ deal: financeDeals, branchName: branches.name })
    .from(financeDeals)
    .innerJoin(branches, eq(branches.id, financeDeals.branchId))
    .where(eq(financeDeals.id, id));
  if (!row || !can(user, "finance:view", row.deal.branchId)) return null;
  return row;
}

