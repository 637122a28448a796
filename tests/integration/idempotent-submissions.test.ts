import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { createDeal } from "~/modules/finance/deals.server";
import { DealFieldsSchema } from "~/modules/finance/deals.schema";
import { createVehicle } from "~/modules/stock/vehicles.server";
import { action as newBikeAction } from "~/routes/_app.stock.new";
import { loader as layoutLoader } from "~/routes/_app";
import { cookieFor, makeUser, seedGroup } from "../support/factories";
import { dealFormValues } from "../support/finance-factories";
import { makeModel, nextVin, vehicleFields } from "../support/stock-factories";

let branches: Record<string, string>;
let manager: SessionUser;
let otherManager: SessionUser;
let finance: SessionUser;
let modelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  otherManager = await makeUser("manager", [branches["laguna-ktm"]!]);
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  modelId = (await makeModel()).id;
});

const bikesWithVin = async (vin: string) => (await db().select({ id: schema.vehicles.id }).from(schema.vehicles).where(eq(schema.vehicles.vin, vin))).length;
const tokenRows = async (userId: string, token: string) =>
  db().select().from(schema.submissionTokens).where(and(eq(schema.submissionTokens.userId, userId), eq(schema.submissionTokens.token, token)));
const createdAudits = async (id: string) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(schema.auditLog).where(and(eq(schema.auditLog.action, "vehicle.created"), eq(schema.auditLog.entityId, id))))[0]!.n;

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
});
