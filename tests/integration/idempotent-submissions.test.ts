import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { BreachFieldsSchema } from "~/modules/breaches/breaches.schema";
import { recordBreach } from "~/modules/breaches/breaches.server";
import { ComplaintFieldsSchema } from "~/modules/complaints/complaints.schema";
import { createComplaint } from "~/modules/complaints/complaints.server";
import { recordDisclosure } from "~/modules/finance/deal-steps.server";
import { createDeal } from "~/modules/finance/deals.server";
import { DealFieldsSchema } from "~/modules/finance/deals.schema";
import { acknowledgeDisclosure } from "~/modules/finance/disclosure-records.server";
import { createVehicle } from "~/modules/stock/vehicles.server";
import { action as newComplaintAction } from "~/routes/_app.complaints.new";
import { action as newBikeAction } from "~/routes/_app.stock.new";
import { loader as layoutLoader } from "~/routes/_app";
import { cookieFor, makeUser, seedGroup } from "../support/factories";
import { dealFormValues, makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";
import { makeModel, nextVin, vehicleFields } from "../support/stock-factories";

let branches: Record<string, string>;
let manager: SessionUser;
let otherManager: SessionUser;
let finance: SessionUser;
let modelId: string;
let compliance: SessionUser;

beforeAll(async () => {
  branches = await seedGroup();
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  otherManager = await makeUser("manager", [branches["laguna-ktm"]!]);
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  modelId = (await makeModel()).id;
  compliance = await makeUser("compliance");
});

const bikesWithVin = async (vin: string) => (await db().select({ id: schema.vehicles.id }).from(schema.vehicles).where(eq(schema.vehicles.vin, vin))).length;
const tokenRows = async (userId: string, token: string) =>
  db().select().from(schema.submissionTokens).where(and(eq(schema.submissionTokens.userId, userId), eq(schema.submissionTokens.token, token)));
const createdAudits = async (id: string, action = "vehicle.created") =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(schema.auditLog).where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.entityId, id))))[0]!.n;

describe("a creating form sent twice with the same token", () => {
  it("makes one bike: the second submit gets the first bike back and writes nothing", async () => {
    const fields = vehicleFields({ branchId: branches["laguna-ktm"]!, modelId });
    const once = { userId: manager.id, token: randomUUID() };
    const first = await createVehicle({ actor: manager, fields, once });
    const second = await createVehicle({ actor: manager, fields, once });
    if (!first.ok || !second.ok) throw new Error("both submits should answer with the bike");
    expect(second).toMatchObject({ ok: true, id: first.id, stockNumber: first.stockNumber, repeated: true });
    expect(await bikesWithVin(fields.vin)).toBe(1);
    expect(await createdAudits(first.id)).toBe(1);
    expect(await tokenRows(manager.id, once.token)).toEqual([expect.objectContaining({ result: { id: first.id, stockNumber: first.stockNumber, warnings: first.warnings } })]);
  });

  it("makes one bike when both submits arrive at once", async () => {
    const fields = vehicleFields({ branchId: branches["laguna-ktm"]!, modelId });
    const once = { userId: manager.id, token: randomUUID() };
    const results = await Promise.all([createVehicle({ actor: manager, fields, once }), createVehicle({ actor: manager, fields, once })]);
    const ids = results.map((result) => (result.ok ? result.id : result.message));
    expect(ids[0]).toBe(ids[1]);
    expect(await bikesWithVin(fields.vin)).toBe(1);
  });

  it("keeps the token free when the first submit is refused, so the corrected form goes through", async () => {
    const once = { userId: manager.id, token: randomUUID() };
    const refused = await createVehicle({ actor: manager, fields: vehicleFields({ branchId: branches["maidstone-honda"]!, modelId }), once });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(await tokenRows(manager.id, once.token)).toEqual([]);
    const fields = vehicleFields({ branchId: branches["laguna-ktm"]!, modelId });
    expect(await createVehicle({ actor: manager, fields, once })).toMatchObject({ ok: true });
    expect(await bikesWithVin(fields.vin)).toBe(1);
  });

  it("holds a token per user: another user's form with the same token makes its own record", async () => {
    const token = randomUUID();
    const a = await createVehicle({ actor: manager, fields: vehicleFields({ branchId: branches["laguna-ktm"]!, modelId }), once: { userId: manager.id, token } });
    const b = await createVehicle({ actor: otherManager, fields: vehicleFields({ branchId: branches["laguna-ktm"]!, modelId }), once: { userId: otherManager.id, token } });
    expect(a.ok && b.ok && a.id !== b.id).toBe(true);
  });

  it("makes one finance introduction from two submits of one form", async () => {
    const fields = DealFieldsSchema.parse(dealFormValues(branches["laguna-ktm"]!));
    const once = { userId: finance.id, token: randomUUID() };
    const before = (await db().select({ n: sql<number>`count(*)::int` }).from(schema.financeDeals))[0]!.n;
    const first = await createDeal({ actor: finance, fields, once });
    const second = await createDeal({ actor: finance, fields, once });
    if (!first.ok || !second.ok) throw new Error("both submits should answer with the deal");
    expect(second.id).toBe(first.id);
    expect(second.reference).toBe(first.reference);
    expect((await db().select({ n: sql<number>`count(*)::int` }).from(schema.financeDeals))[0]!.n).toBe(before + 1);
  });
});

