import { asc, desc } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, canSeeCost, type SessionUser } from "~/modules/auth/permissions";
import { toCsv } from "~/utils/csv.server";
import { londonToday } from "~/utils/dates";
import { IMPORT_COLUMNS, type ImportColumn } from "./stock-import.server";
import { vinCheckDigitMatches } from "./vehicle-identity";

const { branches, catalogueModels } = schema;

const VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const REG_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
const pick = (chars: string) => chars[Math.floor(Math.random() * chars.length)]!;

/** A VIN no bike is likely to have (random, 33^16 of them), with a check digit that matches. */
export function exampleVin() {
  const vin = Array.from({ length: 17 }, () => pick(VIN_CHARS));
  for (const check of "0123456789X") {
    vin[8] = check;
    if (vinCheckDigitMatches(vin.join(""))) break;
  }
  return vin.join("");
}

const exampleRegistration = (year: number) => `${pick(REG_LETTERS)}${pick(REG_LETTERS)}${String(year % 100).padStart(2, "0")} ${pick(REG_LETTERS)}${pick(REG_LETTERS)}${pick(REG_LETTERS)}`;
const pounds = (pence: number) => (pence / 100).toFixed(2);

/**
 * The template: the header row and up to two example bikes, built from what this user may import: the
 * first of their own active branches (a new bike) and the next (a used one), each a real catalogue model
 * of a brand the branch sells (any model for a used-bike branch), with fresh VINs and cost prices only
 * where the user may set them. So the file passes its own check unchanged. Without a branch of their
 * own or a catalogue model, it is the header row alone.
 */
export async function stockImportTemplate(user: SessionUser, today = londonToday()) {
  const [branchRows, models] = await Promise.all([
    db().select({ id: branches.id, slug: branches.slug, brands: branches.brands, active: branches.active }).from(branches).orderBy(asc(branches.name)),
    db().select().from(catalogueModels).orderBy(asc(catalogueModels.make), asc(catalogueModels.model), desc(catalogueModels.modelYear)),
  ]);
  const own = branchRows.filter((branch) => branch.active && can(user, "stock:edit", branch.id));
  const example = (values: Partial<Record<ImportColumn, string>>) => IMPORT_COLUMNS.map((column) => values[column] ?? "");
  const rows: string[][] = [[...IMPORT_COLUMNS]];
  if (own.length === 0 || models.length === 0) return toCsv(rows);

  const modelFor = (branch: (typeof own)[number], skip?: string) => {
    const sold = models.filter((m) => branch.brands.some((brand) => brand.toLowerCase() === m.make.toLowerCase()));
    const choices = sold.length ? sold : models;
    return choices.find((m) => m.id !== skip) ?? choices[0]!;
  };
  const identity = (model: (typeof models)[number]) => ({
    make: model.make,
    model: model.model,
    variant: model.variant,
    model_year: model.modelYear === null ? "" : String(model.modelYear),
  });
  const priceOf = (model: (typeof models)[number], fallback: number) => model.listPricePence ?? fallback;

  const newBranch = own[0]!;
  const newModel = modelFor(newBranch);
  const newPrice = priceOf(newModel, 599900);
  rows.push(
    example({
      branch: newBranch.slug, ...identity(newModel), vin: exampleVin(), condition: "new", mileage: "0", colour: "Orange",
      retail_price: pounds(newPrice), cost_price: canSeeCost(user, newBranch.id) ? pounds(Math.round(newPrice * 0.86)) : "",
      in_stock_on: today, notes: "PDI done",
    }),
  );

  const usedBranch = own[1] ?? newBranch;
  const usedModel = modelFor(usedBranch, newModel.id);
  const usedPrice = Math.round(priceOf(usedModel, 899500) * 0.8);
  const year = Number(today.slice(0, 4)) - 3;
  rows.push(
    example({
      branch: usedBranch.slug, ...identity(usedModel), vin: exampleVin(), registration: exampleRegistration(year), condition: "used",
      mileage: "8420", colour: "Matt Silver", retail_price: pounds(usedPrice), cost_price: canSeeCost(user, usedBranch.id) ? pounds(Math.round(usedPrice * 0.85)) : "",
      in_stock_on: today, previous_keepers: "2", v5c_held: "yes", notes: "Full service history",
    }),
  );
  return toCsv(rows);
}
