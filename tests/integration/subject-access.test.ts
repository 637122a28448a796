import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { buildSubjectAccessExport } from "~/modules/privacy/subject-access.server";
import { loader as exportJsonLoader } from "~/routes/customers.$id.export[.json]";
import { auditRows, cookieFor, makeUser, seedGroup } from "../support/factories";
import { makePanel } from "../support/finance-factories";
import { makeCustomer, makeOldComplaint, makeOldDeal, makeOldReservation, sha } from "../support/privacy-fixtures";
import { schemaTables } from "../support/schema-walk";
import { makeModel, makeVehicle } from "../support/stock-factories";

// One customer with a row in every table that names a customer or hangs off their records. The
// completeness test finds those tables from the Drizzle schema (not from a list kept here), so a table
// added later fails it until the export covers it and this fixture gives it a row.
let admin: SessionUser;
let compliance: SessionUser;
let manager: SessionUser;
let customerId: string;
let otherCustomerId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const branch = (await seedGroup())["laguna-ktm"]!;
  admin = await makeUser("admin");
  compliance = await makeUser("compliance");
  manager = await makeUser("manager", [branch]);
  const finance = await makeUser("finance", [branch]);
  const { captive } = await makePanel();
  const [document] = await db().select().from(schema.disclosureDocuments);
  const modelId = (await makeModel()).id;

  customerId = (await makeCustomer("Quentin Export", "2026-01-02T10:00:00Z")).id;
  otherCustomerId = (await makeCustomer("Quentin Duplicate", "2026-01-02T10:00:00Z")).id;
  // Someone else's records, which must stay out of Quentin's export.
  await makeOldDeal({ customerId: otherCustomerId, name: "Quentin Duplicate", branchId: branch, staff: finance, reference: "SAR-OTHER", createdAt: "2026-01-05T10:00:00Z" });

  const [merge] = await db()
    .insert(schema.customerMerges)
    .values({ kind: "merge", survivorId: customerId, mergedId: otherCustomerId, moved: {}, conflicts: {}, filled: {}, survivorBefore: {}, mergedBefore: {}, reason: "Same person", createdBy: admin.id })
    .returning();
  ids.customer_merges = merge!.id;
  const [erasure] = await db()
    .insert(schema.erasureRequests)
    .values({ customerId, receivedAt: new Date("2026-02-01T10:00:00Z"), channel: "letter", outcome: "refused", legalReason: "Deal kept", canBeDoneOn: "2032-01-20", recordedBy: compliance.id })
    .returning();
  ids.erasure_requests = erasure!.id;
  const [anonymisation] = await db().insert(schema.customerAnonymisations).values({ customerId, reason: "erasure_request", erasureRequestId: erasure!.id, copies: {} }).returning();
  ids.customer_anonymisations = anonymisation!.id;

  const bike = await makeVehicle(manager, { branchId: branch, modelId });
  ids.reservations = (await makeOldReservation({ customerId, name: "Quentin Export", vehicleId: bike.id, at: "2026-01-03T10:00:00Z" })).id;
  const [offer] = await db()
    .insert(schema.offers)
    .values({ offerGroupId: randomUUID(), kind: "dealer", state: "published", title: "SAR offer", summary: "Summary", terms: "Terms apply.", brand: "KTM", branchIds: [branch], validFrom: "2026-01-01", validTo: "2099-12-31" })
    .returning();
  ids.reservation_offers = (await db().insert(schema.reservationOffers).values({ reservationId: ids.reservations, offerId: offer!.id }).returning())[0]!.id;
  const soldBike = await makeVehicle(manager, { branchId: branch, modelId });
  await db().update(schema.vehicles).set({ status: "sold", saleCustomerId: customerId, saleCustomerName: "Quentin Export", saleCustomerContact: "07700 900456", salePricePence: 900_000, soldOn: soldBike.inStockOn }).where(eq(schema.vehicles.id, soldBike.id));
  ids.vehicles = soldBike.id;

  const deal = await makeOldDeal({ customerId, name: "Quentin Export", branchId: branch, staff: finance, reference: "SAR-DEAL", createdAt: "2026-01-10T10:00:00Z", vulnerabilityNote: "Anxious about debt" });
  ids.finance_deals = deal.id;
  const at = (day: string) => new Date(`2026-01-${day}T10:00:00Z`);
  const [disclosure] = await db()
    .insert(schema.dealDisclosures)
    .values({ dealId: deal.id, documentId: document!.id, documentSha256: document!.sha256, lenderId: captive.id, basis: "percent_of_credit", estimatedCommissionPence: 40_000, tiesDisclosed: [], medium: "paper", givenAt: at("11"), givenBy: finance.id })
    .returning();
  ids.deal_disclosures = disclosure!.id;
  ids.deal_consents = (await db().insert(schema.dealConsents).values({ dealId: deal.id, disclosureId: disclosure!.id, kind: "initial", method: "signed_paper", givenAt: at("12"), recordedBy: finance.id }).returning())[0]!.id;
  const quote = { cashPricePence: 1_100_000, creditPence: 1_000_000, termMonths: 48, aprBasisPoints: 1030, commissionPence: 40_000 };
  const [attempt] = await db()
    .insert(schema.lenderAttempts)
    .values({ dealId: deal.id, lenderId: captive.id, sequence: 1, quote, outcome: "accepted", aprBasisPoints: 1030, termMonths: 48, approvedFigures: quote, proposedAt: at("13"), decidedAt: at("14"), decisionRecordedAt: at("14"), recordedBy: finance.id })
    .returning();
  ids.lender_attempts = attempt!.id;
  ids.commission_confirmations = (await db().insert(schema.commissionConfirmations).values({ dealId: deal.id, attemptId: attempt!.id, amountPence: 40_000, medium: "email", confirmedAt: at("15"), confirmedBy: finance.id }).returning())[0]!.id;
  ids.commission_reviews = (await db().insert(schema.commissionReviews).values({ dealId: deal.id, reviewerId: admin.id, decision: "approved", note: "Fine", commissionPence: 40_000, attemptId: attempt!.id, reviewedAt: at("15") }).returning())[0]!.id;
  ids.acceptance_withdrawals = (await db().insert(schema.acceptanceWithdrawals).values({ dealId: deal.id, attemptId: attempt!.id, reason: "Changed mind", withdrawnAt: at("16"), recordedBy: finance.id }).returning())[0]!.id;
  ids.deal_entries = (await db().insert(schema.dealEntries).values({ dealId: deal.id, kind: "legal_hold_on", effectiveOn: "2026-01-17", reason: "Complaint", createdBy: admin.id, createdAt: at("17") }).returning())[0]!.id;
  ids.deal_offers = (await db().insert(schema.dealOffers).values({ dealId: deal.id, offerId: offer!.id }).returning())[0]!.id;
  const pdf = Buffer.from("%PDF-1.4 test");
  ids.disclosure_pdfs = (await db().insert(schema.disclosurePdfs).values({ dealId: deal.id, disclosureId: disclosure!.id, pdf, sha256: sha("%PDF-1.4 test"), byteLength: pdf.byteLength }).returning())[0]!.id;
  ids.disclosure_acknowledgments = (await db().insert(schema.disclosureAcknowledgments).values({ dealId: deal.id, disclosureId: disclosure!.id, method: "tablet", typedName: "Quentin Export", acknowledgedAt: at("12"), recordedBy: finance.id }).returning())[0]!.id;
  ids.personal_data_views = String((await db().insert(schema.personalDataViews).values({ viewerId: compliance.id, viewerEmail: compliance.email, entityType: "finance_deal", entityId: deal.id, field: "vulnerabilityNote", place: "deal_page" }).returning())[0]!.id);

  const [sample] = await db().insert(schema.fileReviewSamples).values({ month: "2026-01", seed: 3, branches: [], createdBy: compliance.id }).returning();
  const [sampled] = await db().insert(schema.fileReviewSampleDeals).values({ sampleId: sample!.id, dealId: deal.id, branchId: branch, reason: "vulnerable" }).returning();
  ids.file_review_sample_deals = sampled!.id;
  const [review] = await db().insert(schema.fileReviews).values({ sampleDealId: sampled!.id, dealId: deal.id, branchId: branch, checklistVersion: 1, answers: [], rating: "needs_improvement", reviewerId: compliance.id }).returning();
  ids.file_reviews = review!.id;
  ids.file_review_actions = (await db().insert(schema.fileReviewActions).values({ reviewId: review!.id, dealId: deal.id, branchId: branch, description: "Note the reasons", ownerId: manager.id, dueOn: "2026-03-01", createdBy: compliance.id }).returning())[0]!.id;

  const complaint = await makeOldComplaint({ customerId, name: "Quentin Export", branchId: branch, owner: manager, reference: "SAR-CMP", receivedAt: "2026-01-20T10:00:00Z", dealId: deal.id });
  ids.complaints = complaint.id;
  ids.complaint_steps = (await db().insert(schema.complaintSteps).values({ complaintId: complaint.id, kind: "acknowledged", occurredAt: new Date("2026-01-21T10:00:00Z"), note: "", createdBy: manager.id }).returning())[0]!.id;
  ids.customers = customerId;
});

