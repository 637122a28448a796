import { CsvError, parse } from "csv-parse/sync";
import { and, inArray, notInArray, sql } from "drizzle-orm";
import { CONDITIONS, type Condition } from "@db/schema/stock";
import { db, schema, type Transaction } from "@db/client";
import { recordAudit, recordAudits } from "~/modules/audit/record.server";
import { can, canSeeCost, type SessionUser } from "~/modules/auth/permissions";
import { formatPounds } from "~/utils/money";
import { attempt, type Once } from "~/utils/result.server";
import { VehicleFieldsSchema, type VehicleFields } from "./stock.schema";
import { modelLabel } from "./labels";
import { formatStockNumber, normaliseVin } from "./vehicle-identity";
import { detailColumns } from "./vehicles.server";
import { vehicleSnapshot } from "./vehicle-records.server";

const { branches, catalogueModels, vehicles, vehicleEvents, stockNumberCounters } = schema;

export const IMPORT_MAX_ROWS = 5_000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export const IMPORT_COLUMNS = [
  "branch",
  "make",
  "model",
  "variant",
  "model_year",
  "vin",
  "registration",
  "condition",
  "mileage",
  "colour",
  "retail_price",
  "cost_price",
  "in_stock_on",
  "previous_keepers",
  "v5c_held",
  "notes",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** What the page says about each column; required columns must be in the header row. */
export const IMPORT_COLUMN_HELP: { column: ImportColumn; required: boolean; help: string }[] = [
  { column: "branch", required: true, help: "The branch's short name (slug), like laguna-ktm." },
  { column: "make", required: true, help: "As in the catalogue, like KTM." },
  { column: "model", required: true, help: "As in the catalogue, like 390 Duke." },
  { column: "variant", required: false, help: "As in the catalogue; empty when the model has none." },
  { column: "model_year", required: false, help: "As in the catalogue, like 2026; empty when the catalogue has no year." },
  { column: "vin", required: true, help: "17 characters, no I, O or Q." },
  { column: "registration", required: false, help: "Like AB21 CDE. Required unless the bike is new." },
  { column: "condition", required: true, help: "new, pre_registered, ex_demo or used." },
  { column: "mileage", required: false, help: "Whole miles; empty means 0." },
  { column: "colour", required: false, help: "Free text." },
  { column: "retail_price", required: true, help: "In pounds, like 8499 or £8,499.00." },
  { column: "cost_price", required: false, help: "In pounds; may be empty." },
  { column: "in_stock_on", required: true, help: "The day the bike came in: YYYY-MM-DD or DD/MM/YYYY." },
  { column: "previous_keepers", required: false, help: "A number; required for used bikes." },
  { column: "v5c_held", required: false, help: "yes or no; required for used bikes." },
  { column: "notes", required: false, help: "Free text." },
];
const REQUIRED = IMPORT_COLUMN_HELP.filter((c) => c.required).map((c) => c.column);

export interface ImportRowError {
  column: ImportColumn | "row";
  message: string;
}
export interface ImportRow {
  /** The line in the file, the header being line 1. */
  line: number;
  summary: string;
  errors: ImportRowError[];
}
export interface StockImportPreview {
  rows: ImportRow[];
  /** Rows with at least one error. */
  errorCount: number;
  validCount: number;
}

interface ParsedRow {
  line: number;
  cells: Record<ImportColumn, string>;
  /** Set when the row has more or fewer values than the header. */
  widthProblem: string | null;
}
type Parsed = { ok: true; rows: ParsedRow[] } | { ok: false; message: string };

/** An upload's bytes as text: UTF-8 when it is, else Windows-1252 (what Excel's plain "CSV" saves). */
export function decodeCsvUpload(bytes: Uint8Array) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

const headerName = (cell: string) => cell.trim().toLowerCase().replace(/[\s-]+/g, "_");
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** Reads the file and checks its shape: size, header row and number of rows. Cells are not checked here. */
export function parseStockCsv(text: string): Parsed {
  if (Buffer.byteLength(text, "utf8") > IMPORT_MAX_BYTES) return { ok: false, message: "The file is larger than 5 MB. Split it into smaller files." };
  // One line ending throughout, so csv-parse's line count is the line a spreadsheet shows.
  const normalised = text.replace(/\r\n?/g, "\n");
  if (normalised.replace(/^\uFEFF/, "").trim() === "") return { ok: false, message: "The file is empty. Start from the template." };

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(normalised, { bom: true, info: true, relax_column_count: true, relax_quotes: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === "number" ? ` near line ${error.lines}` : "";
      return { ok: false, message: `The file isn't valid CSV${line}: check for a stray quote mark. Save it from your spreadsheet as CSV and try again.` };
    }
    throw error;
  }
  const lines = records
    .filter(({ record }) => record.some((cell) => cell.trim() !== ""))
    // info.lines is where the record ends; a quoted cell may span lines.
    .map(({ record, info }) => ({ record, line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0) }));
  if (lines.length === 0) return { ok: false, message: "The file is empty. Start from the template." };

  const header = lines[0]!.record.map(headerName);
  const known = new Set<string>(IMPORT_COLUMNS);
  const missing = REQUIRED.filter((column) => !header.includes(column));
  // A column with no heading (a spreadsheet's trailing comma) is ignored.
  const unknown = header.filter((name) => name && !known.has(name));
  const repeated = header.filter((name, i) => name && header.indexOf(name) !== i);
  if (missing.length || unknown.length || repeated.length) {
    const problems = [
      missing.length ? `missing ${missing.join(", ")}` : "",
      unknown.length ? `unknown ${unknown.map((name) => `"${name}"`).join(", ")}` : "",
      repeated.length ? `repeated ${repeated.join(", ")}` : "",
    ].filter(Boolean);
    return { ok: false, message: `The header row doesn't match the template (${problems.join("; ")}). The columns are: ${IMPORT_COLUMNS.join(", ")}.` };
  }
  const data = lines.slice(1);
  if (data.length === 0) return { ok: false, message: "The file has a header row but no bikes under it." };
  if (data.length > IMPORT_MAX_ROWS) {
    return { ok: false, message: `The file has ${plural(data.length, "bike")}; one import takes at most 5,000. Split it into smaller files.` };
  }

  const rows = data.map(({ record, line }) => {
    const cells = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, ""])) as Record<ImportColumn, string>;
    header.forEach((column, i) => {
      if (column) cells[column as ImportColumn] = (record[i] ?? "").trim();
    });
    const widthProblem = record.length === header.length ? null : `This row has ${plural(record.length, "value")}; the header has ${header.length}.`;
    return { line, cells, widthProblem };
  });
  return { ok: true, rows };
}

