import { eq, sql } from "drizzle-orm";
import { createBranch } from "../app/modules/branches/branches.server";
import { keyFromText } from "../app/modules/auth/totp.server";
import { createUser } from "../app/modules/users/users.server";
import { db, schema } from "../db/client";
import { DEMO_TOTP_KEYS } from "./demo-keys";
import { seedFinance } from "./finance";
import { seedBreaches } from "./breaches";
import { seedComplaints } from "./complaints";
import { seedFileReviews } from "./file-reviews";
import { seedCustomers } from "./customers";
import { seedOffers } from "./offers";
import { DEMO_STOCK_COUNT, seedCatalogue, seedDemoStock } from "./stock";

/** The group's six trading names, each a branch. */
export const GROUP_BRANCHES = [
  { slug: "laguna-ktm", name: "Laguna Motorcycles", brands: ["KTM"], stockNumberPrefix: "LAG", address: "Unit 4, Laguna Park, Sittingbourne Road, Maidstone ME14 5LJ", phone: "01632 960101" },
  { slug: "laguna-performance", name: "Laguna Performance Centre", brands: ["KTM", "Husqvarna", "GasGas"], stockNumberPrefix: "LPC", address: "Unit 5, Laguna Park, Sittingbourne Road, Maidstone ME14 5LJ", phone: "01632 960102" },
  { slug: "laguna-triumph", name: "Laguna Triumph", brands: ["Triumph"], stockNumberPrefix: "LTR", address: "Unit 6, Laguna Park, Sittingbourne Road, Maidstone ME14 5LJ", phone: "01632 960103" },
  { slug: "maidstone-honda", name: "Maidstone Honda", brands: ["Honda"], stockNumberPrefix: "MHO", address: "120 London Road, Maidstone ME16 0DR", phone: "01632 960104" },
  { slug: "maidstone-harley-davidson", name: "Maidstone Harley-Davidson", brands: ["Harley-Davidson"], stockNumberPrefix: "MHD", address: "2 Forstal Road, Aylesford ME20 7AF", phone: "01632 960105" },
  { slug: "kent-motorcycles", name: "Kent Motorcycles", brands: [], stockNumberPrefix: "KEN", address: "45 Tonbridge Road, Maidstone ME16 8SL", phone: "01632 960106" },
] as const;

export const DEMO_PASSWORD = "laguna-demo-2026";
export const DEMO_USERS = [
  { email: "admin@laguna.example", name: "Alex Admin", role: "admin", branches: [] },
  // A second admin, who reviews high commissions on deals Alex Admin recorded (four eyes).
  { email: "reviewer@laguna.example", name: "Robin Reviewer", role: "admin", branches: [] },
  { email: "manager@laguna.example", name: "Morgan Manager", role: "manager", branches: ["laguna-ktm", "laguna-performance"] },
  { email: "finance@laguna.example", name: "Frankie Finance", role: "finance", branches: ["maidstone-honda", "maidstone-harley-davidson"] },
  { email: "compliance@laguna.example", name: "Casey Compliance", role: "compliance", branches: [] },
] as const;

/**
 * Adds what is missing (by slug, email and model); never changes existing rows, so it is safe to run
 * again. Demo stock (`stock` bikes, 0 for none) goes only into an empty vehicles table; the lender
 * panel and demo finance deals (unless `finance: false`) only when there are no lenders; demo offers
 * (unless `offers: false`) only when there are no offers; demo complaints (with the finance demo unless `complaints` says otherwise)
 * only when there are none.
 */
export async function seedDemoData(options: { stock?: number; finance?: boolean; offers?: boolean; complaints?: boolean } = {}) {
  const created: string[] = [];
  for (const branch of GROUP_BRANCHES) {
    const [existing] = await db().select({ id: schema.branches.id }).from(schema.branches).where(eq(schema.branches.slug, branch.slug));
    if (existing) continue;
    const result = await createBranch({ ...branch, brands: [...branch.brands], actor: null });
    if (!result.ok) throw new Error(`Seeding ${branch.name}: ${result.message}`);
    created.push(branch.name);
  }
  const branchRows = await db().select({ id: schema.branches.id, slug: schema.branches.slug }).from(schema.branches);
  const idOf = new Map(branchRows.map((b) => [b.slug, b.id]));
  for (const user of DEMO_USERS) {
    const [existing] = await db()
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(sql`lower(${schema.users.email})`, user.email));
    if (existing) continue;
    const result = await createUser({
      actor: null,
      email: user.email,
      name: user.name,
      role: user.role,
      branchIds: user.branches.map((slug) => idOf.get(slug)!),
      password: DEMO_PASSWORD,
      // Demo users of the roles that must use a second factor come enrolled with a fixed key (seed/demo-keys.ts).
      totpKey: DEMO_TOTP_KEYS[user.email] ? keyFromText(DEMO_TOTP_KEYS[user.email]!)! : undefined,
    });
    if (!result.ok) throw new Error(`Seeding ${user.email}: ${result.message}`);
    created.push(user.email);
  }
  const models = await seedCatalogue();
  if (models.length) created.push(`${models.length} catalogue models`);
  const bikes = await seedDemoStock(options.stock ?? DEMO_STOCK_COUNT);
  if (bikes) created.push(`${bikes} demo bikes`);
  if (options.finance ?? true) created.push(...(await seedFinance()));
  if (options.offers ?? true) created.push(...(await seedOffers()));
  if (options.complaints ?? options.finance ?? true) created.push(...(await seedComplaints()), ...(await seedBreaches()), ...(await seedFileReviews()));
  // Customers from the demo's records, once there are records to make them from.
  if (bikes || (options.finance ?? true)) created.push(...(await seedCustomers()));
  return created;
}

export async function isEmpty() {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(schema.users);
  return (row?.n ?? 0) === 0;
}
