import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { getComplaint, listComplaints } from "~/modules/complaints/complaints-read.server";
import { ComplaintFieldsSchema, ComplaintListQuery } from "~/modules/complaints/complaints.schema";
import { addComplaintStep, assignComplaint, createComplaint, releaseComplaintHold } from "~/modules/complaints/complaints.server";
import { addDealEntry } from "~/modules/finance/deal-entries.server";
import { getDealDetail } from "~/modules/finance/deal-detail.server";
import { refusedWith } from "../support/database-errors";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { makeDeal } from "../support/finance-factories";

let branchA: string;
let branchB: string;
let manager: SessionUser;
let otherManager: SessionUser;
let compliance: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  const branches = await seedGroup();
  [branchA, branchB] = [branches["laguna-ktm"]!, branches["maidstone-honda"]!];
  manager = await makeUser("manager", [branchA]);
  otherManager = await makeUser("manager", [branchB]);
  compliance = await makeUser("compliance");
  admin = await makeUser("admin");
});

const fields = (overrides: Record<string, string> = {}) =>
  ComplaintFieldsSchema.parse({
    branchId: branchA,
    receivedAt: "2026-11-10T09:15",
    channel: "email",
    complainantName: "Jo Rider",
    complainantContact: "jo@example.com",
    category: "finance_commission",
    description: "I was not told about the commission before signing.",
    desiredOutcome: "The commission refunded.",
    ownerId: manager.id,
    ...overrides,
  });

async function complain(actor: SessionUser, overrides: Record<string, string> = {}, receivedAt = new Date("2026-11-10T09:15:00Z")) {
  const result = await createComplaint({ actor, fields: fields(overrides), receivedAt });
  if (!result.ok) throw new Error(result.message);
  return result;
}
const versionOf = async (id: string) => (await db().select({ version: schema.complaints.version }).from(schema.complaints).where(eq(schema.complaints.id, id)))[0]!.version;
const step = async (actor: SessionUser, id: string, kind: Parameters<typeof addComplaintStep>[0]["kind"], extra: Partial<Parameters<typeof addComplaintStep>[0]> = {}) =>
  addComplaintStep({ actor, id, version: await versionOf(id), kind, occurredAt: new Date("2026-11-20T10:00:00Z"), amountPence: null, note: "", ...extra });
const holdEntries = (dealId: string) =>
  db().select().from(schema.dealEntries).where(and(eq(schema.dealEntries.dealId, dealId), sql`${schema.dealEntries.kind} in ('legal_hold_on', 'legal_hold_off')`)).orderBy(schema.dealEntries.createdAt);

