import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { ComplaintFieldsSchema } from "~/modules/complaints/complaints.schema";
import { createComplaint } from "~/modules/complaints/complaints.server";
import { mergeCustomers, unmergeCustomers } from "~/modules/customers/customer-merge.server";
import { findCustomers, getCustomer, listCustomers } from "~/modules/customers/customers-read.server";
import { CustomerFieldsSchema, CustomerListQuery } from "~/modules/customers/customers.schema";
import { createCustomer, updateCustomer } from "~/modules/customers/customers.server";
import { reserveVehicle, sellVehicle } from "~/modules/stock/status.server";
import { refusedWith } from "../support/database-errors";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { makeDeal } from "../support/finance-factories";
import { makeModel, makeVehicle } from "../support/stock-factories";

let branchA: string;
let branchB: string;
let managerA: SessionUser;
let managerB: SessionUser;
let financeB: SessionUser;
let compliance: SessionUser;
let admin: SessionUser;
let modelId: string;

beforeAll(async () => {
  const branches = await seedGroup();
  [branchA, branchB] = [branches["laguna-ktm"]!, branches["maidstone-honda"]!];
  managerA = await makeUser("manager", [branchA]);
  managerB = await makeUser("manager", [branchB]);
  financeB = await makeUser("finance", [branchB]);
  compliance = await makeUser("compliance");
  admin = await makeUser("admin");
  modelId = (await makeModel()).id;
});

const fields = (overrides: Record<string, string> = {}) => CustomerFieldsSchema.parse({ name: "Sam Carter", email: "sam@example.com", phone: "07700 900123", postcode: "me16 8rp", ...overrides });
async function customer(actor: SessionUser, overrides: Record<string, string> = {}, branchId?: string) {
  const result = await createCustomer({ actor, fields: fields(overrides), branchId });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}
const row = async (id: string) => (await db().select().from(schema.customers).where(eq(schema.customers.id, id)))[0]!;
async function reserve(actor: SessionUser, branchId: string, who: { customerId?: string; customerName: string; customerContact: string }) {
  const bike = await makeVehicle(admin, { branchId, modelId });
  const result = await reserveVehicle({ actor, id: bike.id, version: bike.version, ...who, channel: "in_store", depositPence: 0, depositRefundable: true, depositTerms: "", expiresAt: new Date(Date.now() + 86_400_000) });
  if (!result.ok) throw new Error(result.message);
  return { bike, reservationId: result.reservationId };
}
const reservationOf = async (id: string) => (await db().select().from(schema.reservations).where(eq(schema.reservations.id, id)))[0]!;

describe("the customer record", () => {
  it("checks a UK postcode and stores it in the standard form", () => {
    expect(fields({ postcode: "sw1a1aa" }).postcode).toBe("SW1A 1AA");
    expect(fields({ postcode: "GIR0AA" }).postcode).toBe("GIR 0AA");
    const bad = CustomerFieldsSchema.safeParse({ name: "Sam Carter", postcode: "12345" });
    expect(bad.success ? [] : bad.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["postcode", "Enter a UK postcode, like SW1A 1AA."]]);
  });

  it("asks how and to which wording marketing consent was given", () => {
    const bad = CustomerFieldsSchema.safeParse({ name: "Sam Carter", marketingConsentGivenAt: "2026-01-10T10:00" });
    expect(bad.success ? [] : bad.error.issues.map((issue) => issue.path.join("."))).toEqual(["marketingConsentMethod", "marketingConsentWording"]);
  });

  it("audits an edit by the customer's id and the fields' names, not their values", async () => {
    const id = await customer(managerA, {}, branchA);
    const result = await updateCustomer({ actor: managerA, id, version: 1, fields: fields({ email: "sam.carter@example.com" }) });
    expect(result.ok).toBe(true);
    const [audit] = (await auditRows("customer.updated")).filter((a) => a.entityId === id);
    expect(audit!.after).toEqual({ changed: ["email"] });
    expect(JSON.stringify(audit)).not.toContain("sam.carter@example.com");
    const stale = await updateCustomer({ actor: managerA, id, version: 1, fields: fields() });
    expect(stale.ok ? null : stale.status).toBe(409);
  });
});

