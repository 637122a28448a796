import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { db, schema, type Transaction } from "@db/client";
import { recordAudit, type AuditActor } from "~/modules/audit/record.server";
import { hashPassword, passwordProblem } from "~/modules/auth/password.server";
import { seesAllBranches, type Role } from "~/modules/auth/permissions";
import { enrolWithKey, readTwoFactorPolicy } from "~/modules/auth/two-factor.server";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import type { UserListQuery } from "./users.schema";
import { isUuid } from "~/utils/ids";
import { containsPattern } from "~/utils/like";

const { users, userBranches, branches, sessions } = schema;


const SORT_COLUMNS = {
  name: users.name,
  email: users.email,
  role: users.role,
  active: users.active,
  createdAt: users.createdAt,
} as const;

export async function listUsers(query: UserListQuery) {
  const conditions: SQL[] = [];
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.active !== "all") conditions.push(eq(users.active, query.active === "active"));
  if (query.branch) {
    conditions.push(
      inArray(users.id, db().select({ id: userBranches.userId }).from(userBranches).innerJoin(branches, eq(branches.id, userBranches.branchId)).where(eq(branches.slug, query.branch))),
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const order = query.dir === "asc" ? asc(SORT_COLUMNS[query.sort]) : desc(SORT_COLUMNS[query.sort]);

  const rows = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      createdAt: users.createdAt,
      version: users.version,
    })
    .from(users)
    .where(where)
    .orderBy(order, asc(users.id))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  const [total] = await db().select({ value: count() }).from(users).where(where);
  const branchesByUser = await branchesOf(rows.map((row) => row.id));
  return {
    rows: rows.map((row) => ({ ...row, branches: branchesByUser.get(row.id) ?? [] })),
    total: total?.value ?? 0,
  };
}

async function branchesOf(userIds: string[]) {
  const map = new Map<string, { id: string; name: string; slug: string }[]>();
  if (userIds.length === 0) return map;
  const rows = await db()
    .select({ userId: userBranches.userId, id: branches.id, name: branches.name, slug: branches.slug })
    .from(userBranches)
    .innerJoin(branches, eq(branches.id, userBranches.branchId))
    .where(inArray(userBranches.userId, userIds))
    .orderBy(asc(branches.name));
  for (const { userId, ...branch } of rows) map.set(userId, [...(map.get(userId) ?? []), branch]);
  return map;
}

export async function getUser(id: string) {
  if (!isUuid(id)) return null;
  const [user] = await db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      version: users.version,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .where(eq(users.id, id));
  if (!user) return null;
  const assigned = await branchesOf([id]);
  return { ...user, branches: assigned.get(id) ?? [] };
}

interface UserFields {
  email: string;
  name: string;
  role: Role;
  branchIds: string[];
}

/** What the audit log keeps of a user: never the password hash. */
/** The user's snapshot, their row locked for the rest of the transaction (lock-and-compare, as for bikes and deals). */
async function lockedSnapshot(tx: Transaction, userId: string) {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
  return snapshot(tx, userId);
}

async function snapshot(tx: Transaction, userId: string) {
  const [row] = await tx
    .select({ email: users.email, name: users.name, role: users.role, active: users.active, version: users.version })
    .from(users)
    .where(eq(users.id, userId));
  const assigned = await tx
    .select({ slug: branches.slug })
    .from(userBranches)
    .innerJoin(branches, eq(branches.id, userBranches.branchId))
    .where(eq(userBranches.userId, userId))
    .orderBy(asc(branches.slug));
  return row ? { ...row, branches: assigned.map((b) => b.slug) } : null;
}

async function checkBranches(tx: Transaction, role: Role, branchIds: string[]): Promise<string | null> {
  if (!seesAllBranches({ role }) && branchIds.length === 0) return "Choose at least one branch: managers and finance staff work within branches.";
  if (branchIds.length === 0) return null;
  const found = await tx
    .select({ id: branches.id })
    .from(branches)
    .where(and(inArray(branches.id, branchIds), eq(branches.active, true)));
  return found.length === new Set(branchIds).size ? null : "One of the chosen branches doesn't exist or is inactive.";
}

async function emailTaken(tx: Transaction, email: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return Boolean(row && row.id !== exceptId);
}

/** Refuses a change that would leave no active admin. Locks the admin rows so two such changes can't race. */
async function keepsAnActiveAdmin(tx: Transaction) {
  await tx.execute(sql`select id from ${users} where role = 'admin' and active for update`);
  const [admins] = await tx
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)));
  return (admins?.value ?? 0) > 0;
}

/**
 * `totpKey`: a second-factor key the person already holds (`user:create --totp-key`, the demo seed,
 * tests), enrolled at once; its recovery codes come back to be shown once. Without one, a user whose
 * role must use a second factor sets it up at first sign-in (`twoFactorRequired`).
 */
