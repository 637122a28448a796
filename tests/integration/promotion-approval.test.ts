import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { approveDocument, approveOffer, approveTie, countApprovals, offerApprovalStanding } from "~/modules/approvals/approvals.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { createDocumentVersion } from "~/modules/finance/documents.server";
import { addTie } from "~/modules/finance/lenders.server";
import { OfferFieldsSchema, type OfferFields } from "~/modules/offers/offers.schema";
import { createOffer, getOffer, publishOffer, reviseOffer, updateDraft } from "~/modules/offers/offers.server";
import { isFinancePromotion } from "~/modules/offers/promotion-rules";
import { publicOffers } from "~/modules/offers/public-offers.server";
import { action as offerAction, loader as offerLoader } from "~/routes/_app.offers.$id";
import { action as approvalsAction, loader as approvalsLoader } from "~/routes/_app.compliance.approvals";
import { refusedWith } from "../support/database-errors";
import { auditRows, cookieFor, makeUser, seedGroup } from "../support/factories";
import { COMPLIANT_WORDING, makePanel } from "../support/finance-factories";

// Promotion approval (#15 item 4): a finance offer is published only once a compliance user who took
// no part in it approves that very revision; the approval keeps a frozen copy, lapses 12 months on
// (tests/unit/approval-lapse.test.ts works the days) or when the offer changes, and is append-only.

let ids: Record<string, string>;
let admin: SessionUser;
let otherAdmin: SessionUser;
let manager: SessionUser;
let compliance: SessionUser;

beforeAll(async () => {
  ids = await seedGroup();
  admin = await makeUser("admin");
  otherAdmin = await makeUser("admin");
  manager = await makeUser("manager", [ids["laguna-ktm"]!]);
  compliance = await makeUser("compliance");
});

// £8,499 of credit repaid by 36 × £272.20 a month after signing: 9.9% APR (as in offers.test.ts).
const EXAMPLE = {
  promotesFinance: "on", apr: "9.9", rate: "5.08", cashPrice: "10,499", deposit: "2,000", depositContribution: "0", credit: "8,499",
  termMonths: "36", paymentCount: "36", firstPaymentMonth: "1", monthlyPayment: "272.20", finalPayment: "0", totalPayable: "11,799.20",
};

