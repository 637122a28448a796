// Every field has a domain: money from £0 to £1,000,000, days within business bounds, text without
// control characters, versions and ids that the database can hold; and the bounds that need a record
// (a deposit against the bike's price, a reservation's length, a deal's bike) held by the domain.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { recordDisclosure } from "~/modules/finance/deal-steps.server";
import { DealFieldsSchema, EntrySchema } from "~/modules/finance/deals.schema";
import { createDeal } from "~/modules/finance/deals.server";
import { DeliverSchema, ReserveSchema, SellSchema, VehicleFieldsSchema } from "~/modules/stock/stock.schema";
import { deliverVehicle, reserveVehicle, sellVehicle } from "~/modules/stock/status.server";
import { createVehicle } from "~/modules/stock/vehicles.server";
import { action as dealAction } from "~/routes/_app.finance.$id";
import { action as vehicleAction, loader as vehicleLoader } from "~/routes/_app.stock.$id";
import { loader as stockListLoader } from "~/routes/_app.stock._index";
import { action as editVehicleAction } from "~/routes/_app.stock.$id_.edit";
import { cookieFor, makeUser, seedGroup } from "../support/factories";
import { dealFormValues, dealInput, makeDeal, makePanel } from "../support/finance-factories";
import { makeModel, makeVehicle, vehicleFields } from "../support/stock-factories";

let branches: Record<string, string>;
let admin: SessionUser;
let ktmManager: SessionUser;
let hondaManager: SessionUser;
let hondaFinance: SessionUser;
let modelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  admin = await makeUser("admin");
  ktmManager = await makeUser("manager", [branches["laguna-ktm"]!]);
  hondaManager = await makeUser("manager", [branches["maidstone-honda"]!]);
  hondaFinance = await makeUser("finance", [branches["maidstone-honda"]!, branches["maidstone-harley-davidson"]!]);
  modelId = (await makeModel({ modelYear: 2025 })).id;
  await makePanel();
});

/** The messages a schema gives, by field. */
function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const byField: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (byField[String(issue.path[0])] ??= []).push(issue.message);
  return byField;
}

const bikeInput = (overrides: Record<string, string> = {}) => ({
  branchId: branches["laguna-ktm"]!,
  modelId,
  vin: "VBKV39405NM123456",
  condition: "new",
  mileage: "0",
  retailPricePence: "8000",
  inStockOn: "2026-10-01",
  ...overrides,
});

const ktmBike = (overrides: Record<string, string> = {}) => makeVehicle(ktmManager, { branchId: branches["laguna-ktm"]!, modelId, retailPricePence: "8000", ...overrides });

