import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { seedDemoData } from "../../seed";
import { CATALOGUE_MODELS, seedCatalogue, seedDemoStock } from "../../seed/stock";
import type { SessionUser } from "~/modules/auth/permissions";
import type { ModelFields } from "~/modules/stock/catalogue.schema";
import { createModel, getModel, listModelOptions, listModels, updateModel } from "~/modules/stock/catalogue.server";
import { normaliseRegistration, vehicleSearchText, vinCheckDigitMatches, vinProblem } from "~/modules/stock/vehicle-identity";
import { action, loader } from "~/routes/_app.stock.catalogue";
import { auditRows, cookieFor, makeUser } from "../support/factories";

const { branches, catalogueModels, vehicles, reservations, transfers, stockNumberCounters, vehicleEvents } = schema;
const URL_BASE = "http://localhost/stock/catalogue";

let ids: Record<string, string>;
let admin: SessionUser;

beforeAll(async () => {
  await seedDemoData({ stock: 0, finance: false }); // the stock tests below seed their own bikes into an empty table
  const rows = await db().select({ id: branches.id, slug: branches.slug }).from(branches);
  ids = Object.fromEntries(rows.map((row) => [row.slug, row.id]));
  admin = await makeUser("admin");
});

// Tests share one database, so each new model gets its own name.
const fields = (model: string, overrides: Partial<ModelFields> = {}): ModelFields => ({
  make: "KTM", model, variant: "", modelYear: 2026, category: "adventure", engineCc: 799, listPricePence: 1_049_900, ...overrides,
});

