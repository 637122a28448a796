import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import { db, schema } from "../db/client";

const { customers, financeDeals, vehicles, branches } = schema;

/** The curated demo customer: James Robinson, with a full record and history at two branches. */
const JAMES = {
  email: "james.robinson@example.com",
  addressLine1: "14 Tonbridge Road",
  town: "Maidstone",
  postcode: "ME16 8RP",
};

/**
 * The statements migration "customers_from_existing_records" runs (found by name: the lead may
 * renumber migrations at a merge), so the demo's bulk-inserted reservations and sales get customers
 * exactly as an older database's did.
 */
export function customerBackfillStatements() {
  const dir = join(process.cwd(), "db/migrations");
  const file = readdirSync(dir).find((name) => name.endsWith("_customers_from_existing_records.sql"));
  if (!file) throw new Error("The customers backfill migration is missing from db/migrations.");
  return readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint");
}

/**
 * Demo customers, once (while James Robinson's record has no postcode): the bulk-seeded stock's
 * reservations and buyers become customers (deals and complaints made theirs through the forms' code),
 * then James Robinson gets a full record and a purchase at a second branch, and "Jim Robinson", with
 * the same phone, is the likely duplicate an admin can merge.
 */
export async function seedCustomers(): Promise<string[]> {
  const [done] = await db().select({ id: customers.id }).from(customers).where(eq(customers.email, JAMES.email));
  if (done) return [];
  await db().transaction(async (tx) => {
    for (const statement of customerBackfillStatements()) await tx.execute(sql.raw(statement));
  });
  const [james] = await db()
    .select({ id: customers.id, dealBranchId: financeDeals.branchId })
    .from(customers)
    .innerJoin(financeDeals, eq(financeDeals.customerId, customers.id))
    .where(eq(customers.name, "James Robinson"))
    .limit(1);
  const made = [`${(await db().select({ n: sql<number>`count(*)::int` }).from(customers))[0]?.n ?? 0} customers`];
  if (!james) return made;
  await db()
    .update(customers)
    .set({ ...JAMES, ukResident: true, marketingConsentGivenAt: new Date(Date.now() - 170 * 86_400_000), marketingConsentMethod: "in_person", marketingConsentWording: "2026-01", notes: "Prefers a call after 5pm." })
    .where(eq(customers.id, james.id));
  // A bike he bought at another branch (Maidstone Honda), so his history crosses branches.
  const [honda] = await db().select({ id: branches.id }).from(branches).where(eq(branches.slug, "maidstone-honda"));
  const [sold] = await db()
    .select({ id: vehicles.id })
    .from(vehicles)
    .where(and(eq(vehicles.branchId, honda!.id), eq(vehicles.status, "delivered"), ne(vehicles.branchId, james.dealBranchId)))
    .orderBy(asc(vehicles.stockNumber))
    .limit(1);
  if (sold) await db().update(vehicles).set({ saleCustomerId: james.id, saleCustomerName: "James Robinson", saleCustomerContact: "07700 900118" }).where(eq(vehicles.id, sold.id));
  const [duplicate] = await db()
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.name, "Jim Robinson"), isNull(customers.mergedIntoId)));
  if (!duplicate) {
    await db().insert(customers).values({ name: "Jim Robinson", phone: "07700 900 118", postcode: "ME16 8RP", createdBranchId: honda!.id, notes: "Called about a service booking." });
  }
  return [...made, "James Robinson's record and a likely duplicate"];
}
