import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { isUuid } from "~/utils/ids";
import { recordAudit } from "~/modules/audit/record.server";

const s = schema;

/**
 * Everything the group holds on one person, for a subject access request: their customer record,
 * merges, erasure requests and anonymisations; reservations and sales; each finance deal with its
 * disclosures, documents (the PDFs and scans as links and hashes: the bytes are downloads), consents,
 * lender attempts, reviews, confirmations, withdrawals, entries, file reviews and who read its vulnerability note;
 * complaints with their steps; and every audit entry about any of them.
 *
 * `records` is keyed by table name, so tests/integration/subject-access.test.ts can walk the schema
 * and prove every table that names a customer (or hangs off their deals and complaints) is here.
 */
export async function buildSubjectAccessExport(user: SessionUser, customerId: string) {
  if (!can(user, "customers:export") || !isUuid(customerId)) return null;
  const [customer] = await db().select().from(s.customers).where(eq(s.customers.id, customerId));
  if (!customer) return null;
  const id = customer.id;
  const [merges, erasures, anonymisations, reservations, sales, deals, complaints] = await Promise.all([
    db().select().from(s.customerMerges).where(or(eq(s.customerMerges.survivorId, id), eq(s.customerMerges.mergedId, id))).orderBy(asc(s.customerMerges.createdAt)),
    db().select().from(s.erasureRequests).where(eq(s.erasureRequests.customerId, id)).orderBy(asc(s.erasureRequests.createdAt)),
    db().select().from(s.customerAnonymisations).where(eq(s.customerAnonymisations.customerId, id)).orderBy(asc(s.customerAnonymisations.createdAt)),
    db().select().from(s.reservations).where(eq(s.reservations.customerId, id)).orderBy(asc(s.reservations.createdAt)),
    db()
      .select({ id: s.vehicles.id, stockNumber: s.vehicles.stockNumber, vin: s.vehicles.vin, registration: s.vehicles.registration, branchId: s.vehicles.branchId, saleCustomerId: s.vehicles.saleCustomerId, saleCustomerName: s.vehicles.saleCustomerName, saleCustomerContact: s.vehicles.saleCustomerContact, salePricePence: s.vehicles.salePricePence, soldOn: s.vehicles.soldOn, deliveredOn: s.vehicles.deliveredOn })
      .from(s.vehicles)
      .where(eq(s.vehicles.saleCustomerId, id)),
    db().select().from(s.financeDeals).where(eq(s.financeDeals.customerId, id)).orderBy(asc(s.financeDeals.createdAt)),
    db().select().from(s.complaints).where(eq(s.complaints.customerId, id)).orderBy(asc(s.complaints.receivedAt)),
  ]);
  const dealIds = deals.map((d) => d.id);
  const complaintIds = complaints.map((c) => c.id);
  const ofDeals = <T>(run: (ids: string[]) => Promise<T[]>) => (dealIds.length ? run(dealIds) : Promise.resolve([] as T[]));
  const [disclosures, consents, attempts, withdrawals, reviews, confirmations, entries, pdfs, acknowledgments, noteViews, steps] = await Promise.all([
    ofDeals((ids) => db().select().from(s.dealDisclosures).where(inArray(s.dealDisclosures.dealId, ids)).orderBy(asc(s.dealDisclosures.givenAt))),
    ofDeals((ids) => db().select().from(s.dealConsents).where(inArray(s.dealConsents.dealId, ids)).orderBy(asc(s.dealConsents.givenAt))),
    ofDeals((ids) => db().select().from(s.lenderAttempts).where(inArray(s.lenderAttempts.dealId, ids)).orderBy(asc(s.lenderAttempts.proposedAt))),
    ofDeals((ids) => db().select().from(s.acceptanceWithdrawals).where(inArray(s.acceptanceWithdrawals.dealId, ids))),
    ofDeals((ids) => db().select().from(s.commissionReviews).where(inArray(s.commissionReviews.dealId, ids))),
    ofDeals((ids) => db().select().from(s.commissionConfirmations).where(inArray(s.commissionConfirmations.dealId, ids))),
    ofDeals((ids) => db().select().from(s.dealEntries).where(inArray(s.dealEntries.dealId, ids)).orderBy(asc(s.dealEntries.createdAt))),
    // The documents as kept: their hash and size here, the bytes at their download address.
    ofDeals((ids) =>
      db()
        .select({ id: s.disclosurePdfs.id, dealId: s.disclosurePdfs.dealId, disclosureId: s.disclosurePdfs.disclosureId, sha256: s.disclosurePdfs.sha256, byteLength: s.disclosurePdfs.byteLength, createdAt: s.disclosurePdfs.createdAt })
        .from(s.disclosurePdfs)
        .where(inArray(s.disclosurePdfs.dealId, ids)),
    ),
    ofDeals((ids) =>
      db()
        .select({ id: s.disclosureAcknowledgments.id, dealId: s.disclosureAcknowledgments.dealId, disclosureId: s.disclosureAcknowledgments.disclosureId, method: s.disclosureAcknowledgments.method, typedName: s.disclosureAcknowledgments.typedName, acknowledgedAt: s.disclosureAcknowledgments.acknowledgedAt, scanContentType: s.disclosureAcknowledgments.scanContentType, scanFileName: s.disclosureAcknowledgments.scanFileName, scanSha256: s.disclosureAcknowledgments.scanSha256, createdAt: s.disclosureAcknowledgments.createdAt })
        .from(s.disclosureAcknowledgments)
        .where(inArray(s.disclosureAcknowledgments.dealId, ids)),
    ),
    ofDeals((ids) => db().select().from(s.personalDataViews).where(and(eq(s.personalDataViews.entityType, "finance_deal"), inArray(s.personalDataViews.entityId, ids))).orderBy(asc(s.personalDataViews.id))),
    complaintIds.length ? db().select().from(s.complaintSteps).where(inArray(s.complaintSteps.complaintId, complaintIds)).orderBy(asc(s.complaintSteps.occurredAt)) : Promise.resolve([]),
  ]);
  const reservationIds = reservations.map((r) => r.id);
  const saleBikeIds = sales.map((v) => v.id);
  const [dealOffers, reservationOffers, sampledFiles, fileReviews, fileReviewActions] = await Promise.all([
    ofDeals((ids) => db().select().from(s.dealOffers).where(inArray(s.dealOffers.dealId, ids))),
    reservationIds.length ? db().select().from(s.reservationOffers).where(inArray(s.reservationOffers.reservationId, reservationIds)) : Promise.resolve([]),
    // The compliance file reviews of their deals: the sampling, the review and any actions it raised.
    ofDeals((ids) => db().select().from(s.fileReviewSampleDeals).where(inArray(s.fileReviewSampleDeals.dealId, ids))),
    ofDeals((ids) => db().select().from(s.fileReviews).where(inArray(s.fileReviews.dealId, ids)).orderBy(asc(s.fileReviews.createdAt))),
    ofDeals((ids) => db().select().from(s.fileReviewActions).where(inArray(s.fileReviewActions.dealId, ids)).orderBy(asc(s.fileReviewActions.createdAt))),
  ]);
  // Audit entries about them: their record, deals and complaints, and their bikes' reservation and sale rows.
  const audit = await db()
    .select()
    .from(s.auditLog)
    .where(
      or(
        inArray(s.auditLog.entityId, [id, ...dealIds, ...complaintIds]),
        reservationIds.length ? and(eq(s.auditLog.entityType, "vehicle"), sql`${s.auditLog.after}->'reservation'->>'id' in (${sql.join(reservationIds.map((r) => sql`${r}`), sql`, `)})`) : undefined,
        saleBikeIds.length ? and(eq(s.auditLog.entityType, "vehicle"), eq(s.auditLog.action, "vehicle.sold"), inArray(s.auditLog.entityId, saleBikeIds)) : undefined,
      ),
    )
    .orderBy(asc(s.auditLog.id));
  const { emailKey: _e, phoneKey: _p, searchText: _s, ...record } = customer;
  return {
    schemaVersion: 1 as const,
    generatedAt: new Date().toISOString(),
    generatedBy: { id: user.id, name: user.name, email: user.email, role: user.role },
    customer: record,
    documents: [
      ...pdfs.map((p) => ({ kind: "disclosure document (PDF)", dealId: p.dealId, sha256: p.sha256, byteLength: p.byteLength, href: `/finance/disclosures/${p.disclosureId}/document.pdf` })),
      ...acknowledgments.filter((a) => a.scanSha256).map((a) => ({ kind: "signed disclosure (scan)", dealId: a.dealId, sha256: a.scanSha256!, byteLength: null, href: `/finance/disclosures/${a.disclosureId}/scan` })),
    ],
    records: {
      customers: [record],
      customer_merges: merges,
      erasure_requests: erasures,
      customer_anonymisations: anonymisations,
      reservations,
      reservation_offers: reservationOffers,
      vehicles: sales,
      finance_deals: deals,
      deal_disclosures: disclosures,
      deal_consents: consents,
      lender_attempts: attempts,
      acceptance_withdrawals: withdrawals,
      commission_reviews: reviews,
      commission_confirmations: confirmations,
      deal_entries: entries,
      deal_offers: dealOffers,
      file_review_sample_deals: sampledFiles,
      file_reviews: fileReviews,
      file_review_actions: fileReviewActions,
      disclosure_pdfs: pdfs,
      disclosure_acknowledgments: acknowledgments,
      personal_data_views: noteViews,
      complaints,
      complaint_steps: steps,
      audit_log: audit,
    },
  };
}

