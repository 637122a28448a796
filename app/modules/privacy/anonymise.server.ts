import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { Refusal } from "~/utils/result.server";
import { ANONYMISED, ANONYMISED_DATE } from "./retention-rules";

const { customers, customerAnonymisations, financeDeals, disclosureAcknowledgments, reservations, vehicles, vehicleEvents, complaints } = schema;

/**
 * Replaces a customer's personal details with the marker in their record and in every copy: each
 * deal's frozen copy (name, date of birth, contact, vulnerability note, guarantor), the name typed on
 * a disclosure's acknowledgment, reservations' and sales' names and contacts (and the bike histories'
 * notes that quote them), and complaints' from-whom. Figures, dates, statuses, references and the
 * regulatory facts (UK residency, vulnerable or not, consent times) stay. The caller has checked the
 * retention rules (retention.server.ts); the database's guards (migration 0033) allow a signed deal
 * and an acknowledgment to change only to the marker. Audited with counts, never the old values.
 */
export async function anonymiseCustomer(
  tx: Transaction,
  input: { actor: AuditActor | null; customerId: string; reason: "retention" | "erasure_request"; erasureRequestId?: string },
) {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId)).for("update");
  if (!customer) throw new Refusal("That customer doesn't exist.", undefined, 404);
  const [already] = await tx.select({ id: customerAnonymisations.id }).from(customerAnonymisations).where(eq(customerAnonymisations.customerId, customer.id));
  if (already) throw new Refusal("This customer's details were already anonymised.", undefined, 409);

  await tx
    .update(customers)
    .set({ name: ANONYMISED, dateOfBirth: null, email: null, phone: null, addressLine1: null, addressLine2: null, town: null, postcode: null, notes: "", updatedAt: new Date(), version: sql`${customers.version} + 1` })
    .where(eq(customers.id, customer.id));

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
    .where(eq(financeDeals.customerId, customer.id))
    .returning({ id: financeDeals.id });
  const acknowledgments = deals.length
    ? await tx
        .update(disclosureAcknowledgments)
        .set({ typedName: ANONYMISED })
        .where(and(inArray(disclosureAcknowledgments.dealId, deals.map((d) => d.id)), isNotNull(disclosureAcknowledgments.typedName)))
        .returning({ id: disclosureAcknowledgments.id })
    : [];

  // The bike's history quotes the name ("Reserved for …", "Sold to …"): replaced where it appears.
  const reserved = await tx.select({ vehicleId: reservations.vehicleId, name: reservations.customerName }).from(reservations).where(eq(reservations.customerId, customer.id));
  const sold = await tx.select({ vehicleId: vehicles.id, name: vehicles.saleCustomerName }).from(vehicles).where(eq(vehicles.saleCustomerId, customer.id));
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
    .where(eq(reservations.customerId, customer.id))
    .returning({ id: reservations.id });
  const sales = await tx
    .update(vehicles)
    .set({ saleCustomerName: ANONYMISED, saleCustomerContact: ANONYMISED, updatedAt: new Date(), version: sql`${vehicles.version} + 1` })
    .where(eq(vehicles.saleCustomerId, customer.id))
    .returning({ id: vehicles.id });
  const complaintRows = await tx
    .update(complaints)
    .set({ complainantName: ANONYMISED, complainantContact: ANONYMISED, updatedAt: new Date(), version: sql`${complaints.version} + 1` })
    .where(eq(complaints.customerId, customer.id))
    .returning({ id: complaints.id });

  const copies = {
    customers: 1,
    finance_deals: deals.length,
    disclosure_acknowledgments: acknowledgments.length,
    reservations: reservationRows.length,
    vehicles: sales.length,
    vehicle_events: notes,
    complaints: complaintRows.length,
  };
  await tx.insert(customerAnonymisations).values({ customerId: customer.id, reason: input.reason, erasureRequestId: input.erasureRequestId ?? null, copies, actorId: input.actor?.id ?? null });
  await recordAudit(tx, { actor: input.actor, action: "customer.anonymised", entityType: "customer", entityId: customer.id, after: { reason: input.reason, erasureRequestId: input.erasureRequestId ?? null, copies } });
  return copies;
}