/**
 * The tables that hold something about a person: those with a column pointing at customers (or naming
 * a customer in its name), and the tables hanging off those records (a deal's disclosures, a complaint's
 * steps, a reservation's offers). A bike is not the person's record: only its sale columns are, so the
 * tables hanging off vehicles are not walked.
 */
function personalTables() {
  const tables = schemaTables();
  const pointsAt = (config: (typeof tables)[number]["config"]) => config.foreignKeys.map((fk) => fk.reference().foreignTable).map((t) => tables.find((x) => x.table === t)?.config.name);
  const namesCustomer = (config: (typeof tables)[number]["config"]) => config.columns.some((c) => /customer_id|customer_name|complainant_name|typed_name/.test(c.name));
  const direct = new Set(tables.filter(({ config }) => config.name === "customers" || pointsAt(config).includes("customers") || namesCustomer(config)).map(({ config }) => config.name));
  const parents = [...direct].filter((name) => name !== "vehicles" && name !== "customers");
  const children = tables.filter(({ config }) => pointsAt(config).some((target) => target && parents.includes(target))).map(({ config }) => config.name);
  return [...new Set([...direct, ...children])].sort();
}

describe("subject access export", () => {
  it("covers every table that names a customer or hangs off their records, found from the schema", async () => {
    const held = (await buildSubjectAccessExport(compliance, customerId))!;
    const records = held.records as unknown as Record<string, { id: string | number }[]>;
    const walked = personalTables();
    expect(walked.length).toBeGreaterThan(15);
    const missing = walked.filter((table) => !(table in records));
    expect(missing, "tables the export doesn't cover").toEqual([]);
    const withoutFixture = walked.filter((table) => !ids[table]);
    expect(withoutFixture, "tables this test gives the customer no row in: add one").toEqual([]);
    for (const table of walked) {
      expect(records[table]!.map((row) => String(row.id)), table).toContain(ids[table]);
    }
  });

  it("holds nothing of another person, and the documents as links with their hashes", async () => {
    const held = (await buildSubjectAccessExport(admin, customerId))!;
    expect(held.records.finance_deals.map((d) => d.reference)).toEqual(["SAR-DEAL"]);
    expect(JSON.stringify(held.records.finance_deals)).not.toContain("Quentin Duplicate");
    expect(held.documents).toEqual([{ kind: "disclosure document (PDF)", dealId: ids.finance_deals, sha256: sha("%PDF-1.4 test"), byteLength: 13, href: `/finance/disclosures/${held.records.deal_disclosures[0]!.id}/document.pdf` }]);
    expect(held.records.disclosure_pdfs[0]).not.toHaveProperty("pdf");
  });

  it("includes the audit entries about them, and records the export itself", async () => {
    const before = (await auditRows("customer.exported")).length;
    const response = (await exportJsonLoader({ request: new Request(`http://localhost/customers/${customerId}/export.json`, { headers: { Cookie: await cookieFor(compliance) } }), params: { id: customerId }, context: { cspNonce: "" } })) as Response;
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as { customer: { id: string } };
    expect(body.customer.id).toBe(customerId);
    const exported = await auditRows("customer.exported");
    expect(exported.length).toBe(before + 1);
    expect(exported.at(-1)).toMatchObject({ entityType: "customer", entityId: customerId, actorId: compliance.id, after: { format: "json" } });
    const held = (await buildSubjectAccessExport(admin, customerId))!;
    expect(held.records.audit_log.map((a) => a.action)).toContain("customer.exported");
  });

  it("is for admins and compliance only", async () => {
    expect(await buildSubjectAccessExport(manager, customerId)).toBeNull();
    const refused = await exportJsonLoader({ request: new Request(`http://localhost/customers/${customerId}/export.json`, { headers: { Cookie: await cookieFor(manager) } }), params: { id: customerId }, context: { cspNonce: "" } }).catch((thrown: unknown) => thrown);
    expect((refused as Response).status).toBe(403);
  });
});