function fields(overrides: Record<string, unknown> = {}): OfferFields {
  const parsed = OfferFieldsSchema.safeParse({
    title: "9.9% APR on the KTM 790 Adventure", summary: "Hire purchase at 9.9% APR representative.", terms: "Subject to status; 18s and over.",
    kind: "dealer", brand: "KTM", modelScope: "all", branchIds: [ids["laguna-ktm"]!], validFrom: "2026-03-01", validTo: "2027-12-31", ...EXAMPLE, ...overrides,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

async function draft(actor: SessionUser = manager, overrides: Record<string, unknown> = {}) {
  const result = await createOffer({ actor, fields: fields(overrides) });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

const row = async (id: string) => (await db().select().from(schema.offers).where(eq(schema.offers.id, id)))[0]!;
const MISSING = "It can't be published yet: it promotes finance, so a compliance user must approve this revision first.";

describe("publishing a finance offer", () => {
  it("is refused without an approval, with the reason, and goes ahead once compliance approves that revision", async () => {
    const id = await draft();
    expect(await publishOffer({ actor: manager, id, version: 1, today: "2026-03-10" })).toEqual({ ok: false, status: 409, message: MISSING, field: undefined });
    expect((await row(id)).state).toBe("draft");

    const approved = await approveOffer({ actor: compliance, id, version: 1, now: new Date("2026-03-09T10:00:00Z") });
    expect(approved).toEqual({ ok: true, lapsesOn: "2027-03-09" });
    expect(await publishOffer({ actor: manager, id, version: 1, today: "2026-03-10" })).toEqual({ ok: true });

    const [kept] = await db().select().from(schema.promotionApprovals).where(eq(schema.promotionApprovals.subjectId, id));
    expect(kept).toMatchObject({ kind: "offer", approvedBy: compliance.id, approvedAt: new Date("2026-03-09T10:00:00Z"), lapsesOn: "2027-03-09" });
    expect(kept!.approvedCopy).toMatchObject({ title: "9.9% APR on the KTM 790 Adventure", summary: "Hire purchase at 9.9% APR representative.", representativeExample: { aprBasisPoints: 990, creditPence: 849_900, monthlyPaymentPence: 27_220 } });
    expect(kept!.copySha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await auditRows("offer.approved")).filter((r) => r.entityId === id)).toEqual([expect.objectContaining({ actorId: compliance.id, entityType: "offer" })]);
  });

  it("needs no approval for an offer that doesn't promote finance", async () => {
    const id = await draft(manager, { title: "Free luggage", summary: "Top box fitted free.", terms: "While stocks last.", promotesFinance: undefined, apr: undefined });
    expect(await approveOffer({ actor: compliance, id, version: 1 })).toMatchObject({ ok: false, status: 409, message: `"Free luggage" doesn't promote finance: it needs no approval.` });
    expect(await publishOffer({ actor: manager, id, version: 1, today: "2026-03-10" })).toEqual({ ok: true });
  });

  it("counts finance wording alone as a promotion, as well as a representative example", () => {
    expect(isFinancePromotion({ title: "Spring deals", summary: "Finance available.", terms: "", representativeExample: null })).toBe(true);
    expect(isFinancePromotion({ title: "Spring deals", summary: "Free luggage.", terms: "", representativeExample: { aprBasisPoints: 990 } })).toBe(true);
    expect(isFinancePromotion({ title: "Spring deals", summary: "Free luggage.", terms: "A 105 hp engine.", representativeExample: null })).toBe(false);
  });
});

describe("four eyes", () => {
  it("refuses the offer's author and whoever edited it, and lets another approver do it", async () => {
    const id = await draft(admin);
    const refusal = { ok: false, status: 403, message: "Four eyes: you wrote or edited this revision, so someone else must approve it." };
    expect(await approveOffer({ actor: admin, id, version: 1 })).toMatchObject(refusal);
    expect(await updateDraft({ actor: otherAdmin, id, version: 1, fields: fields({ terms: "Subject to status; 18s and over. UK residents only." }) })).toEqual({ ok: true });
    expect(await approveOffer({ actor: otherAdmin, id, version: 2 })).toMatchObject(refusal);
    expect(await approveOffer({ actor: compliance, id, version: 2 })).toMatchObject({ ok: true });
    expect(await db().select().from(schema.promotionApprovals).where(eq(schema.promotionApprovals.subjectId, id))).toHaveLength(1);
  });

  it("lets an admin who took no part approve (admins keep their powers, four eyes still hold)", async () => {
    const id = await draft(manager);
    expect(await approveOffer({ actor: otherAdmin, id, version: 1 })).toMatchObject({ ok: true });
  });

  it("refuses a manager: only compliance (or an admin) approves promotions", async () => {
    const id = await draft(admin);
    expect(await approveOffer({ actor: manager, id, version: 1 })).toMatchObject({ ok: false, status: 403, message: "Only a compliance user can approve promotions." });
  });

  it("refuses an approval made on an old copy of the offer", async () => {
    const id = await draft();
    await updateDraft({ actor: manager, id, version: 1, fields: fields({ terms: "Changed terms, subject to status." }) });
    expect(await approveOffer({ actor: compliance, id, version: 1 })).toMatchObject({ ok: false, status: 409 });
  });
});

describe("an approval is voided", () => {
  it("by an edit to the draft after it was approved", async () => {
    const id = await draft();
    await approveOffer({ actor: compliance, id, version: 1 });
    expect((await offerApprovalStanding(await row(id))).state).toBe("current");
    expect(await updateDraft({ actor: manager, id, version: 1, fields: fields({ summary: "Hire purchase at 9.9% APR representative. Ends soon." }) })).toEqual({ ok: true });
    expect((await offerApprovalStanding(await row(id))).state).toBe("changed");
    expect(await publishOffer({ actor: manager, id, version: 2, today: "2026-03-10" })).toMatchObject({
      ok: false,
      message: "It can't be published yet: the draft was changed after it was approved, so a compliance user must approve it again.",
    });
  });

  it("by a new revision: the revision needs its own approval, the published one keeps its own", async () => {
    const id = await draft();
    await approveOffer({ actor: compliance, id, version: 1 });
    await publishOffer({ actor: manager, id, version: 1, today: "2026-03-10" });
    const revised = await reviseOffer({ actor: manager, id });
    if (!revised.ok) throw new Error(revised.message);
    expect((await offerApprovalStanding(await row(revised.id))).state).toBe("missing");
    expect(await publishOffer({ actor: manager, id: revised.id, version: 1, today: "2026-03-10" })).toMatchObject({ ok: false, message: MISSING });
    expect((await offerApprovalStanding(await row(id))).state).toBe("current");
  });

  it("12 months on: from its anniversary the offer is off the public pages and can't be published, until approved again", async () => {
    const id = await draft(manager, { title: "Lapse test 9.9% APR" });
    await approveOffer({ actor: compliance, id, version: 1, now: new Date("2026-01-31T10:00:00Z") });
    expect(await publishOffer({ actor: manager, id, version: 1, today: "2026-03-01" })).toEqual({ ok: true });
    const shown = async (on: string) => (await publicOffers({ on })).some((offer) => offer.id === id);
    expect(await shown("2027-01-30")).toBe(true);
    expect(await shown("2027-01-31")).toBe(false);
    const published = await row(id);
    expect((await offerApprovalStanding(published, "2027-01-31")).state).toBe("lapsed");
    expect(published.state, "it stays published in the admin, marked lapsed").toBe("published");
    // Approved again on the day it lapsed: shown again for another 12 months.
    expect(await approveOffer({ actor: compliance, id, version: published.version, now: new Date("2027-01-31T09:00:00Z") })).toEqual({ ok: true, lapsesOn: "2028-01-31" });
    expect(await shown("2027-01-31")).toBe(true);
  });

  it("not by how the example is read: the page's parsed copy and the stored one agree", async () => {
    const id = await draft();
    await approveOffer({ actor: compliance, id, version: 1 });
    // A stored example with a key the app doesn't read (an old shape) is still the approved figures.
    await db().execute(sql`update offers set representative_example = representative_example || '{"legacyNote": "x"}'::jsonb where id = ${id}`);
    expect((await offerApprovalStanding(await row(id))).state).toBe("current");
    const detail = await getOffer(id, compliance);
    expect((await offerApprovalStanding(detail!.offer)).state).toBe("current");
  });

  it("never by rewriting: the database refuses to change or delete an approval", async () => {
    const id = await draft();
    await approveOffer({ actor: compliance, id, version: 1 });
    await expect(db().execute(sql`update promotion_approvals set lapses_on = '2099-01-01' where subject_id = ${id}`)).rejects.toEqual(refusedWith("promotion approvals: UPDATE on promotion_approvals is not allowed"));
    await expect(db().execute(sql`delete from promotion_approvals where subject_id = ${id}`)).rejects.toEqual(refusedWith("promotion approvals: DELETE on promotion_approvals is not allowed"));
    expect(await db().select().from(schema.promotionApprovals).where(eq(schema.promotionApprovals.subjectId, id))).toHaveLength(1);
  });
});

describe("disclosure documents and lender ties", () => {
  it("record which compliance user approved them, never their own author", async () => {
    const { captive } = await makePanel();
    const document = await createDocumentVersion({ actor: admin, title: "How we are paid (approval test)", body: COMPLIANT_WORDING, effectiveFrom: "2099-01-01" });
    if (!document.ok) throw new Error(document.message);
    expect(await approveDocument({ actor: admin, id: document.id })).toMatchObject({ ok: false, status: 403, message: `Four eyes: you wrote or edited version ${document.version}, so someone else must approve it.` });
    expect(await approveDocument({ actor: compliance, id: document.id })).toEqual({ ok: true, version: document.version });
    expect(await approveDocument({ actor: otherAdmin, id: document.id })).toMatchObject({ ok: false, status: 409, message: `Version ${document.version} is already approved.` });

    const tie = await addTie({ actor: admin, lenderId: captive.id, reference: "TIE-APPROVAL-1", kind: "training_marketing_support", terms: "Marketing support for KTM events", startsOn: "2026-01-01", endsOn: null });
    if (!tie.ok) throw new Error(tie.message);
    expect(await approveTie({ actor: admin, id: tie.id })).toMatchObject({ ok: false, status: 403, message: "Four eyes: you recorded the tie TIE-APPROVAL-1, so someone else must approve it." });
    expect(await approveTie({ actor: manager, id: tie.id })).toMatchObject({ ok: false, status: 403 });
    expect(await approveTie({ actor: compliance, id: tie.id })).toEqual({ ok: true, reference: "TIE-APPROVAL-1" });
    expect((await auditRows("lender.tie_approved")).map((r) => r.actorId)).toContain(compliance.id);
    expect((await auditRows("disclosure_document.approved")).map((r) => r.entityId)).toContain(document.id);
  });
});

describe("countApprovals (for the oversight export)", () => {
  it("counts approvals by kind in [from, to): London days, the first counted and the last not", async () => {
    const before = await countApprovals({ from: "2030-06-01", to: "2030-07-01" });
    expect(before).toEqual({ offer: 0, disclosure_document: 0, lender_tie: 0 });
    const a = await draft(manager, { title: "Count A 9.9% APR" });
    const b = await draft(manager, { title: "Count B 9.9% APR" });
    const c = await draft(manager, { title: "Count C 9.9% APR" });
    await approveOffer({ actor: compliance, id: a, version: 1, now: new Date("2030-05-31T23:30:00Z") }); // 00:30 BST on 1 June: in
    await approveOffer({ actor: compliance, id: b, version: 1, now: new Date("2030-06-30T22:59:59Z") }); // 23:59:59 BST on 30 June: in
    await approveOffer({ actor: compliance, id: c, version: 1, now: new Date("2030-06-30T23:00:00Z") }); // 00:00 BST on 1 July: out
    expect(await countApprovals({ from: "2030-06-01", to: "2030-07-01" })).toEqual({ offer: 2, disclosure_document: 0, lender_tie: 0 });
    expect(await countApprovals({ from: new Date("2030-06-30T23:00:00Z"), to: new Date("2030-07-01T00:00:00Z") })).toEqual({ offer: 1, disclosure_document: 0, lender_tie: 0 });
  });
});

describe("the pages", () => {
  type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => Promise<unknown>;
  async function call(handler: Handler, user: SessionUser, path: string, form?: Record<string, string>, params: Record<string, string> = {}) {
    const request = new Request(`http://localhost${path}`, { method: form ? "POST" : "GET", headers: { Cookie: await cookieFor(user) }, body: form ? new URLSearchParams(form) : undefined });
    try {
      return await handler({ request, params, context: { cspNonce: "" } });
    } catch (thrown) {
      return thrown;
    }
  }
  const status = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200));

  it("shows the offer's approval, lets compliance approve on the offer page, and refuses a manager with 403", async () => {
    const id = await draft();
    const before = (await call(offerLoader as Handler, compliance, `/offers/${id}`, undefined, { id })) as { approval: { state: string }; canApprove: boolean };
    expect(before).toMatchObject({ approval: { state: "missing" }, canApprove: true });
    expect(status(await call(offerAction as Handler, manager, `/offers/${id}`, { intent: "approve", version: "1" }, { id }))).toBe(403);
    const refused = await call(offerAction as Handler, manager, `/offers/${id}`, { intent: "publish", version: "1" }, { id });
    expect(refused).toMatchObject({ data: { message: MISSING }, init: { status: 409 } });
    expect(status(await call(offerAction as Handler, compliance, `/offers/${id}`, { intent: "approve", version: "1" }, { id }))).toBe(302);
    const after = (await call(offerLoader as Handler, manager, `/offers/${id}`, undefined, { id })) as { approval: { state: string; approval: { approvedByName: string } } };
    expect(after.approval).toMatchObject({ state: "current", approval: { approvedByName: compliance.name } });
  });

  it("lists what waits on /compliance/approvals, for compliance only", async () => {
    const id = await draft(manager, { title: "Queue 9.9% APR" });
    const queue = (await call(approvalsLoader as Handler, compliance, "/compliance/approvals")) as { offers: { id: string; standing: string }[] };
    expect(queue.offers).toContainEqual(expect.objectContaining({ id, standing: "missing" }));
    expect(status(await call(approvalsLoader as Handler, manager, "/compliance/approvals"))).toBe(403);
    expect(status(await call(approvalsAction as Handler, compliance, "/compliance/approvals", { intent: "approve-tie", subjectId: "not-a-uuid" }))).toBe(400);
  });
});
