import { eq, or, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, selectRows } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { mergeCustomers, unmergeCustomers } from "~/modules/customers/customer-merge.server";
import { anonymiseCustomer } from "~/modules/privacy/anonymise.server";
import { recordErasureRequest } from "~/modules/privacy/erasure.server";
import { customerRetention, retentionReport } from "~/modules/privacy/retention.server";
import { refusedWith } from "../support/database-errors";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { makeCustomer, makeOldReservation } from "../support/privacy-fixtures";
import { makeModel, makeVehicle } from "../support/stock-factories";

// Anonymising reaches the merge records' JSON copies and the records merged into the customer (#16
// item 4). "Today": Thursday 3 December 2026, as in retention.test.ts.
const TODAY = "2026-12-03";

// Every personal value the fixture gives Sally and her duplicate Sal: none may survive anonymising.
// (Phones also by their digits, as the search column keeps them; compared without case.)
const SALLY = { name: "Sally Survivor", email: "sally.survivor@example.com", phone: "07700 900111", addressLine1: "1 Harbour Row", town: "Maidstone", postcode: "ME14 1AA", dateOfBirth: "1975-06-15", notes: "Prefers mornings" };
const SAL = { name: "Sal Survivor", email: "sal.s@example.net", phone: "07700 900222", addressLine1: "1 Harbour Row", addressLine2: "Flat 2", town: "Maidstone", postcode: "ME15 6AA", dateOfBirth: "1975-06-15", notes: "Met at the Kent show" };
const PERSONAL_VALUES = [...new Set([...Object.values(SALLY), ...Object.values(SAL), "07700900111", "07700900222"])];
const CONSENT_AT = "2020-01-10T10:00:00.000Z";

let admin: SessionUser;
let compliance: SessionUser;
let sally: string;
let sal: string;
let mergeIds: string[];

const mergesNaming = (id: string) => db().select().from(schema.customerMerges).where(or(eq(schema.customerMerges.survivorId, id), eq(schema.customerMerges.mergedId, id))).orderBy(schema.customerMerges.createdAt);
/** Every personal value of the fixture found in the text given (lower case compared). */
const leaked = (text: string) => PERSONAL_VALUES.filter((value) => text.toLowerCase().includes(value.toLowerCase()));

beforeAll(async () => {
  const branch = (await seedGroup())["laguna-ktm"]!;
  admin = await makeUser("admin");
  compliance = await makeUser("compliance");
  const manager = await makeUser("manager", [branch]);
  const vehicleId = (await makeVehicle(manager, { branchId: branch, modelId: (await makeModel()).id })).id;

  sally = (
    await makeCustomer(SALLY.name, "2020-01-10T10:00:00Z", {
      ...SALLY,
      ukResident: true,
      marketingConsentGivenAt: new Date(CONSENT_AT),
      marketingConsentMethod: "email",
      marketingConsentWording: "2020-01",
    })
  ).id;
  // The duplicate made on 1 June 2025, with a reservation of March 2022 that the merge moves to Sally.
  sal = (await makeCustomer(SAL.name, "2025-06-01T10:00:00Z", SAL)).id;
  await makeOldReservation({ customerId: sal, name: SAL.name, vehicleId, at: "2022-03-01T10:00:00Z" });

  // Merged, reversed, merged again: three merge records name them, a "merge", an "unmerge", a "merge".
  const first = await mergeCustomers({ actor: admin, survivorId: sally, mergedId: sal, reason: "Same person" });
  if (!first.ok) throw new Error(first.message);
  const undone = await unmergeCustomers({ actor: admin, mergeId: first.mergeId, reason: "Checking" });
  if (!undone.ok) throw new Error(undone.message);
  const again = await mergeCustomers({ actor: admin, survivorId: sally, mergedId: sal, reason: "Confirmed by phone" });
  if (!again.ok) throw new Error(again.message);
  mergeIds = [first.mergeId, undone.mergeId, again.mergeId];
});

describe("retention of a merged record", () => {
  it("judges the absorbed record only through its survivor, its creation counting as the survivor's activity", async () => {
    const report = await retentionReport(TODAY);
    expect([...report.due, ...report.notYet].map((s) => s.customerId)).not.toContain(sal);
    expect(await customerRetention(sal, { today: TODAY })).toBeNull();
    // Sally's record is of 10 January 2020, the reservation moved to her of 1 March 2022, Sal's record
    // of 1 June 2025: last active 1 June 2025, so two years on, 1 June 2027 (not 1 March 2024).
    expect(await customerRetention(sally, { today: TODAY })).toMatchObject({
      lastActivityOn: "2025-06-01",
      canBeAnonymisedOn: "2027-06-01",
      due: false,
      reasons: ["Last active 2025-06-01: anonymised after 2 years without a deal, reservation, sale or complaint, on 2027-06-01."],
    });
  });

  it("refuses to anonymise or erase the absorbed record on its own", async () => {
    await expect(db().transaction((tx) => anonymiseCustomer(tx, { actor: null, customerId: sal, reason: "retention" }))).rejects.toThrow(
      "This record was merged into another: its details are anonymised with that one.",
    );
    expect(await recordErasureRequest({ actor: compliance, customerId: sal, receivedAt: new Date("2026-12-01T09:00:00Z"), channel: "email", today: TODAY })).toEqual({
      ok: false,
      status: 409,
      message: "This record was merged into another: record the request on that one.",
    });
  });
});

