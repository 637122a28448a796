import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { PERSONAL_FIELDS } from "~/modules/audit/personal-fields";
import type { SessionUser } from "~/modules/auth/permissions";
import { ComplaintFieldsSchema } from "~/modules/complaints/complaints.schema";
import { createComplaint } from "~/modules/complaints/complaints.server";
import { updateDeal } from "~/modules/finance/deals.server";
import { releaseReservation, reserveVehicle, sellVehicle } from "~/modules/stock/status.server";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { dealInput, makeDeal, versionOfDeal } from "../support/finance-factories";
import { schemaTables } from "../support/schema-walk";
import { makeModel, makeVehicle } from "../support/stock-factories";

// Values no code would make up, so finding one anywhere in the stored JSON means it was copied there.
const PERSON = {
  name: "Zebediah Quillfeather",
  renamed: "Zebediah Quillfeather-Ashe",
  dob: "1961-07-14",
  contact: "zq@quillfeather.example",
  vulnerability: "Hearing loss after a stroke in March",
  guarantor: "Ottoline Brackenbury",
  guarantorContact: "07700 900123",
  buyer: "Perpetua Wintergreen",
  buyerContact: "01632 960777",
  complainant: "Barnabas Thistlewood",
  complainantContact: "barnabas@thistlewood.example",
  complaintText: "My carer was not given the paperwork",
  wanted: "A call back from the manager about my epilepsy",
};

let branch: string;
let finance: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  branch = (await seedGroup())["laguna-ktm"]!;
  finance = await makeUser("finance", [branch]);
  manager = await makeUser("manager", [branch]);
});

async function storedAuditJson() {
  const rows = await auditRows();
  return rows.map((row) => JSON.stringify({ before: row.before, after: row.after })).join("\n").toLowerCase();
}