describe("linking records to customers", () => {
  it("makes a new customer in place from a reservation's name and contact, and links it", async () => {
    const { reservationId } = await reserve(managerA, branchA, { customerName: "Nina Patel", customerContact: "nina.patel@example.com" });
    const reservation = await reservationOf(reservationId);
    const made = await row(reservation.customerId!);
    expect([made.name, made.email, made.phone, made.createdBranchId]).toEqual(["Nina Patel", "nina.patel@example.com", null, branchA]);
  });

  it("fills a reservation's name and contact from the chosen customer", async () => {
    const id = await customer(managerA, { name: "Ravi Shah", email: "ravi@example.com", phone: "07700 900555" }, branchA);
    const { reservationId } = await reserve(managerA, branchA, { customerId: id, customerName: "typed over", customerContact: "typed over" });
    const reservation = await reservationOf(reservationId);
    expect([reservation.customerId, reservation.customerName, reservation.customerContact]).toEqual([id, "Ravi Shah", "07700 900555, ravi@example.com"]);
  });

  it("sells a reserved bike to the reservation's customer when no other is chosen", async () => {
    const { bike, reservationId } = await reserve(managerA, branchA, { customerName: "Owen Price", customerContact: "07700 900777" });
    const [fresh] = await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, bike.id));
    const sold = await sellVehicle({ actor: managerA, id: bike.id, version: fresh!.version, customerName: "Owen Price", customerContact: "07700 900777", salePricePence: 900_000, soldOn: "2026-11-01" });
    expect(sold.ok).toBe(true);
    const [after] = await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, bike.id));
    expect(after!.saleCustomerId).toBe((await reservationOf(reservationId)).customerId);
  });

  it("refuses a customer the user can't see (another branch's)", async () => {
    const hidden = await customer(managerB, { name: "Other Branch" }, branchB);
    const bike = await makeVehicle(admin, { branchId: branchA, modelId });
    const result = await reserveVehicle({ actor: managerA, id: bike.id, version: bike.version, customerId: hidden, customerName: "x", customerContact: "x", channel: "in_store", depositPence: 0, depositRefundable: true, depositTerms: "", expiresAt: new Date(Date.now() + 86_400_000) });
    expect(result).toMatchObject({ ok: false, field: "customerId", message: "Choose the customer from the search results, or choose a new customer." });
  });

  it("links a deal and keeps the deal's own copy; the record takes a missing date of birth from it", async () => {
    const id = await customer(financeB, { name: "Jo Rider", email: "jo@example.com", phone: "" }, branchB);
    const dealId = await makeDeal(financeB, branchB, { customerId: id, customerName: "Jo Rider", customerContact: "jo@example.com", customerDateOfBirth: "1990-05-01" });
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId));
    expect([deal!.customerId, deal!.customerName, deal!.customerDateOfBirth]).toEqual([id, "Jo Rider", "1990-05-01"]);
    expect((await row(id)).dateOfBirth).toBe("1990-05-01");
  });

  it("links a complaint about a deal to the deal's customer when the complainant is that person", async () => {
    const owner = await makeUser("manager", [branchB]);
    const dealId = await makeDeal(financeB, branchB, { customerName: "Kim Lee", customerContact: "kim@example.com" });
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId));
    const result = await createComplaint({
      actor: compliance,
      receivedAt: new Date("2026-11-10T09:15:00Z"),
      fields: ComplaintFieldsSchema.parse({ receivedAt: "2026-11-10T09:15", channel: "email", complainantName: "kim lee", complainantContact: "kim@example.com", dealReference: deal!.reference, category: "finance_commission", description: "Not told about the commission.", desiredOutcome: "A refund.", ownerId: owner.id }),
    });
    if (!result.ok) throw new Error(result.message);
    const [complaint] = await db().select().from(schema.complaints).where(eq(schema.complaints.id, result.id));
    expect(complaint!.customerId).toBe(deal!.customerId);
  });
});