describe("anonymising a customer with merges", () => {
  it("replaces every personal value in the merge records and the absorbed record, keeping the facts", async () => {
    const before = await mergesNaming(sally);
    expect(before.map((m) => m.id)).toEqual(mergeIds);
    expect(leaked(JSON.stringify(before))).not.toEqual([]);

    const result = await recordErasureRequest({ actor: compliance, customerId: sally, receivedAt: new Date("2026-12-01T09:00:00Z"), channel: "email", today: TODAY });
    expect(result).toMatchObject({ ok: true, outcome: "done" });

    // Searched as the database stores them: every column of every merge row, and the absorbed row.
    const mergeText = await selectRows<{ row: string }>(sql`select row_to_json(m)::text as row from customer_merges m`);
    expect(mergeText).toHaveLength(3);
    expect(leaked(mergeText.map((r) => r.row).join("\n"))).toEqual([]);
    const absorbedText = await selectRows<{ row: string }>(sql`select row_to_json(c)::text as row from customers c where c.id = ${sal}`);
    expect(absorbedText).toHaveLength(1);
    expect(leaked(absorbedText[0]!.row)).toEqual([]);

    // The facts stay: ids, kinds, links moved, reasons, who and when; UK residency and consent.
    const after = await mergesNaming(sally);
    after.forEach((row, i) => {
      const was = before[i]!;
      expect(row).toMatchObject({ id: was.id, kind: was.kind, survivorId: sally, mergedId: sal, reversesId: was.reversesId, moved: was.moved, reason: was.reason, createdBy: admin.id, createdAt: was.createdAt });
    });
    const [first] = after;
    expect(first!.survivorBefore).toEqual({
      name: "[anonymised]",
      dateOfBirth: "1900-01-01",
      email: "[anonymised]",
      phone: "[anonymised]",
      addressLine1: "[anonymised]",
      addressLine2: null,
      town: "[anonymised]",
      postcode: "[anonymised]",
      ukResident: true,
      marketingConsentGivenAt: CONSENT_AT,
      marketingConsentMethod: "email",
      marketingConsentWording: "2020-01",
      marketingConsentWithdrawnAt: null,
      notes: "[anonymised]",
    });
    // Sally lacked a second address line (filled from Sal); both held a name, email, phone, postcode, notes.
    expect(first!.filled).toEqual({ addressLine2: "[anonymised]" });
    const both = { kept: "[anonymised]", other: "[anonymised]" };
    expect(first!.conflicts).toEqual({ name: both, email: both, phone: both, postcode: both, notes: both });

    const [absorbed] = await db().select().from(schema.customers).where(eq(schema.customers.id, sal));
    expect(absorbed).toMatchObject({ name: "[anonymised]", email: null, phone: null, addressLine1: null, addressLine2: null, town: null, postcode: null, dateOfBirth: null, notes: "", mergedIntoId: sally });
    const [request] = await db().select().from(schema.erasureRequests).where(eq(schema.erasureRequests.customerId, sally));
    const entries = await db().select().from(schema.customerAnonymisations);
    expect(entries.map((e) => [e.customerId, e.reason, e.erasureRequestId]).sort()).toEqual(
      [
        [sally, "erasure_request", request!.id],
        [sal, "erasure_request", request!.id],
      ].sort(),
    );
    const audited = (await auditRows("customer.anonymised")).find((r) => r.entityId === sally);
    expect(audited!.after).toEqual({
      reason: "erasure_request",
      erasureRequestId: request!.id,
      absorbedIds: [sal],
      copies: { customers: 2, customer_merges: 3, finance_deals: 0, disclosure_acknowledgments: 0, reservations: 1, vehicles: 0, vehicle_events: 1, complaints: 0 },
    });
  });

  it("still refuses any other change to a merge record", async () => {
    const refused = refusedWith("customer records: UPDATE on customer_merges is not allowed");
    const [id] = mergeIds;
    const merges = schema.customerMerges;
    await expect(db().update(merges).set({ reason: "changed" }).where(eq(merges.id, id!))).rejects.toEqual(refused);
    await expect(db().update(merges).set({ survivorBefore: { name: "Someone Else" } }).where(eq(merges.id, id!))).rejects.toEqual(refused);
    await expect(db().update(merges).set({ conflicts: {} }).where(eq(merges.id, id!))).rejects.toEqual(refused);
    // The anonymising change together with any other is refused too.
    await expect(db().update(merges).set({ survivorBefore: sql`customer_snapshot_anonymised(${merges.survivorBefore})`, createdBy: compliance.id }).where(eq(merges.id, id!))).rejects.toEqual(refused);
    await expect(db().delete(merges).where(eq(merges.id, id!))).rejects.toEqual(refusedWith("customer records: DELETE on customer_merges is not allowed"));
  });

  it("refuses a partial anonymising of a merge record whose customers keep their details", async () => {
    const tom = (await makeCustomer("Tom Twin", "2021-01-01T10:00:00Z")).id;
    const tommy = (await makeCustomer("Tommy Twin", "2021-02-01T10:00:00Z")).id;
    const merged = await mergeCustomers({ actor: admin, survivorId: tom, mergedId: tommy, reason: "Same person" });
    if (!merged.ok) throw new Error(merged.message);
    const merges = schema.customerMerges;
    // The name alone replaced, the email left: not the anonymised form, so refused.
    await expect(db().update(merges).set({ survivorBefore: sql`jsonb_set(${merges.survivorBefore}, '{name}', '"[anonymised]"')` }).where(eq(merges.id, merged.mergeId))).rejects.toEqual(
      refusedWith("customer records: UPDATE on customer_merges is not allowed"),
    );
    const [row] = await db().select().from(merges).where(eq(merges.id, merged.mergeId));
    expect(row!.survivorBefore).toMatchObject({ name: "Tom Twin", email: "tom.twin@example.com" });
  });
});