describe("the compliance forms sent twice with the same token", () => {
  it("records one complaint: the second submit gets the first complaint's reference back", async () => {
    const complainantName = `Jo Rider ${randomUUID().slice(0, 8)}`;
    const fields = ComplaintFieldsSchema.parse({
      branchId: branches["laguna-ktm"]!,
      receivedAt: "2026-11-10T09:15",
      channel: "email",
      complainantName,
      complainantContact: "jo@example.com",
      category: "finance_commission",
      description: "I was not told about the commission before signing.",
      desiredOutcome: "The commission refunded.",
      ownerId: manager.id,
    });
    const once = { userId: manager.id, token: randomUUID() };
    const receivedAt = new Date("2026-11-10T09:15:00Z");
    const first = await createComplaint({ actor: manager, fields, receivedAt, once });
    const second = await createComplaint({ actor: manager, fields, receivedAt, once });
    if (!first.ok) throw new Error(first.message);
    expect(first.reference).toMatch(/^CMP-\d{5}$/);
    expect(second).toEqual({ ok: true, id: first.id, reference: first.reference, holdPlaced: false, repeated: true });
    expect(await db().select({ id: schema.complaints.id }).from(schema.complaints).where(eq(schema.complaints.complainantName, complainantName))).toEqual([{ id: first.id }]);
    expect(await createdAudits(first.id, "complaint.created")).toBe(1);
  });

  it("records one breach: the second submit gets the first breach's reference back", async () => {
    const description = `Commission confirmed after signing (${randomUUID().slice(0, 8)}).`;
    const fields = BreachFieldsSchema.parse({ intent: "create", description, foundOn: "2026-11-20", occurredOn: "2026-11-02", rule: "CONC 4.5.3R" });
    const once = { userId: compliance.id, token: randomUUID() };
    const first = await recordBreach({ actor: compliance, fields, once });
    const second = await recordBreach({ actor: compliance, fields, once });
    if (!first.ok) throw new Error(first.message);
    expect(first.reference).toMatch(/^BR-\d{5}$/);
    expect(second).toEqual({ ok: true, id: first.id, reference: first.reference, repeated: true });
    expect(await db().select({ id: schema.breaches.id }).from(schema.breaches).where(eq(schema.breaches.description, description))).toEqual([{ id: first.id }]);
    expect(await createdAudits(first.id, "breach.recorded")).toBe(1);
  });

  it("acknowledges a disclosure once: the second submit is the first's success, not 'already acknowledged'", async () => {
    const panel = await makePanel();
    const dealId = await makeDeal(finance, branches["laguna-ktm"]!);
    const disclosed = await recordDisclosure({ actor: finance, id: dealId, version: await versionOfDeal(dealId), lenderId: panel.captive.id, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt: new Date(Date.now() - 30 * 60_000) });
    if (!disclosed.ok) throw new Error(disclosed.message);
    const [disclosure] = await db().select({ id: schema.dealDisclosures.id }).from(schema.dealDisclosures).where(eq(schema.dealDisclosures.dealId, dealId));
    const once = { userId: finance.id, token: randomUUID() };
    const acknowledge = () => acknowledgeDisclosure({ actor: finance, dealId, disclosureId: disclosure!.id, method: "tablet", typedName: "Jo Rider", once });
    expect(await acknowledge()).toEqual({ ok: true });
    expect(await acknowledge()).toEqual({ ok: true, repeated: true });
    const rows = await db().select({ typedName: schema.disclosureAcknowledgments.typedName }).from(schema.disclosureAcknowledgments).where(eq(schema.disclosureAcknowledgments.disclosureId, disclosure!.id));
    expect(rows).toEqual([{ typedName: "Jo Rider" }]);
  });
});

describe("the page's token", () => {
  it("comes from the signed-in layout's loader, fresh on every load", async () => {
    const cookie = await cookieFor(manager);
    const load = async () => {
      const result = (await layoutLoader({ request: new Request("http://localhost/stock/new", { headers: { Cookie: cookie } }), params: {}, context: { cspNonce: "" } })) as unknown as {
        data: { submissionToken: string };
      };
      return result.data.submissionToken;
    };
    const [a, b] = [await load(), await load()];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  it("turns a second POST of the new-bike form into a redirect to the first bike", async () => {
    const cookie = await cookieFor(manager);
    const vin = nextVin();
    const body = () =>
      new URLSearchParams({
        submissionToken: token,
        branchId: branches["laguna-ktm"]!,
        modelId,
        vin,
        condition: "new",
        mileage: "0",
        colour: "Orange",
        retailPricePence: "11499",
        inStockOn: "2026-10-01",
      });
    const token = randomUUID();
    const post = async () =>
      (await newBikeAction({
        request: new Request("http://localhost/stock/new", { method: "POST", headers: { Cookie: cookie }, body: body() }),
        params: {},
        context: { cspNonce: "" },
      })) as Response;
    const [first, second] = [await post(), await post()];
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(first.headers.get("Location")).toMatch(/^\/stock\/[0-9a-f-]{36}$/);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await bikesWithVin(vin)).toBe(1);
  });

  it("turns a second POST of the new-complaint form into a redirect to the first complaint", async () => {
    const cookie = await cookieFor(manager);
    const complainantName = `Sam Rider ${randomUUID().slice(0, 8)}`;
    const token = randomUUID();
    const post = async () =>
      (await newComplaintAction({
        request: new Request("http://localhost/complaints/new", {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams({
            submissionToken: token,
            branchId: branches["laguna-ktm"]!,
            receivedAt: "2026-11-10T09:15",
            channel: "phone",
            complainantName,
            complainantContact: "07700 900123",
            category: "service",
            description: "The bike was not ready on the day promised.",
            desiredOutcome: "An apology.",
            ownerId: manager.id,
          }),
        }),
        params: {},
        context: { cspNonce: "" },
      })) as Response;
    const [first, second] = [await post(), await post()];
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toMatch(/^\/complaints\/[0-9a-f-]{36}$/);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await db().select({ id: schema.complaints.id }).from(schema.complaints).where(eq(schema.complaints.complainantName, complainantName))).toHaveLength(1);
  });
});