describe("branch scoping", () => {
  it("shows staff the customers linked to their branches' records, and admins and compliance all", async () => {
    const shared = await customer(admin, { name: "Scope Shared", email: "scope.shared@example.com", phone: "" });
    // Made by an admin (no branch): only staff of a branch with a record for them see it.
    await reserve(admin, branchB, { customerId: shared, customerName: "", customerContact: "" });
    const onlyA = await customer(managerA, { name: "Scope Only A", email: "scope.a@example.com", phone: "" }, branchA);
    const names = async (user: SessionUser) => (await listCustomers(user, CustomerListQuery.parse({ q: "scope" }))).rows.map((r) => r.name).sort();
    expect(await names(managerA)).toEqual(["Scope Only A"]);
    expect(await names(managerB)).toEqual(["Scope Shared"]);
    expect(await names(compliance)).toEqual(["Scope Only A", "Scope Shared"]);
    expect(await names(admin)).toEqual(["Scope Only A", "Scope Shared"]);
    expect(await getCustomer(managerB, onlyA)).toBeNull();
    expect((await getCustomer(managerB, shared))!.reservations.length).toBe(1);
    expect(await updateCustomer({ actor: managerB, id: onlyA, version: 1, fields: fields() })).toMatchObject({ ok: false, status: 403 });
  });

  it("finds a customer by postcode, phone with other spacing, email or name", async () => {
    const id = await customer(managerA, { name: "Find Me", email: "find.me@example.com", phone: "07700 900 321", postcode: "TN9 1AB" }, branchA);
    for (const term of ["tn9 1ab", "TN91AB", "07700900321", "0770 0900 321", "find.me@", "find me"]) {
      expect((await findCustomers(managerA, term)).map((c) => c.id), term).toEqual([id]);
    }
    expect(await findCustomers(managerB, "TN9 1AB")).toEqual([]);
  });
});

describe("duplicates", () => {
  it("flags records sharing an email, a phone (normalised) or a name and date of birth, and not others", async () => {
    const base = await customer(admin, { name: "Dup Base", email: "Dup.Base@Example.com", phone: "07700 900901", dateOfBirth: "1980-01-01", postcode: "" });
    const sameEmail = await customer(admin, { name: "Other Name", email: "dup.base@example.com ", phone: "", postcode: "" });
    const samePhone = await customer(admin, { name: "Third", email: "", phone: "+44 7700 900901", postcode: "" });
    const sameNameDob = await customer(admin, { name: "dup base", email: "", phone: "", dateOfBirth: "1980-01-01", postcode: "" });
    const sameNameOnly = await customer(admin, { name: "Dup Base", email: "", phone: "", dateOfBirth: "1981-01-01", postcode: "" });
    const detail = await getCustomer(admin, base);
    expect(
      detail!.duplicates.map((d) => [d.id, d.why]).sort(),
    ).toEqual(
      [
        [sameEmail, ["same email"]],
        [samePhone, ["same phone"]],
        [sameNameDob, ["same name and date of birth"]],
      ].sort(),
    );
    const flagged = (await listCustomers(admin, CustomerListQuery.parse({ q: "dup base", size: "50" }))).rows;
    expect(Object.fromEntries(flagged.map((r) => [r.id, r.likelyDuplicate]))).toEqual({ [base]: true, [sameEmail]: true, [sameNameDob]: true, [sameNameOnly]: false });
  });
});

