import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { Condition, VehicleStatus } from "@db/schema/stock";
import type { SessionUser } from "~/modules/auth/permissions";
import { vehicleSearchText } from "~/modules/stock/vehicle-identity";
import { stockSummary } from "~/modules/stock/stock-dashboard.server";
import { parseStockQuery } from "~/modules/stock/stock-list.schema";
import { listStock } from "~/modules/stock/stock-list.server";
import { loader as pageLoader } from "~/routes/_app.stock._index";
import { loader as csvLoader } from "~/routes/stock[.csv]";
import { londonToday } from "~/utils/dates";
import { cookieFor, makeUser, seedGroup } from "../support/factories";

// Bikes of our own branches and makes, so demo stock the group seed may add never changes the answers.
const today = londonToday();
const daysAgo = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const q = (params: Record<string, string> = {}) => parseStockQuery(new URLSearchParams(params));
const numbers = (rows: { stockNumber: string }[]) => rows.map((row) => row.stockNumber);
const args = (path: string, cookie: string): LoaderFunctionArgs => ({
  request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }),
  params: {},
  context: { cspNonce: "" },
});

type Bike = [stockNumber: string, branch: "N" | "S" | "B", model: "rally" | "trail" | "cruiser" | "filler", condition: Condition, status: VehicleStatus, pounds: number, costPounds: number | null, days: number, registration: string | null, soldDaysAgo?: number];
const BIKES: Bike[] = [
  ["TNO-00001", "N", "rally", "new", "in_stock", 9000, 7500, 5, null],
  ["TNO-00002", "N", "trail", "used", "in_stock", 6000, 5000, 45, "AB21 CDE"],
  ["TNO-00003", "N", "trail", "ex_demo", "reserved", 11000, 9500, 75, "GK70 XYZ"],
  ["TNO-00004", "N", "rally", "used", "sold", 4000, 3000, 120, "LM19 ABC", 10],
  ["TSO-00001", "S", "cruiser", "new", "in_stock", 15000, 13000, 100, null],
  ["TSO-00002", "S", "cruiser", "pre_registered", "in_transit", 14000, 12000, 200, "RX22 KLM"],
  ["TSO-00003", "S", "rally", "used", "delivered", 5000, 4200, 300, "PQ18 RST", 200],
  ["TSO-00004", "S", "trail", "new", "in_stock", 8500.5, null, 0, null],
  ...Array.from({ length: 25 }, (_, i): Bike => [`TBU-${String(i + 1).padStart(5, "0")}`, "B", "filler", "new", "in_stock", 3000 + i, 2000, i, null]),
];

let branch: Record<"N" | "S" | "B", string>;
let admin: SessionUser;
let manager: SessionUser;
let finance: SessionUser;

beforeAll(async () => {
  await seedGroup();
  const made = await db()
    .insert(schema.branches)
    .values([
      { slug: "test-north", name: "Test North", stockNumberPrefix: "TNO" },
      { slug: "test-south", name: "Test South", stockNumberPrefix: "TSO" },
      { slug: "test-bulk", name: "Test Bulk", stockNumberPrefix: "TBU" },
    ])
    .returning();
  branch = { N: made[0]!.id, S: made[1]!.id, B: made[2]!.id };
  const models = await db()
    .insert(schema.catalogueModels)
    .values([
      { make: "Testa", model: "Rally 450", modelYear: 2025, category: "rally" },
      { make: "Testa", model: "Trail 790", modelYear: 2026, category: "adventure" },
      { make: "Otherm", model: "Cruiser 1200", category: "cruiser" },
      { make: "Bulkco", model: "Filler 100", category: "scooter" },
    ])
    .returning();
  const model = { rally: models[0]!, trail: models[1]!, cruiser: models[2]!, filler: models[3]! };
  await db()
    .insert(schema.vehicles)
    .values(
      BIKES.map(([stockNumber, b, m, condition, status, pounds, costPounds, days, registration, soldDaysAgo], i) => {
        const vin = `TST${String(i + 1).padStart(14, "0")}`;
        return {
          stockNumber, branchId: branch[b], modelId: model[m].id, vin, registration, condition, status,
          retailPricePence: Math.round(pounds * 100),
          costPricePence: costPounds === null ? null : costPounds * 100,
          inStockOn: daysAgo(days),
          soldOn: soldDaysAgo === undefined ? null : daysAgo(soldDaysAgo),
          searchText: vehicleSearchText({ stockNumber, vin, registration, ...model[m] }),
        };
      }),
    );
  admin = await makeUser("admin");
  manager = await makeUser("manager", [branch.N]);
  finance = await makeUser("finance", [branch.N, branch.S]);
});

