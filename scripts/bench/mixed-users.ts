// The mixed scenario's people: dedicated bench users made with the app's own createUser (one branch
// each, as the roles' real users have), and for each manager a few in-stock bikes of their branch that
// no one else in the run writes to, so a reservation or a price edit never meets a legitimate conflict.
import { and, asc, eq, inArray } from "drizzle-orm";

export type BenchRole = "manager" | "finance" | "admin";

export interface VirtualUserPlan {
  index: number;
  email: string;
  role: BenchRole;
  branchSlug: string | null;
  /** The manager's own bikes: only this user reserves, releases or re-prices them. */
  bikes: string[];
}

export const BENCH_PASSWORD = "mixed-bench-users-2026";
const BIKES_PER_MANAGER = 4;

/** Six in ten are managers, three finance staff, one an admin: the shop floor, the finance desk, head office. */
export function roleOf(index: number): BenchRole {
  const slot = index % 10;
  return slot < 6 ? "manager" : slot < 9 ? "finance" : "admin";
}

/** Runs in the bench process against the seeded database, before the server starts. */
export async function createBenchUsers(databaseUrl: string, count: number): Promise<VirtualUserPlan[]> {
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.DATA_DIR;
  const { closeDatabase, db, schema } = await import("../../db/client");
  const { createUser } = await import("../../app/modules/users/users.server");
  const { vehicles, branches } = schema;
  try {
    const branchRows = await db().select({ id: branches.id, slug: branches.slug }).from(branches).orderBy(asc(branches.slug));
    if (!branchRows.length) throw new Error("The seed made no branches.");
    // The bench measures pages, not sign-in: its users (admins and finance staff among them) need no second factor.
    const { readTwoFactorPolicy, saveTwoFactorPolicy } = await import("../../app/modules/auth/two-factor.server");
    await saveTwoFactorPolicy({ actor: null, roles: [], version: (await readTwoFactorPolicy()).version });
    const plans: VirtualUserPlan[] = [];
    const counters: Record<BenchRole, number> = { manager: 0, finance: 0, admin: 0 };
    for (let index = 0; index < count; index++) {
      const role = roleOf(index);
      const nth = counters[role]++;
      const branch = role === "admin" ? null : branchRows[nth % branchRows.length]!;
      const email = `bench-${role}-${String(nth + 1).padStart(2, "0")}@laguna.example`;
      const name = `Bench ${role[0]!.toUpperCase()}${role.slice(1)} ${nth + 1}`;
      const result = await createUser({ actor: null, email, name, role, branchIds: branch ? [branch.id] : [], password: BENCH_PASSWORD });
      if (!result.ok) throw new Error(`Creating ${email}: ${result.message}`);
      plans.push({ index, email, role, branchSlug: branch?.slug ?? null, bikes: [] });
    }

    // Each manager's own bikes, distinct across the run.
    for (const branch of branchRows) {
      const managers = plans.filter((p) => p.role === "manager" && p.branchSlug === branch.slug);
      if (!managers.length) continue;
      const bikes = await db()
        .select({ id: vehicles.id })
        .from(vehicles)
        .where(and(eq(vehicles.branchId, branch.id), inArray(vehicles.status, ["in_stock"])))
        .orderBy(asc(vehicles.stockNumber))
        .limit(managers.length * BIKES_PER_MANAGER);
      if (bikes.length < managers.length * BIKES_PER_MANAGER) {
        throw new Error(`${branch.slug} has ${bikes.length} bikes in stock; the bench needs ${managers.length * BIKES_PER_MANAGER}. Seed more (--vehicles).`);
      }
      managers.forEach((manager, i) => (manager.bikes = bikes.slice(i * BIKES_PER_MANAGER, (i + 1) * BIKES_PER_MANAGER).map((b) => b.id)));
    }
    return plans;
  } finally {
    await closeDatabase();
  }
}