const isCondition = (value: string): value is Condition => (CONDITIONS as readonly string[]).includes(value);
const FIELD_COLUMNS: Partial<Record<keyof VehicleFields, ImportColumn>> = {
  vin: "vin",
  registration: "registration",
  condition: "condition",
  mileage: "mileage",
  colour: "colour",
  retailPricePence: "retail_price",
  costPricePence: "cost_price",
  inStockOn: "in_stock_on",
  previousKeepers: "previous_keepers",
  v5cHeld: "v5c_held",
  notes: "notes",
};
// The form's own wording suits a form; these say what a cell should hold. Custom issues keep their text.
const CELL_MESSAGES: Partial<Record<ImportColumn, string>> = {
  mileage: "Enter the mileage in whole miles, 0 to 500,000.",
  colour: "Keep the colour under 60 characters.",
  in_stock_on: "Enter the date as YYYY-MM-DD or DD/MM/YYYY.",
  previous_keepers: "Enter the number of previous keepers, 0 to 30.",
  notes: "Keep the notes under 4,000 characters.",
};

function isoDay(cell: string) {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  return uk ? `${uk[3]}-${uk[2]!.padStart(2, "0")}-${uk[1]!.padStart(2, "0")}` : cell;
}

const modelKey = (make: string, model: string, variant: string, year: number | null) =>
  [make, model, variant, year ?? ""].map((part) => String(part).trim().toLowerCase().replace(/\s+/g, " ")).join("|");

interface Ready {
  fields: VehicleFields;
  model: typeof catalogueModels.$inferSelect;
  prefix: string;
}
interface CheckedRow extends ImportRow {
  ready: Ready | null;
}