describe("stock list filters", () => {
  it("opens a manager's list on their own branches, the group one click away (scope=all), a chosen branch over either", async () => {
    const mine = await listStock(manager, q({ sort: "stockNumber", dir: "asc" }));
    expect([mine.scope, numbers(mine.rows), mine.total]).toEqual(["mine", ["TNO-00001", "TNO-00002", "TNO-00003"], 3]);
    expect(mine.statusCounts.sold + mine.statusCounts.delivered).toBe(1); // TNO-00004, sold: counted for their branch only
    // Another filter takes the counted (not kept-counts) path: still their branches only.
    expect(numbers((await listStock(manager, q({ make: "Testa", status: "all", sort: "stockNumber", dir: "asc" }))).rows)).toEqual(["TNO-00001", "TNO-00002", "TNO-00003", "TNO-00004"]);
    const group = await listStock(manager, q({ scope: "all", make: "Testa", status: "all", sort: "stockNumber", dir: "asc" }));
    expect([group.scope, numbers(group.rows)]).toEqual(["all", ["TNO-00001", "TNO-00002", "TNO-00003", "TNO-00004", "TSO-00003", "TSO-00004"]]);
    const south = await listStock(manager, q({ branch: "test-south", status: "all", sort: "stockNumber", dir: "asc" }));
    expect([south.scope, numbers(south.rows)]).toEqual(["branch", ["TSO-00001", "TSO-00002", "TSO-00003", "TSO-00004"]]);
    // An admin has no branches of their own: the group.
    expect((await listStock(admin, q({ make: "Testa", status: "all" }))).scope).toBe("all");
  });

  it("hides sold and delivered bikes unless the status filter asks for them", async () => {
    expect(numbers((await listStock(admin, q({ branch: "test-north", sort: "stockNumber", dir: "asc" }))).rows)).toEqual(["TNO-00001", "TNO-00002", "TNO-00003"]);
    expect(numbers((await listStock(admin, q({ branch: "test-north", status: "sold" }))).rows)).toEqual(["TNO-00004"]);
    expect((await listStock(admin, q({ branch: "test-north", status: "all" }))).total).toBe(4);
  });

  it("filters by branch and status, and counts by status under the other filters", async () => {
    const result = await listStock(admin, q({ branch: "test-south", status: "in_transit" }));
    expect(numbers(result.rows)).toEqual(["TSO-00002"]);
    expect(result.total).toBe(1);
    expect(result.statusCounts).toEqual({ in_stock: 2, reserved: 0, in_transit: 1, sold: 0, delivered: 1 });
  });

  it("filters by make, model, condition and category", async () => {
    const sorted = { sort: "stockNumber", dir: "asc", status: "all" };
    expect(numbers((await listStock(admin, q({ ...sorted, make: "Otherm" }))).rows)).toEqual(["TSO-00001", "TSO-00002"]);
    expect(numbers((await listStock(admin, q({ ...sorted, make: "Testa", model: "Trail 790" }))).rows)).toEqual(["TNO-00002", "TNO-00003", "TSO-00004"]);
    expect(numbers((await listStock(admin, q({ ...sorted, make: "Testa", condition: "used" }))).rows)).toEqual(["TNO-00002", "TNO-00004", "TSO-00003"]);
    expect(numbers((await listStock(admin, q({ ...sorted, make: "Testa", category: "rally" }))).rows)).toEqual(["TNO-00001", "TNO-00004", "TSO-00003"]);
  });

  it("filters by ageing bucket on the date into stock, and ages sold bikes to their sale", async () => {
    const bucket = async (age: string, status = "unsold") =>
      numbers((await listStock(admin, q({ age, status, make: "Testa", sort: "stockNumber", dir: "asc" }))).rows);
    expect(await bucket("0-30")).toEqual(["TNO-00001", "TSO-00004"]);
    expect(await bucket("31-60")).toEqual(["TNO-00002"]);
    expect(await bucket("61-90")).toEqual(["TNO-00003"]);
    expect(numbers((await listStock(admin, q({ age: "90+", branch: "test-south" }))).rows)).toEqual(["TSO-00002", "TSO-00001"]);
    // TNO-00004 was sold after 110 days in stock; TSO-00003 after 100.
    expect(await bucket("90+", "all")).toEqual(["TNO-00004", "TSO-00003"]);
    const [bike] = (await listStock(admin, q({ q: "TNO-00002" }))).rows;
    expect(bike).toMatchObject({ daysInStock: 45, ageing: "31-60" });
    const [sold] = (await listStock(admin, q({ q: "TNO-00004", status: "all" }))).rows;
    expect(sold).toMatchObject({ status: "sold", daysInStock: 110, ageing: "90+" });
  });

  it("filters by a price range in pounds, either way round", async () => {
    const range = { make: "Testa", sort: "price", dir: "asc" };
    expect(numbers((await listStock(admin, q({ ...range, minPrice: "8000", maxPrice: "11,000" }))).rows)).toEqual(["TSO-00004", "TNO-00001", "TNO-00003"]);
    expect(numbers((await listStock(admin, q({ ...range, minPrice: "9000", maxPrice: "8500.50" }))).rows)).toEqual(["TSO-00004", "TNO-00001"]);
    expect(numbers((await listStock(admin, q({ ...range, maxPrice: "£6,000" }))).rows)).toEqual(["TNO-00002"]);
  });
});

