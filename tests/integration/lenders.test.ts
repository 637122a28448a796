import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import {
  createDocumentVersion,
  currentSetting,
  documentProblem,
  getSetting,
  listSettingVersions,
  saveSettingVersion,
  tiesInForce,
  usableDocument,
} from "~/modules/finance/documents.server";
import { DISCRETIONARY_COMMISSION_REFUSAL } from "~/modules/finance/finance-labels";
import { CreateLenderSchema } from "~/modules/finance/lenders.schema";
import { addScheduleVersion, addTie, createLender, endTie, getLenderDetail, listLenders } from "~/modules/finance/lenders.server";
import { action as lenderAction, loader as lenderLoader } from "~/routes/_app.lenders.$id";
import { action as listAction, loader as listLoader } from "~/routes/_app.lenders._index";
import { loader as documentsLoader } from "~/routes/_app.lenders.documents";
import { londonToday } from "~/utils/dates";
import { auditRows, cookieFor, makeUser, seedGroup } from "../support/factories";
import { refusedWith } from "../support/database-errors";

const { commissionSchedules, disclosureDocuments, lenders } = schema;

const WORDING = "Laguna Motorcycles Limited is a credit broker, not a lender. We are not independent: we work with a small panel of lenders.";
const INDEPENDENT = "Laguna Motorcycles Limited is an independent credit broker, not a lender, and searches the whole market.";

let admin: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  const branches = await seedGroup();
  admin = await makeUser("admin");
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
});

