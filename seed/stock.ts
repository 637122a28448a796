import { asc, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { ModelFields } from "../app/modules/stock/catalogue.schema";
import { modelLabel } from "../app/modules/stock/labels";
import { createModel } from "../app/modules/stock/catalogue.server";
import { db, schema, type Transaction } from "../db/client";
import { createStockPlanner, VIN_CHARS, type StockChunk } from "./stock-plan";

export const DEMO_STOCK_COUNT = 240;

type Entry = [make: string, model: string, variant: string, year: number | null, category: ModelFields["category"], cc: number | null, pounds: number];
// UK list prices (on the road) and engine sizes as the manufacturers publish them; a few older model
// years, and other makes, are there for the used stock.
const CATALOGUE: Entry[] = [
  ["KTM", "390 Adventure", "X", 2025, "adventure", 399, 5_899],
  ["KTM", "790 Adventure", "", 2026, "adventure", 799, 10_499],
  ["KTM", "1390 Super Adventure", "R", 2026, "adventure", 1350, 20_999],
  ["KTM", "125 Enduro", "R", 2025, "enduro", 125, 4_999],
  ["KTM", "450 Rally Replica", "", 2025, "rally", 450, 29_999],
  ["KTM", "390 Duke", "", 2025, "naked", 399, 5_699],
  ["KTM", "990 Duke", "", 2025, "naked", 947, 11_999],
  ["KTM", "1390 Super Duke R", "Evo", 2025, "naked", 1350, 22_499],
  ["KTM", "890 SMT", "", 2025, "touring", 889, 13_499],
  ["KTM", "300 EXC", "", 2026, "enduro", 293, 10_299],
  ["KTM", "Freeride E", "", 2025, "electric", null, 11_199],
  ["KTM", "1290 Super Adventure", "S", 2021, "adventure", 1301, 16_499],
  ["Husqvarna", "Svartpilen 401", "", 2025, "naked", 399, 5_699],
  ["Husqvarna", "Vitpilen 801", "", 2025, "naked", 799, 10_299],
  ["Husqvarna", "Norden 901", "Expedition", 2025, "adventure", 889, 14_599],
  ["Husqvarna", "FE 350", "", 2026, "enduro", 350, 10_199],
  ["GasGas", "EC 300", "", 2026, "enduro", 293, 9_299],
  ["GasGas", "MC 450F", "", 2026, "motocross", 450, 9_399],
  ["GasGas", "ES 700", "", 2025, "enduro", 693, 10_799],
  ["Triumph", "Tiger 900 Rally Pro", "", 2025, "adventure", 888, 15_795],
  ["Triumph", "Speed 400", "", 2025, "retro", 398, 4_995],
  ["Triumph", "Street Triple 765", "RS", 2025, "naked", 765, 11_195],
  ["Triumph", "Bonneville T120", "", 2025, "retro", 1200, 12_395],
  ["Triumph", "Trident 660", "", 2025, "naked", 660, 7_995],
  ["Triumph", "Scrambler 1200", "X", 2025, "retro", 1200, 11_995],
  ["Triumph", "Rocket 3 Storm", "R", 2025, "cruiser", 2458, 23_995],
  ["Triumph", "Tiger Sport 660", "", 2025, "touring", 660, 8_995],
  ["Triumph", "Scrambler 400 X", "", 2026, "retro", 398, 5_595],
  ["Triumph", "Street Triple 765", "RS", 2020, "naked", 765, 10_750],
  ["Triumph", "Tiger 900 GT Pro", "", 2022, "adventure", 888, 13_900],
  ["Honda", "CRF1100L Africa Twin", "", 2025, "adventure", 1084, 14_599],
  ["Honda", "NT1100", "", 2025, "touring", 1084, 12_799],
  ["Honda", "CB650R", "", 2025, "naked", 649, 8_299],
  ["Honda", "CBR650R", "", 2025, "sport", 649, 8_799],
  ["Honda", "X-ADV", "", 2025, "scooter", 745, 11_999],
  ["Honda", "Forza 350", "", 2025, "scooter", 330, 5_699],
  ["Honda", "CRF300L", "", 2025, "enduro", 286, 5_649],
  ["Honda", "Transalp XL750", "", 2025, "adventure", 755, 9_299],
  ["Honda", "CB1000 Hornet", "", 2026, "naked", 999, 8_999],
  ["Honda", "CRF1100L Africa Twin", "Adventure Sports", 2021, "adventure", 1084, 15_499],
  ["Honda", "CB500X", "", 2021, "adventure", 471, 6_399],
  ["Harley-Davidson", "Street Glide", "", 2025, "touring", 1923, 29_495],
  ["Harley-Davidson", "Road Glide", "", 2025, "touring", 1923, 29_995],
  ["Harley-Davidson", "Fat Boy", "114", 2025, "cruiser", 1868, 22_995],
  ["Harley-Davidson", "Pan America 1250", "Special", 2025, "adventure", 1252, 19_695],
  ["Harley-Davidson", "Nightster", "", 2025, "cruiser", 975, 12_495],
  ["Harley-Davidson", "Sportster S", "", 2025, "cruiser", 1252, 15_995],
  ["Harley-Davidson", "Breakout", "117", 2025, "cruiser", 1923, 23_995],
  ["Harley-Davidson", "Heritage Classic", "114", 2025, "cruiser", 1868, 23_495],
  ["Harley-Davidson", "Fat Boy", "114", 2019, "cruiser", 1868, 20_395],
  ["Yamaha", "MT-07", "", 2021, "naked", 689, 6_802],
  ["Yamaha", "Ténéré 700", "", 2022, "adventure", 689, 9_910],
  ["BMW", "R 1250 GS", "", 2021, "adventure", 1254, 14_915],
  ["Kawasaki", "Z900", "", 2022, "naked", 948, 8_799],
  ["Suzuki", "V-Strom 650", "XT", 2020, "adventure", 645, 8_399],
  ["Ducati", "Monster", "", 2022, "naked", 937, 10_295],
  ["Royal Enfield", "Interceptor 650", "", 2023, "retro", 648, 6_299],
];

export const CATALOGUE_MODELS: ModelFields[] = CATALOGUE.map(([make, model, variant, modelYear, category, engineCc, pounds]) => ({
  make, model, variant, modelYear, category, engineCc, listPricePence: pounds * 100,
}));

const identity = (m: Pick<ModelFields, "make" | "model" | "variant" | "modelYear">) => [m.make, m.model, m.variant, m.modelYear ?? 0].join("|").toLowerCase();

/** Adds the catalogue models that are missing, through the audited domain code; returns their labels. */
export async function seedCatalogue() {
  const { catalogueModels } = schema;
  const existing = await db()
    .select({ make: catalogueModels.make, model: catalogueModels.model, variant: catalogueModels.variant, modelYear: catalogueModels.modelYear })
    .from(catalogueModels);
  const present = new Set(existing.map(identity));
  const created: string[] = [];
  for (const model of CATALOGUE_MODELS) {
    if (present.has(identity(model))) continue;
    const result = await createModel({ ...model, actor: null });
    if (!result.ok) throw new Error(`Seeding ${modelLabel(model)}: ${result.message}`);
    created.push(modelLabel(model));
  }
  return created;
}

const ROWS_PER_STATEMENT = 1_000;
const BIKES_PER_TRANSACTION = 10_000;

async function insertInChunks(tx: Transaction, table: PgTable, rows: object[]) {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await tx.insert(table).values(rows.slice(start, start + ROWS_PER_STATEMENT));
  }
}

