import { and, asc, count, desc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { containsPattern } from "~/utils/like";
import { contactOf, customerScope, hasLikelyDuplicate, likelyDuplicateOf } from "./customers.server";
import type { CustomerListQuery } from "./customers.schema";

const { customers, reservations, vehicles, financeDeals, complaints, branches, catalogueModels, customerMerges, users } = schema;

/**
 * A search by name, email, phone or postcode: the words typed must all appear in the record's search
 * text (name, email, phone as typed and as digits, postcode with and without its space).
 */
function searchCondition(term: string) {
  if (!term) return undefined;
  const digits = term.replace(/[^0-9]/g, "");
  // A phone number typed with its own spacing ("07700 900 123") is matched by its digits alone.
  const words = /^[0-9 +()-]+$/.test(term) && digits.length >= 4 ? [digits] : term.toLowerCase().split(" ");
  return and(...words.map((word) => ilike(customers.searchText, containsPattern(word))));
}

const SORTS = { name: customers.name, postcode: customers.postcode, createdAt: customers.createdAt } as const;

export async function listCustomers(user: SessionUser, query: CustomerListQuery) {
  const where = and(customerScope(user), isNull(customers.mergedIntoId), searchCondition(query.q), query.duplicates ? hasLikelyDuplicate() : undefined);
  const order = query.dir === "asc" ? asc(SORTS[query.sort]) : desc(SORTS[query.sort]);
  const rows = await db()
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      postcode: customers.postcode,
      dateOfBirth: customers.dateOfBirth,
      createdAt: customers.createdAt,
      likelyDuplicate: hasLikelyDuplicate(),
    })
    .from(customers)
    .where(where)
    .orderBy(order, asc(customers.id))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  const [counted] = await db().select({ total: count() }).from(customers).where(where);
  return { rows: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })), total: counted?.total ?? 0 };
}

/** The picker's search: a few records the user may see, newest activity first. */
export async function findCustomers(user: SessionUser, term: string, limit = 8) {
  if (term.length < 2) return [];
  const rows = await db()
    .select({ id: customers.id, name: customers.name, email: customers.email, phone: customers.phone, postcode: customers.postcode, dateOfBirth: customers.dateOfBirth, ukResident: customers.ukResident })
    .from(customers)
    .where(and(customerScope(user), isNull(customers.mergedIntoId), searchCondition(term)))
    .orderBy(desc(customers.updatedAt), asc(customers.name))
    .limit(limit);
  return rows.map((row) => ({ ...row, contact: contactOf(row) }));
}
export type FoundCustomer = Awaited<ReturnType<typeof findCustomers>>[number];

