import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { applyRetention, recordErasureRequest } from "~/modules/privacy/erasure.server";
import { customerRetention, retentionReport, saveRetentionRules } from "~/modules/privacy/retention.server";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { makeCustomer, makeOldComplaint, makeOldDeal, makeOldReservation, holdEntry } from "../support/privacy-fixtures";
import { makeModel, makeVehicle } from "../support/stock-factories";

// "Today" for every rule below: Thursday 3 December 2026. Each date is worked by hand from the
// defaults (deals and complaints kept 6 years after their last event; customers anonymised after 2
// years with no deal, reservation, sale or complaint).
const TODAY = "2026-12-03";

let branch: string;
let admin: SessionUser;
let compliance: SessionUser;
let manager: SessionUser;
let finance: SessionUser;
const people = {} as Record<"ann" | "ben" | "dora" | "harry" | "cat" | "fay" | "gus", string>;
let benBike: string;
let doraDeal: string;

beforeAll(async () => {
  branch = (await seedGroup())["laguna-ktm"]!;
  admin = await makeUser("admin");
  compliance = await makeUser("compliance");
  manager = await makeUser("manager", [branch]);
  finance = await makeUser("finance", [branch]);
  const modelId = (await makeModel()).id;
  const bike = async () => (await makeVehicle(manager, { branchId: branch, modelId })).id;

  // Ann: a reservation last changed 1 June 2024 → inactive two years on 1 June 2026: due.
  people.ann = (await makeCustomer("Ann Inactive", "2024-01-10T10:00:00Z")).id;
  await makeOldReservation({ customerId: people.ann, name: "Ann Inactive", vehicleId: await bike(), at: "2024-06-01T10:00:00Z" });
  // Ben: a reservation on 1 March 2025 → not before 1 March 2027.
  people.ben = (await makeCustomer("Ben Recent", "2025-02-01T10:00:00Z")).id;
  benBike = await bike();
  await makeOldReservation({ customerId: people.ben, name: "Ben Recent", vehicleId: benBike, at: "2025-03-01T10:00:00Z" });
  // Dora: a deal signed 20 May 2019 (its last event) → kept until 20 May 2025; inactive since 2021: due.
  people.dora = (await makeCustomer("Dora Dealer", "2019-05-01T10:00:00Z")).id;
  doraDeal = (await makeOldDeal({ customerId: people.dora, name: "Dora Dealer", branchId: branch, staff: finance, reference: "RET-DORA", createdAt: "2019-05-18T10:00:00Z", signedAt: "2019-05-20T12:00:00Z", vulnerabilityNote: "Sight loss" })).id;
  // Harry: a deal of 2018 put on legal hold on 2 March 2018 and never lifted: never, while it stands.
  people.harry = (await makeCustomer("Harry Held", "2018-02-01T10:00:00Z")).id;
  const harryDeal = await makeOldDeal({ customerId: people.harry, name: "Harry Held", branchId: branch, staff: finance, reference: "RET-HARRY", createdAt: "2018-03-01T10:00:00Z" });
  await holdEntry(harryDeal.id, "legal_hold_on", "2018-03-02T10:00:00Z", admin);
  // Cat: a complaint received 5 January 2019 and still open: never, while it is.
  people.cat = (await makeCustomer("Cat Complainant", "2019-01-01T10:00:00Z")).id;
  await makeOldComplaint({ customerId: people.cat, name: "Cat Complainant", branchId: branch, owner: manager, reference: "RET-CAT", receivedAt: "2019-01-05T10:00:00Z" });
  // Fay: a deal last changed 15 August 2022 → kept until 15 August 2028 (inactivity alone: 2024).
  people.fay = (await makeCustomer("Fay Finance", "2022-08-01T10:00:00Z")).id;
  await makeOldDeal({ customerId: people.fay, name: "Fay Finance", branchId: branch, staff: finance, reference: "RET-FAY", createdAt: "2022-08-15T09:00:00Z" });
  // Gus: a complaint closed 1 April 2020 → kept until 1 April 2026: due.
  people.gus = (await makeCustomer("Gus Closed", "2020-02-01T10:00:00Z")).id;
  await makeOldComplaint({ customerId: people.gus, name: "Gus Closed", branchId: branch, owner: manager, reference: "RET-GUS", receivedAt: "2020-02-10T10:00:00Z", closedAt: "2020-04-01T10:00:00Z" });
});

const status = (id: string, forErasure = false) => customerRetention(id, { today: TODAY, forErasure });

