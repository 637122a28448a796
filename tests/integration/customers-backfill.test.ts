import { readFileSync } from "node:fs";
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { makeDeal } from "../support/finance-factories";
import { makeModel, makeVehicle } from "../support/stock-factories";

// Migration 0029 (#16 item 6) run on records in the shape they had before customers existed (no
// customer_id), made here by hand; the expected customers below were worked out from the rule.
const BACKFILL = readFileSync(new URL("../../db/migrations/0029_customers_from_existing_records.sql", import.meta.url), "utf8");
async function runBackfill() {
  await db().transaction(async (tx) => {
    for (const statement of BACKFILL.split("--> statement-breakpoint")) await tx.execute(sql.raw(statement));
  });
}

let branchA: string;
let branchB: string;
let admin: SessionUser;
let modelId: string;

beforeAll(async () => {
  const branches = await seedGroup();
  [branchA, branchB] = [branches["laguna-ktm"]!, branches["maidstone-honda"]!];
  admin = await makeUser("admin");
  modelId = (await makeModel()).id;
});

async function reserve(branchId: string, customerName: string, customerContact: string, createdAt: Date) {
  const bike = await makeVehicle(admin, { branchId, modelId });
  const [row] = await db()
    .insert(schema.reservations)
    .values({ vehicleId: bike.id, customerName, customerContact, channel: "in_store", depositRefundable: true, depositTerms: "Refundable", expiresAt: new Date(Date.now() + 86_400_000), createdAt })
    .returning();
  await db().update(schema.vehicles).set({ status: "reserved" }).where(eq(schema.vehicles.id, bike.id));
  return row!.id;
}
async function sell(branchId: string, name: string, contact: string, soldOn: string) {
  const bike = await makeVehicle(admin, { branchId, modelId });
  await db().update(schema.vehicles).set({ status: "sold", saleCustomerName: name, saleCustomerContact: contact, salePricePence: 900_000, soldOn }).where(eq(schema.vehicles.id, bike.id));
  return bike.id;
}
async function oldDeal(branchId: string, overrides: Record<string, string>, signed: boolean) {
  const id = await makeDeal(admin, branchId, overrides);
  if (signed) await db().update(schema.financeDeals).set({ status: "signed", signedAt: new Date(), signedBy: admin.id }).where(eq(schema.financeDeals.id, id));
  return id;
}
async function complaint(name: string, contact: string, dealId: string | null) {
  const [row] = await db()
    .insert(schema.complaints)
    .values({
      reference: `C-${Math.random().toString(36).slice(2, 8)}`,
      branchId: branchA,
      receivedAt: new Date("2026-11-10T09:15:00Z"),
      channel: "email",
      complainantName: name,
      complainantContact: contact,
      dealId,
      category: "finance_commission",
      description: "Not told about the commission.",
      desiredOutcome: "A refund.",
      ownerId: admin.id,
      summaryDueAt: new Date("2026-11-14T00:00:00Z"),
      finalDueAt: new Date("2027-01-06T00:00:00Z"),
      createdBy: admin.id,
    })
    .returning();
  return row!.id;
}

