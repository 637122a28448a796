import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { commitStockImport, decodeCsvUpload, IMPORT_COLUMNS, previewStockImport } from "~/modules/stock/stock-import.server";
import { stockImportTemplate } from "~/modules/stock/stock-import-template.server";
import { VehicleFieldsSchema } from "~/modules/stock/stock.schema";
import { createVehicle } from "~/modules/stock/vehicles.server";
import { action as importAction, loader as importLoader } from "~/routes/_app.stock.import";
import { loader as templateLoader } from "~/routes/stock.import[.csv]";
import { readToast } from "~/utils/toast.server";
import { auditRows, cookieFor, makeUser, seedGroup } from "../support/factories";
import { expectKeptStockToAgree } from "../support/stock-factories";

let branches: Record<string, string>;
let admin: SessionUser;
let manager: SessionUser;
let finance: SessionUser;

/** The catalogue model, added unless the demo seed already has it. */
async function ensureModel(make: string, model: string, variant: string, modelYear: number, category: "naked" | "adventure") {
  await db().insert(schema.catalogueModels).values({ make, model, variant, modelYear, category }).onConflictDoNothing();
}

let vinSerial = 0;
/** A valid VIN no other test or seed uses (no I, O or Q). */
const vin = () => `VBKXMP${String(++vinSerial).padStart(6, "0")}${Math.random().toString().slice(2, 7)}`;

type Cells = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;
const goodRow = (cells: Cells = {}): Cells => ({
  branch: "laguna-ktm",
  make: "KTM",
  model: "390 Duke",
  model_year: "2026",
  vin: vin(),
  condition: "new",
  mileage: "3",
  colour: "Orange",
  retail_price: "5999",
  cost_price: "5150",
  in_stock_on: "2026-10-01",
  ...cells,
});
const usedRow = (cells: Cells = {}): Cells =>
  goodRow({
    make: "Triumph",
    model: "Street Triple",
    variant: "RS",
    model_year: "2021",
    registration: "AB21 CDE",
    condition: "used",
    mileage: "8420",
    previous_keepers: "2",
    v5c_held: "yes",
    ...cells,
  });

/** A CSV as a spreadsheet saves it: quoted where needed, CRLF line endings. */
function csvOf(rows: Cells[]) {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [IMPORT_COLUMNS.join(","), ...rows.map((row) => IMPORT_COLUMNS.map((column) => quote(row[column] ?? "")).join(","))].join("\r\n") + "\r\n";
}

const vehicleCount = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(schema.vehicles))[0]!.n;

beforeAll(async () => {
  branches = await seedGroup();
  admin = await makeUser("admin");
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  await ensureModel("KTM", "390 Duke", "", 2026, "naked");
  await ensureModel("Triumph", "Street Triple", "RS", 2021, "naked");
});