/** Checks every row; branches, models and VINs already in stock come from three queries, not one per row. */
async function checkRows(user: SessionUser, rows: ParsedRow[]): Promise<CheckedRow[]> {
  const makes = [...new Set(rows.map((row) => row.cells.make.toLowerCase()).filter(Boolean))];
  const vins = [...new Set(rows.map((row) => normaliseVin(row.cells.vin)).filter(Boolean))];
  const [branchRows, modelRows, unsold] = await Promise.all([
    db().select({ id: branches.id, slug: branches.slug, name: branches.name, active: branches.active, prefix: branches.stockNumberPrefix }).from(branches),
    makes.length ? db().select().from(catalogueModels).where(inArray(sql`lower(${catalogueModels.make})`, makes)) : [],
    vins.length
      ? db()
          .select({ vin: vehicles.vin, stockNumber: vehicles.stockNumber })
          .from(vehicles)
          .where(and(inArray(vehicles.vin, vins), notInArray(vehicles.status, ["sold", "delivered"])))
      : [],
  ]);
  const branchBySlug = new Map(branchRows.map((b) => [b.slug, b]));
  const ownSlugs = branchRows.filter((b) => b.active && can(user, "stock:edit", b.id)).map((b) => b.slug);
  const modelByKey = new Map(modelRows.map((m) => [modelKey(m.make, m.model, m.variant, m.modelYear), m]));
  const stockByVin = new Map(unsold.map((v) => [v.vin, v.stockNumber]));
  const linesByVin = new Map<string, number[]>();
  for (const row of rows) {
    const vin = normaliseVin(row.cells.vin);
    if (!vin) continue;
    const seen = linesByVin.get(vin);
    if (seen) seen.push(row.line);
    else linesByVin.set(vin, [row.line]);
  }

  return rows.map(({ line, cells, widthProblem }) => {
    const errors: ImportRowError[] = widthProblem ? [{ column: "row", message: widthProblem }] : [];
    const fail = (column: ImportColumn, message: string) => errors.push({ column, message });

    const branch = branchBySlug.get(cells.branch.toLowerCase());
    if (!cells.branch) fail("branch", "Enter the branch.");
    else if (!branch) fail("branch", `There is no branch "${cells.branch}". Use one of: ${ownSlugs.join(", ") || "(none)"}.`);
    else if (!branch.active) fail("branch", `${branch.name} is inactive: it can't take new stock.`);
    else if (!can(user, "stock:edit", branch.id)) fail("branch", `You can import only into your own branches (${ownSlugs.join(", ") || "none"}).`);

    const year = /^\d{4}$/.test(cells.model_year) ? Number(cells.model_year) : null;
    if (cells.model_year && year === null) fail("model_year", "Enter a four-digit year, like 2026, or leave it empty.");
    const model = modelByKey.get(modelKey(cells.make, cells.model, cells.variant, year));
    const wanted = modelLabel({ make: cells.make, model: cells.model, variant: cells.variant, modelYear: year });
    if (!cells.make) fail("make", "Enter the make.");
    if (!cells.model) fail("model", "Enter the model.");
    else if (cells.make && !model && !(cells.model_year && year === null)) {
      fail("model", `${wanted} isn't in the catalogue. Check make, model, variant and year, or add the model to the catalogue first.`);
    }

    const condition = cells.condition.toLowerCase().replace(/[\s-]+/g, "_");
    if (!cells.condition) fail("condition", `Enter the condition: ${CONDITIONS.join(", ")}.`);
    else if (!isCondition(condition)) fail("condition", `Use ${CONDITIONS.join(", ")} (not "${cells.condition}").`);
    const v5c = cells.v5c_held.toLowerCase();
    if (!["yes", "no", ""].includes(v5c)) fail("v5c_held", `Use yes or no (not "${cells.v5c_held}").`);
    if (cells.cost_price && branch && can(user, "stock:edit", branch.id) && !canSeeCost(user, branch.id)) {
      fail("cost_price", "You can't set cost prices for this branch: leave it empty.");
    }

    const vin = normaliseVin(cells.vin);
    if (!vin) fail("vin", "Enter the VIN.");
    const others = (linesByVin.get(vin) ?? []).filter((other) => other !== line);
    if (others.length) {
      const more = others.length > 5 ? ` and ${others.length - 5} more` : "";
      fail("vin", `The same VIN is on line ${others.slice(0, 5).join(", ")}${more} of this file.`);
    }
    const taken = stockByVin.get(vin);
    if (taken) fail("vin", `This VIN is already on ${taken}, which hasn't been sold.`);

    const parsed = VehicleFieldsSchema.safeParse({
      branchId: branch?.id ?? "",
      modelId: model?.id ?? "",
      vin: cells.vin,
      registration: cells.registration,
      condition: isCondition(condition) ? condition : "",
      mileage: cells.mileage.replace(/,/g, "") || "0",
      colour: cells.colour,
      retailPricePence: cells.retail_price,
      costPricePence: cells.cost_price,
      inStockOn: isoDay(cells.in_stock_on),
      previousKeepers: cells.previous_keepers,
      v5cHeld: ["yes", "no"].includes(v5c) ? v5c : "",
      notes: cells.notes,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = FIELD_COLUMNS[issue.path[0] as keyof VehicleFields];
        // Branch, model and condition were checked above in the file's terms.
        if (!column || errors.some((e) => e.column === column)) continue;
        fail(column, issue.code === "custom" ? issue.message : (CELL_MESSAGES[column] ?? issue.message));
      }
    }
    errors.sort((a, b) => IMPORT_COLUMNS.indexOf(a.column as ImportColumn) - IMPORT_COLUMNS.indexOf(b.column as ImportColumn));

    const price = parsed.success ? formatPounds(parsed.data.retailPricePence) : cells.retail_price;
    const summary = [branch?.name ?? cells.branch, model ? modelLabel(model) : wanted, conditionLabel(condition), vin, price].filter(Boolean).join(" · ");
    const ready = errors.length === 0 && parsed.success && branch && model ? { fields: parsed.data, model, prefix: branch.prefix } : null;
    return { line, summary, errors, ready };
  });
}