/** One customer with their history across branches, or null when not the user's to see. */
export async function getCustomer(user: SessionUser, id: string) {
  const [customer] = await db()
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), customerScope(user)));
  if (!customer) return null;
  const [reservationRows, saleRows, dealRows, complaintRows, merges, duplicates, mergedInto] = await Promise.all([
    db()
      .select({ id: reservations.id, vehicleId: vehicles.id, stockNumber: vehicles.stockNumber, make: catalogueModels.make, model: catalogueModels.model, branchName: branches.name, status: reservations.status, createdAt: reservations.createdAt, depositPence: reservations.depositPence })
      .from(reservations)
      .innerJoin(vehicles, eq(vehicles.id, reservations.vehicleId))
      .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
      .innerJoin(branches, eq(branches.id, vehicles.branchId))
      .where(eq(reservations.customerId, id))
      .orderBy(desc(reservations.createdAt)),
    db()
      .select({ vehicleId: vehicles.id, stockNumber: vehicles.stockNumber, make: catalogueModels.make, model: catalogueModels.model, branchName: branches.name, soldOn: vehicles.soldOn, salePricePence: vehicles.salePricePence, status: vehicles.status })
      .from(vehicles)
      .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
      .innerJoin(branches, eq(branches.id, vehicles.branchId))
      .where(eq(vehicles.saleCustomerId, id))
      .orderBy(desc(vehicles.soldOn)),
    db()
      .select({ id: financeDeals.id, reference: financeDeals.reference, branchName: branches.name, status: financeDeals.status, product: financeDeals.product, vehicleDescription: financeDeals.vehicleDescription, createdAt: financeDeals.createdAt, signedAt: financeDeals.signedAt, branchId: financeDeals.branchId })
      .from(financeDeals)
      .innerJoin(branches, eq(branches.id, financeDeals.branchId))
      .where(eq(financeDeals.customerId, id))
      .orderBy(desc(financeDeals.createdAt)),
    db()
      .select({ id: complaints.id, reference: complaints.reference, branchName: branches.name, status: complaints.status, receivedAt: complaints.receivedAt, branchId: complaints.branchId })
      .from(complaints)
      .innerJoin(branches, eq(branches.id, complaints.branchId))
      .where(eq(complaints.customerId, id))
      .orderBy(desc(complaints.receivedAt)),
    db()
      .select({ merge: customerMerges, byName: users.name })
      .from(customerMerges)
      .innerJoin(users, eq(users.id, customerMerges.createdBy))
      .where(or(eq(customerMerges.survivorId, id), eq(customerMerges.mergedId, id)))
      .orderBy(desc(customerMerges.createdAt)),
    likelyDuplicates(user, customer),
    customer.mergedIntoId ? db().select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.id, customer.mergedIntoId)) : Promise.resolve([]),
  ]);
  const reversed = new Set(merges.filter((m) => m.merge.kind === "unmerge").map((m) => m.merge.reversesId));
  const mergeNames = await namesOf([...new Set(merges.flatMap((m) => [m.merge.survivorId, m.merge.mergedId]))]);
  return {
    customer,
    mergedInto: mergedInto[0] ?? null,
    reservations: reservationRows,
    sales: saleRows,
    deals: dealRows.map((deal) => ({ ...deal, viewable: can(user, "finance:view", deal.branchId) })),
    complaints: complaintRows.map((complaint) => ({ ...complaint, viewable: can(user, "complaints:view", complaint.branchId) })),
    merges: merges.map(({ merge, byName }) => ({
      ...merge,
      byName,
      survivorName: mergeNames.get(merge.survivorId) ?? "",
      mergedName: mergeNames.get(merge.mergedId) ?? "",
      reversed: reversed.has(merge.id),
    })),
    duplicates,
  };
}
export type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

async function namesOf(ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db().select({ id: customers.id, name: customers.name }).from(customers).where(sql`${customers.id} in ${ids}`);
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Live records likely the same person as `customer` (same email, phone, or name and date of birth), that the user may see. */
export async function likelyDuplicates(user: SessionUser, customer: { id: string; emailKey: string | null; phoneKey: string | null; name: string; dateOfBirth: string | null; mergedIntoId: string | null }) {
  if (customer.mergedIntoId) return [];
  const self = { id: sql`${customer.id}::uuid`, emailKey: sql`${customer.emailKey}`, phoneKey: sql`${customer.phoneKey}`, name: sql`${customer.name}`, dateOfBirth: sql`${customer.dateOfBirth}::date` };
  const rows = await db()
    .select({ id: customers.id, name: customers.name, email: customers.email, phone: customers.phone, postcode: customers.postcode, dateOfBirth: customers.dateOfBirth })
    .from(customers)
    .where(and(sql`${likelyDuplicateOf(self, sql`${customers}`)}`, customerScope(user)))
    .orderBy(asc(customers.name))
    .limit(20);
  return rows.map((row) => ({
    ...row,
    why: [
      customer.emailKey && row.email?.trim().toLowerCase() === customer.emailKey ? "same email" : null,
      customer.phoneKey && normalisedPhone(row.phone) === customer.phoneKey ? "same phone" : null,
      customer.dateOfBirth && row.dateOfBirth === customer.dateOfBirth && row.name.toLowerCase() === customer.name.toLowerCase() ? "same name and date of birth" : null,
    ].filter(Boolean) as string[],
  }));
}

/** The phone key the database keeps (customers.phone_key), worked the same way for the reasons shown. */
function normalisedPhone(phone: string | null) {
  return phone ? phone.replace(/[^0-9]/g, "").replace(/^(00)?44/, "0") : null;
}