describe("checking a stock file", () => {
  it("reports each bad cell by line, column and message, and counts the rows", async () => {
    const shared = vin();
    const rows = [
      goodRow({ vin: "VBKXMP12345" }),
      goodRow({ branch: "brighton-ducati" }),
      goodRow({ model: "1390 Super Duke", variant: "Evo" }),
      goodRow({ retail_price: "£5,99" }),
      usedRow({ registration: "" }),
      goodRow({ vin: shared }),
      goodRow({ vin: shared }),
      goodRow({ notes: 'Quoted, with a comma\nand a second line, and "quotes"', condition: "Pre-Registered", registration: "ab26 cde", in_stock_on: "01/10/2026" }),
    ];
    const preview = await previewStockImport(admin, csvOf(rows));
    if (!preview.ok) throw new Error(preview.message);
    const errorsOn = (line: number) => preview.rows.find((row) => row.line === line)!.errors;

    expect(errorsOn(2)).toEqual([{ column: "vin", message: "A VIN has 17 characters; this has 11." }]);
    expect(errorsOn(3)).toEqual([{ column: "branch", message: expect.stringMatching(/^There is no branch "brighton-ducati"\. Use one of: .*laguna-ktm/) }]);
    expect(errorsOn(4)).toEqual([{ column: "model", message: expect.stringContaining("KTM 1390 Super Duke Evo (2026) isn't in the catalogue") }]);
    expect(errorsOn(5)).toEqual([{ column: "retail_price", message: "Enter the retail price in pounds, like 8499 or 8,499.00." }]);
    expect(errorsOn(6)).toEqual([{ column: "registration", message: "Enter the registration: only new bikes may be unregistered." }]);
    expect(errorsOn(7)).toEqual([{ column: "vin", message: "The same VIN is on line 8 of this file." }]);
    expect(errorsOn(8)).toEqual([{ column: "vin", message: "The same VIN is on line 7 of this file." }]);
    // The quoted note spans two lines, so the row after it would start on line 11.
    expect(errorsOn(9)).toEqual([]);
    expect(preview.rows.find((row) => row.line === 9)!.summary).toBe(`Laguna Motorcycles · KTM 390 Duke (2026) · pre-registered · ${rows[7]!.vin} · £5,999.00`);
    expect({ errorCount: preview.errorCount, validCount: preview.validCount }).toEqual({ errorCount: 7, validCount: 1 });
  });

  it("reports a VIN that is already on an unsold bike", async () => {
    const text = csvOf([goodRow()]);
    expect(await commitStockImport(admin, text)).toEqual({ ok: true, count: 1 });
    const again = await previewStockImport(admin, text);
    expect(again.ok && again.rows[0]!.errors).toEqual([{ column: "vin", message: expect.stringMatching(/^This VIN is already on LAG-\d{5}, which hasn't been sold\.$/) }]);
  });

  it("names the missing and unknown columns, and refuses empty and oversized files", async () => {
    const header = IMPORT_COLUMNS.filter((c) => c !== "vin" && c !== "retail_price").join(",") + ",price";
    expect(await previewStockImport(admin, `${header}\n`)).toEqual({
      ok: false,
      message: expect.stringContaining('(missing vin, retail_price; unknown "price")'),
    });
    expect(await previewStockImport(admin, " \r\n")).toEqual({ ok: false, message: "The file is empty. Start from the template." });
    expect(await previewStockImport(admin, csvOf([]))).toEqual({ ok: false, message: "The file has a header row but no bikes under it." });
    const tooMany = csvOf(Array.from({ length: 5_001 }, () => goodRow()));
    expect(await previewStockImport(admin, tooMany)).toEqual({ ok: false, message: expect.stringContaining("The file has 5,001 bikes; one import takes at most 5,000.") });
  });

  it("reads what Excel saves: a byte-order mark, Windows-1252 text and DD/MM/YYYY dates", async () => {
    const text = `\uFEFF${csvOf([goodRow({ colour: "Café Racer Green", in_stock_on: "1/10/2026" })])}`;
    const latin1 = Uint8Array.from([...text.slice(1)].map((char) => char.charCodeAt(0)));
    for (const decoded of [decodeCsvUpload(new TextEncoder().encode(text)), decodeCsvUpload(latin1)]) {
      const preview = await previewStockImport(admin, decoded);
      expect(preview).toMatchObject({ ok: true, errorCount: 0, validCount: 1 });
    }
    expect(decodeCsvUpload(latin1)).toContain("Café Racer Green");
    expect(await previewStockImport(admin, `${IMPORT_COLUMNS.join(",")}\n"laguna-ktm,KTM\n`)).toEqual({
      ok: false,
      message: expect.stringMatching(/^The file isn't valid CSV near line \d+/),
    });
  });

  it("passes the template's own example rows, for an admin and for a manager of the branches it names", async () => {
    const hondaManager = await makeUser("manager", [branches["maidstone-honda"]!, branches["kent-motorcycles"]!]);
    for (const user of [admin, manager, hondaManager]) {
      const template = await stockImportTemplate(user);
      const preview = await previewStockImport(user, template);
      expect(preview.ok && preview.rows.map((row) => row.errors)).toEqual([[], []]);
      // Imported unchanged, it adds its two bikes.
      expect(await commitStockImport(user, template)).toEqual({ ok: true, count: 2 });
    }
    // The Honda manager's file names their own branches (a new bike at the first by name, a used one at the next).
    const [, newRow, usedRow] = (await stockImportTemplate(hondaManager)).replace(/^\uFEFF/, "").trim().split("\r\n").map((line) => line.split(","));
    expect([newRow![0], newRow![7], usedRow![0], usedRow![7]]).toEqual(["kent-motorcycles", "new", "maidstone-honda", "used"]);
  });

  it("is the header row alone for a user with no branch of their own", async () => {
    const unassigned = { ...manager, branchIds: [] };
    expect((await stockImportTemplate(unassigned)).replace(/^\uFEFF/, "").trim()).toBe(IMPORT_COLUMNS.join(","));
  });

  it("gives a manager a row error for another branch's bike", async () => {
    const preview = await previewStockImport(manager, csvOf([goodRow(), goodRow({ branch: "maidstone-honda" })]));
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.rows.map((row) => row.errors)).toEqual([[], [{ column: "branch", message: "You can import only into your own branches (laguna-ktm)." }]]);
  });
});

describe("importing a stock file", () => {
  it("imports nothing when one row is bad", async () => {
    const before = await vehicleCount();
    const result = await commitStockImport(admin, csvOf([goodRow(), goodRow(), goodRow({ mileage: "lots" })]));
    expect(result).toMatchObject({ ok: false, status: 400, message: "1 row has errors, so nothing was imported. Fix the file and check it again." });
    expect(await vehicleCount()).toBe(before);
  });

  it("adds every row with a stock number, a status event and an audit row, plus one import record", async () => {
    const rows = [goodRow(), usedRow({ branch: "laguna-performance" }), goodRow({ condition: "ex-demo", registration: "AB26 XYZ" })];
    const importsBefore = (await auditRows("stock.imported")).length;
    expect(await commitStockImport(admin, csvOf(rows))).toEqual({ ok: true, count: 3 });

    const added = await db().select().from(schema.vehicles).where(inArray(schema.vehicles.vin, rows.map((row) => row.vin!)));
    expect(added.map((v) => v.stockNumber).sort()).toEqual([expect.stringMatching(/^LAG-\d{5}$/), expect.stringMatching(/^LAG-\d{5}$/), expect.stringMatching(/^LPC-\d{5}$/)]);
    const used = added.find((v) => v.condition === "used")!;
    expect(used).toMatchObject({ registration: "AB21 CDE", previousKeepers: 2, v5cHeld: true, retailPricePence: 599_900, costPricePence: 515_000 });
    for (const bike of added) {
      expect(await db().select().from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, bike.id))).toHaveLength(1);
    }
    const created = (await auditRows("vehicle.created")).filter((row) => added.some((v) => v.id === row.entityId));
    expect(created).toHaveLength(3);
    const imports = await auditRows("stock.imported");
    expect(imports).toHaveLength(importsBefore + 1);
    expect(imports.at(-1)).toMatchObject({
      actorId: admin.id,
      entityType: "stock_import",
      after: { count: 3, byPrefix: { LAG: { count: 2 }, LPC: { count: 1 } } },
    });
  });

  it("writes the same bike, status event and audit row as adding it through the form", async () => {
    const cells = usedRow({ colour: "Matt Silver Ice", notes: "Full service history" });
    const fields = VehicleFieldsSchema.parse({
      branchId: branches["laguna-ktm"],
      modelId: (await db().select().from(schema.catalogueModels).where(eq(schema.catalogueModels.model, "Street Triple")))[0]!.id,
      vin: vin(),
      registration: cells.registration,
      condition: "used",
      mileage: cells.mileage,
      colour: cells.colour,
      retailPricePence: cells.retail_price,
      costPricePence: cells.cost_price,
      inStockOn: cells.in_stock_on,
      previousKeepers: cells.previous_keepers,
      v5cHeld: cells.v5c_held,
      notes: cells.notes,
    });
    const form = await createVehicle({ actor: admin, fields });
    if (!form.ok) throw new Error(form.message);
    expect(await commitStockImport(admin, csvOf([cells]))).toEqual({ ok: true, count: 1 });

    const [viaForm, viaImport] = await Promise.all(
      [form.id, (await db().select().from(schema.vehicles).where(eq(schema.vehicles.vin, cells.vin!)))[0]!.id].map(async (id) => {
        const [bike] = await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, id));
        const events = await db().select().from(schema.vehicleEvents).where(eq(schema.vehicleEvents.vehicleId, id));
        const audit = (await auditRows("vehicle.created")).filter((row) => row.entityId === id);
        return { bike: bike!, events, audit };
      }),
    );
    const comparable = ({ bike, events, audit }: NonNullable<typeof viaForm>) => {
      const { id: _id, stockNumber: _n, vin: _v, searchText, createdAt: _c, updatedAt: _u, ...rest } = bike;
      const after = audit[0]!.after as Record<string, unknown>;
      return {
        rest,
        searchText: searchText.replace(bike.stockNumber.toLowerCase(), "").replace(bike.vin.toLowerCase(), ""),
        events: events.map((e) => [e.fromStatus, e.toStatus, e.note, e.actorId]),
        auditKeys: Object.keys(after).sort(),
      };
    };
    expect(comparable(viaImport!)).toEqual(comparable(viaForm!));
  });

  it(
    "commits 5,000 rows in one go",
    async () => {
      const models = ["KTM|390 Duke||2026", "Triumph|Street Triple|RS|2021"].map((key) => key.split("|"));
      const slugs = ["laguna-ktm", "laguna-performance", "laguna-triumph", "kent-motorcycles"];
      const rows = Array.from({ length: 5_000 }, (_, i) => {
        const [make, model, variant, model_year] = models[i % 2]!;
        return (i % 2 ? usedRow : goodRow)({ branch: slugs[i % slugs.length], make, model, variant, model_year, notes: `Bulk ${i}` });
      });
      const text = csvOf(rows);
      const before = await vehicleCount();
      const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
      let started = performance.now();
      const preview = await previewStockImport(admin, text);
      const checkedIn = seconds(started);
      expect(preview).toMatchObject({ ok: true, errorCount: 0, validCount: 5_000 });
      started = performance.now();
      const result = await commitStockImport(admin, text);
      console.log(`5,000-row stock import (${(text.length / 1024).toFixed(0)} KB): checked in ${checkedIn} s, committed (checked again and inserted) in ${seconds(started)} s`);
      expect(result).toEqual({ ok: true, count: 5_000 });
      expect(await vehicleCount()).toBe(before + 5_000);
    },
    180_000,
  );
});