const conditionLabel = (condition: string) => (isCondition(condition) ? condition.replace("_", "-") : "");

function toPreview(rows: CheckedRow[]): StockImportPreview {
  const errorCount = rows.filter((row) => row.errors.length > 0).length;
  return { rows: rows.map(({ ready: _ready, ...row }) => row), errorCount, validCount: rows.length - errorCount };
}

export type PreviewOutcome = ({ ok: true } & StockImportPreview) | { ok: false; message: string };

/** Every row of the file with its errors (line, column, message); nothing is written. */
export async function previewStockImport(user: SessionUser, text: string): Promise<PreviewOutcome> {
  const parsed = parseStockCsv(text);
  if (!parsed.ok) return parsed;
  return { ok: true, ...toPreview(await checkRows(user, parsed.rows)) };
}

export type CommitOutcome = { ok: true; count: number } | { ok: false; message: string; status?: number; preview?: StockImportPreview };

/** Checks the file again and adds every bike in one transaction, or none: one bad row refuses the lot. */
export async function commitStockImport(user: SessionUser, text: string, once?: Once): Promise<CommitOutcome> {
  const parsed = parseStockCsv(text);
  if (!parsed.ok) return parsed;
  const checked = await checkRows(user, parsed.rows);
  const preview = toPreview(checked);
  if (preview.errorCount > 0) {
    const message = `${plural(preview.errorCount, "row has", "rows have")} errors, so nothing was imported. Fix the file and check it again.`;
    return { ok: false, status: 400, preview, message };
  }
  return attempt(async (tx) => {
    const stockNumbers = await insertVehicles(tx, user, checked.map((row) => row.ready!));
    // Numbers run on per prefix, so the first and last of each say which were issued.
    const byPrefix: Record<string, { count: number; first: string; last: string }> = {};
    for (const stockNumber of stockNumbers) {
      const prefix = stockNumber.split("-")[0]!;
      const seen = byPrefix[prefix];
      byPrefix[prefix] = seen ? { ...seen, count: seen.count + 1, last: stockNumber } : { count: 1, first: stockNumber, last: stockNumber };
    }
    await recordAudit(tx, { actor: user, action: "stock.imported", entityType: "stock_import", after: { count: stockNumbers.length, byPrefix } });
    return { count: stockNumbers.length };
  }, once);
}

const CHUNK = 1_000;

/**
 * insertVehicle's work for many bikes at once: one insertVehicle per row makes seven queries a bike,
 * far too slow for a large import. Here stock numbers are reserved with one counter update per prefix
 * and bikes and status events go in 1,000 at a time; each bike still gets its own audit row.
 * The rows were checked by checkRows (branch, permission, model, VIN); a VIN taken by someone else
 * in the meantime trips the unique index, and attempt() turns that into a 409.
 */
async function insertVehicles(tx: Transaction, actor: SessionUser, rows: Ready[]) {
  const next = new Map<string, number>();
  for (const prefix of new Set(rows.map((row) => row.prefix))) {
    const n = rows.filter((row) => row.prefix === prefix).length;
    const [counter] = await tx
      .insert(stockNumberCounters)
      .values({ prefix, lastNumber: n })
      .onConflictDoUpdate({ target: stockNumberCounters.prefix, set: { lastNumber: sql`${stockNumberCounters.lastNumber} + ${n}` } })
      .returning();
    next.set(prefix, counter!.lastNumber - n + 1);
  }
  const stockNumbers: string[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const values = rows.slice(start, start + CHUNK).map(({ fields, model, prefix }) => {
      const number = next.get(prefix)!;
      next.set(prefix, number + 1);
      const stockNumber = formatStockNumber(prefix, number);
      stockNumbers.push(stockNumber);
      return { stockNumber, branchId: fields.branchId, status: "in_stock" as const, ...detailColumns(fields, model, stockNumber) };
    });
    const created = await tx.insert(vehicles).values(values).returning();
    await tx
      .insert(vehicleEvents)
      .values(created.map((bike) => ({ vehicleId: bike.id, fromStatus: null, toStatus: "in_stock" as const, note: "Taken into stock", actorId: actor.id })));
    await recordAudits(
      tx,
      created.map((bike) => ({ actor, action: "vehicle.created", entityType: "vehicle", entityId: bike.id, after: vehicleSnapshot(bike) })),
    );
  }
  return stockNumbers;
}