describe("stock search", () => {
  const search = async (term: string, status = "all") => numbers((await listStock(admin, q({ q: term, status, sort: "stockNumber", dir: "asc" }))).rows);

  it("finds a bike by part of its VIN, in any case", async () => {
    expect(await search("st00000000000001")).toEqual(["TNO-00001"]);
    expect(await search("00000000000002")).toEqual(["TNO-00002"]);
  });

  it("finds a bike by registration with or without its space", async () => {
    expect(await search("ab21 cde")).toEqual(["TNO-00002"]);
    expect(await search("AB21CDE")).toEqual(["TNO-00002"]);
    expect(await search("  GK70   xyz ")).toEqual(["TNO-00003"]);
  });

  it("finds bikes by stock number and by model", async () => {
    expect(await search("TSO-0000")).toEqual(["TSO-00001", "TSO-00002", "TSO-00003", "TSO-00004"]);
    expect(await search("cruiser 1200")).toEqual(["TSO-00001", "TSO-00002"]);
  });

  it("counts a search's matches by status, and still counts them when the page is empty", async () => {
    const result = await listStock(admin, q({ q: "TSO-0000", status: "in_transit" }));
    expect(numbers(result.rows)).toEqual(["TSO-00002"]);
    expect([result.total, result.statusCounts]).toEqual([1, { in_stock: 2, reserved: 0, in_transit: 1, sold: 0, delivered: 1 }]);
    const soldOnly = await listStock(admin, q({ q: "LM19" }));
    expect([soldOnly.rows, soldOnly.total, soldOnly.statusCounts.sold]).toEqual([[], 0, 1]);
  });

  it("sorts a search by margin on only the costs the user may see", async () => {
    const { rows } = await listStock(manager, q({ q: "testa", status: "all", scope: "all", sort: "margin", dir: "desc" }));
    expect(rows.map((row) => [row.stockNumber, row.marginPence])).toEqual([
      ["TNO-00001", 150000], ["TNO-00003", 150000], ["TNO-00002", 100000], ["TNO-00004", 100000], ["TSO-00003", null], ["TSO-00004", null],
    ]);
  });

  it("reads % and _ as literal characters, not wildcards", async () => {
    expect(await search("%")).toEqual([]);
    expect(await search("TNO_0000")).toEqual([]);
  });
});