export type SubjectAccessExport = NonNullable<Awaited<ReturnType<typeof buildSubjectAccessExport>>>;

/** The sections of the readable page, in the order a person would read them. */
export const EXPORT_SECTIONS: { key: keyof SubjectAccessExport["records"]; title: string }[] = [
  { key: "customers", title: "Your customer record" },
  { key: "reservations", title: "Reservations" },
  { key: "reservation_offers", title: "Offers applied to your reservations" },
  { key: "vehicles", title: "Bikes bought" },
  { key: "finance_deals", title: "Finance introductions" },
  { key: "deal_disclosures", title: "What you were told about commission" },
  { key: "disclosure_pdfs", title: "Documents given to you" },
  { key: "disclosure_acknowledgments", title: "Your acknowledgments" },
  { key: "deal_consents", title: "Your consents" },
  { key: "lender_attempts", title: "Lenders you were introduced to" },
  { key: "acceptance_withdrawals", title: "Acceptances withdrawn" },
  { key: "commission_confirmations", title: "Commission confirmed to you" },
  { key: "commission_reviews", title: "Commission reviews" },
  { key: "deal_entries", title: "Later entries on your deals" },
  { key: "deal_offers", title: "Offers applied to your deals" },
  { key: "file_review_sample_deals", title: "Deals of yours drawn for a compliance file review" },
  { key: "file_reviews", title: "Compliance file reviews of your deals" },
  { key: "file_review_actions", title: "Actions those reviews raised" },
  { key: "personal_data_views", title: "Who read the note of your circumstances" },
  { key: "complaints", title: "Complaints" },
  { key: "complaint_steps", title: "Steps in your complaints" },
  { key: "customer_merges", title: "Records merged" },
  { key: "erasure_requests", title: "Erasure requests" },
  { key: "customer_anonymisations", title: "Anonymisations" },
  { key: "audit_log", title: "Audit entries about you" },
];

/** Giving someone everything held on a person is itself recorded: who exported it, when, in which form. */
export async function recordSubjectAccessExport(user: SessionUser, customerId: string, format: "json" | "page") {
  await db().transaction((tx) => recordAudit(tx, { actor: user, action: "customer.exported", entityType: "customer", entityId: customerId, after: { format } }));
}