describe("customers from existing records (migration 0029)", () => {
  it("makes one customer per exact match, links every record, and leaves the records' own text alone", async () => {
    const samReservation = await reserve(branchA, "Sam Carter", "07700 900123", new Date("2026-03-01T10:00:00Z"));
    const samSale = await sell(branchB, "sam  carter ", "+44 7700 900123", "2026-04-02");
    const samDeal = await oldDeal(branchB, { customerName: "Sam Carter", customerContact: "07700900123", customerDateOfBirth: "1985-02-03" }, true);
    const joFirst = await oldDeal(branchA, { customerName: "Jo Rider", customerContact: "jo@example.com", customerDateOfBirth: "1990-05-01" }, false);
    const joSecond = await oldDeal(branchA, { customerName: "Jo Rider", customerContact: "JO@example.com ", customerDateOfBirth: "1991-01-01" }, false);
    const alexOne = await reserve(branchA, "Alex Moss", "alex@example.com", new Date("2026-05-01T10:00:00Z"));
    const alexTwo = await reserve(branchB, "Alex Moss", "alex.moss@example.com", new Date("2026-05-02T10:00:00Z"));
    const samComplaint = await complaint("Sam Carter", "07700 900123", null);
    const thirdParty = await complaint("Claims Direct Ltd", "claims@example.com", joFirst);
    const joByDeal = await complaint("jo rider", "by letter", joSecond);
    // The old shape: nothing points at a customer (the app of today links new records itself).
    for (const table of [schema.reservations, schema.financeDeals, schema.complaints]) await db().update(table).set({ customerId: null });
    await db().update(schema.vehicles).set({ saleCustomerId: null });
    const [signedBefore] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, samDeal));
    const customersBefore = (await db().select({ id: schema.customers.id }).from(schema.customers)).map((row) => row.id);

    await runBackfill();

    const made = await db().select().from(schema.customers).where(customersBefore.length ? sql`${schema.customers.id} not in ${customersBefore}` : sql`true`);
    // Sam (3 records), Jo twice (two dates of birth: two people), Alex twice (two different emails).
    expect(made.map((row) => [row.name, row.dateOfBirth, row.email, row.phone, row.ukResident, row.source]).sort()).toEqual(
      [
        ["Alex Moss", null, "alex.moss@example.com", null, null, "migrated"],
        ["Alex Moss", null, "alex@example.com", null, null, "migrated"],
        ["Jo Rider", "1990-05-01", "jo@example.com", null, true, "migrated"],
        ["Jo Rider", "1991-01-01", "jo@example.com", null, true, "migrated"],
        ["Sam Carter", "1985-02-03", null, "07700900123", true, "migrated"],
      ].sort(),
    );
    const sam = made.find((row) => row.name === "Sam Carter")!;
    // Made where Sam was first seen: the reservation at branch A in March.
    expect([sam.createdBranchId, sam.createdAt.toISOString()]).toEqual([branchA, "2026-03-01T10:00:00.000Z"]);

    const [reservation] = await db().select().from(schema.reservations).where(eq(schema.reservations.id, samReservation));
    const [sale] = await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, samSale));
    const [signedAfter] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, samDeal));
    expect([reservation!.customerId, sale!.saleCustomerId, signedAfter!.customerId]).toEqual([sam.id, sam.id, sam.id]);
    // The signed deal's own copy is as it was; only the link changed.
    expect({ ...signedAfter!, customerId: null }).toEqual({ ...signedBefore!, customerId: null });
    expect(sale!.saleCustomerName).toBe("sam  carter ");

    const jo = await db().select({ id: schema.financeDeals.id, customerId: schema.financeDeals.customerId }).from(schema.financeDeals).where(inArray(schema.financeDeals.id, [joFirst, joSecond]));
    expect(new Set(jo.map((row) => row.customerId)).size).toBe(2);
    const alex = await db().select({ customerId: schema.reservations.customerId }).from(schema.reservations).where(inArray(schema.reservations.id, [alexOne, alexTwo]));
    expect(new Set(alex.map((row) => row.customerId)).size).toBe(2);

    const complaints = await db().select({ id: schema.complaints.id, customerId: schema.complaints.customerId }).from(schema.complaints).where(inArray(schema.complaints.id, [samComplaint, thirdParty, joByDeal]));
    const byId = Object.fromEntries(complaints.map((row) => [row.id, row.customerId]));
    const joSecondCustomer = jo.find((row) => row.id === joSecond)!.customerId;
    // Sam by exact match; the claims firm is nobody's customer; "jo rider" by letter through the deal.
    expect([byId[samComplaint], byId[thirdParty], byId[joByDeal]]).toEqual([sam.id, null, joSecondCustomer]);

    const [audit] = await auditRows("customer.backfill");
    expect(audit!.after).toEqual({ customers: 5, reservations: 3, sales: 1, financeDeals: 3 });

    // Run again: every record is linked, so nothing more is made.
    await runBackfill();
    expect((await db().select({ id: schema.customers.id }).from(schema.customers)).length).toBe(customersBefore.length + 5);
  });
});