let named = 0;
async function newLender(overrides: { captiveBrands?: ("KTM" | "Honda")[] } = {}) {
  named += 1;
  const result = await createLender({ actor: admin, name: `Test Lender ${named}`, fcaFrn: "311908", captiveBrands: overrides.captiveBrands ?? [] });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => Promise<unknown>;

async function post(handler: Handler, user: SessionUser, url: string, form: Record<string, string>, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { Cookie: await cookieFor(user), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  try {
    return await handler({ request, params, context: { cspNonce: "" } });
  } catch (thrown) {
    return thrown;
  }
}

async function get<T>(handler: (args: Parameters<Handler>[0]) => Promise<T>, user: SessionUser, url: string, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${url}`, { headers: { Cookie: await cookieFor(user) } });
  return handler({ request, params, context: { cspNonce: "" } });
}

/** The body and status of a `data(...)` reply, whatever its shape. */
function replyOf(result: unknown) {
  const { data, init } = result as { data: { result?: { error?: Record<string, string[] | null> }; error?: Record<string, string[] | null> }; init: { status: number } };
  return { status: init.status, error: data.result?.error ?? data.error ?? {} };
}

describe("lenders", () => {
  it("accepts an FCA firm reference number of 6 or 7 digits (spaces ignored) and refuses anything else", () => {
    const frn = (fcaFrn: string) => CreateLenderSchema.safeParse({ intent: "create", name: "Check Finance", fcaFrn });
    expect(frn("123456")).toMatchObject({ success: true, data: { fcaFrn: "123456" } });
    expect(frn("1234567")).toMatchObject({ success: true, data: { fcaFrn: "1234567" } });
    expect(frn("123 4567")).toMatchObject({ success: true, data: { fcaFrn: "1234567" } });
    for (const bad of ["12345", "12345678", "12A456", ""]) expect(frn(bad).success, bad).toBe(false);
  });

  it("refuses a bad FCA firm reference number from the form beside its field, and adds nothing", async () => {
    const refused = await post(listAction, admin, "/lenders?index&new", { intent: "create", name: "Bad Number Finance", fcaFrn: "12345" });
    expect(replyOf(refused)).toMatchObject({ status: 400, error: { fcaFrn: [expect.stringMatching(/6 or 7 digits/)] } });
    expect(await db().select().from(lenders).where(eq(lenders.name, "Bad Number Finance"))).toHaveLength(0);
  });

  it("refuses a second lender with the same name, whatever the case", async () => {
    const id = await newLender();
    const [first] = await db().select().from(lenders).where(eq(lenders.id, id));
    const again = await createLender({ actor: admin, name: first!.name.toUpperCase(), fcaFrn: "7654321", captiveBrands: [] });
    expect(again).toMatchObject({ ok: false, field: "name", message: `${first!.name} is already on the panel.` });
  });

  it("records each new lender in the audit log", async () => {
    const id = await newLender({ captiveBrands: ["Honda"] });
    const [row] = (await auditRows("lender.created")).filter((entry) => entry.entityId === id);
    expect(row).toMatchObject({ actorId: admin.id, after: { captiveBrands: ["Honda"], fcaFrn: "311908" } });
  });
});

describe("tie register", () => {
  it("holds a tie in force from its first day to its last, inclusive, and keeps it after it ends", async () => {
    const lenderId = await newLender({ captiveBrands: ["KTM"] });
    const added = await addTie({ actor: admin, lenderId, reference: "KTM-SF-1", kind: "stock_funding", terms: "Stock funding at base + 1%", startsOn: "2025-01-01" });
    expect(added.ok).toBe(true);
    const on = async (day: string) => (await tiesInForce(day, lenderId)).map((tie) => tie.reference);
    expect(await on("2024-12-31")).toEqual([]);
    expect(await on("2025-01-01")).toEqual(["KTM-SF-1"]);
    expect((await tiesInForce("2025-01-01", lenderId))[0]).toMatchObject({ lenderName: expect.stringMatching(/^Test Lender/), kind: "stock_funding" });

    const tieId = added.ok ? added.id : "";
    expect(await endTie({ actor: admin, lenderId, tieId, version: 1, endsOn: "2025-06-30" })).toEqual({ ok: true });
    expect(await on("2025-06-30")).toEqual(["KTM-SF-1"]);
    expect(await on("2025-07-01")).toEqual([]);
    const detail = await getLenderDetail(lenderId);
    expect(detail!.ties).toMatchObject([{ reference: "KTM-SF-1", endsOn: "2025-06-30", inForceToday: false, version: 2 }]);
    expect((await auditRows("lender.tie_ended")).filter((row) => row.entityId === lenderId)).toHaveLength(1);
  });

  it("refuses to end a tie on a stale version or before it started, then ends it", async () => {
    const lenderId = await newLender();
    const added = await addTie({ actor: admin, lenderId, reference: "VOL-1", kind: "volume_target", terms: "40 proposals a quarter", startsOn: "2025-03-01" });
    const tieId = added.ok ? added.id : "";
    expect(await endTie({ actor: admin, lenderId, tieId, version: 1, endsOn: "2025-02-28" })).toMatchObject({ ok: false, field: "endsOn" });
    expect(await endTie({ actor: admin, lenderId, tieId, version: 7, endsOn: "2025-12-31" })).toMatchObject({ ok: false, status: 409 });
    expect(await endTie({ actor: admin, lenderId, tieId, version: 1, endsOn: "2025-12-31" })).toEqual({ ok: true });
  });
});

describe("commission schedules", () => {
  const fixedFee = { basis: "fixed_fee", amountPence: 25_000, effectiveFrom: "2025-01-01" };

  it("numbers schedule versions per lender, each lender from 1, keeping every version", async () => {
    const [first, second] = [await newLender(), await newLender()];
    const versions = [];
    for (const lenderId of [first, second, first, first]) {
      const result = await addScheduleVersion({ ...fixedFee, actor: admin, lenderId });
      versions.push(result.ok ? result.version : 0);
    }
    expect(versions).toEqual([1, 1, 2, 3]);
    expect((await db().select().from(commissionSchedules).where(eq(commissionSchedules.lenderId, first))).map((row) => row.version).sort()).toEqual([1, 2, 3]);
  });

  it("shows, per reach, the newest version in force today on the lender list", async () => {
    const lenderId = await newLender();
    await addScheduleVersion({ ...fixedFee, actor: admin, lenderId });
    await addScheduleVersion({ actor: admin, lenderId, basis: "percent_of_credit", percentBasisPoints: 150, effectiveFrom: "2025-02-01" });
    await addScheduleVersion({ actor: admin, lenderId, basis: "fixed_fee", amountPence: 40_000, brand: "KTM", effectiveFrom: "2025-02-01" });
    await addScheduleVersion({ actor: admin, lenderId, basis: "fixed_fee", amountPence: 99_900, effectiveFrom: "2999-01-01" });
    const { rows } = await listLenders({ page: 1, size: 200, sort: "name", dir: "asc" });
    const row = rows.find((lender) => lender.id === lenderId)!;
    expect(row.currentSchedules.map((schedule) => schedule.version).sort()).toEqual([2, 3]);
  });

  it("needs an amount for a fixed fee and a percentage of 0.01% to 20% of the credit", async () => {
    const lenderId = await newLender();
    expect(await addScheduleVersion({ actor: admin, lenderId, basis: "fixed_fee", effectiveFrom: "2025-01-01" })).toMatchObject({ ok: false, field: "amount" });
    for (const percentBasisPoints of [0, 2001, null]) {
      expect(await addScheduleVersion({ actor: admin, lenderId, basis: "percent_of_credit", percentBasisPoints, effectiveFrom: "2025-01-01" })).toMatchObject({ ok: false, field: "percent" });
    }
    expect(await addScheduleVersion({ actor: admin, lenderId, basis: "percent_of_credit", percentBasisPoints: 2000, effectiveFrom: "2025-01-01" })).toMatchObject({ ok: true, version: 1 });
  });

  it.each(["interest_rate_linked", "difference_in_charges"])("refuses a discretionary basis (%s) sent by a crafted form, with the reason", async (basis) => {
    const lenderId = await newLender();
    const form = { intent: "add-schedule", basis, percent: "2.5", effectiveFrom: "2025-01-01" };
    const refused = await post(lenderAction, admin, `/lenders/${lenderId}`, form, { id: lenderId });
    expect(replyOf(refused)).toEqual({ status: 400, error: { basis: [DISCRETIONARY_COMMISSION_REFUSAL] } });
    expect(DISCRETIONARY_COMMISSION_REFUSAL).toMatch(/banned since 28 January 2021 \(FCA PS20\/8\)/);
    expect(await db().select().from(commissionSchedules).where(eq(commissionSchedules.lenderId, lenderId))).toHaveLength(0);
  });

  it("adds a version through the form with the percentage typed as 1.5 stored as 150 basis points, for one brand", async () => {
    const lenderId = await newLender();
    const done = await post(lenderAction, admin, `/lenders/${lenderId}`, { intent: "add-schedule", basis: "percent_of_credit", percent: "1.5", appliesTo: "brand:KTM", effectiveFrom: "2025-01-01" }, { id: lenderId });
    expect((done as Response).status).toBe(302);
    const [row] = await db().select().from(commissionSchedules).where(eq(commissionSchedules.lenderId, lenderId));
    expect(row).toMatchObject({ version: 1, basis: "percent_of_credit", percentBasisPoints: 150, amountPence: null, brand: "KTM", modelId: null, createdBy: admin.id });
  });
});

describe("who may change the panel", () => {
  it("lets a manager view the panel, a lender and the documents, but refuses them every change with 403", async () => {
    const lenderId = await newLender();
    expect(await get(listLoader, manager, "/lenders?new")).toMatchObject({ canEdit: false, creating: false });
    expect(await get(lenderLoader, manager, `/lenders/${lenderId}`, { id: lenderId })).toMatchObject({ canEdit: false, models: [] });
    expect(await get(documentsLoader, manager, "/lenders/documents")).toMatchObject({ canEdit: false });
    const forms: Record<string, string>[] = [
      { intent: "add-tie", reference: "X", kind: "other", terms: "Anything at all", startsOn: "2025-01-01" },
      { intent: "add-schedule", basis: "fixed_fee", amount: "250", effectiveFrom: "2025-01-01" },
    ];
    const refusals = [
      ...(await Promise.all(forms.map((form) => post(lenderAction, manager, `/lenders/${lenderId}`, form, { id: lenderId })))),
      await post(listAction, manager, "/lenders?index", { intent: "create", name: "Manager Finance", fcaFrn: "123456" }),
    ];
    for (const refused of refusals) {
      expect(refused).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(403);
    }
    expect(await addTie({ actor: manager, lenderId, reference: "X", kind: "other", terms: "Anything", startsOn: "2025-01-01" })).toMatchObject({ ok: false, status: 403 });
  });
});

describe("disclosure documents", () => {
  it("numbers versions in order and keeps the SHA-256 of each version's exact text", async () => {
    const first = await createDocumentVersion({ actor: admin, title: "How we are paid", body: WORDING, effectiveFrom: londonToday() });
    const second = await createDocumentVersion({ actor: admin, title: "How we are paid", body: `${WORDING}\n`, effectiveFrom: londonToday() });
    expect(first.ok && second.ok && second.version - first.version).toBe(1);
    const rows = await db().select().from(disclosureDocuments);
    for (const row of rows) expect(row.sha256).toBe(createHash("sha256").update(row.body, "utf8").digest("hex"));
    expect(new Set(rows.map((row) => row.sha256)).size).toBe(rows.length);
  });

  it("refuses a new version that would take effect in the past", async () => {
    const backdated = await createDocumentVersion({ actor: admin, title: "Backdated", body: WORDING, effectiveFrom: "2024-01-01" });
    expect(backdated).toMatchObject({ ok: false, field: "effectiveFrom" });
  });

  it("the database refuses to change a document's text once it has been used", async () => {
    const created = await createDocumentVersion({ actor: admin, title: "Used wording", body: WORDING, effectiveFrom: londonToday() });
    const id = created.ok ? created.id : "";
    await db().update(disclosureDocuments).set({ body: `${WORDING} Edited before use.` }).where(eq(disclosureDocuments.id, id));
    await db().update(disclosureDocuments).set({ firstUsedAt: new Date() }).where(eq(disclosureDocuments.id, id));
    await expect(db().update(disclosureDocuments).set({ body: "Changed after use" }).where(eq(disclosureDocuments.id, id))).rejects.toEqual(refusedWith("finance log: a disclosure document shown to a customer is never edited; add a new version"));
    await expect(db().update(disclosureDocuments).set({ title: "Renamed" }).where(eq(disclosureDocuments.id, id))).rejects.toEqual(refusedWith("finance log: a disclosure document shown to a customer is never edited; add a new version"));
    await expect(db().delete(disclosureDocuments).where(eq(disclosureDocuments.id, id))).rejects.toEqual(refusedWith("finance log: DELETE on disclosure_documents is not allowed"));
  });

  it("refuses wording that calls the group independent while a tie is in force, and accepts it when none is", () => {
    const tie = [{ lenderName: "KTM Finance" }];
    expect(documentProblem(INDEPENDENT, tie)).toMatch(/calls the group "independent" while a tie is in force \(with KTM Finance\)/);
    expect(documentProblem(INDEPENDENT, [])).toBeNull();
    expect(documentProblem(WORDING, tie)).toBeNull();
    expect(documentProblem("We are a credit broker, not a lender, and we are not impartial or independent.", tie)).toBeNull();
    expect(documentProblem("We are a credit broker, not a lender.", tie)).toMatch(/must say the group is "not independent"/);
  });

  it("refuses wording that doesn't say the group is a credit broker and not a lender", () => {
    expect(documentProblem("We are not independent and are not a lender.", [])).toMatch(/credit broker/);
    expect(documentProblem("We are a credit broker. We are not independent.", [])).toMatch(/not a lender/);
  });

  it("uses the newest version in effect on the day that agrees with that day's tie register", async () => {
    const plain = await createDocumentVersion({ actor: admin, title: "2030 wording", body: WORDING, effectiveFrom: "2030-01-01" });
    const independent = await createDocumentVersion({ actor: admin, title: "2030 independent", body: INDEPENDENT, effectiveFrom: "2030-01-01" });
    await createDocumentVersion({ actor: admin, title: "No broker wording", body: "We are not independent, and we are happy to help you.", effectiveFrom: "2030-01-01" });
    const lenderId = await newLender();
    await addTie({ actor: admin, lenderId, reference: "EXCL-2031", kind: "exclusivity", terms: "Exclusive for 2031", startsOn: "2031-01-01", endsOn: "2031-12-31" });
    expect((await usableDocument("2030-06-01"))?.id).toBe(independent.ok && independent.id);
    expect((await usableDocument("2031-06-01"))?.id).toBe(plain.ok && plain.id);
    expect([plain.ok && plain.id, independent.ok && independent.id]).not.toContain((await usableDocument("2029-12-31"))?.id);
  });
});

describe("settings", () => {
  it("uses the default until a version is saved, then the newest version wins, and refuses a save on a stale version", async () => {
    expect(await currentSetting("commission_review_thresholds")).toMatchObject({ version: 0, value: { chargeForCreditPercent: 35, creditPercent: 10 } });
    expect(await saveSettingVersion(admin, "commission_review_thresholds", { chargeForCreditPercent: 40, creditPercent: 12 }, 0)).toEqual({ ok: true, version: 1 });
    expect(await saveSettingVersion(admin, "commission_review_thresholds", { chargeForCreditPercent: 30, creditPercent: 8 }, 1)).toEqual({ ok: true, version: 2 });
    expect(await getSetting("commission_review_thresholds")).toEqual({ chargeForCreditPercent: 30, creditPercent: 8 });
    expect((await listSettingVersions("commission_review_thresholds")).map((row) => row.version)).toEqual([2, 1]);
    expect(await saveSettingVersion(admin, "commission_review_thresholds", { chargeForCreditPercent: 50, creditPercent: 20 }, 1)).toMatchObject({ ok: false, status: 409 });
    expect((await auditRows("setting.saved")).filter((row) => row.entityId === "commission_review_thresholds")).toHaveLength(2);
  });

  it("refuses regulatory status wording that calls the group independent while a tie is in force today", async () => {
    const lenderId = await newLender();
    await addTie({ actor: admin, lenderId, reference: "TODAY-1", kind: "first_refusal", terms: "First look at every deal", startsOn: "2020-01-01", endsOn: "2029-12-31" });
    expect((await tiesInForce(londonToday())).map((tie) => tie.reference)).toContain("TODAY-1");
    expect(await saveSettingVersion(admin, "regulatory_status", { text: INDEPENDENT })).toMatchObject({ ok: false, field: "text" });
    expect(await saveSettingVersion(admin, "regulatory_status", { text: WORDING })).toEqual({ ok: true, version: 1 });
    expect(await getSetting("regulatory_status")).toEqual({ text: WORDING });
    expect(await saveSettingVersion(manager, "regulatory_status", { text: WORDING })).toMatchObject({ ok: false, status: 403 });
  });
});