describe("retention", () => {
  it("finds the customers due today by the default rules, with the day each becomes due", async () => {
    expect(await status(people.ann)).toMatchObject({ lastActivityOn: "2024-06-01", canBeAnonymisedOn: "2026-06-01", due: true, reasons: [] });
    expect(await status(people.dora)).toMatchObject({ lastActivityOn: "2019-05-20", canBeAnonymisedOn: "2025-05-20", due: true });
    expect(await status(people.gus)).toMatchObject({ lastActivityOn: "2020-04-01", canBeAnonymisedOn: "2026-04-01", due: true });
    expect(await status(people.ben)).toMatchObject({
      canBeAnonymisedOn: "2027-03-01",
      due: false,
      reasons: ["Last active 2025-03-01: anonymised after 2 years without a deal, reservation, sale or complaint, on 2027-03-01."],
    });
    expect(await status(people.fay)).toMatchObject({ canBeAnonymisedOn: "2028-08-15", due: false });
    const report = await retentionReport(TODAY);
    expect(report.due.map((s) => s.name).sort()).toEqual(["Ann Inactive", "Dora Dealer", "Gus Closed"]);
  });

  it("never anonymises while a legal hold or an open complaint stands, however old", async () => {
    expect(await status(people.harry)).toMatchObject({
      canBeAnonymisedOn: null,
      due: false,
      reasons: ["Deal RET-HARRY is on legal hold: nothing about it may be changed until the hold is lifted."],
    });
    expect(await status(people.cat)).toMatchObject({ canBeAnonymisedOn: null, due: false, reasons: ["Complaint RET-CAT is open: its record is kept while it is handled (DISP 1.9)."] });
  });

  it("lets an admin keep records longer, never shorter than the law's six years", async () => {
    expect(await saveRetentionRules({ actor: admin, rules: { financeDealYears: 5, complaintYears: 6, inactiveCustomerYears: 2 }, basedOnVersion: 0 })).toEqual({
      ok: false,
      field: "financeDealYears",
      message: "Finance deals: years kept after the last event: between 6 and 25 whole years.",
    });
    expect(await saveRetentionRules({ actor: compliance, rules: { financeDealYears: 7, complaintYears: 6, inactiveCustomerYears: 2 }, basedOnVersion: 0 })).toEqual({ ok: false, status: 403, message: "Only an admin can set the retention rules." });
    // Eight years after 20 May 2019 is 20 May 2027: Dora is no longer due.
    expect((await saveRetentionRules({ actor: admin, rules: { financeDealYears: 8, complaintYears: 6, inactiveCustomerYears: 2 }, basedOnVersion: 0 })).ok).toBe(true);
    expect(await status(people.dora)).toMatchObject({ canBeAnonymisedOn: "2027-05-20", due: false });
    expect((await saveRetentionRules({ actor: admin, rules: { financeDealYears: 6, complaintYears: 6, inactiveCustomerYears: 2 }, basedOnVersion: 1 })).ok).toBe(true);
  });

  it("dry run by default: lists who is due and changes nothing", async () => {
    const run = await applyRetention({ actor: null, apply: false, today: TODAY });
    expect(run.due).toHaveLength(3);
    expect(run.done).toEqual([]);
    expect(await db().select().from(schema.customerAnonymisations)).toEqual([]);
  });
});

