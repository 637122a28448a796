// Runs the demo deals (seed/finance-plan.ts) through the real domain steps, so every step is
// audited and every rule holds: a step that refuses stops the seed with the reason.
import { and, asc, between, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { SessionUser } from "../app/modules/auth/permissions";
import { addDealEntry } from "../app/modules/finance/deal-entries.server";
import { confirmCommission, proposeToLender, recordConsent, recordDisclosure, reviewCommission, signDeal } from "../app/modules/finance/deal-steps.server";
import { decideAttempt } from "../app/modules/finance/lender-answers.server";
import { assembleDealFigures, computeDealFigures } from "../app/modules/finance/deal-figures";
import { DealFieldsSchema } from "../app/modules/finance/deals.schema";
import { createDeal, markNotProceeding } from "../app/modules/finance/deals.server";
import { fromLondonLocal, londonToday } from "../app/utils/dates";
import type { Result } from "../app/utils/result.server";
import { db, schema } from "../db/client";
import { DEAL_PLANS, type DealPlan, type Stop } from "./finance-plan";

const { financeDeals, lenderAttempts, vehicles, catalogueModels, branches, users, userBranches } = schema;
const MINUTE = 60_000;
const DAY = 86_400_000;

export type LenderKey = "ktm" | "triumph" | "honda" | "hd" | "northgate" | "kentish";

/** The day `days` before today (London), as YYYY-MM-DD. */
export function isoDaysAgo(days: number, today = londonToday()) {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);
}

/** A step's result, or an error that says which seed step a rule refused and why. */
export function must<T extends object>(what: string, result: Result<T>): T {
  if (!result.ok) throw new Error(`Seeding finance, ${what}: ${result.message}`);
  return result;
}

/** A demo user as the session would see them (role and branches from the database). */
export async function demoActor(email: string): Promise<SessionUser> {
  const [user] = await db().select().from(users).where(eq(sql`lower(${users.email})`, email));
  if (!user) throw new Error(`Seeding finance needs the demo user ${email}: seed the branches and users first.`);
  const assigned = await db().select({ id: userBranches.branchId }).from(userBranches).where(eq(userBranches.userId, user.id));
  return { id: user.id, email: user.email, name: user.name, role: user.role, branchIds: assigned.map((b) => b.id) };
}

/**
 * The figures as a lender prices them, in pence: level monthly payments in arrears at the APR (a PCP
 * pays one fewer and its final payment in the last month). Credit, charge and total payable come from
 * the credit-figures engine, which the deal's own schema then checks against the stated APR.
 */
export function quoteFigures(money: DealPlan["money"]) {
  const pence = (pounds = 0) => Math.round(pounds * 100);
  const [cash, deposit, contribution, partExchange, settlement, finalPayment] = [money.cash, money.deposit, money.contribution, money.px, money.settlement, money.final].map(pence) as [number, number, number, number, number, number];
  const count = finalPayment > 0 ? money.term - 1 : money.term;
  const monthlyRate = Math.pow(1 + money.apr / 100, 1 / 12) - 1;
  const credit = cash - deposit - contribution - (partExchange - settlement);
  const annuity = (1 - Math.pow(1 + monthlyRate, -count)) / monthlyRate;
  const monthly = Math.round((credit - finalPayment * Math.pow(1 + monthlyRate, -money.term)) / annuity);
  const inputs = {
    cashPricePence: cash,
    depositPence: deposit,
    depositContributionPence: contribution,
    partExchangePence: partExchange,
    partExchangeSettlementPence: settlement,
    creditPence: 0,
    termMonths: money.term,
    regularPaymentCount: count,
    firstPaymentMonth: 1,
    finalPaymentMonth: finalPayment > 0 ? money.term : null,
    ratePercentBasisPoints: Math.round(monthlyRate * 12 * 10_000),
    rateFixed: true,
    aprBasisPoints: Math.round(money.apr * 100),
    feeAtSigningPence: 0,
    feeWithLastPaymentPence: 0,
    monthlyPaymentPence: monthly,
    finalPaymentPence: finalPayment,
    chargeForCreditPence: 0,
    totalPayablePence: 0,
  };
  const computed = computeDealFigures(assembleDealFigures(inputs));
  if (!computed.ok) throw new Error(`Seeding finance: the plan's figures can't be computed: ${computed.message}`);
  const { amountOfCreditPence, totalChargeForCreditPence, totalAmountPayablePence } = computed.figures;
  return { ...inputs, creditPence: amountOfCreditPence, chargeForCreditPence: totalChargeForCreditPence, totalPayablePence: totalAmountPayablePence };
}

const asPounds = (pence: number) => (pence / 100).toFixed(2);
const asPercent = (basisPoints: number) => (basisPoints / 100).toFixed(2);

