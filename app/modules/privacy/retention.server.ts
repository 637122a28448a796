import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { currentSetting, saveSettingVersion } from "~/modules/finance/documents.server";
import { londonToday } from "~/utils/dates";
import { Refusal, type Result, type Submitted } from "~/utils/result.server";
import { addYears, RETENTION_MAXIMUM_YEARS, RETENTION_MINIMUMS, RETENTION_RULE_LABELS, type RetentionRules } from "./retention-rules";

const { customers, customerAnonymisations, reservations, vehicles, financeDeals, complaints } = schema;

export async function currentRetentionRules(tx?: Transaction) {
  return currentSetting("retention_rules", tx);
}

/** An admin sets the rules; below the law's floors is refused, field by field. */
export async function saveRetentionRules(input: { actor: SessionUser; rules: RetentionRules; basedOnVersion: number } & Submitted): Promise<Result<{ version: number }>> {
  if (!can(input.actor, "privacy:rules")) return { ok: false, status: 403, message: "Only an admin can set the retention rules." };
  for (const key of Object.keys(RETENTION_MINIMUMS) as (keyof RetentionRules)[]) {
    const years = input.rules[key];
    if (!Number.isInteger(years) || years < RETENTION_MINIMUMS[key] || years > RETENTION_MAXIMUM_YEARS) {
      return { ok: false, field: key, message: `${RETENTION_RULE_LABELS[key]}: between ${RETENTION_MINIMUMS[key]} and ${RETENTION_MAXIMUM_YEARS} whole years.` };
    }
  }
  return saveSettingVersion(input.actor, "retention_rules", input.rules, input.basedOnVersion, input.once);
}

/** What stops a customer's details being anonymised, and from which day they may be. */
export interface RetentionStatus {
  customerId: string;
  name: string;
  /** The London day of their last deal, reservation, sale or complaint (or of the record, when none). */
  lastActivityOn: string;
  /** The first London day every rule allows anonymising; null while a legal hold or open complaint stands. */
  canBeAnonymisedOn: string | null;
  /** Each reason it can't be done today, citing the rule. Empty: it can be done now. */
  reasons: string[];
  /** Under the inactivity rule (not an erasure request): due now. */
  due: boolean;
}

interface CustomerFacts {
  id: string;
  name: string;
  createdAt: Date;
  reservations: Date[];
  sales: string[];
  deals: { reference: string; lastEvent: Date; hold: boolean }[];
  complaints: { reference: string; lastEvent: Date; open: boolean }[];
}

const dayOf = (instant: Date) => londonToday(instant);
const latest = (days: string[]) => days.reduce((a, b) => (a > b ? a : b));

/**
 * The facts the rules read, for the customers named (or every customer not yet anonymised and not
 * merged into another: a merged record is judged only through its survivor, never on its own). A deal's last event is its last change or dated entry; a complaint's, its last
 * change or step; a legal hold stands while a deal's latest hold entry puts it on.
 */
async function customerFacts(ids?: string[], tx?: Transaction): Promise<CustomerFacts[]> {
  const q = tx ?? db();
  const people = await q
    .select({ id: customers.id, name: customers.name, createdAt: customers.createdAt })
    .from(customers)
    .leftJoin(customerAnonymisations, eq(customerAnonymisations.customerId, customers.id))
    .where(and(isNull(customerAnonymisations.id), isNull(customers.mergedIntoId), ids ? inArray(customers.id, ids) : undefined));
  if (people.length === 0) return [];
  const personIds = people.map((p) => p.id);
  const [absorbedRows, resRows, saleRows, dealRows, complaintRows] = await Promise.all([
    // Records merged into a survivor are the same person: anonymised with it (anonymise.server.ts), so
    // their creation counts as the survivor's activity. (Their links already point at the survivor.)
    q.select({ survivorId: customers.mergedIntoId, createdAt: customers.createdAt }).from(customers).where(inArray(customers.mergedIntoId, personIds)),
    q.select({ customerId: reservations.customerId, at: reservations.updatedAt }).from(reservations).where(inArray(reservations.customerId, personIds)),
    q.select({ customerId: vehicles.saleCustomerId, soldOn: vehicles.soldOn }).from(vehicles).where(and(inArray(vehicles.saleCustomerId, personIds), isNotNull(vehicles.soldOn))),
    q
      .select({
        customerId: financeDeals.customerId,
        reference: financeDeals.reference,
        // Written out with aliases: Drizzle leaves a one-table select's columns unqualified, which inside
        // a subquery would name the subquery's own table.
        lastEvent: sql<Date>`greatest(finance_deals.updated_at, finance_deals.signed_at, (select max(e.created_at) from deal_entries e where e.deal_id = finance_deals.id))`.mapWith((v: string | Date) => new Date(v)),
        hold: sql<boolean>`coalesce((select e.kind = 'legal_hold_on' from deal_entries e where e.deal_id = finance_deals.id and e.kind in ('legal_hold_on', 'legal_hold_off') order by e.created_at desc, e.id desc limit 1), false)`,
      })
      .from(financeDeals)
      .where(inArray(financeDeals.customerId, personIds)),
    q
      .select({
        customerId: complaints.customerId,
        reference: complaints.reference,
        open: sql<boolean>`${complaints.closedAt} is null`,
        lastEvent: sql<Date>`greatest(complaints.updated_at, complaints.received_at, complaints.closed_at, (select max(s.occurred_at) from complaint_steps s where s.complaint_id = complaints.id))`.mapWith((v: string | Date) => new Date(v)),
      })
      .from(complaints)
      .where(inArray(complaints.customerId, personIds)),
  ]);
  return people.map((p) => ({
    ...p,
    createdAt: absorbedRows.filter((r) => r.survivorId === p.id).reduce((at, r) => (r.createdAt > at ? r.createdAt : at), p.createdAt),
    reservations: resRows.filter((r) => r.customerId === p.id).map((r) => r.at),
    sales: saleRows.filter((r) => r.customerId === p.id).map((r) => r.soldOn!),
    deals: dealRows.filter((r) => r.customerId === p.id),
    complaints: complaintRows.filter((r) => r.customerId === p.id),
  }));
}

