import { seedDemoData } from "../../seed";
import { createUser } from "~/modules/users/users.server";
import { db, schema } from "@db/client";
import { eq } from "drizzle-orm";
import type { Role, SessionUser } from "~/modules/auth/permissions";
import { signIn } from "~/modules/auth/sign-in.server";

export const TEST_PASSWORD = "correct-horse-battery";

/** The group's branches, demo users and catalogue; returns branch ids by slug. */
export async function seedGroup() {
  await seedDemoData({ stock: 0, finance: false, offers: false }); // tests make the bikes (and lenders) they need
  const rows = await db().select({ id: schema.branches.id, slug: schema.branches.slug }).from(schema.branches);
  return Object.fromEntries(rows.map((row) => [row.slug, row.id])) as Record<string, string>;
}

let counter = 0;
/** A user signed up through the real code; managers and finance staff get a branch when none is named. */
export async function makeUser(role: Role, branchIds: string[] = [], overrides: { email?: string } = {}): Promise<SessionUser> {
  counter += 1;
  if (role !== "admin" && role !== "compliance" && branchIds.length === 0) branchIds = [(await seedGroup())["laguna-ktm"]!];
  const email = overrides.email ?? `${role}${counter}@test.example`;
  const result = await createUser({ actor: null, email, name: `Test ${role} ${counter}`, role, branchIds, password: TEST_PASSWORD });
  if (!result.ok) throw new Error(result.message);
  return { id: result.id, email, name: `Test ${role} ${counter}`, role, branchIds };
}

/** Signs in through the real sign-in code and returns the Cookie header a browser would send. */
export async function cookieFor(user: { email: string }, password = TEST_PASSWORD) {
  const result = await signIn({ email: user.email, password, ipAddress: "127.0.0.1" });
  if (!result.ok) throw new Error(result.message);
  return result.setCookie.split(";")[0]!;
}

export async function auditRows(action?: string) {
  const query = db().select().from(schema.auditLog);
  return action ? query.where(eq(schema.auditLog.action, action)) : query;
}