/** The deal as the "new introduction" form would post it, parsed by the form's own schema. */
function dealFields(plan: DealPlan, branchId: string, vehicleId: string) {
  const f = quoteFigures(plan.money);
  const { customer } = plan;
  return DealFieldsSchema.parse({
    branchId,
    channel: customer.distance ? "distance" : "in_store",
    customerName: customer.name,
    customerDateOfBirth: customer.dob,
    customerUkResident: "yes",
    customerContact: customer.contact,
    ...(customer.vulnerable ? { vulnerable: "on", vulnerabilityNote: customer.vulnerable } : {}),
    ...(customer.guarantor ? { guarantorRequired: "on", guarantorName: customer.guarantor[0], guarantorContact: customer.guarantor[1] } : {}),
    vehicleId,
    vehicleDescription: plan.bike.description,
    vehicleBrand: plan.bike.make,
    product: plan.product,
    ...Object.fromEntries(
      (["cashPricePence", "depositPence", "depositContributionPence", "partExchangePence", "partExchangeSettlementPence", "creditPence", "feeAtSigningPence", "feeWithLastPaymentPence", "monthlyPaymentPence", "finalPaymentPence", "chargeForCreditPence", "totalPayablePence"] as const).map((key) => [key, asPounds(f[key])]),
    ),
    termMonths: String(f.termMonths),
    regularPaymentCount: String(f.regularPaymentCount),
    firstPaymentMonth: String(f.firstPaymentMonth),
    finalPaymentMonth: f.finalPaymentMonth === null ? "" : String(f.finalPaymentMonth),
    ratePercentBasisPoints: asPercent(f.ratePercentBasisPoints),
    rateFixed: "yes",
    aprBasisPoints: asPercent(f.aprBasisPoints),
  });
}

/**
 * For a deal still in progress, a bike of the plan's model in stock at its branch at about the
 * planned price, when the demo stock has one: the deal then names it and takes its price. Closed
 * deals describe their bike (the demo stock's sales are made up separately).
 */
async function stockBike(plan: DealPlan, branchId: string, used: string[]) {
  if (plan.stop === "signed" || plan.stop === "not_proceeding") return null;
  const planned = plan.money.cash * 100;
  const [bike] = await db()
    .select({ id: vehicles.id, pricePence: vehicles.retailPricePence })
    .from(vehicles)
    .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
    .where(
      and(
        eq(vehicles.branchId, branchId),
        eq(catalogueModels.make, plan.bike.make),
        eq(catalogueModels.model, plan.bike.model),
        inArray(vehicles.status, ["in_stock", "reserved"]),
        between(vehicles.retailPricePence, Math.round(planned * 0.85), Math.round(planned * 1.15)),
        used.length ? notInArray(vehicles.id, used) : undefined,
      ),
    )
    .orderBy(asc(vehicles.stockNumber))
    .limit(1);
  return bike ?? null;
}

/** The lender's counter-offer: the same advance at a higher APR, its commission unchanged. */
function counterOffer(plan: DealPlan, apr: number, quote: unknown) {
  const f = quoteFigures({ ...plan.money, apr });
  return { ...assembleDealFigures(f), commissionPence: (quote as { commissionPence: number }).commissionPence };
}

const REACHED: Record<Stop, number> = { draft: 0, disclosed: 1, consented: 2, proposed: 3, not_proceeding: 3, approved: 4, confirmed: 5, signed: 6 };

/** A London wall-clock time on a day `days` ago; never later than a minute ago. */
function at(days: number, time: string) {
  const instant = fromLondonLocal(`${isoDaysAgo(days)}T${time}`);
  return new Date(Math.min(instant.getTime(), Date.now() - MINUTE));
}

async function versionOf(id: string) {
  const [row] = await db().select({ version: financeDeals.version }).from(financeDeals).where(eq(financeDeals.id, id));
  return row!.version;
}

async function latestAttempt(dealId: string) {
  const [row] = await db().select().from(lenderAttempts).where(eq(lenderAttempts.dealId, dealId)).orderBy(desc(lenderAttempts.sequence)).limit(1);
  return row!;
}

