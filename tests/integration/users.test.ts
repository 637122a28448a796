import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Role } from "~/modules/auth/permissions";
import { db, schema } from "@db/client";
import { createUser, setUserActive, updateUser } from "~/modules/users/users.server";
import { action as newUserAction } from "~/routes/_app.admin.users.new";
import { auditRows, cookieFor, makeUser, seedGroup, TEST_PASSWORD } from "../support/factories";

async function versionOf(id: string) {
  const [row] = await db().select({ version: schema.users.version }).from(schema.users).where(eq(schema.users.id, id));
  return row!.version;
}

const fieldsOf = (user: { email: string; name: string; role: Role }, branchIds: string[]) => ({
  email: user.email,
  name: user.name,
  role: user.role,
  branchIds,
  active: true,
});

describe("users", () => {
  it("refuses a second user with the same email in another case", async () => {
    await makeUser("admin", [], { email: "sam@test.example" });
    const again = await createUser({ actor: null, email: "SAM@test.example", name: "Sam Again", role: "admin", branchIds: [], password: TEST_PASSWORD });
    expect(again).toMatchObject({ ok: false, field: "email" });
  });

  it("requires a branch for managers and finance staff", async () => {
    const result = await createUser({ actor: null, email: "nobranch@test.example", name: "No Branch", role: "manager", branchIds: [], password: TEST_PASSWORD });
    expect(result).toMatchObject({ ok: false, field: "branchIds" });
  });

  it("keeps at least one active admin: the last admin can be neither demoted nor deactivated", async () => {
    const branches = await seedGroup();
    const admins = await db().select().from(schema.users).where(and(eq(schema.users.role, "admin"), eq(schema.users.active, true)));
    const [onlyAdmin, ...others] = admins as [(typeof admins)[number], ...typeof admins];
    for (const other of others) await setUserActive({ actor: onlyAdmin, id: other.id, version: other.version, active: false });
    const demote = await updateUser({
      actor: onlyAdmin,
      id: onlyAdmin.id,
      version: onlyAdmin.version,
      ...fieldsOf({ ...onlyAdmin, role: "manager" }, [branches["laguna-ktm"]!]),
    });
    expect(demote).toMatchObject({ ok: false, message: "At least one active admin must remain." });
    const deactivate = await setUserActive({ actor: onlyAdmin, id: onlyAdmin.id, version: onlyAdmin.version, active: false });
    expect(deactivate.ok).toBe(false);
    expect(await versionOf(onlyAdmin.id)).toBe(onlyAdmin.version);

    const second = await makeUser("admin");
    expect((await setUserActive({ actor: second, id: onlyAdmin.id, version: onlyAdmin.version, active: false })).ok).toBe(true);
  });

  it("refuses an edit made on a stale version and keeps the newer change", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("finance");
    const version = await versionOf(user.id);
    const branchIds = user.branchIds;
    expect((await updateUser({ actor: admin, id: user.id, version, ...fieldsOf({ ...user, name: "First Edit" }, branchIds) })).ok).toBe(true);
    const stale = await updateUser({ actor: admin, id: user.id, version, ...fieldsOf({ ...user, name: "Second Edit" }, branchIds) });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(!stale.ok && stale.message).toMatch(/Someone else changed First Edit/);
    const [row] = await db().select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, user.id));
    expect(row!.name).toBe("First Edit");
  });

  it("audits a change with before and after, never the password hash", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("manager");
    const branches = await seedGroup();
    await updateUser({
      actor: admin,
      id: user.id,
      version: await versionOf(user.id),
      ...fieldsOf(user, [branches["laguna-ktm"]!, branches["laguna-triumph"]!]),
    });
    const [row] = (await auditRows("user.updated")).filter((r) => r.entityId === user.id);
    expect(row!.actorId).toBe(admin.id);
    expect(row!.before).toMatchObject({ branches: ["laguna-ktm"] });
    expect(row!.after).toMatchObject({ branches: ["laguna-ktm", "laguna-triumph"] });
    expect(JSON.stringify(await auditRows())).not.toMatch(/argon2/);
  });

  it("lets an admin create a user through the page's action, keeping input on a bad request", async () => {
    const branches = await seedGroup();
    const admin = await makeUser("admin");
    const cookie = await cookieFor(admin);
    const post = (fields: Record<string, string>) =>
      newUserAction({
        request: new Request("http://localhost/admin/users/new", { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) }),
        params: {},
        context: { cspNonce: "" },
      });

    const bad = (await post({ intent: "create", name: "Pat Jones", email: "not-an-email", role: "manager", password: TEST_PASSWORD })) as {
      init: { status: number };
      data: { initialValue: Record<string, unknown>; error: Record<string, string[]> };
    };
    expect(bad.init.status).toBe(400);
    expect(bad.data.initialValue.name).toBe("Pat Jones");
    expect(bad.data.error.email?.[0]).toMatch(/valid email/);

    const good = (await post({
      intent: "create",
      name: "Pat Jones",
      email: "pat@test.example",
      role: "manager",
      branchIds: branches["maidstone-honda"]!,
      password: TEST_PASSWORD,
    })) as Response;
    expect(good.status).toBe(302);
    expect(good.headers.get("Location")).toBe("/admin/users");
    const created = await db().select().from(schema.users).where(eq(schema.users.email, "pat@test.example"));
    expect(created).toHaveLength(1);
  });
});