/**
 * The rules applied to one customer's facts on `today`. `forErasure`: the customer asked, so the
 * inactivity period doesn't apply; what the law says must be kept (deals, complaints, holds) still does.
 */
export function retentionStatus(facts: CustomerFacts, rules: RetentionRules, today: string, forErasure = false): RetentionStatus {
  const reasons: string[] = [];
  const from: string[] = [];
  const lastActivityOn = latest([dayOf(facts.createdAt), ...facts.reservations.map(dayOf), ...facts.sales, ...facts.deals.map((d) => dayOf(d.lastEvent)), ...facts.complaints.map((c) => dayOf(c.lastEvent))]);
  let blocked = false;
  for (const deal of facts.deals) {
    if (deal.hold) {
      blocked = true;
      reasons.push(`Deal ${deal.reference} is on legal hold: nothing about it may be changed until the hold is lifted.`);
    }
    const until = addYears(dayOf(deal.lastEvent), rules.financeDealYears);
    from.push(until);
    if (until > today) reasons.push(`Deal ${deal.reference} must be kept until ${until}: ${rules.financeDealYears} years after its last event (${dayOf(deal.lastEvent)}), as the redress scheme and DISP expect.`);
  }
  for (const complaint of facts.complaints) {
    if (complaint.open) {
      blocked = true;
      reasons.push(`Complaint ${complaint.reference} is open: its record is kept while it is handled (DISP 1.9).`);
    }
    const until = addYears(dayOf(complaint.lastEvent), rules.complaintYears);
    from.push(until);
    if (until > today) reasons.push(`Complaint ${complaint.reference} must be kept until ${until}: ${rules.complaintYears} years after its last event (${dayOf(complaint.lastEvent)}) (DISP 1.9).`);
  }
  const inactiveFrom = addYears(lastActivityOn, rules.inactiveCustomerYears);
  if (!forErasure) {
    from.push(inactiveFrom);
    if (inactiveFrom > today) reasons.push(`Last active ${lastActivityOn}: anonymised after ${rules.inactiveCustomerYears} years without a deal, reservation, sale or complaint, on ${inactiveFrom}.`);
  }
  const canBeAnonymisedOn = blocked ? null : from.length ? latest(from) : today;
  return { customerId: facts.id, name: facts.name, lastActivityOn, canBeAnonymisedOn, reasons, due: reasons.length === 0 };
}

/** Every customer's position under the rules today: those due first. */
export async function retentionReport(today = londonToday()) {
  const rules = (await currentRetentionRules()).value;
  const statuses = (await customerFacts()).map((facts) => retentionStatus(facts, rules, today));
  return { rules, today, due: statuses.filter((s) => s.due), notYet: statuses.filter((s) => !s.due) };
}

/** One customer's position, for an erasure request (the inactivity period doesn't apply) or the rule. */
export async function customerRetention(customerId: string, input: { today?: string; forErasure?: boolean; tx?: Transaction } = {}) {
  const [facts] = await customerFacts([customerId], input.tx);
  if (!facts) return null;
  const rules = (await currentRetentionRules(input.tx)).value;
  return retentionStatus(facts, rules, input.today ?? londonToday(), input.forErasure ?? false);
}

export function assertMayManagePrivacy(user: SessionUser) {
  if (!can(user, "privacy:manage")) throw new Refusal("Only an admin or compliance user handles retention and erasure.", undefined, 403);
}