async function post(user: SessionUser, form: Record<string, string>, search = "?new") {
  const request = new Request(`${URL_BASE}${search}`, {
    method: "POST",
    headers: { Cookie: await cookieFor(user), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return action({ request, params: {}, context: { cspNonce: "" } });
}

async function get(user: SessionUser, search = "") {
  const request = new Request(`${URL_BASE}${search}`, { headers: { Cookie: await cookieFor(user) } });
  return loader({ request, params: {}, context: { cspNonce: "" } });
}

function replyOf(result: unknown) {
  const { data, init } = result as { data: { error?: Record<string, string[] | null> | null }; init: { status: number } };
  return { status: init.status, error: data.error ?? {} };
}

async function modelNamed(model: string) {
  return db().select().from(catalogueModels).where(eq(catalogueModels.model, model));
}

describe("demo stock seed", () => {
  let bikes: (typeof vehicles.$inferSelect & { make: string; brands: string[]; prefix: string })[];

  beforeAll(async () => {
    expect(await seedDemoStock(60)).toBe(60);
    bikes = (
      await db()
        .select({ bike: vehicles, make: catalogueModels.make, brands: branches.brands, prefix: branches.stockNumberPrefix })
        .from(vehicles)
        .innerJoin(catalogueModels, eq(catalogueModels.id, vehicles.modelId))
        .innerJoin(branches, eq(branches.id, vehicles.branchId))
    ).map((row) => ({ ...row.bike, make: row.make, brands: row.brands, prefix: row.prefix }));
  });

  it("numbers every bike uniquely with its branch's prefix and sets each counter to the highest number used", async () => {
    expect(bikes).toHaveLength(60);
    expect(new Set(bikes.map((bike) => bike.stockNumber)).size).toBe(60);
    for (const bike of bikes) expect(bike.stockNumber).toMatch(new RegExp(`^${bike.prefix}-\\d{5}$`));
    const highest = new Map<string, number>();
    for (const bike of bikes) highest.set(bike.prefix, Math.max(highest.get(bike.prefix) ?? 0, Number(bike.stockNumber.split("-")[1])));
    const counters = await db().select().from(stockNumberCounters);
    expect(Object.fromEntries(counters.map((c) => [c.prefix, c.lastNumber]))).toEqual(Object.fromEntries(highest));
  });

  it("gives every bike a unique 17-character VIN that passes the VIN rules and its check digit", () => {
    expect(new Set(bikes.map((bike) => bike.vin)).size).toBe(60);
    for (const bike of bikes) {
      expect(vinProblem(bike.vin), bike.vin).toBeNull();
      expect(vinCheckDigitMatches(bike.vin), bike.vin).toBe(true);
    }
  });

  it("stocks franchise branches only with their own brands, and the used-only branch only with used bikes", () => {
    for (const bike of bikes) {
      if (bike.brands.length) expect(bike.brands, bike.stockNumber).toContain(bike.make);
      else expect(bike.condition, bike.stockNumber).toBe("used");
    }
  });

  it("registers every used, pre-registered and ex-demo bike with a current UK mark, and keeps new bikes unregistered", () => {
    for (const bike of bikes) {
      if (bike.condition === "new") expect(bike.registration).toBeNull();
      else expect(bike.registration && normaliseRegistration(bike.registration)).toMatch(/^[A-Z]{2}\d{2} [A-Z]{3}$/);
      if (bike.condition === "used") expect(bike).toMatchObject({ previousKeepers: expect.any(Number), v5cHeld: expect.any(Boolean) });
      else expect(bike).toMatchObject({ previousKeepers: null, v5cHeld: null });
    }
  });

  it("gives every reserved bike exactly one active reservation and every bike in transit one open transfer", async () => {
    const active = await db().select().from(reservations).where(eq(reservations.status, "active"));
    const open = await db().select().from(transfers).where(eq(transfers.status, "in_transit"));
    expect(active.map((r) => r.vehicleId).sort()).toEqual(bikes.filter((b) => b.status === "reserved").map((b) => b.id).sort());
    expect(open.map((t) => t.vehicleId).sort()).toEqual(bikes.filter((b) => b.status === "in_transit").map((b) => b.id).sort());
    for (const reservation of active) expect(reservation.expiresAt.getTime()).toBeGreaterThan(Date.now());
    for (const transfer of open) expect(transfer.fromBranchId).toBe(bikes.find((b) => b.id === transfer.vehicleId)!.branchId);
  });

  it("records each bike's arrival and ends its event history at its current status", async () => {
    const events = await db().select().from(vehicleEvents).orderBy(vehicleEvents.createdAt);
    for (const bike of bikes) {
      const own = events.filter((event) => event.vehicleId === bike.id);
      expect(own[0]).toMatchObject({ fromStatus: null, toStatus: "in_stock" });
      expect(own.at(-1)!.toStatus, bike.stockNumber).toBe(bike.status);
      if (bike.status === "sold" || bike.status === "delivered") expect(bike).toMatchObject({ saleCustomerName: expect.any(String), soldOn: expect.any(String) });
    }
  });

  it("adds bikes only into an empty stock table, unless asked to add to what is there", async () => {
    expect(await seedDemoStock(10)).toBe(0);
    const before = await db().select().from(stockNumberCounters);
    expect(await seedDemoStock(10, { addToExisting: true })).toBe(10);
    const all = await db().select({ stockNumber: vehicles.stockNumber }).from(vehicles);
    expect(new Set(all.map((row) => row.stockNumber)).size).toBe(70);
    const after = await db().select().from(stockNumberCounters);
    const total = (rows: typeof before) => rows.reduce((sum, row) => sum + row.lastNumber, 0);
    expect(total(after) - total(before)).toBe(10);
  });
});

describe("catalogue", () => {
  it("seeds the design's models once, however often the seed runs", async () => {
    expect(await seedCatalogue()).toEqual([]);
    const labels = (await listModelOptions()).map((option) => option.label);
    expect(labels).toEqual(expect.arrayContaining(["KTM 390 Adventure X (2025)", "KTM 790 Adventure (2026)", "KTM 1390 Super Adventure R (2026)", "KTM 125 Enduro R (2025)"]));
    expect(await db().$count(catalogueModels)).toBe(CATALOGUE_MODELS.length);
    expect((await auditRows("catalogue.created")).length).toBe(CATALOGUE_MODELS.length);
  });

  it("orders the select's options by make, model and year", async () => {
    const labels = (await listModelOptions()).map((option) => option.label);
    const ktm = labels.filter((label) => label.startsWith("KTM 1"));
    expect(ktm.slice(0, 3)).toEqual(["KTM 125 Enduro R (2025)", "KTM 1290 Super Adventure S (2021)", "KTM 1390 Super Adventure R (2026)"]);
  });

  it("filters the list by make, category and search words", async () => {
    const query = { page: 1, size: 50, sort: "make", dir: "asc", q: "" } as const;
    const triumphRetro = await listModels({ ...query, make: "triumph", category: "retro" });
    expect(triumphRetro.rows.map((row) => row.model)).toEqual(["Bonneville T120", "Scrambler 1200", "Scrambler 400 X", "Speed 400"]);
    const searched = await listModels({ ...query, q: "africa twin" });
    expect(searched.total).toBe(2);
  });

  it("records a created model in the audit log with who added it and what it holds", async () => {
    const result = await createModel({ ...fields("Audit Test"), actor: admin });
    expect(result.ok).toBe(true);
    const rows = (await auditRows("catalogue.created")).filter((row) => row.actorId === admin.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after).toMatchObject({ make: "KTM", model: "Audit Test", modelYear: 2026, listPricePence: 1_049_900, version: 1 });
  });

  it("refuses a second model with the same make, model, variant and year, whatever the case, beside the model field", async () => {
    await createModel({ ...fields("Duplicate Test", { variant: "R" }), actor: admin });
    const again = await createModel({ ...fields("duplicate test", { make: "ktm", variant: "r" }), actor: admin });
    expect(again).toEqual({ ok: false, field: "model", status: 400, message: "KTM Duplicate Test R (2026) is already in the catalogue." });
    expect((await createModel({ ...fields("Duplicate Test", { variant: "R", modelYear: 2025 }), actor: admin })).ok).toBe(true);
    expect(await modelNamed("duplicate test")).toHaveLength(0);
  });

  it("saves an edit with its before and after in the audit log and refuses one made on a stale version with 409", async () => {
    const created = await createModel({ ...fields("Edit Test"), actor: admin });
    const id = created.ok ? created.id : "";
    expect(await updateModel({ ...fields("Edit Test", { listPricePence: 999_900 }), id, version: 1, actor: admin })).toEqual({ ok: true });
    const stale = await updateModel({ ...fields("Edit Test", { listPricePence: 1 }), id, version: 1, actor: admin });
    expect(stale).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/Someone else changed KTM Edit Test \(2026\)/) });
    expect(await getModel(id)).toMatchObject({ listPricePence: 999_900, version: 2 });
    const updates = (await auditRows("catalogue.updated")).filter((row) => row.entityId === id);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.before).toMatchObject({ listPricePence: 1_049_900, version: 1 });
    expect(updates[0]!.after).toMatchObject({ listPricePence: 999_900, version: 2 });
  });

  it("finds a renamed model's bikes by the new name in the stock search", async () => {
    const created = await createModel({ ...fields("Rename Test"), actor: admin });
    const modelId = created.ok ? created.id : "";
    const bike = { stockNumber: "KEN-99999", vin: "VBK00000000999999", registration: null, make: "KTM", model: "Rename Test", variant: "" };
    await db().insert(vehicles).values({ ...bike, branchId: ids["kent-motorcycles"]!, modelId, condition: "used", retailPricePence: 500_000, inStockOn: "2026-01-01", searchText: vehicleSearchText(bike) });
    expect((await updateModel({ ...fields("Renamed Tourer"), id: modelId, version: 1, actor: admin })).ok).toBe(true);
    const [row] = await db().select({ searchText: vehicles.searchText }).from(vehicles).where(eq(vehicles.modelId, modelId));
    expect(row!.searchText).toBe("ken-99999 vbk00000000999999 ktm renamed tourer");
  });
});

