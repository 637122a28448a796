import { and, eq, sql, type SQL } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import type { Customer } from "@db/schema/customers";
import { recordAudit } from "~/modules/audit/record.server";
import { can, seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { fromLondonLocal } from "~/utils/dates";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import type { CustomerFields } from "./customers.schema";

const { customers, reservations, vehicles, financeDeals, complaints } = schema;

/** The fields a person's record holds: compared, filled and kept when two records merge. */
export const PERSONAL_FIELDS = [
  "name",
  "dateOfBirth",
  "email",
  "phone",
  "addressLine1",
  "addressLine2",
  "town",
  "postcode",
  "ukResident",
  "marketingConsentGivenAt",
  "marketingConsentMethod",
  "marketingConsentWording",
  "marketingConsentWithdrawnAt",
  "notes",
] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/**
 * The customers a user may see, as a condition on `customers`: admins and compliance every one; staff
 * those linked to a reservation, sale, deal or complaint of their branches, and those first made at
 * their branches (a record made in place before the form that made it was saved, or one with no
 * links yet). A merged record's links have moved to the survivor, so staff reach it through that.
 */
export function customerScope(user: SessionUser): SQL | undefined {
  if (!can(user, "customers:view")) return sql`false`;
  if (seesAllBranches(user)) return undefined;
  if (user.branchIds.length === 0) return sql`false`;
  const mine = sql.join(
    user.branchIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return sql`(${customers.createdBranchId} in (${mine})
    or exists (select 1 from ${reservations} r join ${vehicles} v on v.id = r.vehicle_id where r.customer_id = ${customers.id} and v.branch_id in (${mine}))
    or exists (select 1 from ${vehicles} v where v.sale_customer_id = ${customers.id} and v.branch_id in (${mine}))
    or exists (select 1 from ${financeDeals} d where d.customer_id = ${customers.id} and d.branch_id in (${mine}))
    or exists (select 1 from ${complaints} c where c.customer_id = ${customers.id} and c.branch_id in (${mine})))`;
}

/**
 * Another live record that is likely the same person: the same email or phone (normalised), or the
 * same name and date of birth. (`other` names the candidate's alias, `self` the record's.)
 */
export function likelyDuplicateOf(self: { id: SQL; emailKey: SQL; phoneKey: SQL; name: SQL; dateOfBirth: SQL }, other = sql.raw("dup")): SQL {
  return sql`${other}.id <> ${self.id} and ${other}.merged_into_id is null and (
    ${other}.email_key = ${self.emailKey} or ${other}.phone_key = ${self.phoneKey}
    or (lower(${other}.name) = lower(${self.name}) and ${other}.date_of_birth = ${self.dateOfBirth}))`;
}

export const hasLikelyDuplicate = () =>
  sql<boolean>`exists (select 1 from ${customers} dup where ${likelyDuplicateOf({ id: sql`${customers.id}`, emailKey: sql`${customers.emailKey}`, phoneKey: sql`${customers.phoneKey}`, name: sql`${customers.name}`, dateOfBirth: sql`${customers.dateOfBirth}` })})`;

/** The contact a reservation, sale or deal keeps as text: the phone and the email the record holds. */
export function contactOf(customer: Pick<Customer, "phone" | "email">) {
  return [customer.phone, customer.email].filter(Boolean).join(", ");
}

/** A free-text contact read the way a new record's form means it: an email, else a phone number. */
export function splitContact(contact: string): { email: string | null; phone: string | null } {
  const found = contact.match(/[^\s<>(),;:/]+@[^\s<>(),;:/]+\.[^\s<>(),;:/]+/);
  const rest = found ? contact.replace(found[0], "") : contact;
  const digits = rest.replace(/[^0-9+]/g, "");
  return { email: found ? found[0].toLowerCase() : null, phone: digits.replace(/\D/g, "").length >= 9 ? rest.replace(/[,;/]+/g, " ").trim() : null };
}

/** What a customer record stores from the form's fields. */
function storedFields(fields: CustomerFields) {
  return {
    name: fields.name,
    dateOfBirth: fields.dateOfBirth || null,
    email: fields.email || null,
    phone: fields.phone || null,
    addressLine1: fields.addressLine1 || null,
    addressLine2: fields.addressLine2 || null,
    town: fields.town || null,
    postcode: fields.postcode || null,
    ukResident: fields.ukResident === "unknown" ? null : fields.ukResident === "yes",
    marketingConsentGivenAt: fields.marketingConsentGivenAt ? fromLondonLocal(fields.marketingConsentGivenAt) : null,
    marketingConsentMethod: fields.marketingConsentMethod || null,
    marketingConsentWording: fields.marketingConsentWording || null,
    marketingConsentWithdrawnAt: fields.marketingConsentWithdrawnAt ? fromLondonLocal(fields.marketingConsentWithdrawnAt) : null,
    notes: fields.notes,
  };
}

/** A record's personal fields as plain JSON (dates as ISO text), for the merge record. */
export function personalSnapshot(customer: Customer): Record<PersonalField, unknown> {
  const entries = PERSONAL_FIELDS.map((field) => {
    const value = customer[field];
    return [field, value instanceof Date ? value.toISOString() : value];
  });
  return Object.fromEntries(entries) as Record<PersonalField, unknown>;
}

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

/** Which personal fields differ between two versions of a record (audit rows name fields, not values). */
function changedFields(before: Customer, after: Customer) {
  const a = personalSnapshot(before);
  const b = personalSnapshot(after);
  return PERSONAL_FIELDS.filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
}

/** The branch a new record counts as made at: the one named, else the user's only branch. */
function homeBranch(actor: SessionUser, branchId?: string | null) {
  if (branchId) return branchId;
  return actor.branchIds.length === 1 ? actor.branchIds[0]! : null;
}

async function insertCustomer(tx: Transaction, actor: SessionUser, values: typeof customers.$inferInsert, via: string) {
  const [row] = await tx
    .insert(customers)
    .values({ ...values, createdBy: actor.id })
    .returning();
  await recordAudit(tx, { actor, action: "customer.created", entityType: "customer", entityId: row!.id, after: { via, fields: PERSONAL_FIELDS.filter((field) => !isBlank(row![field])) } });
  return row!;
}

export async function createCustomer(input: { actor: SessionUser; fields: CustomerFields; branchId?: string | null } & Submitted): Promise<Result<{ id: string }>> {
  return attempt(async (tx) => {
    if (!can(input.actor, "customers:edit")) throw new Refusal("You can't record customers.", undefined, 403);
    if (input.branchId && !can(input.actor, "customers:edit", input.branchId)) throw new Refusal("You can't record customers for that branch.", undefined, 403);
    const row = await insertCustomer(tx, input.actor, { ...storedFields(input.fields), createdBranchId: homeBranch(input.actor, input.branchId) }, "customer form");
    return { id: row.id };
  }, input.once);
}

/** The record, locked: a Refusal when missing (404) or not one of the user's branches' customers (403). */
async function lockVisible(tx: Transaction, actor: SessionUser, id: string) {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for("update");
  if (!row) throw new Refusal("We couldn't find that customer.", undefined, 404);
  const [visible] = await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.id, id), customerScope(actor)));
  if (!visible) throw new Refusal("You can change only customers of your own branches.", undefined, 403);
  return row;
}