export async function createUser(
  input: UserFields & { actor: AuditActor | null; password: string; totpKey?: Uint8Array } & Submitted,
): Promise<Result<{ id: string; twoFactorRequired: boolean; recoveryCodes: string[] | null }>> {
  const problem = passwordProblem(input.password, [input.email, input.name]);
  if (problem) return { ok: false, field: "password", message: problem };
  const passwordHash = await hashPassword(input.password);
  return attempt(async (tx) => {
    if (await emailTaken(tx, input.email)) throw new Refusal(`There is already a user with the email ${input.email}.`, "email");
    const branchProblem = await checkBranches(tx, input.role, input.branchIds);
    if (branchProblem) throw new Refusal(branchProblem, "branchIds");
    const [created] = await tx
      .insert(users)
      .values({ email: input.email.trim(), name: input.name.trim(), role: input.role, passwordHash })
      .returning({ id: users.id });
    const id = created!.id;
    if (input.branchIds.length) await tx.insert(userBranches).values(input.branchIds.map((branchId) => ({ userId: id, branchId })));
    await recordAudit(tx, { actor: input.actor, action: "user.created", entityType: "user", entityId: id, after: await snapshot(tx, id) });
    const recoveryCodes = input.totpKey ? await enrolWithKey(tx, { actor: input.actor, userId: id, key: input.totpKey }) : null;
    const { roles } = await readTwoFactorPolicy(tx);
    return { id, twoFactorRequired: roles.includes(input.role), recoveryCodes };
  }, input.once);
}

export async function updateUser(
  input: UserFields & { actor: AuditActor; id: string; version: number; active: boolean },
): Promise<Result> {
  return attempt(async (tx) => {
    const before = await lockedSnapshot(tx, input.id);
    if (!before) throw new Refusal("That user no longer exists.", undefined, 404);
    if (await emailTaken(tx, input.email, input.id)) throw new Refusal(`There is already a user with the email ${input.email}.`, "email");
    const branchProblem = await checkBranches(tx, input.role, input.branchIds);
    if (branchProblem) throw new Refusal(branchProblem, "branchIds");

    if (before.version !== input.version) throw staleVersion(before.name, before.version);
    await tx
      .update(users)
      .set({
        email: input.email.trim(),
        name: input.name.trim(),
        role: input.role,
        active: input.active,
        updatedAt: new Date(),
        version: sql`${users.version} + 1`,
      })
      .where(eq(users.id, input.id));
    if (!(await keepsAnActiveAdmin(tx))) throw new Refusal("At least one active admin must remain.", "role", 409);

    await tx.delete(userBranches).where(eq(userBranches.userId, input.id));
    if (input.branchIds.length) await tx.insert(userBranches).values(input.branchIds.map((branchId) => ({ userId: input.id, branchId })));
    // A deactivated user is signed out everywhere at once.
    if (!input.active) await tx.delete(sessions).where(eq(sessions.userId, input.id));
    const after = await snapshot(tx, input.id);
    await recordAudit(tx, { actor: input.actor, action: "user.updated", entityType: "user", entityId: input.id, before, after });
    return {};
  });
}

/** Deactivating signs the user out everywhere at once; the last active admin can't be deactivated. */
export async function setUserActive(input: { actor: AuditActor; id: string; version: number; active: boolean }): Promise<Result> {
  return attempt(async (tx) => {
    const before = await lockedSnapshot(tx, input.id);
    if (!before) throw new Refusal("That user no longer exists.", undefined, 404);
    if (before.version !== input.version) throw staleVersion(before.name, before.version);
    await tx
      .update(users)
      .set({ active: input.active, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, input.id));
    if (!(await keepsAnActiveAdmin(tx))) throw new Refusal("At least one active admin must remain.", undefined, 409);
    if (!input.active) await tx.delete(sessions).where(eq(sessions.userId, input.id));
    await recordAudit(tx, {
      actor: input.actor,
      action: input.active ? "user.reactivated" : "user.deactivated",
      entityType: "user",
      entityId: input.id,
      before,
      after: await snapshot(tx, input.id),
    });
    return {};
  });
}

export async function resetPassword(input: { actor: AuditActor; id: string; password: string }): Promise<Result> {
  const problem = passwordProblem(input.password);
  if (problem) return { ok: false, field: "password", message: problem };
  const passwordHash = await hashPassword(input.password);
  return attempt(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, input.id))
      .returning({ id: users.id });
    if (updated.length === 0) throw new Refusal("That user no longer exists.", undefined, 404);
    await tx.delete(sessions).where(eq(sessions.userId, input.id));
    await recordAudit(tx, { actor: input.actor, action: "user.password_reset", entityType: "user", entityId: input.id });
    return {};
  });
}
