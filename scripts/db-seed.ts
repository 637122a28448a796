// `npm run db:seed [-- --vehicles N]`: the demo branches, users and catalogue; then the 240 demo bikes
// into an empty stock table, or with --vehicles, N more bikes whatever is there already.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { db } from "../db/client";
import { seedDemoData } from "../seed";
import { seedDemoStock } from "../seed/stock";
import { CliError, exitWith, runCli } from "./cli";

const MAX_VEHICLES = 1_000_000;
const number = new Intl.NumberFormat("en-GB");
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function vehiclesWanted() {
  let values: { vehicles?: string };
  try {
    ({ values } = parseArgs({ options: { vehicles: { type: "string" } }, strict: true }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}. Usage: npm run db:seed [-- --vehicles N]`);
  }
  if (values.vehicles === undefined) return null;
  const digits = values.vehicles.replace(/[_,]/g, ""); // 100,000 and 100_000 read as people write them
  const count = /^\d{1,7}$/.test(digits) ? Number(digits) : NaN;
  if (!(count >= 1 && count <= MAX_VEHICLES)) {
    throw new CliError(`--vehicles needs a whole number of bikes from 1 to ${number.format(MAX_VEHICLES)}, like --vehicles 100000; got "${values.vehicles}".`);
  }
  return count;
}

const started = performance.now();
let vehicles: number | null;
try {
  vehicles = vehiclesWanted(); // before opening the database, so a typo costs nothing
} catch (error) {
  exitWith(error);
}

await runCli(async () => {
  const created = await seedDemoData({ stock: vehicles === null ? undefined : 0 });
  console.log(created.length ? `Seeded: ${created.join(", ")}` : "Demo data already present; nothing added.");

  if (vehicles !== null) {
    const bulk = performance.now();
    const progress = vehicles > 10_000 ? (added: number) => console.log(`  ${number.format(added)} of ${number.format(vehicles)} bikes (${seconds(bulk)})`) : undefined;
    const added = await seedDemoStock(vehicles, { addToExisting: true, onProgress: progress });
    console.log(`Added ${number.format(added)} bikes in ${seconds(bulk)}.`);
    // Fresh statistics and visibility map after a bulk load: PGlite has no autovacuum, and without
    // them the planner reads the table instead of the indexes. Every table the load filled: on
    // PostgreSQL, autovacuum would otherwise get to the bikes' history (~140,000 events) in the
    // first minutes of use.
    await db().execute(sql`VACUUM (ANALYZE) vehicles, vehicle_events, price_changes, reservations, transfers, stock_counts, unsold_stock_days`);
    console.log(`Analysed in ${seconds(bulk)}.`);
  }
  console.log(`Done in ${seconds(started)}.`);
});
