import { and, asc, count, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { attemptChangingFilterOptions } from "~/modules/stock/filter-options.server";
import { Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import type { BranchFields, BranchListQuery } from "./branches.schema";
import { isUuid } from "~/utils/ids";
import { seesAllBranches, type SessionUser } from "~/modules/auth/permissions";

const { branches } = schema;

export async function branchNamesFor(branchIds: string[]) {
  if (branchIds.length === 0) return [];
  const rows = await db()
    .select({ name: branches.name })
    .from(branches)
    .where(inArray(branches.id, branchIds))
    .orderBy(asc(branches.name));
  return rows.map((row) => row.name);
}

/** The branches a user's dashboard covers: every branch for admins, their own for everyone else. */
export async function branchesForDashboard(user: Pick<SessionUser, "role" | "branchIds">) {
  const query = db().select().from(branches).orderBy(asc(branches.name));
  if (seesAllBranches(user)) return query;
  if (user.branchIds.length === 0) return [];
  return query.where(inArray(branches.id, user.branchIds));
}

export async function listBranchOptions() {
  return db()
    .select({ id: branches.id, name: branches.name, slug: branches.slug, active: branches.active })
    .from(branches)
    .orderBy(asc(branches.name));
}

const SORT_COLUMNS = {
  name: branches.name,
  slug: branches.slug,
  prefix: branches.stockNumberPrefix,
} as const;

// Staff who can still sign in; a deactivated user's old assignments don't count. The outer column is
// spelt out because drizzle drops the table name from columns in a single-table select, and a bare
// "id" here would mean users.id.
const activeStaff = sql<number>`(select count(*)::int from ${schema.userBranches} ub join ${schema.users} u on u.id = ub.user_id where ub.branch_id = ${sql.identifier("branches")}.${sql.identifier("id")} and u.active)`;

const listColumns = {
  id: branches.id,
  slug: branches.slug,
  name: branches.name,
  brands: branches.brands,
  address: branches.address,
  phone: branches.phone,
  stockNumberPrefix: branches.stockNumberPrefix,
  active: branches.active,
  version: branches.version,
  staff: activeStaff,
};

export async function listBranches(query: BranchListQuery) {
  const column = SORT_COLUMNS[query.sort];
  const rows = await db()
    .select(listColumns)
    .from(branches)
    .orderBy(query.dir === "asc" ? asc(column) : desc(column), asc(branches.id))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  const [total] = await db().select({ value: count() }).from(branches);
  return { rows, total: total?.value ?? 0 };
}

/** One branch for its edit form, with how many active staff are assigned to it. */
export async function getBranch(id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db().select(listColumns).from(branches).where(eq(branches.id, id));
  return row ?? null;
}

async function clash(tx: Transaction, fields: BranchFields, exceptId?: string) {
  const [other] = await tx
    .select({ slug: branches.slug, prefix: branches.stockNumberPrefix, name: branches.name })
    .from(branches)
    .where(
      and(
        or(eq(branches.slug, fields.slug), eq(branches.stockNumberPrefix, fields.stockNumberPrefix)),
        exceptId ? ne(branches.id, exceptId) : undefined,
      ),
    );
  if (!other) return;
  if (other.slug === fields.slug) throw new Refusal(`${other.name} already uses the web name ${fields.slug}.`, "slug");
  throw new Refusal(`${other.name} already uses the stock-number prefix ${fields.stockNumberPrefix}.`, "stockNumberPrefix");
}

/** The branch row, locked for the rest of the transaction (lock-and-compare, as for bikes and deals). */
async function lockBranch(tx: Transaction, id: string) {
  const [row] = await tx.select().from(branches).where(eq(branches.id, id)).for("update");
  return row ?? null;
}

export async function createBranch(input: BranchFields & { actor: AuditActor | null } & Submitted): Promise<Result<{ id: string }>> {
  return attemptChangingFilterOptions(async (tx) => {
    await clash(tx, input);
    const [created] = await tx
      .insert(branches)
      .values({
        slug: input.slug,
        name: input.name,
        brands: input.brands,
        address: input.address,
        phone: input.phone,
        stockNumberPrefix: input.stockNumberPrefix,
      })
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "branch.created", entityType: "branch", entityId: created!.id, after: created });
    return { id: created!.id };
  }, input.once);
}

export async function updateBranch(
  input: BranchFields & { actor: AuditActor; id: string; version: number; active: boolean },
): Promise<Result> {
  return attemptChangingFilterOptions(async (tx) => {
    const before = await lockBranch(tx, input.id);
    if (!before) throw new Refusal("That branch no longer exists.", undefined, 404);
    if (before.version !== input.version) throw staleVersion(before.name, before.version);
    await clash(tx, input, input.id);
    const [after] = await tx
      .update(branches)
      .set({
        slug: input.slug,
        name: input.name,
        brands: input.brands,
        address: input.address,
        phone: input.phone,
        stockNumberPrefix: input.stockNumberPrefix,
        active: input.active,
        updatedAt: new Date(),
        version: sql`${branches.version} + 1`,
      })
      .where(eq(branches.id, input.id))
      .returning();
    await recordAudit(tx, { actor: input.actor, action: "branch.updated", entityType: "branch", entityId: input.id, before, after });
    return {};
  });
}