/** The last number used per prefix: the counter, or a higher number already on a bike. */
async function lastStockNumbers() {
  const { stockNumberCounters: counters, vehicles } = schema;
  const last = new Map<string, number>();
  for (const row of await db().select().from(counters)) last.set(row.prefix, row.lastNumber);
  const prefix = sql<string>`split_part(${vehicles.stockNumber}, '-', 1)`;
  const onBikes = await db()
    .select({ prefix, number: sql<number | null>`max(substring(${vehicles.stockNumber} from '-(\\d+)$')::int)` })
    .from(vehicles)
    .groupBy(prefix);
  for (const row of onBikes) last.set(row.prefix, Math.max(last.get(row.prefix) ?? 0, row.number ?? 0));
  return last;
}

/**
 * Demo bikes at the active branches, with their arrival and status events, reservations, transfers
 * and price reductions. Only into an empty vehicles table unless `addToExisting`; a large count is
 * the bulk path (multi-row inserts, 10,000 bikes a transaction). Seed data, so no audit rows.
 * Returns how many bikes it added.
 */
export async function seedDemoStock(count = DEMO_STOCK_COUNT, options: { addToExisting?: boolean; onProgress?: (added: number) => void } = {}) {
  const { branches, catalogueModels, vehicles, vehicleEvents, reservations, transfers, priceChanges, stockNumberCounters } = schema;
  if (count <= 0) return 0;
  if (!options.addToExisting && (await db().select({ id: vehicles.id }).from(vehicles).limit(1)).length > 0) return 0;

  // Every branch, active or not, keeps its own VIN plant letter, so seeded VINs stay unique.
  const allBranches = await db().select().from(branches).orderBy(asc(branches.createdAt), asc(branches.id));
  const planBranches = allBranches
    .map((branch, ordinal) => ({ ...branch, prefix: branch.stockNumberPrefix, plant: VIN_CHARS[ordinal % VIN_CHARS.length]! }))
    .filter((branch) => branch.active);
  const models = await db().select().from(catalogueModels);
  const lastNumbers = await lastStockNumbers();
  const seed = 2026 + [...lastNumbers.values()].reduce((sum, n) => sum + n, 0);
  const planner = createStockPlanner({ branches: planBranches, models, lastNumbers, now: new Date(), seed });

  for (let added = 0; added < count; ) {
    const chunk: StockChunk = planner.next(Math.min(BIKES_PER_TRANSACTION, count - added));
    await db().transaction(async (tx) => {
      await insertInChunks(tx, vehicles, chunk.vehicles);
      await insertInChunks(tx, vehicleEvents, chunk.events);
      await insertInChunks(tx, reservations, chunk.reservations);
      await insertInChunks(tx, transfers, chunk.transfers);
      await insertInChunks(tx, priceChanges, chunk.priceChanges);
      // Later stock numbers carry on from here; never lower a counter someone else has moved on.
      await tx
        .insert(stockNumberCounters)
        .values([...lastNumbers].map(([prefix, lastNumber]) => ({ prefix, lastNumber })))
        .onConflictDoUpdate({ target: stockNumberCounters.prefix, set: { lastNumber: sql`greatest(${stockNumberCounters.lastNumber}, excluded.last_number)` } });
    });
    added += chunk.vehicles.length;
    options.onProgress?.(added);
  }
  return count;
}