describe("stock sorting and paging", () => {
  it("sorts on any column, both ways", async () => {
    const sorted = async (sort: string, dir: string) => numbers((await listStock(admin, q({ branch: "test-south", status: "all", sort, dir }))).rows);
    expect(await sorted("price", "asc")).toEqual(["TSO-00003", "TSO-00004", "TSO-00002", "TSO-00001"]);
    expect(await sorted("price", "desc")).toEqual(["TSO-00001", "TSO-00002", "TSO-00004", "TSO-00003"]);
    expect(await sorted("model", "asc")).toEqual(["TSO-00001", "TSO-00002", "TSO-00003", "TSO-00004"]);
    expect(await sorted("registration", "asc")).toEqual(["TSO-00003", "TSO-00002", "TSO-00001", "TSO-00004"]);
    // A delivered bike's days stop at its sale: TSO-00003 spent 100 days in stock, like TSO-00001.
    expect(await sorted("daysInStock", "desc")).toEqual(["TSO-00002", "TSO-00001", "TSO-00003", "TSO-00004"]);
  });

  it("pages with the total of every matching bike", async () => {
    const page = async (n: number) => listStock(admin, q({ branch: "test-bulk", size: "10", page: String(n), sort: "stockNumber", dir: "asc" }));
    const [first, third] = [await page(1), await page(3)];
    expect([first.total, first.rows.length, third.rows.length]).toEqual([25, 10, 5]);
    expect(numbers(third.rows)).toEqual(["TBU-00021", "TBU-00022", "TBU-00023", "TBU-00024", "TBU-00025"]);
  });

  it("falls back to defaults on a bad URL instead of failing", async () => {
    const query = q({ page: "x", size: "9999", sort: "password", dir: "up", status: "stolen", age: "old", minPrice: "cheap", condition: "mint" });
    expect(query).toMatchObject({ page: 1, size: 50, sort: "daysInStock", dir: "desc", status: "unsold", age: undefined, minPrice: undefined, condition: undefined });
  });
});

describe("cost and margin", () => {
  it("sends a finance user's browser no cost or margin at all", async () => {
    const data = await pageLoader(args("/stock?branch=test-north&status=all&cols=cost,margin,price&sort=margin", await cookieFor(finance)));
    const text = JSON.stringify(data);
    expect(text).toContain("TNO-00001");
    expect(text).not.toMatch(/cost|margin/i);
    const searched = JSON.stringify(await pageLoader(args("/stock?q=tno&status=all&scope=all&sort=cost", await cookieFor(finance))));
    expect(searched).toContain("TNO-00004");
    expect(searched).not.toMatch(/cost|margin/i);
    // The same check on a manager's data does find them: the test can fail.
    expect(JSON.stringify(await pageLoader(args("/stock?branch=test-north", await cookieFor(manager))))).toMatch(/costPence/);
  });

  it("sends the page only the fields of the columns on show", async () => {
    const rowsOf = async (path: string) => ((await pageLoader(args(path, await cookieFor(manager)))) as { rows: Record<string, unknown>[] }).rows;
    const [plain] = await rowsOf("/stock?branch=test-north&q=TNO-00001");
    expect(Object.keys(plain!).sort()).toEqual(
      ["ageing", "branchName", "condition", "costPence", "daysInStock", "id", "make", "marginPence", "model", "modelYear", "pricePence", "registration", "status", "stockNumber", "variant"].sort(),
    );
    const [chosen] = await rowsOf("/stock?branch=test-north&q=TNO-00001&cols=stockNumber&cols=vin&cols=mileage");
    expect(Object.keys(chosen!).sort()).toEqual(["id", "mileage", "stockNumber", "vin"]);
  });

  it("shows a manager cost and margin only on their own branches' bikes, and sorts on what they may see", async () => {
    const { rows, showCost } = await listStock(manager, q({ status: "all", scope: "all", make: "Testa", sort: "cost", dir: "desc" }));
    expect(showCost).toBe(true);
    const byNumber = Object.fromEntries(rows.map((row) => [row.stockNumber, [row.costPence, row.marginPence]]));
    expect(byNumber).toEqual({ "TNO-00001": [750000, 150000], "TNO-00002": [500000, 100000], "TNO-00003": [950000, 150000], "TNO-00004": [300000, 100000], "TSO-00003": [null, null], "TSO-00004": [null, null] });
    expect(numbers(rows).slice(0, 4)).toEqual(["TNO-00003", "TNO-00001", "TNO-00002", "TNO-00004"]);
  });

  it("answers a kept statement with each run's own values, and each manager's own costs", async () => {
    const southManager = await makeUser("manager", [branch.S]);
    const view = { status: "all", scope: "all", make: "Testa", sort: "stockNumber", dir: "asc" };
    // One shape, run for two managers and two branches: the statement is built once per shape, the
    // costs a manager may see are part of its shape, and the branch is a value.
    const costs = async (user: SessionUser, branchSlug?: string) =>
      Object.fromEntries((await listStock(user, q({ ...view, ...(branchSlug ? { branch: branchSlug } : {}) }))).rows.map((row) => [row.stockNumber, row.costPence]));
    expect(await costs(manager)).toMatchObject({ "TNO-00001": 750000, "TSO-00003": null });
    expect(await costs(southManager)).toMatchObject({ "TNO-00001": null, "TSO-00003": 420000 });
    expect(Object.keys(await costs(southManager, "test-north"))).toEqual(["TNO-00001", "TNO-00002", "TNO-00003", "TNO-00004"]);
    expect(Object.keys(await costs(southManager, "test-south"))).toEqual(["TSO-00003", "TSO-00004"]);
  });

  it("shows an admin every cost", async () => {
    const { rows } = await listStock(admin, q({ branch: "test-south", status: "all", sort: "stockNumber", dir: "asc" }));
    expect(rows.map((row) => row.costPence)).toEqual([1_300_000, 1_200_000, 420_000, null]);
    expect(rows[0]!.marginPence).toBe(200_000);
  });
});

