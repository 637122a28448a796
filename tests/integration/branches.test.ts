import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { createBranch, getBranch, updateBranch } from "~/modules/branches/branches.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { action, loader } from "~/routes/_app.admin.branches";
import { auditRows, cookieFor, makeUser, seedGroup } from "../support/factories";

const URL_BASE = "http://localhost/admin/branches";

// Tests in this file share one database, so each new branch gets its own web name and prefix.
function newBranch(slug: string, stockNumberPrefix: string) {
  return {
    slug,
    name: "Canterbury KTM",
    brands: ["KTM"] as ("KTM" | "Husqvarna")[],
    address: "1 Station Road, Canterbury CT1 2AA",
    phone: "01632 960199",
    stockNumberPrefix,
  };
}

async function post(user: SessionUser, fields: Record<string, string | string[]>, search = "") {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  const request = new Request(`${URL_BASE}${search}`, {
    method: "POST",
    headers: { Cookie: await cookieFor(user), "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return action({ request, params: {}, context: { cspNonce: "", clientIp: "203.0.113.7" } });
}

async function get(user: SessionUser, search = "") {
  const request = new Request(`${URL_BASE}${search}`, { headers: { Cookie: await cookieFor(user) } });
  return loader({ request, params: {}, context: { cspNonce: "" } });
}

/** What `data(reply, { status })` carries, read without the route's types. */
function replyOf(result: unknown) {
  const { data, init } = result as { data: { error?: Record<string, string[] | null> | null }; init: { status: number } };
  return { status: init.status, error: data.error ?? {} };
}

async function branchBySlug(slug: string) {
  const [row] = await db().select().from(schema.branches).where(eq(schema.branches.slug, slug));
  return row;
}

async function branchByPrefix(prefix: string) {
  const [row] = await db().select().from(schema.branches).where(eq(schema.branches.stockNumberPrefix, prefix));
  return row;
}

describe("branches", () => {
  it("records a created branch in the audit log with who did it and what it holds", async () => {
    await seedGroup();
    const admin = await makeUser("admin");

    const result = await createBranch({ ...newBranch("canterbury-ktm", "CKT"), actor: admin });

    expect(result.ok).toBe(true);
    const rows = (await auditRows("branch.created")).filter((row) => row.actorId === admin.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.before).toBeNull();
    expect(rows[0]!.after).toMatchObject({ slug: "canterbury-ktm", name: "Canterbury KTM", stockNumberPrefix: "CKT", active: true, version: 1 });
  });

  it("records the address a change came from, from the request, in its audit row", async () => {
    await seedGroup();
    const admin = await makeUser("admin");

    await post(admin, { intent: "create", ...newBranch("folkestone-honda", "FHO") }, "?new");

    const [row] = (await auditRows("branch.created")).filter((entry) => (entry.after as { slug?: string }).slug === "folkestone-honda");
    expect(row).toMatchObject({ actorId: admin.id, ipAddress: "203.0.113.7" });
  });

  it("refuses a web name another branch uses, with the message beside the slug field", async () => {
    await seedGroup();
    const admin = await makeUser("admin");

    const result = await post(admin, { intent: "create", ...newBranch("maidstone-honda", "DSL") }, "?new");

    const reply = replyOf(result);
    expect(reply.status).toBe(400);
    expect(reply.error.slug).toEqual(["Maidstone Honda already uses the web name maidstone-honda."]);
    expect(await branchByPrefix("DSL")).toBeUndefined();
  });

  it("refuses a stock-number prefix another branch uses, with the message beside the prefix field", async () => {
    await seedGroup();
    const admin = await makeUser("admin");

    const result = await post(admin, { intent: "create", ...newBranch("duplicate-prefix", "mho") }, "?new");

    const reply = replyOf(result);
    expect(reply.status).toBe(400);
    expect(reply.error.stockNumberPrefix).toEqual(["Maidstone Honda already uses the stock-number prefix MHO."]);
    expect(await branchBySlug("duplicate-prefix")).toBeUndefined();
  });

  it("refuses an edit made on a stale version with 409 and changes nothing", async () => {
    const ids = await seedGroup();
    const admin = await makeUser("admin");
    const id = ids["kent-motorcycles"]!;
    const loaded = (await getBranch(id))!;
    const edit = { ...newBranch(loaded.slug, loaded.stockNumberPrefix), brands: [], id, active: true };

    // Someone else saves first, from the same version.
    expect(await updateBranch({ ...edit, name: "Kent Motorcycles Ltd", version: loaded.version, actor: admin })).toEqual({ ok: true });
    const afterFirst = await branchBySlug("kent-motorcycles");
    const auditBefore = (await auditRows("branch.updated")).length;

    const stale = await updateBranch({ ...edit, name: "Kent Bikes", version: loaded.version, actor: admin });
    expect(stale).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/Someone else changed Kent Motorcycles Ltd/) });

    const viaRoute = await post(
      admin,
      { intent: "update", id, version: String(loaded.version), name: "Kent Bikes", slug: "kent-motorcycles", stockNumberPrefix: "KEN", active: "on" },
      `?edit=${id}`,
    );
    const reply = replyOf(viaRoute);
    expect(reply.status).toBe(409);
    expect(reply.error[""]).toEqual([expect.stringMatching(/while you were editing \(it is now at version 2\)/)]);

    expect(await branchBySlug("kent-motorcycles")).toEqual(afterFirst);
    expect(await auditRows("branch.updated")).toHaveLength(auditBefore);
  });

  it("lets an admin deactivate a branch that still has active staff, and keeps their assignment", async () => {
    const ids = await seedGroup();
    const admin = await makeUser("admin");
    const id = ids["maidstone-honda"]!;
    await makeUser("manager", [id]);
    const loaded = (await getBranch(id))!;
    expect(loaded.staff).toBeGreaterThan(0);

    const result = await post(admin, {
      intent: "update",
      id,
      version: String(loaded.version),
      name: loaded.name,
      slug: loaded.slug,
      stockNumberPrefix: loaded.stockNumberPrefix,
      brands: loaded.brands,
      address: loaded.address,
      phone: loaded.phone,
      // no `active`: an unticked checkbox sends nothing
    });

    expect(result).toBeInstanceOf(Response);
    const after = (await getBranch(id))!;
    expect(after).toMatchObject({ active: false, version: loaded.version + 1, staff: loaded.staff });
  });

  it("creates a branch through the route action for an admin and redirects with a toast", async () => {
    await seedGroup();
    const admin = await makeUser("admin");

    const result = await post(admin, { intent: "create", ...newBranch(" Dover-KTM ", "dkt"), brands: ["KTM", "Husqvarna"] }, "?new&sort=prefix");

    expect(result).toBeInstanceOf(Response);
    const response = result as unknown as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/branches?sort=prefix");
    expect(response.headers.get("Set-Cookie")).toMatch(/laguna_toast=/);
    expect(await branchBySlug("dover-ktm")).toMatchObject({ name: "Canterbury KTM", stockNumberPrefix: "DKT", brands: ["KTM", "Husqvarna"], active: true });
    expect((await auditRows("branch.created")).some((row) => row.actorId === admin.id)).toBe(true);
  });

  it("refuses a manager with a thrown 403, on the action and the loader", async () => {
    const ids = await seedGroup();
    const manager = await makeUser("manager", [ids["laguna-triumph"]!]);

    const refused = await post(manager, { intent: "create", ...newBranch("managers-branch", "MGR") }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    await expect(get(manager)).rejects.toMatchObject({ status: 403 });
    expect(await branchBySlug("managers-branch")).toBeUndefined();
  });

  it("sorts the list on the server by the URL's column and direction, and falls back to defaults for a bad URL", async () => {
    await seedGroup();
    const admin = await makeUser("admin");

    const all = await db().select({ prefix: schema.branches.stockNumberPrefix, name: schema.branches.name }).from(schema.branches);
    const byPrefix = await get(admin, "?sort=prefix&dir=desc");
    const prefixes = all.map((row) => row.prefix).sort();
    expect(byPrefix.rows.map((row) => row.stockNumberPrefix)).toEqual(prefixes.reverse());
    expect(byPrefix.total).toBe(all.length);

    const fallback = await get(admin, "?sort=drop%20table&dir=sideways&page=-3&size=9999");
    expect(fallback.state).toEqual({ page: 1, size: 50, sort: "name", dir: "asc" });
    expect(fallback.rows.map((row) => row.name)).toEqual(all.map((row) => row.name).sort((a, b) => a.localeCompare(b)));
  });
});