describe("merging", () => {
  it("moves every link, keeps conflicting fields in the merge record, and an unmerge moves them back", async () => {
    const keep = await customer(admin, { name: "Merge Keep", email: "merge@example.com", phone: "07700 900111", postcode: "" }, branchA);
    const fold = await customer(admin, { name: "Merge Fold", email: "merge@example.com", phone: "07700 900222", postcode: "ME14 5LJ", notes: "Has a dog." }, branchB);
    const { reservationId } = await reserve(managerB, branchB, { customerId: fold, customerName: "", customerContact: "" });
    const dealId = await makeDeal(financeB, branchB, { customerId: fold, customerName: "Merge Fold", customerContact: "07700 900222" });
    await db().update(schema.financeDeals).set({ signedAt: new Date(), status: "signed" }).where(eq(schema.financeDeals.id, dealId));

    expect(await mergeCustomers({ actor: managerA, survivorId: keep, mergedId: fold, reason: "Same person" })).toMatchObject({ ok: false, status: 403 });
    const merged = await mergeCustomers({ actor: admin, survivorId: keep, mergedId: fold, reason: "Same email; confirmed by phone" });
    if (!merged.ok) throw new Error(merged.message);

    expect((await reservationOf(reservationId)).customerId).toBe(keep);
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId));
    // The signed deal points at the survivor; its copy still names the customer as at signing.
    expect([deal!.customerId, deal!.customerName, deal!.customerContact]).toEqual([keep, "Merge Fold", "07700 900222, merge@example.com"]);
    const [survivor, absorbed] = [await row(keep), await row(fold)];
    expect([survivor.name, survivor.phone, survivor.postcode, survivor.notes]).toEqual(["Merge Keep", "07700 900111", "ME14 5LJ", "Has a dog."]);
    expect(absorbed.mergedIntoId).toBe(keep);
    const [entry] = await db().select().from(schema.customerMerges).where(eq(schema.customerMerges.id, merged.mergeId));
    expect(entry!.conflicts).toEqual({ name: { kept: "Merge Keep", other: "Merge Fold" }, phone: { kept: "07700 900111", other: "07700 900222" } });
    // The deal gave the folded record its date of birth and residency (the form's 1 May 1990, UK).
    expect(entry!.filled).toEqual({ dateOfBirth: "1990-05-01", ukResident: true, postcode: "ME14 5LJ", notes: "Has a dog." });
    expect(entry!.moved).toEqual({ reservations: [reservationId], sales: [], financeDeals: [dealId], complaints: [] });
    const [audit] = (await auditRows("customer.merged")).filter((a) => a.entityId === keep);
    expect(JSON.stringify(audit!.after)).not.toContain("900222");
    // The merged record no longer shows in the list; staff of its old branch now reach the survivor.
    expect((await listCustomers(admin, CustomerListQuery.parse({ q: "merge fold" }))).rows).toEqual([]);
    expect((await getCustomer(managerB, keep))!.reservations.map((r) => r.id)).toEqual([reservationId]);
    expect(await mergeCustomers({ actor: admin, survivorId: keep, mergedId: fold, reason: "again" })).toMatchObject({ ok: false, status: 409 });

    // A reservation made after the merge stays with the survivor when the merge is reversed.
    const later = await reserve(managerA, branchA, { customerId: keep, customerName: "", customerContact: "" });
    const unmerged = await unmergeCustomers({ actor: admin, mergeId: merged.mergeId, reason: "Two people sharing a family email" });
    if (!unmerged.ok) throw new Error(unmerged.message);
    expect((await reservationOf(reservationId)).customerId).toBe(fold);
    expect((await reservationOf(later.reservationId)).customerId).toBe(keep);
    expect((await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId)))[0]!.customerId).toBe(fold);
    const [back, restored] = [await row(fold), await row(keep)];
    expect([back.mergedIntoId, restored.postcode, restored.notes, restored.dateOfBirth, restored.ukResident]).toEqual([null, null, "", null, null]);
    const entries = await db().select().from(schema.customerMerges).where(inArray(schema.customerMerges.id, [merged.mergeId, unmerged.mergeId]));
    expect(entries.map((e) => [e.kind, e.reversesId]).sort()).toEqual([["merge", null], ["unmerge", merged.mergeId]]);
    expect(await unmergeCustomers({ actor: admin, mergeId: merged.mergeId, reason: "again" })).toMatchObject({ ok: false, status: 409 });
  });

  it("keeps merges append-only and customers undeletable in the database itself", async () => {
    const a = await customer(admin, { name: "Append A", email: "append@example.com", phone: "", postcode: "" });
    const b = await customer(admin, { name: "Append B", email: "append@example.com", phone: "", postcode: "" });
    const merged = await mergeCustomers({ actor: admin, survivorId: a, mergedId: b, reason: "Same" });
    if (!merged.ok) throw new Error(merged.message);
    await expect(db().update(schema.customerMerges).set({ reason: "changed" }).where(eq(schema.customerMerges.id, merged.mergeId))).rejects.toEqual(refusedWith("customer records: UPDATE on customer_merges is not allowed"));
    await expect(db().delete(schema.customers).where(eq(schema.customers.id, b))).rejects.toEqual(refusedWith("customer records: DELETE on customers is not allowed"));
  });

  it("lets a signed deal change its customer link and nothing else", async () => {
    const dealId = await makeDeal(financeB, branchB, { customerName: "Signed Sam", customerContact: "signed@example.com" });
    await db().update(schema.financeDeals).set({ signedAt: new Date(), status: "signed" }).where(eq(schema.financeDeals.id, dealId));
    await expect(db().update(schema.financeDeals).set({ customerName: "Changed" }).where(eq(schema.financeDeals.id, dealId))).rejects.toEqual(refusedWith("finance log: a signed deal is never edited; add a dated entry instead"));
  });
});