describe("CSV export", () => {
  const csv = async (user: SessionUser, path: string) => {
    const response = (await csvLoader(args(path, await cookieFor(user)))) as Response;
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    return { header: lines[0]!.split(","), records: lines.slice(1).map((line) => line.split(",")) };
  };

  it("exports exactly the filtered rows, every page, in the table's order", async () => {
    const path = "/stock.csv?branch=test-bulk&minPrice=3010&sort=price&dir=desc&size=10&page=2";
    const { header, records } = await csv(admin, path);
    const expected = await listStock(admin, q({ branch: "test-bulk", minPrice: "3010", sort: "price", dir: "desc", size: "200" }));
    expect(records.map((r) => r[0])).toEqual(numbers(expected.rows));
    expect(records).toHaveLength(15);
    expect(header).toContain("cost_price_gbp");
  });

  it("leaves cost empty on other branches' rows for a manager, and out altogether for finance", async () => {
    const mine = await csv(manager, "/stock.csv?make=Otherm&status=all&scope=all&sort=stockNumber&dir=asc");
    const at = mine.header.indexOf("cost_price_gbp");
    expect(mine.records.map((r) => r[at])).toEqual(["", ""]);
    const theirs = await csv(manager, "/stock.csv?branch=test-north&sort=stockNumber&dir=asc");
    expect(theirs.records.map((r) => [r[at], r[at + 1]])).toEqual([["7500.00", "1500.00"], ["5000.00", "1000.00"], ["9500.00", "1500.00"]]);
    const financeCsv = await csv(finance, "/stock.csv?branch=test-north");
    expect(financeCsv.header.join(",")).not.toMatch(/cost|margin/);
    expect(financeCsv.records).toHaveLength(3);
  });
});

describe("dashboard stock summary", () => {
  it("counts units and retail value of unsold stock by status and by age, per branch", async () => {
    const summary = await stockSummary(finance);
    expect(Object.keys(summary).sort()).toEqual([branch.N, branch.S].sort());
    const north = summary[branch.N]!;
    expect(north.byStatus).toEqual({ in_stock: { units: 2, valuePence: 1_500_000 }, reserved: { units: 1, valuePence: 1_100_000 }, in_transit: { units: 0, valuePence: 0 } });
    expect(north.byAge).toEqual({ "0-30": { units: 1, valuePence: 900_000 }, "31-60": { units: 1, valuePence: 600_000 }, "61-90": { units: 1, valuePence: 1_100_000 }, "90+": { units: 0, valuePence: 0 } });
    const south = summary[branch.S]!;
    expect(south.total).toEqual({ units: 3, valuePence: 3_750_050 });
    expect(south.byAge["90+"]).toEqual({ units: 2, valuePence: 2_900_000 });
    expect(south.aged.map((bike) => [bike.stockNumber, bike.daysInStock])).toEqual([["TSO-00002", 200], ["TSO-00001", 100]]);
  });

  it("covers every branch for an admin", async () => {
    const summary = await stockSummary(admin);
    expect(summary[branch.B]!.total.units).toBe(25);
  });
});
