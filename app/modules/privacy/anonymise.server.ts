import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { Refusal } from "~/utils/result.server";
import { ANONYMISED, ANONYMISED_DATE } from "./retention-rules";

const { customers, customerAnonymisations, customerMerges, financeDeals, disclosureAcknowledgments, reservations, vehicles, vehicleEvents, complaints } = schema;

/**
 * Replaces a customer's personal details with the marker in their record and in every copy: each
 * deal's frozen copy (name, date of birth, contact, vulnerability note, guarantor), the name typed on
 * a disclosure's acknowledgment, reservations' and sales' names and contacts (and the bike histories'
 * notes that quote them), and complaints' from-whom. Figures, dates, statuses, references and the
 * regulatory facts (UK residency, vulnerable or not, consent times) stay. The records merged into
 * this one (merged_into_id) are anonymised with it, since they are the same person, and so is every
 * merge record naming any of them (their JSON copies of both records' fields). The caller has checked
 * the retention rules (retention.server.ts); the database's guards (migrations 0037, 0038) allow a
 * signed deal, an acknowledgment and a merge record to change only to the marker. Audited with
 * counts, never the old values.
 */
export async function anonymiseCustomer(
  tx: Transaction,
  input: { actor: AuditActor | null; customerId: string; reason: "retention" | "erasure_request"; erasureRequestId?: string },
) {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId)).for("update");
  if (!customer) throw new Refusal("That customer doesn't exist.", undefined, 404);
  const [already] = await tx.select({ id: customerAnonymisations.id }).from(customerAnonymisations).where(eq(customerAnonymisations.customerId, customer.id));
  if (already) throw new Refusal("This customer's details were already anonymised.", undefined, 409);
  // An absorbed record goes with its survivor, whose rules decide: never on its own.
  if (customer.mergedIntoId) throw new Refusal("This record was merged into another: its details are anonymised with that one.", undefined, 409);
  // A merge repoints earlier absorbed records at the survivor, so one level finds them all.
  const absorbed = await tx.select({ id: customers.id }).from(customers).where(eq(customers.mergedIntoId, customer.id)).for("update");
  const ids = [customer.id, ...absorbed.map((a) => a.id)];

  const people = await tx
    .update(customers)
    .set({ name: ANONYMISED, dateOfBirth: null, email: null, phone: null, addressLine1: null, addressLine2: null, town: null, postcode: null, notes: "", updatedAt: new Date(), version: sql`${customers.version} + 1` })
    .where(inArray(customers.id, ids))
    .returning({ id: customers.id });
  // The merge records' copies, through the database's own functions (migration 0038), the only
  // change its append-only guard accepts.
  const merges = await tx
    .update(customerMerges)
    .set({
      survivorBefore: sql`customer_snapshot_anonymised(${customerMerges.survivorBefore})`,
      mergedBefore: sql`customer_snapshot_anonymised(${customerMerges.mergedBefore})`,
      filled: sql`customer_snapshot_anonymised(${customerMerges.filled})`,
      conflicts: sql`customer_conflicts_anonymised(${customerMerges.conflicts})`,
    })
    .where(or(inArray(customerMerges.survivorId, ids), inArray(customerMerges.mergedId, ids)))
    .returning({ id: customerMerges.id });

  const deals = await tx
    .update(financeDeals)
    .set({
      customerName: ANONYMISED,
      customerContact: ANONYMISED,
      customerDateOfBirth: ANONYMISED_DATE,
      vulnerabilityNote: sql`case when ${financeDeals.vulnerabilityNote} = '' then '' else ${ANONYMISED} end`,
      guarantorName: sql`case when ${financeDeals.guarantorName} is null then null else ${ANONYMISED} end`,
      guarantorContact: sql`case when ${financeDeals.guarantorContact} is null then null else ${ANONYMISED} end`,
      updatedAt: new Date(),
      version: sql`${financeDeals.version} + 1`,
    })
    .where(inArray(financeDeals.customerId, ids))
    .returning({ id: financeDeals.id });
  const acknowledgments = deals.length
    ? await tx
        .update(disclosureAcknowledgments)
        .set({ typedName: ANONYMISED })
        .where(and(inArray(disclosureAcknowledgments.dealId, deals.map((d) => d.id)), isNotNull(disclosureAcknowledgments.typedName)))
        .returning({ id: disclosureAcknowledgments.id })
    : [];

  // The bike's history quotes the name ("Reserved for …", "Sold to …"): replaced where it appears.
  const reserved = await tx.select({ vehicleId: reservations.vehicleId, name: reservations.customerName }).from(reservations).where(inArray(reservations.customerId, ids));
  const sold = await tx.select({ vehicleId: vehicles.id, name: vehicles.saleCustomerName }).from(vehicles).where(inArray(vehicles.saleCustomerId, ids));
  let notes = 0;
  for (const { vehicleId, name } of [...reserved, ...sold]) {
    if (!name || name === ANONYMISED) continue;
    const changed = await tx
      .update(vehicleEvents)
      .set({ note: sql`replace(${vehicleEvents.note}, ${name}, ${ANONYMISED})` })
      .where(and(eq(vehicleEvents.vehicleId, vehicleId), sql`strpos(${vehicleEvents.note}, ${name}) > 0`))
      .returning({ id: vehicleEvents.id });
    notes += changed.length;
  }
  const reservationRows = await tx
    .update(reservations)
    .set({ customerName: ANONYMISED, customerContact: ANONYMISED, updatedAt: new Date(), version: sql`${reservations.version} + 1` })
    .where(inArray(reservations.customerId, ids))
    .returning({ id: reservations.id });
  const sales = await tx
    .update(vehicles)
    .set({ saleCustomerName: ANONYMISED, saleCustomerContact: ANONYMISED, updatedAt: new Date(), version: sql`${vehicles.version} + 1` })
    .where(inArray(vehicles.saleCustomerId, ids))
    .returning({ id: vehicles.id });
  const complaintRows = await tx
    .update(complaints)
    .set({ complainantName: ANONYMISED, complainantContact: ANONYMISED, updatedAt: new Date(), version: sql`${complaints.version} + 1` })
    .where(inArray(complaints.customerId, ids))
    .returning({ id: complaints.id });

  const copies = {
    customers: people.length,
    customer_merges: merges.length,
    finance_deals: deals.length,
    disclosure_acknowledgments: acknowledgments.length,
    reservations: reservationRows.length,
    vehicles: sales.length,
    vehicle_events: notes,
    complaints: complaintRows.length,
  };
  await tx.insert(customerAnonymisations).values({ customerId: customer.id, reason: input.reason, erasureRequestId: input.erasureRequestId ?? null, copies, actorId: input.actor?.id ?? null });
  // Each absorbed record has its own entry (so it reads as anonymised, and is never done twice);
  // the survivor's entry counts the copies of all of them.
  const done = absorbed.length
    ? new Set((await tx.select({ id: customerAnonymisations.customerId }).from(customerAnonymisations).where(inArray(customerAnonymisations.customerId, absorbed.map((a) => a.id)))).map((r) => r.id))
    : new Set<string>();
  for (const { id } of absorbed.filter((a) => !done.has(a.id))) {
    await tx.insert(customerAnonymisations).values({ customerId: id, reason: input.reason, erasureRequestId: input.erasureRequestId ?? null, copies: { customers: 1 }, actorId: input.actor?.id ?? null });
  }
  const absorbedIds = absorbed.map((a) => a.id);
  await recordAudit(tx, { actor: input.actor, action: "customer.anonymised", entityType: "customer", entityId: customer.id, after: { reason: input.reason, erasureRequestId: input.erasureRequestId ?? null, absorbedIds, copies } });
  return copies;
}