describe("audit rows without personal values", () => {
  it("keeps a deal's id and which personal fields changed, never the customer's details", async () => {
    const dealId = await makeDeal(finance, branch, {
      customerName: PERSON.name,
      customerDateOfBirth: PERSON.dob,
      customerContact: PERSON.contact,
      vulnerable: "on",
      vulnerabilityNote: PERSON.vulnerability,
      guarantorRequired: "on",
      guarantorName: PERSON.guarantor,
      guarantorContact: PERSON.guarantorContact,
    });
    const edit = dealInput(branch, {
      customerName: PERSON.renamed,
      customerDateOfBirth: PERSON.dob,
      customerContact: PERSON.contact,
      vulnerable: "on",
      vulnerabilityNote: PERSON.vulnerability,
      guarantorRequired: "on",
      guarantorName: PERSON.guarantor,
      guarantorContact: PERSON.guarantorContact,
    });
    expect(await updateDeal({ actor: finance, id: dealId, version: await versionOfDeal(dealId), fields: edit })).toEqual({ ok: true });

    const [created] = (await auditRows("finance.created")).filter((r) => r.entityId === dealId);
    const [updated] = (await auditRows("finance.updated")).filter((r) => r.entityId === dealId);
    expect(created!.after).toMatchObject({
      id: dealId,
      customerName: "[personal data]",
      customerDateOfBirth: "[personal data]",
      customerContact: "[personal data]",
      vulnerable: true,
      vulnerabilityNote: "[personal data]",
      guarantorName: "[personal data]",
      personalFieldsChanged: ["customerContact", "customerDateOfBirth", "customerName", "guarantorContact", "guarantorName", "vulnerabilityNote"],
    });
    // Only the name was changed: the row says so, and not to what.
    expect((updated!.after as Record<string, unknown>).personalFieldsChanged).toEqual(["customerName"]);
    expect(updated!.before).toMatchObject({ customerName: "[personal data]", customerUkResident: true });

    const stored = await storedAuditJson();
    for (const value of [PERSON.name, PERSON.renamed, PERSON.dob, PERSON.contact, PERSON.vulnerability, PERSON.guarantor, PERSON.guarantorContact]) {
      expect(stored, value).not.toContain(value.toLowerCase());
    }
  });

  it("keeps no reservation or sale customer in a bike's rows", async () => {
    const modelId = (await makeModel()).id;
    const bike = await makeVehicle(manager, { branchId: branch, modelId, retailPricePence: "9000" });
    const reserved = await reserveVehicle({
      actor: manager,
      id: bike.id,
      version: bike.version,
      customerName: PERSON.buyer,
      customerContact: PERSON.buyerContact,
      channel: "in_store",
      depositPence: 10_000,
      depositRefundable: true,
      depositTerms: "Refundable within 7 days",
      expiresAt: new Date(Date.now() + 3 * 86_400_000),
    });
    expect(reserved.ok).toBe(true);
    expect((await releaseReservation({ actor: manager, id: bike.id, version: bike.version + 1, reason: "Changed mind", refundPence: 10_000 })).ok).toBe(true);
    expect((await sellVehicle({ actor: manager, id: bike.id, version: bike.version + 2, customerName: PERSON.buyer, customerContact: PERSON.buyerContact, salePricePence: 880_000, soldOn: bike.inStockOn })).ok).toBe(true);

    const [reservation] = (await auditRows("reservation.created")).filter((r) => r.entityId === bike.id);
    expect((reservation!.after as { reservation: Record<string, unknown> }).reservation).toMatchObject({ customerName: "[personal data]", customerContact: "[personal data]", depositPence: 10_000 });
    expect((reservation!.after as Record<string, unknown>).personalFieldsChanged).toEqual(["reservation.customerContact", "reservation.customerName"]);
    const [sold] = (await auditRows("vehicle.sold")).filter((r) => r.entityId === bike.id);
    expect(sold!.after).toMatchObject({ saleCustomerName: "[personal data]", salePricePence: 880_000, personalFieldsChanged: ["saleCustomerContact", "saleCustomerName"] });
    expect(sold!.before).toMatchObject({ saleCustomerName: null });

    const stored = await storedAuditJson();
    for (const value of [PERSON.buyer, PERSON.buyerContact]) expect(stored, value).not.toContain(value.toLowerCase());
  });

  it("keeps no complainant's details or account in a complaint's rows", async () => {
    const result = await createComplaint({
      actor: manager,
      receivedAt: new Date("2026-11-10T09:15:00Z"),
      fields: ComplaintFieldsSchema.parse({
        branchId: branch,
        receivedAt: "2026-11-10T09:15",
        channel: "letter",
        complainantName: PERSON.complainant,
        complainantContact: PERSON.complainantContact,
        category: "sale",
        description: PERSON.complaintText,
        desiredOutcome: PERSON.wanted,
        ownerId: manager.id,
      }),
    });
    if (!result.ok) throw new Error(result.message);
    const [row] = (await auditRows("complaint.created")).filter((r) => r.entityId === result.id);
    expect(row!.after).toMatchObject({ id: result.id, category: "sale", complainantName: "[personal data]", description: "[personal data]" });
    const stored = await storedAuditJson();
    for (const value of [PERSON.complainant, PERSON.complainantContact, PERSON.complaintText, PERSON.wanted]) expect(stored, value).not.toContain(value.toLowerCase());
  });

  it("lists every column that holds a person's details among the audit's personal fields", () => {
    // Which kind of audit row carries each table's columns (a tablet acknowledgment is audited on its deal).
    const AUDITED_AS: Record<string, keyof typeof PERSONAL_FIELDS> = {
      finance_deals: "finance_deal",
      disclosure_acknowledgments: "finance_deal",
      reservations: "reservation",
      vehicles: "vehicle",
      complaints: "complaint",
      customers: "customer",
    };
    // Staff accounts are not customers' personal data (users' names and emails are the actors of the log).
    // The group's own branches' addresses are not a person's either.
    const NOT_CUSTOMERS = new Set(["users", "user_branches", "sessions", "user_second_factors", "recovery_codes", "sign_in_attempts", "audit_log", "personal_data_views", "branches"]);
    // Regulatory facts about the deal (eligibility, whether a guarantor or extra care was needed), not
    // details of the person: kept in the log as they happened.
    const FACTS = new Set([
      "finance_deals.customer_uk_resident",
      "finance_deals.vulnerable",
      "finance_deals.guarantor_required",
      "deal_disclosures.customer_asked_amount",
      "deal_disclosures.amount_told_to_customer",
    ]);
    const PERSONAL = /customer|complainant|guarantor|vulnerab|typed_name|date_of_birth|contact|email|phone|address|postcode|scan_file_name/;
    const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
    const missing: string[] = [];
    for (const { config } of schemaTables()) {
      if (NOT_CUSTOMERS.has(config.name)) continue;
      for (const column of config.columns) {
        const where = `${config.name}.${column.name}`;
        if (!PERSONAL.test(column.name) || FACTS.has(where) || column.name.endsWith("_id")) continue;
        const entity = AUDITED_AS[config.name];
        if (!entity || !(PERSONAL_FIELDS[entity] as readonly string[]).includes(camel(column.name))) missing.push(where);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names the customer by id: the deal's row keeps its entity id and every non-personal figure", async () => {
    const dealId = await makeDeal(finance, branch, { customerName: "Ada Lovelace" });
    const [row] = (await auditRows("finance.created")).filter((r) => r.entityId === dealId);
    const [deal] = await db().select().from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId));
    expect(row!.entityType).toBe("finance_deal");
    expect(row!.after).toMatchObject({ reference: deal!.reference, branchId: branch, product: "hp", quotedFigures: deal!.quotedFigures });
  });
});