describe("catalogue page", () => {
  it("lets a manager add a model through the action, with the list price typed in pounds stored as pence", async () => {
    const manager = await makeUser("manager", [ids["laguna-ktm"]!]);
    const result = await post(manager, { intent: "create", make: "KTM", model: "Route Test", variant: "", modelYear: "2026", category: "naked", engineCc: "990", listPrice: "£11,999.50" }, "?new&sort=price");
    expect(result).toBeInstanceOf(Response);
    expect((result as unknown as Response).headers.get("Location")).toBe("/stock/catalogue?sort=price");
    const [model] = await modelNamed("Route Test");
    expect(model).toMatchObject({ listPricePence: 1_199_950, engineCc: 990, category: "naked" });
    expect((await auditRows("catalogue.created")).filter((row) => row.entityId === model!.id).map((row) => row.actorId)).toEqual([manager.id]);
  });

  it("refuses an engine size for an electric bike and a year after next year, beside their fields", async () => {
    const manager = await makeUser("manager", [ids["laguna-ktm"]!]);
    const next = new Date().getFullYear() + 1;
    const result = await post(manager, { intent: "create", make: "KTM", model: "Bad Input", category: "electric", engineCc: "125", modelYear: String(next + 1), listPrice: "lots" });
    const reply = replyOf(result);
    expect(reply.status).toBe(400);
    expect(reply.error.engineCc).toEqual(["An electric bike has no engine size: leave it empty."]);
    expect(reply.error.modelYear).toEqual([`Use a year up to ${next}.`]);
    expect(reply.error.listPrice).toEqual(["Enter the list price in pounds, like 10,499 or 10499.00."]);
    expect(await modelNamed("Bad Input")).toHaveLength(0);
  });

  it("refuses a finance user the action with 403 and shows them the list without editing", async () => {
    const finance = await makeUser("finance", [ids["maidstone-honda"]!]);
    const refused = await post(finance, { intent: "create", make: "KTM", model: "Finance Test", category: "naked" }).catch((thrown: unknown) => thrown);
    expect((refused as Response).status).toBe(403);
    expect(await modelNamed("Finance Test")).toHaveLength(0);
    const page = await get(finance, "?new&make=Honda");
    expect(page.creating).toBe(false);
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((row) => row.make === "Honda")).toBe(true);
  });
});