describe("money", () => {
  it("refuses a retail price of £0 or over £1,000,000", () => {
    expect(errorsOf(VehicleFieldsSchema.safeParse(bikeInput({ retailPricePence: "0" }))).retailPricePence).toEqual(["The retail price must be more than £0."]);
    expect(errorsOf(VehicleFieldsSchema.safeParse(bikeInput({ retailPricePence: "1,000,000.01" }))).retailPricePence).toEqual(["The retail price can't be more than £1,000,000."]);
    expect(VehicleFieldsSchema.safeParse(bikeInput({ retailPricePence: "1,000,000" })).success).toBe(true);
  });

  it("refuses a sale price of £0 and a deposit over £1,000,000", () => {
    expect(errorsOf(SellSchema.safeParse({ intent: "sell", version: "1", customerName: "Ann Buyer", salePricePence: "0", soldOn: "2026-11-01" })).salePricePence).toEqual(["The sale price must be more than £0."]);
    const reserve = { intent: "reserve", version: "1", customerName: "Jo Rider", customerContact: "07700 900123", channel: "in_store", depositRefundable: "yes", depositTerms: "Refundable", expiresAt: "2030-01-01T12:00" };
    expect(errorsOf(ReserveSchema.safeParse({ ...reserve, depositPence: "999,999,999" })).depositPence).toEqual(["The deposit can't be more than £1,000,000."]);
  });

  it("refuses a reservation deposit above the bike's price, saying the price", async () => {
    const bike = await ktmBike();
    const expiresAt = new Date(Date.now() + 3 * 86_400_000);
    const base = { actor: ktmManager, id: bike.id, version: bike.version, customerName: "Jo Rider", customerContact: "07700 900123", channel: "in_store" as const, depositRefundable: true, depositTerms: "Refundable", expiresAt };
    expect(await reserveVehicle({ ...base, depositPence: 99_999_900 })).toEqual({ ok: false, field: "depositPence", status: 400, message: "The deposit can't be more than the bike's price of £8,000.00." });
    expect((await reserveVehicle({ ...base, depositPence: 800_000 })).ok).toBe(true);
  });

  it("refuses finance figures beyond £1,000,000, so no commission on them can overflow, and a deposit above the cash price", () => {
    const huge = DealFieldsSchema.safeParse({ ...dealForm(), cashPricePence: "900,001,000", creditPence: "900,000,000", totalPayablePence: "900,003,144" });
    expect(errorsOf(huge).creditPence).toEqual(["The amount of credit can't be more than £1,000,000."]);
    expect(errorsOf(huge).cashPricePence).toEqual(["The cash price can't be more than £1,000,000."]);
    const deposit = DealFieldsSchema.safeParse({ ...dealForm(), depositPence: "12000", creditPence: "0" });
    expect(errorsOf(deposit).depositPence).toEqual(["The deposit can't be more than the cash price."]);
  });

  it("discloses a commission on the largest deal allowed without overflowing its column", async () => {
    const [captive] = await db().select().from(schema.lenders).where(eq(schema.lenders.captiveBrands, ["KTM"]));
    // £1,000,000 at a true 0%: 40 × £25,000.
    const id = await makeDeal(admin, branches["laguna-ktm"]!, {
      cashPricePence: "1,000,000", depositPence: "0", creditPence: "1,000,000", termMonths: "40", regularPaymentCount: "40", monthlyPaymentPence: "25,000",
      ratePercentBasisPoints: "0", aprBasisPoints: "0", chargeForCreditPence: "0", totalPayablePence: "1,000,000",
    });
    const result = await recordDisclosure({ actor: admin, id, version: 1, lenderId: captive!.id, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt: new Date() });
    expect(result).toMatchObject({ ok: true, estimatedCommissionPence: 4_000_000 }); // 4% of £1,000,000
  });

  it("refuses a dated entry of 99,999,999,999 with the bound, not a database error", () => {
    const entry = EntrySchema.safeParse({ intent: "entry", kind: "commission_paid", effectiveOn: "2026-11-01", amountPence: "99999999999", reason: "Paid by the lender" });
    expect(errorsOf(entry).amountPence).toEqual(["The amount can't be more than £1,000,000."]);
  });
});