describe("anonymising", () => {
  it("replaces the customer's details in the record and every copy, keeps figures and facts, and is audited", async () => {
    const [dealBefore] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, doraDeal));
    const run = await applyRetention({ actor: null, apply: true, today: TODAY });
    expect(run.done.map((d) => d.customerId).sort()).toEqual([people.ann, people.dora, people.gus].sort());
    expect(run.failed).toEqual([]);

    const [dora] = await db().select().from(schema.customers).where(eq(schema.customers.id, people.dora));
    expect(dora).toMatchObject({ name: "[anonymised]", email: null, phone: null, postcode: null, dateOfBirth: null });
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, doraDeal));
    expect(deal).toMatchObject({
      customerName: "[anonymised]",
      customerContact: "[anonymised]",
      customerDateOfBirth: "1900-01-01",
      vulnerabilityNote: "[anonymised]",
      guarantorName: "[anonymised]",
      // The regulatory facts and figures stay.
      vulnerable: true,
      customerUkResident: true,
      reference: "RET-DORA",
      agreementNumber: "AGR-RET-DORA",
      signedAt: dealBefore!.signedAt,
      quotedFigures: dealBefore!.quotedFigures,
      signedFigures: dealBefore!.signedFigures,
    });
    const [annReservation] = await db().select().from(schema.reservations).where(eq(schema.reservations.customerId, people.ann));
    expect(annReservation).toMatchObject({ customerName: "[anonymised]", customerContact: "[anonymised]", depositPence: 10_000 });
    const annNotes = await db().select({ note: schema.vehicleEvents.note }).from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, annReservation!.vehicleId));
    expect(annNotes.map((n) => n.note)).toContain("Reserved for [anonymised], deposit £100.00");
    const [gusComplaint] = await db().select().from(schema.complaints).where(eq(schema.complaints.customerId, people.gus));
    expect(gusComplaint).toMatchObject({ complainantName: "[anonymised]", complainantContact: "[anonymised]", reference: "RET-GUS", status: "final_response" });

    const audited = (await auditRows("customer.anonymised")).find((r) => r.entityId === people.dora);
    expect(audited!.after).toEqual({
      reason: "retention",
      erasureRequestId: null,
      absorbedIds: [],
      copies: { customers: 1, customer_merges: 0, finance_deals: 1, disclosure_acknowledgments: 0, reservations: 0, vehicles: 0, vehicle_events: 0, complaints: 0 },
    });
    const everything = JSON.stringify(await auditRows());
    for (const name of ["Ann Inactive", "Dora Dealer", "Gus Closed"]) expect(everything).not.toContain(name);
  });

  it("still refuses any other change to the signed deal", async () => {
    await expect(db().update(schema.financeDeals).set({ customerName: "Someone Else" }).where(eq(schema.financeDeals.id, doraDeal))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining("a signed deal is never edited") }),
    });
    await expect(db().update(schema.financeDeals).set({ agreementNumber: "AGR-CHANGED" }).where(eq(schema.financeDeals.id, doraDeal))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining("a signed deal is never edited") }),
    });
    await expect(db().execute(sql`delete from customer_anonymisations`)).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringContaining("privacy records: DELETE") }) });
  });
});

describe("erasure requests", () => {
  const ask = (customerId: string, actor = compliance) => recordErasureRequest({ actor, customerId, receivedAt: new Date("2026-12-01T09:00:00Z"), channel: "email", today: TODAY });

  it("is done at once when nothing must be kept: the inactivity period doesn't apply to a request", async () => {
    const result = await ask(people.ben);
    expect(result).toMatchObject({ ok: true, outcome: "done" });
    const [request] = await db().select().from(schema.erasureRequests).where(eq(schema.erasureRequests.customerId, people.ben));
    expect(request).toMatchObject({ outcome: "done", legalReason: "", canBeDoneOn: null, recordedBy: compliance.id });
    const [ben] = await db().select().from(schema.customers).where(eq(schema.customers.id, people.ben));
    expect(ben!.name).toBe("[anonymised]");
    const notes = await db().select({ note: schema.vehicleEvents.note }).from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, benBike));
    expect(notes.map((n) => n.note).join(" ")).not.toContain("Ben Recent");
    const [anonymisation] = await db().select().from(schema.customerAnonymisations).where(eq(schema.customerAnonymisations.customerId, people.ben));
    expect(anonymisation).toMatchObject({ reason: "erasure_request", erasureRequestId: request!.id });
  });

  it("is refused with the legal reason and the day it can be done while a deal must be kept", async () => {
    expect(await ask(people.fay)).toMatchObject({ ok: true, outcome: "refused" });
    const [request] = await db().select().from(schema.erasureRequests).where(eq(schema.erasureRequests.customerId, people.fay));
    expect(request).toMatchObject({
      outcome: "refused",
      canBeDoneOn: "2028-08-15",
      legalReason: "Deal RET-FAY must be kept until 2028-08-15: 6 years after its last event (2022-08-15), as the redress scheme and DISP expect.",
    });
    const [fay] = await db().select().from(schema.customers).where(eq(schema.customers.id, people.fay));
    expect(fay!.name).toBe("Fay Finance");
  });

  it("is refused with no date while a legal hold or open complaint stands", async () => {
    expect(await ask(people.harry)).toMatchObject({ outcome: "refused" });
    expect(await ask(people.cat)).toMatchObject({ outcome: "refused" });
    const rows = await db().select().from(schema.erasureRequests).where(sql`${schema.erasureRequests.customerId} in (${people.harry}, ${people.cat})`);
    expect(rows.map((r) => r.canBeDoneOn)).toEqual([null, null]);
    expect(rows.map((r) => r.legalReason).join(" ")).toContain("legal hold");
    expect(rows.map((r) => r.legalReason).join(" ")).toContain("Complaint RET-CAT is open");
  });

  it("is for admins and compliance only, and once anonymised there is nothing left to erase", async () => {
    expect(await ask(people.fay, manager)).toEqual({ ok: false, status: 403, message: "Only an admin or compliance user handles retention and erasure." });
    expect(await ask(people.ben)).toEqual({ ok: false, status: 409, message: "This customer's details were already anonymised." });
  });
});