async function runDeal(plan: DealPlan, actors: { finance: SessionUser; admin: SessionUser; reviewer: SessionUser }, lenderIds: Record<LenderKey, string>, branchId: string, vehicleId: string) {
  const actor = actors[plan.by];
  const label = `${plan.customer.name}'s deal`;
  const reached = REACHED[plan.stop];
  const { id } = must(`recording ${label}`, await createDeal({ actor, fields: dealFields(plan, branchId, vehicleId) }));
  // Demo history: the record's creation time is back-dated (the steps below carry their own times).
  await db().update(financeDeals).set({ createdAt: at(plan.daysAgo, "09:40") }).where(eq(financeDeals.id, id));
  const step = async () => ({ actor, id, version: await versionOf(id) });

  let clock = at(plan.daysAgo, "10:05").getTime();
  for (const [index, attempt] of (reached >= 1 ? (plan.attempts ?? []) : []).entries()) {
    const lenderId = lenderIds[attempt.lender];
    const givenAt = new Date(clock);
    must(`disclosing to ${label}`, await recordDisclosure({ ...(await step()), lenderId, medium: attempt.medium ?? "paper", customerAskedAmount: attempt.asked ?? false, amountToldToCustomer: "", givenAt }));
    if (reached === 1) break;
    const consentAt = new Date(Math.min(clock + (plan.consentAfterMinutes ?? 20) * MINUTE, Date.now() - MINUTE));
    must(`consent to ${label}`, await recordConsent({ ...(await step()), kind: "initial", method: plan.customer.distance ? "email_reply" : "signed_paper", givenAt: consentAt }));
    if (reached === 2 || (plan.stop === "not_proceeding" && attempt.outcome === "pending")) break;
    const proposedAt = new Date(Math.min(consentAt.getTime() + 10 * MINUTE, Date.now() - MINUTE));
    must(`proposing ${label}`, await proposeToLender({ ...(await step()), lenderId, orderReason: index === 0 ? (attempt.reason ?? "") : "", proposedAt }));
    if (attempt.outcome === "pending") break;
    const decidedAt = new Date(Math.min(proposedAt.getTime() + 30 * MINUTE, Date.now()));
    const proposal = await latestAttempt(id);
    const approved = attempt.counterApr === undefined ? undefined : counterOffer(plan, attempt.counterApr, proposal.quote);
    must(`deciding ${label}`, await decideAttempt({ ...(await step()), attemptId: proposal.id, outcome: attempt.outcome, approved, decidedAt }));
    clock = consentAt.getTime() + 60 * MINUTE;
  }
  if (plan.notProceeding) must(`closing ${label}`, await markNotProceeding({ ...(await step()), reason: plan.notProceeding }));

  if (reached >= 5 && plan.confirm) {
    const quote = (await latestAttempt(id)).quote as { commissionPence: number };
    const confirmedPence = plan.confirm.pounds === undefined ? quote.commissionPence : Math.round(plan.confirm.pounds * 100);
    const confirmedAt = at(plan.confirm.daysAgo, "14:10");
    const { needsFreshConsent } = must(`confirming ${label}'s commission`, await confirmCommission({ ...(await step()), amountPence: confirmedPence, medium: plan.confirm.medium, confirmedAt }));
    if (needsFreshConsent) {
      const method = plan.confirm.medium === "paper" ? "signed_paper" : "email_reply";
      must(`fresh consent to ${label}`, await recordConsent({ ...(await step()), kind: "fresh", method, givenAt: new Date(confirmedAt.getTime() + 15 * MINUTE) }));
    }
    // Four eyes: the review is a second admin's, after the confirmation it approves and before signing.
    const reviewedAt = new Date(confirmedAt.getTime() + 30 * MINUTE);
    if (plan.review) must(`reviewing ${label}`, await reviewCommission({ ...(await step()), actor: actors.reviewer, decision: "approved", note: plan.review, reviewedAt }));
    if (reached >= 6 && plan.sign) {
      const signedAt = at(plan.sign.daysAgo, "15:30");
      must(`signing ${label}`, await signDeal({ ...(await step()), agreementNumber: plan.sign.agreement, signedAt }));
      for (const entry of plan.entries ?? []) {
        const amountPence = entry.ofConfirmed !== undefined ? Math.round(confirmedPence * entry.ofConfirmed) : entry.pounds === undefined ? null : Math.round(entry.pounds * 100);
        const entryActor = entry.kind.startsWith("legal_hold") ? actors.admin : actor;
        const effectiveOn = isoDaysAgo(Math.max(0, plan.sign.daysAgo - entry.daysAfterSigning));
        must(`${entry.kind} on ${label}`, await addDealEntry({ actor: entryActor, id, kind: entry.kind, effectiveOn, amountPence, reason: entry.reason }));
      }
    }
  }
  return id;
}

/** The demo deals by Frankie Finance (Maidstone Honda and Harley-Davidson) and Alex Admin (the rest). */
export async function seedFinanceDeals(lenderIds: Record<LenderKey, string>) {
  const actors = { finance: await demoActor("finance@laguna.example"), admin: await demoActor("admin@laguna.example"), reviewer: await demoActor("reviewer@laguna.example") };
  const branchRows = await db().select({ id: branches.id, slug: branches.slug }).from(branches);
  const branchId = new Map(branchRows.map((b) => [b.slug, b.id]));
  const used: string[] = [];
  // Oldest first, so the references run in date order.
  for (const planned of [...DEAL_PLANS].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const branch = branchId.get(planned.branch);
    if (!branch) throw new Error(`Seeding finance needs the branch ${planned.branch}.`);
    const bike = await stockBike(planned, branch, used);
    if (bike) used.push(bike.id);
    const plan = bike ? { ...planned, money: { ...planned.money, cash: bike.pricePence / 100 } } : planned;
    await runDeal(plan, actors, lenderIds, branch, bike?.id ?? "");
  }
  return DEAL_PLANS.length;
}
