import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { offerStatus } from "~/modules/offers/offer-rules";
import { OfferFieldsSchema, type OfferFields } from "~/modules/offers/offers.schema";
import { createOffer, getOffer, listOffers, liveOffersFor, parseOfferQuery, publishOffer, reviseOffer, updateDraft, withdrawOffer } from "~/modules/offers/offers.server";
import { approveOffer } from "~/modules/approvals/approvals.server";
import { londonToday } from "~/utils/dates";
import { action as offerAction, loader as offerLoader } from "~/routes/_app.offers.$id";
import { loader as listLoader } from "~/routes/_app.offers._index";
import { action as newAction, loader as newLoader } from "~/routes/_app.offers.new";
import { auditRows, cookieFor, makeUser, seedGroup } from "../support/factories";
import { makeModel } from "../support/stock-factories";

let ids: Record<string, string>;
let admin: SessionUser;
let manager: SessionUser;
let finance: SessionUser;
let compliance: SessionUser;

beforeAll(async () => {
  ids = await seedGroup();
  admin = await makeUser("admin");
  manager = await makeUser("manager", [ids["laguna-ktm"]!]);
  finance = await makeUser("finance", [ids["laguna-ktm"]!]);
  compliance = await makeUser("compliance");
});

const EXAMPLE = {
  promotesFinance: "on",
  apr: "9.9",
  rate: "5.08",
  rateFixed: "on",
  cashPrice: "10,499",
  deposit: "1,500",
  depositContribution: "500",
  credit: "8,499",
  termMonths: "36",
  paymentCount: "36",
  monthlyPayment: "272.20",
  totalPayable: "11,299.20",
};

/** Form-shaped input, through the schema the pages use. */
function form(overrides: Record<string, unknown> = {}) {
  return OfferFieldsSchema.safeParse({
    title: "Adventure season",
    summary: "Free luggage with any new KTM.",
    terms: "Subject to status. UK residents 18 or over.",
    kind: "dealer",
    brand: "KTM",
    branchIds: [ids["laguna-ktm"]],
    validFrom: "2026-03-01",
    validTo: "2026-05-31",
    ...overrides,
  });
}