describe("dates", () => {
  it("keeps the date into stock between 2000 and today", () => {
    expect(errorsOf(VehicleFieldsSchema.safeParse(bikeInput({ inStockOn: "2099-01-01" }))).inStockOn).toEqual(["The date into stock can't be in the future."]);
    expect(errorsOf(VehicleFieldsSchema.safeParse(bikeInput({ inStockOn: "1900-01-01" }))).inStockOn).toEqual(["The date into stock can't be before 2000."]);
    expect(errorsOf(VehicleFieldsSchema.safeParse(bikeInput({ inStockOn: "2026-02-30" }))).inStockOn).toEqual(["Enter the date into stock."]);
  });

  it("refuses a bike into stock before its model year could exist", async () => {
    const result = await createVehicle({ actor: ktmManager, fields: vehicleFields(bikeInput({ inStockOn: "2023-12-31" })) });
    expect(result).toEqual({ ok: false, field: "inStockOn", status: 400, message: "A 2025 model can't have come into stock before 2024." });
  });

  it("refuses a sale or delivery in the future, a sale before the bike came in, and a delivery before the sale", async () => {
    expect(errorsOf(SellSchema.safeParse({ intent: "sell", version: "1", customerName: "Ann Buyer", salePricePence: "8000", soldOn: "2099-01-01" })).soldOn).toEqual(["The sale date can't be in the future."]);
    expect(errorsOf(DeliverSchema.safeParse({ intent: "deliver", version: "1", deliveredOn: "2099-01-01" })).deliveredOn).toEqual(["The delivery date can't be in the future."]);
    const bike = await ktmBike({ inStockOn: "2026-10-01" });
    const sale = { actor: ktmManager, id: bike.id, version: bike.version, customerName: "Ann Buyer", customerContact: "", salePricePence: 800_000 };
    expect(await sellVehicle({ ...sale, soldOn: "2026-09-30" })).toEqual({ ok: false, field: "soldOn", status: 400, message: "The sale date can't be before the bike came into stock (2026-10-01)." });
    expect((await sellVehicle({ ...sale, soldOn: "2026-10-05" })).ok).toBe(true);
    expect(await deliverVehicle({ actor: ktmManager, id: bike.id, version: bike.version + 1, deliveredOn: "2026-10-04" })).toEqual({
      ok: false,
      field: "deliveredOn",
      status: 400,
      message: "Delivery can't be before the sale (2026-10-05).",
    });
  });

  it("lets a reservation run at most RESERVATION_MAX_DAYS (30 unless set)", async () => {
    const bike = await ktmBike();
    const base = { actor: ktmManager, id: bike.id, version: bike.version, customerName: "Jo Rider", customerContact: "07700 900123", channel: "in_store" as const, depositPence: 0, depositRefundable: true, depositTerms: "" };
    const days = (n: number) => new Date(Date.now() + n * 86_400_000);
    expect(await reserveVehicle({ ...base, expiresAt: new Date("2099-01-01T12:00:00Z") })).toEqual({ ok: false, field: "expiresAt", message: "A reservation can run for at most 30 days: choose an earlier expiry." });
    process.env.RESERVATION_MAX_DAYS = "7";
    try {
      expect(await reserveVehicle({ ...base, expiresAt: days(8) })).toEqual({ ok: false, field: "expiresAt", message: "A reservation can run for at most 7 days: choose an earlier expiry." });
      expect((await reserveVehicle({ ...base, expiresAt: days(6.9) })).ok).toBe(true);
    } finally {
      delete process.env.RESERVATION_MAX_DAYS;
    }
  });

  it("keeps a dated entry between 2000 and a year ahead", () => {
    const entry = (effectiveOn: string) => errorsOf(EntrySchema.safeParse({ intent: "entry", kind: "correction", effectiveOn, reason: "Typo in the name" })).effectiveOn;
    expect(entry("1999-12-31")).toEqual(["The date the entry takes effect can't be before 2000-01-01."]);
    expect(entry("2099-01-01")?.[0]).toMatch(/^The date the entry takes effect can't be after \d{4}-\d{2}-\d{2}\.$/);
  });
});

describe("text, versions and ids", () => {
  it("refuses a NUL or other control character in text, but keeps line breaks and tabs in multi-line text", () => {
    const reserve = { intent: "reserve", version: "1", customerContact: "07700 900123", channel: "in_store", depositRefundable: "yes", expiresAt: "2030-01-01T12:00" };
    expect(errorsOf(ReserveSchema.safeParse({ ...reserve, customerName: "Jo\u0000Rider" })).customerName).toEqual([
      "The customer's name contains a hidden control character (such as a NUL): retype it without one.",
    ]);
    expect(errorsOf(ReserveSchema.safeParse({ ...reserve, customerName: "Jo\u001b[31mRider" })).customerName).toHaveLength(1);
    expect(errorsOf(ReserveSchema.safeParse({ ...reserve, customerName: "Jo\tRider" })).customerName).toHaveLength(1);
    const notes = VehicleFieldsSchema.safeParse(bikeInput({ notes: "Line one\r\n\tLine two" }));
    expect(notes.success && notes.data.notes).toBe("Line one\n\tLine two");
    expect(errorsOf(VehicleFieldsSchema.safeParse(bikeInput({ notes: "bad\u0000note" }))).notes).toEqual(["The notes contains a hidden control character (such as a NUL): retype it without one."]);
  });

  it("answers version=abc and a version past a database integer with 400 beside the version", async () => {
    const bike = await ktmBike();
    const cookie = await cookieFor(ktmManager);
    for (const version of ["abc", "99999999999", "1e400"]) {
      const body = new URLSearchParams({ ...bikeInput({ vin: bike.vin }), version });
      const reply = (await editVehicleAction({ request: new Request(`http://localhost/stock/${bike.id}/edit`, { method: "POST", headers: { Cookie: cookie }, body }), params: { id: bike.id }, context: { cspNonce: "" } })) as {
        data: { error: Record<string, string[]> };
        init: { status: number };
      };
      expect(reply.init.status, version).toBe(400);
      expect(reply.data.error.version).toEqual(["This form is out of date or damaged: reload the page and try again."]);
    }
  });

  it("answers an id that isn't a UUID with 404 in the address and 400 in a form, never a database error", async () => {
    const cookie = await cookieFor(admin);
    const post = (path: string, id: string, fields: Record<string, string>) => ({ request: new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) }), params: { id }, context: { cspNonce: "" } });
    const thrown = await dealAction(post("/finance/x", "not-a-deal", { intent: "not-proceeding", version: "1", reason: "Changed their mind" })).catch((error: unknown) => error);
    expect((thrown as Response).status).toBe(404);
    const bike = await ktmBike();
    const reply = (await vehicleAction(post(`/stock/${bike.id}`, bike.id, { intent: "apply-offer", offerId: "1; drop table offers" }))) as { data: { offerError: string }; init: { status: number } };
    expect(reply.init.status).toBe(409); // no reservation to apply it to: checked first
    const reserved = await ktmBike();
    expect((await reserveVehicle({ actor: admin, id: reserved.id, version: reserved.version, customerName: "Jo Rider", customerContact: "07700 900123", channel: "in_store", depositPence: 0, depositRefundable: true, depositTerms: "", expiresAt: new Date(Date.now() + 86_400_000) })).ok).toBe(true);
    const offer = (await vehicleAction(post(`/stock/${reserved.id}`, reserved.id, { intent: "apply-offer", offerId: "not-a-uuid" }))) as { data: { offerError: string }; init: { status: number } };
    expect(offer.init.status).toBe(400);
    expect(offer.data.offerError).toBe("Choose an offer from the list.");
  });

  it("drops a search or filter with a NUL, or a price past any bike, instead of failing the query", async () => {
    const request = new Request("http://localhost/stock?q=adv%00x&colour=%00&minPrice=99999999999&maxPrice=1e400", { headers: { Cookie: await cookieFor(admin) } });
    const page = (await stockListLoader({ request, params: {}, context: { cspNonce: "" } })) as { query: { q: string; minPrice?: number; maxPrice?: number } };
    expect(page.query).toMatchObject({ q: "", minPrice: undefined, maxPrice: undefined });
  });
});

