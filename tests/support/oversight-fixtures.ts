import { randomUUID } from "node:crypto";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { complaintDeadlines } from "~/modules/complaints/deadlines";
import { figures } from "./finance-list-fixtures";
import { makeUser, seedGroup } from "./factories";

/**
 * Deals, reviews, complaints and breaches in and around the first half of 2026 (1 Jan-30 Jun, London
 * days; BST from 29 Mar, so the period is 2026-01-01T00:00Z to 2026-06-30T23:00Z), inserted in their
 * final states with every step in order (the database refuses one out of order). The expected
 * figures are worked out by hand in tests/integration/oversight-export.test.ts.
 */
export const PERIOD = { from: "2026-01-01", to: "2026-06-30" };
const at = (iso: string) => new Date(iso);

export async function seedOversight() {
  const branches = await seedGroup();
  const [A, B] = [branches["laguna-ktm"]!, branches["maidstone-honda"]!];
  const admin = await makeUser("admin");
  const compliance = await makeUser("compliance");
  const manager = await makeUser("manager", [A]);
  const financeA = await makeUser("finance", [A]);
  const financeB = await makeUser("finance", [B]);
  const [alpha, beta] = await db()
    .insert(schema.lenders)
    .values([
      { name: "Oversight Alpha Finance", fcaFrn: "910001" },
      { name: "Oversight Beta Credit", fcaFrn: "910002" },
    ])
    .returning();
  const [document] = await db()
    .insert(schema.disclosureDocuments)
    .values({ version: 9101, title: "Test disclosure", body: "We are a credit broker, not a lender.", sha256: "1".repeat(64), effectiveFrom: "2020-01-01" })
    .returning();

  type Product = "hp" | "pcp" | "conditional_sale";
  const ids: Record<string, string> = {};
  /**
   * A deal recorded at `created`; with `lender`, disclosed, consented and proposed at `stepsAt`
   * (accepted, with `commission` confirmed, when `signedAt` or `accepted` says so).
   */
  async function deal(key: string, input: { branch: string; staff: SessionUser; created: string; product?: Product; lender?: string; stepsAt?: string; credit?: number; charge?: number; commission?: number; signedAt?: string; accepted?: boolean }) {
    const quoted = figures(input.credit ?? 1_000_000, input.charge ?? 200_000, 1290);
    const attemptId = randomUUID();
    const signed = input.signedAt !== undefined;
    const [row] = await db()
      .insert(schema.financeDeals)
      .values({
        reference: `OVS-${key}`, branchId: input.branch, staffId: input.staff.id, channel: "in_store", status: signed ? "signed" : input.lender ? "proposed" : "draft",
        customerName: `Customer ${key}`, customerDateOfBirth: "1990-05-01", customerUkResident: true, customerContact: "07700 900123",
        vehicleBrand: "KTM", vehicleDescription: "790 Adventure", product: input.product ?? "hp", quotedFigures: quoted, createdAt: at(input.created), updatedAt: at(input.created),
        ...(signed ? { signedFigures: quoted, agreementNumber: `AGR-${key}`, signedAt: at(input.signedAt!), signedBy: input.staff.id, signedAttemptId: attemptId } : {}),
      })
      .returning();
    ids[key] = row!.id;
    if (!input.lender) return { id: row!.id, attemptId: null };
    const when = at(input.stepsAt!);
    await db().insert(schema.dealDisclosures).values({ dealId: row!.id, documentId: document!.id, documentSha256: document!.sha256, lenderId: input.lender, basis: "fixed_fee", estimatedCommissionPence: input.commission ?? 0, tiesDisclosed: [], medium: "paper", givenAt: when, givenBy: input.staff.id });
    await db().insert(schema.dealConsents).values({ dealId: row!.id, kind: "initial", method: "signed_paper", givenAt: when, recordedBy: input.staff.id });
    const accepted = signed || input.accepted;
    await db().insert(schema.lenderAttempts).values({
      id: attemptId, dealId: row!.id, lenderId: input.lender, sequence: 1, outcome: accepted ? "accepted" : "pending", quote: { ...quoted, commissionPence: input.commission ?? 0 },
      aprBasisPoints: quoted.aprBasisPoints, termMonths: quoted.termMonths, proposedAt: when, decidedAt: accepted ? when : null, recordedBy: input.staff.id,
    });
    if (accepted) await db().insert(schema.commissionConfirmations).values({ dealId: row!.id, attemptId, amountPence: input.commission ?? 0, medium: "email", confirmedAt: when, confirmedBy: input.staff.id });
    return { id: row!.id, attemptId };
  }
  const review = (dealId: string, attemptId: string | null, decision: "approved" | "rejected", reviewedAt: string, commissionPence: number) =>
    db().insert(schema.commissionReviews).values({ dealId, attemptId, reviewerId: admin.id, decision, note: "Checked", commissionPence, reviewedAt: at(reviewedAt) });

  // D1 A: recorded and signed in the period with Alpha; 4% of the credit, 20% of the charge (no review needed).
  const d1 = await deal("D1", { branch: A, staff: financeA, created: "2026-02-10T10:00:00Z", lender: alpha!.id, stepsAt: "2026-02-11T10:00:00Z", credit: 1_000_000, charge: 200_000, commission: 40_000, signedAt: "2026-02-20T10:00:00Z" });
  // D2 A: recorded before the period, signed in it with Beta; 12% of the credit (review needed), reviewed in the period.
  const d2 = await deal("D2", { branch: A, staff: financeA, created: "2025-12-20T10:00:00Z", product: "pcp", lender: beta!.id, stepsAt: "2025-12-28T10:00:00Z", credit: 500_000, charge: 100_000, commission: 60_000, signedAt: "2026-01-05T10:00:00Z" });
  await review(d2.id, d2.attemptId, "approved", "2026-01-04T10:00:00Z", 60_000);
  // D3 B: a draft recorded at 23:30 BST on 30 June, the period's last half hour.
  await deal("D3", { branch: B, staff: financeB, created: "2026-06-30T22:30:00Z" });
  // D4 B: recorded at midnight BST starting 1 July: outside.
  await deal("D4", { branch: B, staff: financeB, created: "2026-06-30T23:00:00Z", lender: alpha!.id, stepsAt: "2026-07-01T09:00:00Z" });
  // D5 B: recorded in the period, accepted by Beta, a review rejected in the period and one approved after it; signed after it.
  const d5 = await deal("D5", { branch: B, staff: financeB, created: "2026-03-01T10:00:00Z", lender: beta!.id, stepsAt: "2026-03-02T10:00:00Z", credit: 800_000, charge: 300_000, commission: 90_000, signedAt: "2026-07-02T10:00:00Z" });
  await review(d5.id, null, "rejected", "2026-06-15T10:00:00Z", 90_000);
  await review(d5.id, null, "approved", "2026-07-01T10:00:00Z", 90_000);
  // D6 A: signed at 23:30 GMT on 31 December 2025, reviewed the day before: outside.
  const d6 = await deal("D6", { branch: A, staff: financeA, created: "2025-11-01T10:00:00Z", lender: alpha!.id, stepsAt: "2025-11-02T10:00:00Z", commission: 30_000, signedAt: "2025-12-31T23:30:00Z" });
  await review(d6.id, d6.attemptId, "approved", "2025-12-30T10:00:00Z", 30_000);
  // D7 B: recorded in the period, signed with Alpha at 23:59:59 BST on 30 June; exactly 10% of the credit (review needed).
  const d7 = await deal("D7", { branch: B, staff: financeB, created: "2026-04-01T10:00:00Z", product: "conditional_sale", lender: alpha!.id, stepsAt: "2026-04-02T10:00:00Z", credit: 1_000_000, charge: 250_000, commission: 100_000, signedAt: "2026-06-30T22:59:59Z" });
  await review(d7.id, d7.attemptId, "approved", "2026-06-29T10:00:00Z", 100_000);

  let complaintCount = 0;
  async function complaint(input: { received: string; category: "finance_commission" | "vehicle" | "sale" | "service" | "other"; deal?: string; branch?: string; steps?: { kind: "summary_resolution" | "final_response" | "redress_paid" | "referred_to_ombudsman"; at: string; outcome?: "upheld" | "partly_upheld" | "not_upheld"; pence?: number }[] }) {
    complaintCount += 1;
    const receivedAt = at(input.received);
    const closing = input.steps?.find((step) => step.kind === "summary_resolution" || step.kind === "final_response");
    const [row] = await db()
      .insert(schema.complaints)
      .values({
        reference: `OVC-${complaintCount}`, branchId: input.branch ?? A, receivedAt, channel: "email", complainantName: `Complainant ${complaintCount}`, complainantContact: "c@example.com",
        dealId: input.deal ? ids[input.deal] : null, category: input.category, description: "Test complaint", desiredOutcome: "Test", ownerId: compliance.id,
        status: closing ? (closing.kind === "summary_resolution" ? "resolved_summary" : "final_response") : "open", ...complaintDeadlines(receivedAt), closedAt: closing ? at(closing.at) : null, createdBy: compliance.id,
      })
      .returning();
    for (const step of input.steps ?? []) {
      await db().insert(schema.complaintSteps).values({ complaintId: row!.id, kind: step.kind, occurredAt: at(step.at), outcome: step.outcome ?? null, amountPence: step.pence ?? null, note: "", createdBy: compliance.id });
    }
  }
  // C1 about D1 (HP): Mon 12 Jan, summary resolution the next day (within 3 business days), £50 redress in the period.
  await complaint({ received: "2026-01-12T10:00:00Z", category: "finance_commission", deal: "D1", steps: [{ kind: "summary_resolution", at: "2026-01-13T10:00:00Z" }, { kind: "redress_paid", at: "2026-01-14T10:00:00Z", pence: 5_000 }] });
  // C2 the vehicle: 2 Feb, upheld 10 Mar (eight weeks end 30 Mar), £250 paid 20 Mar.
  await complaint({ received: "2026-02-02T10:00:00Z", category: "vehicle", steps: [{ kind: "final_response", at: "2026-03-10T10:00:00Z", outcome: "upheld" }, { kind: "redress_paid", at: "2026-03-20T10:00:00Z", pence: 25_000 }] });
  // C3 about D2 (PCP): 2 Mar, not upheld 20 May (after the eight weeks ending 27 Apr), referred to the Ombudsman 1 Jun.
  await complaint({ received: "2026-03-02T10:00:00Z", category: "finance_commission", deal: "D2", steps: [{ kind: "final_response", at: "2026-05-20T10:00:00Z", outcome: "not_upheld" }, { kind: "referred_to_ombudsman", at: "2026-06-01T10:00:00Z" }] });
  // C4 the sale: received 1 Dec 2025 (before), partly upheld 20 Jan (within eight weeks, ending 26 Jan); £100 paid in December, £150 in February.
  await complaint({
    received: "2025-12-01T10:00:00Z", category: "sale",
    steps: [{ kind: "redress_paid", at: "2025-12-20T10:00:00Z", pence: 10_000 }, { kind: "final_response", at: "2026-01-20T10:00:00Z", outcome: "partly_upheld" }, { kind: "redress_paid", at: "2026-02-01T10:00:00Z", pence: 15_000 }],
  });
  // C5 service: 20 Jun, still open.
  await complaint({ received: "2026-06-20T10:00:00Z", category: "service" });
  // C6 about D7 (conditional sale): 25 Jun, upheld 5 Jul and paid 10 Jul (both after the period).
  await complaint({ received: "2026-06-25T10:00:00Z", category: "finance_commission", deal: "D7", branch: B, steps: [{ kind: "final_response", at: "2026-07-05T10:00:00Z", outcome: "upheld" }, { kind: "redress_paid", at: "2026-07-10T10:00:00Z", pence: 7_500 }] });
  // C7 other: received 00:30 BST on 1 Jul: outside.
  await complaint({ received: "2026-06-30T23:30:00Z", category: "other" });
  // C8 other: received 1 Nov 2025, still open.
  await complaint({ received: "2025-11-01T10:00:00Z", category: "other" });

  const CONC = "CONC 4.5.3R (commission disclosure)";
  const PRIN = 'PRIN 2A, "Consumer Duty"';
  const breach = (n: number, foundOn: string, rule: string, toldAt: string | null, closedAt: string | null = null) =>
    db().insert(schema.breaches).values({ reference: `OVB-${n}`, description: "Test breach", foundOn, rule, principalToldAt: toldAt ? at(toldAt) : null, closedAt: closedAt ? at(closedAt) : null, createdBy: compliance.id });
  await breach(1, "2026-01-15", CONC, "2026-01-20T10:00:00Z", "2026-02-01T10:00:00Z");
  await breach(2, "2026-06-30", CONC, null);
  await breach(3, "2026-03-03", PRIN, "2026-03-04T10:00:00Z");
  await breach(4, "2025-12-31", PRIN, null);
  await breach(5, "2026-07-01", CONC, null);

  // Approvals: two offers (one at 00:00 BST on 1 Jul, just outside), a document at the first instant of
  // the period, none of ties; one offer approved the day before the period. In the period: 1 offer, 1 document.
  const approval = (kind: "offer" | "disclosure_document" | "lender_tie", approvedAt: string) =>
    db().insert(schema.promotionApprovals).values({ kind, subjectId: randomUUID(), approvedBy: compliance.id, approvedAt: at(approvedAt), approvedCopy: {}, copySha256: "0".repeat(64) });
  await approval("offer", "2026-04-10T10:00:00Z");
  await approval("offer", "2026-06-30T23:00:00Z");
  await approval("disclosure_document", "2026-01-01T00:00:00Z");
  await approval("offer", "2025-12-31T23:59:59Z");

  // File reviews, by the moment recorded: KTM (D1) satisfactory 1 Mar, needs improvement 30 Jun 23:30 BST
  // (in), unsatisfactory 1 Jul 00:00 BST (out); Honda (D7) needs improvement 10 May. Actions: one raised
  // 20 Dec (before) and closed 10 Jan; one raised 2 Mar, closed 1 Jul 00:30 BST (after the end: open at
  // the end); one raised 11 May, still open. In the period: KTM 2 reviews, 1 opened, 1 closed, 1 open at
  // the end; Honda 1 review, 1 opened, 0 closed, 1 open at the end.
  let month = 0; // a sample per review: a deal is in a month's sample once
  const fileReview = async (dealId: string, branchId: string, rating: "satisfactory" | "needs_improvement" | "unsatisfactory", createdAt: string) => {
    const [sample] = await db().insert(schema.fileReviewSamples).values({ month: `2025-0${++month}`, seed: 1, branches: [], createdBy: compliance.id }).returning();
    const [sampled] = await db().insert(schema.fileReviewSampleDeals).values({ sampleId: sample!.id, dealId, branchId, reason: "random" }).returning();
    const [row] = await db().insert(schema.fileReviews).values({ sampleDealId: sampled!.id, dealId, branchId, checklistVersion: 1, answers: [], rating, reviewerId: compliance.id, createdAt: at(createdAt) }).returning();
    return row!;
  };
  const firstReview = await fileReview(d1.id, A, "satisfactory", "2026-03-01T10:00:00Z");
  await fileReview(d1.id, A, "needs_improvement", "2026-06-30T22:30:00Z");
  await fileReview(d1.id, A, "unsatisfactory", "2026-06-30T23:00:00Z");
  const hondaReview = await fileReview(d7.id, B, "needs_improvement", "2026-05-10T10:00:00Z");
  const action = (review: { id: string; dealId: string; branchId: string }, createdAt: string, closedAt: string | null) =>
    db().insert(schema.fileReviewActions).values({ reviewId: review.id, dealId: review.dealId, branchId: review.branchId, description: "Fix the file", ownerId: manager.id, dueOn: "2026-08-01", createdBy: compliance.id, createdAt: at(createdAt), closedAt: closedAt ? at(closedAt) : null, closedBy: closedAt ? manager.id : null });
  await action(firstReview, "2025-12-20T10:00:00Z", "2026-01-10T10:00:00Z");
  await action(firstReview, "2026-03-02T10:00:00Z", "2026-06-30T23:30:00Z");
  await action(hondaReview, "2026-05-11T10:00:00Z", null);

  return { admin, compliance, manager, financeA, lender: { alpha: alpha!.id, beta: beta!.id }, CONC, PRIN };
}