function fields(overrides: Record<string, unknown> = {}): OfferFields {
  const parsed = form(overrides);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

async function created(actor: SessionUser, overrides: Record<string, unknown> = {}) {
  const result = await createOffer({ actor, fields: fields(overrides) });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

const row = async (id: string) => (await db().select().from(schema.offers).where(eq(schema.offers.id, id)))[0]!;

describe("offer status by the London day", () => {
  const published = { state: "published" as const, validFrom: "2026-03-01", validTo: "2026-03-29" };

  it("expires at midnight BST when the clocks have gone forward", () => {
    // 23:30 UTC on 29 March 2026 is 00:30 BST on the 30th: the last day has passed.
    expect(londonToday(new Date("2026-03-29T23:30:00Z"))).toBe("2026-03-30");
    expect(offerStatus(published, londonToday(new Date("2026-03-29T23:30:00Z")))).toBe("expired");
    expect(offerStatus(published, londonToday(new Date("2026-03-29T22:30:00Z")))).toBe("live");
  });

  it("goes live at midnight BST on the day the clocks go back", () => {
    const offer = { state: "published" as const, validFrom: "2026-10-25", validTo: "2026-11-30" };
    // 23:30 UTC on 24 October is 00:30 BST on the 25th.
    expect(offerStatus(offer, londonToday(new Date("2026-10-24T23:30:00Z")))).toBe("live");
    expect(offerStatus(offer, londonToday(new Date("2026-10-24T22:30:00Z")))).toBe("scheduled");
  });

  it("keeps drafts, withdrawn and superseded offers as they are whatever the date", () => {
    expect(offerStatus({ ...published, state: "draft" }, "2026-03-10")).toBe("draft");
    expect(offerStatus({ ...published, state: "withdrawn" }, "2026-03-10")).toBe("withdrawn");
    expect(offerStatus({ ...published, state: "superseded" }, "2026-03-10")).toBe("superseded");
  });
});

describe("the representative example", () => {
  // £8,499 of credit repaid by 36 × £272.20 a month after signing: 9.91% by a separate bisection, stated 9.9%.
  it("is accepted when the engine agrees with every stated figure", () => {
    const parsed = fields(EXAMPLE);
    expect(parsed.representativeExample).toMatchObject({ aprBasisPoints: 990, ratePercentBasisPoints: 508, rateFixed: true, cashPricePence: 1_049_900, creditPence: 849_900, termMonths: 36, paymentCount: 36, firstPaymentMonth: 1, fees: [] });
  });

  it("refuses an amount of credit that isn't the cash price less deposit and contribution, on its field", () => {
    const parsed = form({ ...EXAMPLE, credit: "8,999" });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path[0] === "credit");
    expect(issue?.message).toBe("The figures give £8,499.00 of credit (cash price less the deposit, any contribution and the part exchange net of settlement).");
  });

  it("refuses a total payable that isn't the deposit plus the payments and fees, even by a penny", () => {
    const parsed = form({ ...EXAMPLE, totalPayable: "11,299.21" });
    expect(parsed.error!.issues.map((i) => i.path[0])).toEqual(["totalPayable"]);
  });

  it("needs every figure once the offer promotes finance, and none when it doesn't", () => {
    const parsed = form({ promotesFinance: "on", apr: "9.9" });
    expect(parsed.error!.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(["rate", "cashPrice", "credit", "termMonths", "paymentCount", "monthlyPayment", "totalPayable"]));
    expect(fields().representativeExample).toBeNull();
  });

  it("refuses a non-https image, a last day before the first, and no branches", () => {
    const parsed = form({ imageUrl: "http://example.com/a.jpg", validTo: "2026-02-01", branchIds: [] });
    expect(parsed.error!.issues.map((i) => i.path[0]).sort()).toEqual(["branchIds", "imageUrl", "validTo"]);
  });

  it("is checked again by the domain, not only by the form", async () => {
    const good = fields(EXAMPLE);
    const bad = { ...good, representativeExample: { ...good.representativeExample!, creditPence: 100 } };
    const result = await createOffer({ actor: admin, fields: bad });
    expect(result).toMatchObject({ ok: false, field: "credit" });
  });
});

describe("the offer lifecycle", () => {
  it("publishes a draft, freezes its terms, and a revision supersedes it once published", async () => {
    const id = await created(admin, { kind: "manufacturer", ...EXAMPLE });
    expect(await row(id)).toMatchObject({ state: "draft", revision: 1, version: 1 });

    expect(await updateDraft({ actor: admin, id, version: 1, fields: fields({ kind: "manufacturer", ...EXAMPLE, title: "Adventure spring" }) })).toEqual({ ok: true });
    expect(await updateDraft({ actor: admin, id, version: 1, fields: fields({ kind: "manufacturer" }) })).toMatchObject({ ok: false, status: 409 });

    // A finance promotion: a compliance user approves each revision before it is published.
    expect(await approveOffer({ actor: compliance, id, version: 2 })).toMatchObject({ ok: true });
    expect(await publishOffer({ actor: admin, id, version: 2, today: "2026-03-10" })).toEqual({ ok: true });
    const frozen = await updateDraft({ actor: admin, id, version: 3, fields: fields({ kind: "manufacturer", title: "Changed" }) });
    expect(frozen).toMatchObject({ ok: false, status: 409 });
    expect(!frozen.ok && frozen.message).toContain("frozen");

    const revised = await reviseOffer({ actor: admin, id });
    if (!revised.ok) throw new Error(revised.message);
    expect(revised.revision).toBe(2);
    expect(await reviseOffer({ actor: admin, id })).toMatchObject({ ok: false });
    expect((await row(id)).state).toBe("published"); // still live until the new one is published

    expect(await updateDraft({ actor: admin, id: revised.id, version: 1, fields: fields({ kind: "manufacturer", title: "Adventure summer" }) })).toEqual({ ok: true });
    // Revision 2 drops the finance wording and example: it needs no approval.
    expect(await publishOffer({ actor: admin, id: revised.id, version: 2, today: "2026-03-10" })).toEqual({ ok: true });
    const old = await row(id);
    expect(old).toMatchObject({ state: "superseded", title: "Adventure spring", revision: 1 });

    const detail = await getOffer(id, admin, "2026-03-10");
    expect(detail?.status).toBe("superseded");
    expect(detail?.revisions.map((r) => [r.revision, r.status])).toEqual([[2, "live"], [1, "superseded"]]);
    expect(detail?.offer.representativeExample?.aprBasisPoints).toBe(990);

    expect(await withdrawOffer({ actor: admin, id: revised.id, version: 2 })).toMatchObject({ ok: false, status: 409 });
    expect(await withdrawOffer({ actor: admin, id: revised.id, version: 3 })).toEqual({ ok: true });
    expect((await row(revised.id)).state).toBe("withdrawn");
  });

  it("refuses to publish an offer whose last day has passed", async () => {
    const id = await created(admin, { validFrom: "2026-01-01", validTo: "2026-01-31" });
    expect(await publishOffer({ actor: admin, id, version: 1, today: "2026-02-01" })).toMatchObject({ ok: false, field: "validTo" });
  });

  it("writes an audit row for creating, publishing, revising and superseding an offer", async () => {
    const id = await created(admin);
    await publishOffer({ actor: admin, id, version: 1, today: "2026-03-10" });
    const revised = await reviseOffer({ actor: admin, id });
    if (!revised.ok) throw new Error(revised.message);
    await publishOffer({ actor: admin, id: revised.id, version: 1, today: "2026-03-10" });
    const rows = (await auditRows()).filter((r) => r.entityType === "offer" && [id, revised.id].includes(r.entityId!));
    expect(rows.map((r) => r.action).sort()).toEqual(["offer.created", "offer.published", "offer.published", "offer.revised", "offer.superseded"]);
    expect(rows.every((r) => r.actorId === admin.id)).toBe(true);
  });
});

describe("who may handle offers", () => {
  it("lets a manager create a dealer offer for their own branch", async () => {
    const result = await createOffer({ actor: manager, fields: fields() });
    expect(result.ok).toBe(true);
  });

  it("refuses a manager a dealer offer for another branch", async () => {
    const result = await createOffer({ actor: manager, fields: fields({ branchIds: [ids["laguna-ktm"], ids["maidstone-honda"]] }) });
    expect(result).toMatchObject({ ok: false, status: 403, field: "branchIds" });
  });

  it("refuses a manager a manufacturer offer, and its publishing", async () => {
    expect(await createOffer({ actor: manager, fields: fields({ kind: "manufacturer" }) })).toMatchObject({ ok: false, status: 403 });
    const id = await created(admin, { kind: "manufacturer" });
    expect(await publishOffer({ actor: manager, id, version: 1, today: "2026-03-10" })).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a finance user any offer", async () => {
    expect(await createOffer({ actor: finance, fields: fields() })).toMatchObject({ ok: false, status: 403 });
  });

  it("writes no audit row for a refused change", async () => {
    const before = (await auditRows("offer.created")).length;
    await createOffer({ actor: finance, fields: fields({ title: "Refused" }) });
    expect((await auditRows("offer.created")).length).toBe(before);
  });
});

describe("finding offers", () => {
  it("filters the list by derived status, kind, brand and branch", async () => {
    const live = await created(admin, { title: "List live", brand: "Honda", branchIds: [ids["maidstone-honda"]], validFrom: "2026-06-01", validTo: "2026-06-30" });
    await publishOffer({ actor: admin, id: live, version: 1, today: "2026-06-01" });
    const query = (search: string) => parseOfferQuery(new URLSearchParams(search));
    const titles = async (search: string, today: string) => (await listOffers(admin, query(search), today)).rows.map((r) => r.title);
    expect(await titles("status=live&brand=Honda", "2026-06-15")).toEqual(["List live"]);
    expect(await titles("status=scheduled&brand=Honda", "2026-05-31")).toEqual(["List live"]);
    expect(await titles("status=expired&brand=Honda", "2026-07-01")).toEqual(["List live"]);
    expect(await titles(`status=live&branch=${ids["laguna-ktm"]}&brand=Honda`, "2026-06-15")).toEqual([]);
    expect(await titles("status=live&kind=manufacturer&brand=Honda", "2026-06-15")).toEqual([]);
    // A manager of another branch doesn't see this branch's dealer offer.
    expect((await listOffers(manager, query("brand=Honda"), "2026-06-15")).rows).toEqual([]);
    expect(parseOfferQuery(new URLSearchParams("status=nonsense&page=-1"))).toMatchObject({ status: "current", page: 1 });
  });

  it("finds the offers live on a day for a brand, model and branch", async () => {
    const model = await makeModel();
    const other = await makeModel();
    const id = await created(admin, { title: "Live for model", modelScope: "chosen", modelIds: [model.id], validFrom: "2026-08-01", validTo: "2026-08-31" });
    await publishOffer({ actor: admin, id, version: 1, today: "2026-08-01" });
    const find = async (modelId: string, on: string | Date, branchId = ids["laguna-ktm"]!) =>
      (await liveOffersFor({ brand: "KTM", modelId, branchId, on })).map((o) => o.title).filter((t) => t === "Live for model");
    expect(await find(model.id, "2026-08-15")).toEqual(["Live for model"]);
    expect(await find(other.id, "2026-08-15")).toEqual([]);
    expect(await find(model.id, "2026-08-15", ids["maidstone-honda"])).toEqual([]);
    expect(await find(model.id, new Date("2026-08-31T23:30:00Z"))).toEqual([]); // 00:30 BST on 1 September
    expect(await find(model.id, new Date("2026-08-31T22:30:00Z"))).toEqual(["Live for model"]);
  });
});

describe("the offer pages", () => {
  type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => Promise<unknown>;
  async function call(handler: Handler, user: SessionUser, path: string, form?: Record<string, string | string[]>, params: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form ?? {})) for (const item of [value].flat()) body.append(key, item);
    const request = new Request(`http://localhost${path}`, { method: form ? "POST" : "GET", headers: { Cookie: await cookieFor(user) }, body: form ? body : undefined });
    try {
      return await handler({ request, params, context: { cspNonce: "" } });
    } catch (thrown) {
      return thrown;
    }
  }
  const status = (result: unknown) => (result instanceof Response ? result.status : (result as { init?: { status?: number } }).init?.status ?? 200);
  const newForm = (overrides: Record<string, string | string[]> = {}) => ({ title: "Page offer", summary: "Free luggage.", terms: "While stocks last.", kind: "dealer", brand: "KTM", modelScope: "all", branchIds: [ids["laguna-ktm"]!], validFrom: "2026-03-01", validTo: endOfNextYear(), ...overrides });
  // Live today and for a while: an offer may be planned up to three years ahead, not to 2099.
  function endOfNextYear() {
    return `${Number(londonToday().slice(0, 4)) + 1}-12-31`;
  }

  it("keeps finance users out of /offers/new but shows them the list", async () => {
    expect(status(await call(newLoader as Handler, finance, "/offers/new"))).toBe(403);
    expect(status(await call(newAction as Handler, finance, "/offers/new", newForm()))).toBe(403);
    expect(status(await call(listLoader as Handler, finance, "/offers"))).toBe(200);
  });

  it("refuses a manager's manufacturer offer with the reason, and saves their dealer offer", async () => {
    expect(status(await call(newAction as Handler, manager, "/offers/new", newForm({ kind: "manufacturer" })))).toBe(403);
    const saved = await call(newAction as Handler, manager, "/offers/new", newForm());
    expect(status(saved)).toBe(302);
    const id = (saved as Response).headers.get("Location")!.split("/").pop()!;
    const page = (await call(offerLoader as Handler, manager, `/offers/${id}`, undefined, { id })) as { status: string; canEdit: boolean };
    expect(page).toMatchObject({ status: "draft", canEdit: true });
    const published = await call(offerAction as Handler, manager, `/offers/${id}`, { intent: "publish", version: "1" }, { id });
    expect(status(published)).toBe(302);
    expect((await row(id)).state).toBe("published");
  });

  it("puts a representative example's problem beside its field", async () => {
    const reply = await call(newAction as Handler, admin, "/offers/new", newForm({ ...EXAMPLE, credit: "9,000" }));
    expect(status(reply)).toBe(400);
    expect((reply as { data: { error: Record<string, string[]> } }).data.error.credit).toEqual([
      "The figures give £8,499.00 of credit (cash price less the deposit, any contribution and the part exchange net of settlement).",
    ]);
  });
});