describe("foreign ids and customers' details", () => {
  it("refuses a deal naming another branch's bike reserved for someone else, or a bike outside the user's branches", async () => {
    const hd = await makeVehicle(admin, { branchId: branches["maidstone-harley-davidson"]!, modelId, retailPricePence: "8000" });
    expect((await reserveVehicle({ actor: admin, id: hd.id, version: hd.version, customerName: "Sam Someone", customerContact: "07700 900999", channel: "in_store", depositPence: 0, depositRefundable: true, depositTerms: "", expiresAt: new Date(Date.now() + 86_400_000) })).ok).toBe(true);
    const honda = branches["maidstone-honda"]!;
    expect(await createDeal({ actor: hondaFinance, fields: dealInput(honda, { vehicleId: hd.id }) })).toEqual({
      ok: false,
      field: "vehicleId",
      status: 409,
      message: "That bike is reserved at Maidstone Harley-Davidson for another customer: choose another, or ask them to release it.",
    });
    expect((await createDeal({ actor: hondaFinance, fields: dealInput(honda, { vehicleId: hd.id, customerName: "Sam  someone" }) })).ok).toBe(true);
    const ktm = await ktmBike();
    expect(await createDeal({ actor: hondaFinance, fields: dealInput(honda, { vehicleId: ktm.id }) })).toEqual({
      ok: false,
      field: "vehicleId",
      status: 400,
      message: "That bike is at Laguna Motorcycles: choose a bike from your own branches' stock, or describe it.",
    });
  });

  it("refuses a deal for a branch that doesn't exist instead of failing in the database", async () => {
    expect(await createDeal({ actor: admin, fields: dealInput(crypto.randomUUID()) })).toEqual({ ok: false, field: "branchId", status: 400, message: "Choose one of your active branches." });
  });

  it("shows other branches' staff only that a bike is reserved there, never the customer", async () => {
    const bike = await ktmBike();
    expect((await reserveVehicle({ actor: ktmManager, id: bike.id, version: bike.version, customerName: "Priya Private", customerContact: "07700 900555", channel: "in_store", depositPence: 10_000, depositRefundable: true, depositTerms: "Back within 7 days", expiresAt: new Date(Date.now() + 86_400_000) })).ok).toBe(true);
    const load = async (user: SessionUser) =>
      JSON.stringify(await vehicleLoader({ request: new Request(`http://localhost/stock/${bike.id}`, { headers: { Cookie: await cookieFor(user) } }), params: { id: bike.id }, context: { cspNonce: "" } }));
    const other = await load(hondaManager);
    expect(other).not.toContain("Priya");
    expect(other).not.toContain("07700 900555");
    expect(other).not.toContain("Back within 7 days");
    expect(other).toContain('"customersHidden":true');
    const own = await load(ktmManager);
    expect(own).toContain("Priya Private");
    expect(own).toContain("07700 900555");
  });
});

/** A deal as the form posts it (pounds as typed), before the schema. */
function dealForm() {
  return dealFormValues(branches["laguna-ktm"]!);
}