describe("complaints", () => {
  it("stores the DISP deadlines worked out from receipt", async () => {
    const { id } = await complain(manager);
    const [row] = await db().select().from(schema.complaints).where(eq(schema.complaints.id, id));
    // Tue 10 Nov 2026: the third business day is Fri 13 Nov; eight weeks is Tue 5 Jan 2027 (both end at midnight GMT).
    expect([row!.summaryDueAt.toISOString(), row!.finalDueAt.toISOString(), row!.status]).toEqual(["2026-11-14T00:00:00.000Z", "2027-01-06T00:00:00.000Z", "open"]);
    expect(row!.reference).toMatch(/^CMP-\d{5}$/);
    expect((await auditRows("complaint.created")).some((audit) => audit.entityId === id && audit.actorId === manager.id)).toBe(true);
  });

  it("puts a named deal on legal hold as a dated entry by the person recording it", async () => {
    const financeUser = await makeUser("finance", [branchA]);
    const dealId = await makeDeal(financeUser, branchA);
    const [deal] = await db().select({ reference: schema.financeDeals.reference }).from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId));
    const created = await complain(manager, { dealReference: deal!.reference.toLowerCase(), branchId: "" });
    expect(created.holdPlaced).toBe(true);
    const entries = await holdEntries(dealId);
    expect(entries.map((e) => [e.kind, e.createdBy])).toEqual([["legal_hold_on", manager.id]]);
    expect(entries[0]!.reason).toBe(`Complaint ${created.reference} received: the deal's whole record is kept until the complaint is closed.`);
    expect((await getDealDetail(admin, dealId))?.legalHold).toBe(true);
    expect((await auditRows("finance.entry_legal_hold_on")).some((row) => row.entityId === dealId)).toBe(true);

    // While the complaint is open nobody lifts the hold: not on the deal's page, not in the database.
    expect(await addDealEntry({ actor: admin, id: dealId, kind: "legal_hold_off", effectiveOn: "2026-12-01", amountPence: null, reason: "Done" })).toMatchObject({
      ok: false,
      status: 409,
      message: `The legal hold stays while complaint ${created.reference} about this deal is open.`,
    });
    await expect(db().insert(schema.dealEntries).values({ dealId, kind: "legal_hold_off", effectiveOn: "2026-12-01", reason: "Sneaky", createdBy: admin.id })).rejects.toEqual(
      refusedWith("finance log: the legal hold stays while a complaint about this deal is open"),
    );
    expect(await releaseComplaintHold({ actor: compliance, id: created.id, reason: "Closed" })).toMatchObject({ ok: false, status: 409 });

    // Closing the complaint does not lift it: a person does, an admin or compliance user.
    expect((await step(manager, created.id, "final_response", { outcome: "not_upheld", note: "Disclosure was given." })).ok).toBe(true);
    expect((await getDealDetail(admin, dealId))?.legalHold).toBe(true);
    expect(await releaseComplaintHold({ actor: manager, id: created.id, reason: "Closed" })).toMatchObject({ ok: false, status: 403, message: "Only an admin or compliance user can lift a legal hold." });
    expect((await releaseComplaintHold({ actor: compliance, id: created.id, reason: "Final response sent; no referral." })).ok).toBe(true);
    expect((await holdEntries(dealId)).map((e) => [e.kind, e.createdBy])).toEqual([["legal_hold_on", manager.id], ["legal_hold_off", compliance.id]]);
    expect((await getDealDetail(admin, dealId))?.legalHold).toBe(false);
  });

  it("keeps steps append-only and complaints undeletable", async () => {
    const { id } = await complain(manager);
    expect((await step(manager, id, "acknowledged", { note: "Letter sent" })).ok).toBe(true);
    await expect(db().update(schema.complaintSteps).set({ note: "Changed" }).where(eq(schema.complaintSteps.complaintId, id))).rejects.toEqual(
      refusedWith("complaints log: UPDATE on complaint_steps is not allowed"),
    );
    await expect(db().delete(schema.complaints).where(eq(schema.complaints.id, id))).rejects.toEqual(refusedWith("complaints log: DELETE on complaints is not allowed"));
    await expect(db().update(schema.complaints).set({ receivedAt: new Date("2026-11-20T00:00:00Z") }).where(eq(schema.complaints.id, id))).rejects.toEqual(
      refusedWith("complaints log: a complaint's receipt, branch, deal and deadlines are kept as recorded"),
    );
  });

  it("allows a summary resolution only by the end of the third business day", async () => {
    const { id } = await complain(manager);
    expect(await step(manager, id, "summary_resolution", { occurredAt: new Date("2026-11-14T00:00:00Z") })).toMatchObject({ ok: false, field: "occurredAt" });
    expect((await step(manager, id, "summary_resolution", { occurredAt: new Date("2026-11-13T23:59:00Z") })).ok).toBe(true);
    const [row] = await db().select().from(schema.complaints).where(eq(schema.complaints.id, id));
    expect([row!.status, row!.closedAt?.toISOString()]).toEqual(["resolved_summary", "2026-11-13T23:59:00.000Z"]);
  });

  it("needs an outcome on a final response, an amount on redress, and a referral before the Ombudsman's outcome", async () => {
    const { id } = await complain(manager);
    expect(await step(manager, id, "final_response")).toMatchObject({ ok: false, field: "outcome", message: "Choose whether the final response upholds the complaint." });
    expect(await step(manager, id, "redress_offered")).toMatchObject({ ok: false, field: "amountPence" });
    expect(await step(manager, id, "ombudsman_outcome", { outcome: "upheld" })).toMatchObject({ ok: false, status: 409, message: "Record the referral to the Ombudsman before its outcome." });
    expect(await step(manager, id, "referred_to_ombudsman", { now: new Date("2026-12-01T00:00:00Z") })).toMatchObject({ ok: false, status: 409 });
    expect((await step(manager, id, "final_response", { outcome: "partly_upheld" })).ok).toBe(true);
    expect(await step(manager, id, "holding_response")).toMatchObject({ ok: false, status: 409 });
    expect((await step(manager, id, "redress_paid", { amountPence: 25_000 })).ok).toBe(true);
    expect((await step(manager, id, "referred_to_ombudsman")).ok).toBe(true);
    expect((await step(manager, id, "ombudsman_outcome", { outcome: "upheld" })).ok).toBe(true);
    const detail = await getComplaint(manager, id);
    expect(detail!.steps.map((s) => s.kind)).toEqual(["final_response", "redress_paid", "referred_to_ombudsman", "ombudsman_outcome"]);
    expect(detail!.complaint.status).toBe("ombudsman_decided");
    // Six months from the final response of 20 Nov 2026: to the end of 20 May 2027 (BST).
    expect(detail!.deadlines.ombudsmanUntil?.toISOString()).toBe("2027-05-20T23:00:00.000Z");
  });

  it("refuses a step made on a stale version", async () => {
    const { id } = await complain(manager);
    const version = await versionOf(id);
    expect((await assignComplaint({ actor: manager, id, version, ownerId: compliance.id })).ok).toBe(true);
    expect(await addComplaintStep({ actor: manager, id, version, kind: "acknowledged", occurredAt: new Date("2026-11-11T09:00:00Z"), amountPence: null, note: "" })).toMatchObject({ ok: false, status: 409 });
  });

  it("shows staff their branches' complaints and compliance every branch's, and keeps writes to the branch", async () => {
    const ofA = await complain(manager, { complainantName: "Branch A Customer" });
    const ofB = await complain(compliance, { branchId: branchB, complainantName: "Branch B Customer", ownerId: otherManager.id });
    expect(await getComplaint(otherManager, ofA.id)).toBeNull();
    expect((await getComplaint(compliance, ofA.id))?.complaint.reference).toBe(ofA.reference);
    const names = async (user: SessionUser) => (await listComplaints(user, ComplaintListQuery.parse({ view: "all", size: "200" }))).rows.map((row) => row.complainant);
    expect(await names(otherManager)).toEqual(["Branch B Customer"]);
    expect(await names(compliance)).toEqual(expect.arrayContaining(["Branch A Customer", "Branch B Customer"]));
    expect(await step(otherManager, ofA.id, "acknowledged")).toMatchObject({ ok: false, status: 403 });
    expect(await createComplaint({ actor: otherManager, fields: fields(), receivedAt: new Date() })).toMatchObject({ ok: false, status: 403, field: "branchId" });
    expect(await complain(manager, { ownerId: otherManager.id }).catch((error: Error) => error.message)).toBe(
      "Choose an active member of staff of the complaint's branch (or an admin or compliance user) to handle it.",
    );
    expect(ofB.reference).not.toBe(ofA.reference);
  });

  it("lists overdue and due-this-week complaints by the final response's deadline", async () => {
    const now = new Date("2027-01-03T12:00:00Z");
    const overdue = await complain(manager, { complainantName: "Overdue Owen" }, new Date("2026-11-02T10:00:00Z")); // due by the end of 28 Dec 2026
    const dueSoon = await complain(manager, { complainantName: "Soon Sally" }, new Date("2026-11-12T10:00:00Z")); // due by the end of 7 Jan 2027
    const answered = await complain(manager, { complainantName: "Answered Ann" }, new Date("2026-11-02T10:00:00Z"));
    expect((await step(manager, answered.id, "final_response", { outcome: "upheld" })).ok).toBe(true);
    const view = async (v: string) => (await listComplaints(manager, ComplaintListQuery.parse({ view: v, size: "200" }), now)).rows.map((row) => row.reference);
    expect(await view("overdue")).toContain(overdue.reference);
    expect(await view("overdue")).not.toContain(answered.reference);
    expect(await view("overdue")).not.toContain(dueSoon.reference);
    expect(await view("due-this-week")).toContain(dueSoon.reference);
    expect(await view("due-this-week")).not.toContain(overdue.reference);
    expect(await view("closed")).toContain(answered.reference);
  });
});