describe("the import pages", () => {
  const request = (cookie: string, url: string, body?: FormData) =>
    new Request(`http://localhost${url}`, { method: body ? "POST" : "GET", headers: { Cookie: cookie }, body });
  const args = (req: Request) => ({ request: req, params: {}, context: { cspNonce: "" } });
  const refusal = (promise: Promise<unknown>) => promise.then(() => null).catch((thrown: unknown) => (thrown as Response).status);

  it("refuses finance staff with 403", async () => {
    const cookie = await cookieFor(finance);
    expect(await refusal(importLoader(args(request(cookie, "/stock/import"))))).toBe(403);
    expect(await refusal(importAction(args(request(cookie, "/stock/import", new FormData()))))).toBe(403);
    expect(await refusal(templateLoader(args(request(cookie, "/stock/import.csv"))))).toBe(403);
  });

  it("serves the template as a download", async () => {
    const response = await templateLoader(args(request(await cookieFor(manager), "/stock/import.csv")));
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="laguna-stock-import-template.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // The byte-order mark tells Excel the file is UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split("\r\n")[0]).toBe(IMPORT_COLUMNS.join(","));
  });

  it("checks an uploaded file, then imports the CSV posted back and redirects with a toast", async () => {
    const cookie = await cookieFor(manager);
    const upload = new FormData();
    upload.set("intent", "check");
    upload.set("file", new File([csvOf([goodRow(), goodRow()])], "bikes.csv", { type: "text/csv" }));
    const checked = (await importAction(args(request(cookie, "/stock/import", upload)))) as { errorCount: number; validCount: number; csv: string };
    expect(checked).toMatchObject({ errorCount: 0, validCount: 2 });

    const commit = new FormData();
    commit.set("intent", "commit");
    commit.set("csv", checked.csv);
    const done = (await importAction(args(request(cookie, "/stock/import", commit)))) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/stock");
    const next = new Request("http://localhost/stock", { headers: { Cookie: done.headers.get("Set-Cookie")!.split(";")[0]! } });
    expect((await readToast(next)).toast).toBe("Imported 2 bikes");
  });
});

describe("the kept counts by branch and status, and the kept unsold stock by intake day", () => {
  it("agree with a fresh count after the imports above", expectKeptStockToAgree);
});