export async function updateCustomer(input: { actor: SessionUser; id: string; version: number; fields: CustomerFields }): Promise<Result> {
  return attempt(async (tx) => {
    const before = await lockVisible(tx, input.actor, input.id);
    if (!can(input.actor, "customers:edit")) throw new Refusal("You can't change customer records.", undefined, 403);
    if (before.mergedIntoId) throw new Refusal("This record was merged into another: change that one instead.", undefined, 409);
    if (before.version !== input.version) throw staleVersion("this customer", before.version);
    const [after] = await tx
      .update(customers)
      .set({ ...storedFields(input.fields), updatedAt: new Date(), version: sql`${customers.version} + 1` })
      .where(eq(customers.id, input.id))
      .returning();
    const changed = changedFields(before, after!);
    // The customer is named by id and the fields by name: the values stay in the record alone.
    if (changed.length) await recordAudit(tx, { actor: input.actor, action: "customer.updated", entityType: "customer", entityId: input.id, after: { changed } });
    return {};
  });
}

/**
 * The customer a reservation, sale, deal or complaint is for, inside its transaction: the chosen
 * record (followed to the record it was merged into), which the user must be able to see; else a new
 * record made in place from the name and contact typed. Returns the name and contact the record
 * keeps as text, filled from the customer.
 */
export async function customerForRecord(
  tx: Transaction,
  input: { actor: SessionUser; branchId: string; customerId?: string | null; name: string; contact: string; dateOfBirth?: string | null; ukResident?: boolean | null; via: string },
): Promise<{ customerId: string; name: string; contact: string }> {
  if (input.customerId) {
    let [row] = await tx.select().from(customers).where(and(eq(customers.id, input.customerId), customerScope(input.actor)));
    if (row?.mergedIntoId) [row] = await tx.select().from(customers).where(eq(customers.id, row.mergedIntoId));
    if (!row) throw new Refusal("Choose the customer from the search results, or choose a new customer.", "customerId");
    // A deal knows the date of birth and residency: a record without them takes them from it.
    const fill: Partial<typeof customers.$inferInsert> = {};
    if (!row.dateOfBirth && input.dateOfBirth) fill.dateOfBirth = input.dateOfBirth;
    if (row.ukResident === null && input.ukResident !== undefined && input.ukResident !== null) fill.ukResident = input.ukResident;
    if (Object.keys(fill).length) {
      await tx.update(customers).set({ ...fill, updatedAt: new Date(), version: sql`${customers.version} + 1` }).where(eq(customers.id, row.id));
      await recordAudit(tx, { actor: input.actor, action: "customer.updated", entityType: "customer", entityId: row.id, after: { changed: Object.keys(fill), via: input.via } });
    }
    return { customerId: row.id, name: row.name, contact: contactOf(row) || input.contact };
  }
  const { email, phone } = splitContact(input.contact);
  const row = await insertCustomer(
    tx,
    input.actor,
    {
      name: input.name,
      email,
      phone,
      dateOfBirth: input.dateOfBirth ?? null,
      ukResident: input.ukResident ?? null,
      notes: email || phone || !input.contact ? "" : `Contact as first given: ${input.contact}`,
      createdBranchId: input.branchId,
    },
    input.via,
  );
  return { customerId: row.id, name: input.name, contact: input.contact };
}

