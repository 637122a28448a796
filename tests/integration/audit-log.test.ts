import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { listAudit, listAuditFilterOptions } from "~/modules/audit/audit.server";
import { AuditQuery } from "~/modules/audit/audit.schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { loader as pageLoader } from "~/routes/_app.admin.audit";
import { loader as csvLoader } from "~/routes/admin.audit[.csv]";
import { cookieFor, makeUser, seedGroup } from "../support/factories";

const query = (params: Record<string, string> = {}) => AuditQuery.parse(params);

function args(path: string, cookie?: string): LoaderFunctionArgs {
  const request = new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
  return { request, params: {}, context: { cspNonce: "" } };
}

/** RFC 4180, enough for what the export writes (quoted cells, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ",") {
      record.push(cell);
      cell = "";
    } else if (!quoted && char === "\r" && text[i + 1] === "\n") {
      records.push([...record, cell]);
      record = [];
      cell = "";
      i += 1;
    } else {
      cell += char;
    }
  }
  if (cell || record.length) records.push([...record, cell]);
  return records;
}

const at = (iso: string, extra: Partial<typeof schema.auditLog.$inferInsert> = {}) => ({
  action: "test.dated",
  entityType: "test",
  entityId: iso,
  createdAt: new Date(iso),
  ...extra,
});

let branches: Record<string, string>;
let admin: SessionUser;
let manager: SessionUser;
let adminCookie: string;

beforeAll(async () => {
  branches = await seedGroup();
  admin = await makeUser("admin", [], { email: "ops.lead@test.example" });
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  adminCookie = await cookieFor(admin);
  await db()
    .insert(schema.auditLog)
    .values([
      // British Summer Time (UTC+1): the London day 2026-07-02 runs from 2026-07-01T23:00Z to 2026-07-02T23:00Z.
      at("2026-07-01T22:59:59Z"),
      at("2026-07-01T23:00:00Z"),
      at("2026-07-01T23:30:00Z"),
      at("2026-07-02T22:59:59Z"),
      at("2026-07-02T23:00:00Z"),
      // Greenwich Mean Time: London and UTC days agree.
      at("2026-01-14T23:59:59Z"),
      at("2026-01-15T00:30:00Z"),
      // Text a spreadsheet would run as a formula.
      at("2026-03-01T12:00:00Z", { action: "test.formula", entityId: "=HYPERLINK(\"http://x\")", after: { note: "+1" }, actorEmail: "@evil" }),
    ]);
  await db()
    .insert(schema.auditLog)
    .values(Array.from({ length: 120 }, (_, i) => at(new Date(Date.UTC(2026, 4, 1, 0, i)).toISOString(), { action: "test.page" })));
});

describe("audit log filters", () => {
  it("filters by exact action", async () => {
    const { rows, total } = await listAudit(query({ action: "branch.created" }));
    expect(total).toBe(6);
    expect(rows.every((row) => row.action === "branch.created")).toBe(true);
  });

  it("filters by actor id", async () => {
    const { rows } = await listAudit(query({ actor: admin.id }));
    expect(rows.map((row) => row.action)).toEqual(["auth.second_factor_passed", "auth.sign_in"]);
    expect(rows[0]!.actorEmail).toBe(admin.email);
  });

  it("filters by part of the actor's email, ignoring case", async () => {
    const { rows } = await listAudit(query({ actor: "OPS.LEAD" }));
    expect(rows.map((row) => row.actorId)).toEqual([admin.id, admin.id]);
  });

  it("reads % and _ in the who filter as literal characters, not wildcards", async () => {
    expect((await listAudit(query({ actor: "%" }))).total).toBe(0);
    expect((await listAudit(query({ actor: "ops_lead" }))).total).toBe(0);
  });

  it("finds rows written with no signed-in user when who is system", async () => {
    const { rows } = await listAudit(query({ actor: "system", action: "user.created" }));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.actorId === null)).toBe(true);
  });

  it("filters by entity type and id", async () => {
    const { rows } = await listAudit(query({ entityType: "user", entityId: manager.id }));
    expect(rows.map((row) => row.action)).toEqual(["user.created"]);
  });

  it("counts a row at 23:30 UTC in summer on the next London day", async () => {
    const { rows } = await listAudit(query({ action: "test.dated", from: "2026-07-02", to: "2026-07-02", dir: "asc" }));
    expect(rows.map((row) => row.createdAt.toISOString())).toEqual([
      "2026-07-01T23:00:00.000Z",
      "2026-07-01T23:30:00.000Z",
      "2026-07-02T22:59:59.000Z",
    ]);
  });

  it("keeps London and UTC days together in winter", async () => {
    const { rows } = await listAudit(query({ action: "test.dated", from: "2026-01-15", to: "2026-01-15" }));
    expect(rows.map((row) => row.createdAt.toISOString())).toEqual(["2026-01-15T00:30:00.000Z"]);
  });

  it("reads a range typed backwards the right way round", async () => {
    const swapped = query({ action: "test.dated", from: "2026-07-02", to: "2026-07-01" });
    expect(swapped).toMatchObject({ from: "2026-07-01", to: "2026-07-02", swappedDates: true });
    expect((await listAudit(swapped)).total).toBe(4);
  });

  it("ignores dates that are not real days instead of failing", async () => {
    const parsed = query({ from: "2026-02-30", to: "yesterday" });
    expect(parsed.from).toBeUndefined();
    expect(parsed.to).toBeUndefined();
  });
});

describe("audit log paging", () => {
  it("pages on the server and reports the total of the filtered rows", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => listAudit(query({ action: "test.page", page: String(page) }))));
    expect(pages.map((page) => page.total)).toEqual([120, 120, 120]);
    expect(pages.map((page) => page.rows.length)).toEqual([50, 50, 20]);
    const ids = pages.flatMap((page) => page.rows.map((row) => row.id));
    expect(new Set(ids).size).toBe(120);
    expect(pages[0]!.rows[0]!.createdAt.toISOString()).toBe("2026-05-01T01:59:00.000Z");
  });

  it("falls back to defaults for a bad URL instead of failing", () => {
    expect(query({ page: "-3", size: "5000", sort: "password", dir: "sideways", actor: "x".repeat(300) })).toMatchObject({
      page: 1,
      size: 50,
      sort: "createdAt",
      dir: "desc",
      actor: undefined,
    });
  });

  it("offers the recorded actions and entity types and every user as filter choices", async () => {
    const options = await listAuditFilterOptions();
    expect(options.actions).toEqual(expect.arrayContaining(["auth.sign_in", "branch.created", "test.page"]));
    expect(options.entityTypes).toEqual(expect.arrayContaining(["branch", "user", "test"]));
    expect(options.users.map((user) => user.id)).toEqual(expect.arrayContaining([admin.id, manager.id]));
  });
});

describe("audit log routes", () => {
  it("exports exactly the filtered rows as an attachment CSV", async () => {
    const response = await csvLoader(args("/admin/audit.csv?action=test.dated&from=2026-07-02&to=2026-07-02&dir=asc", adminCookie));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="laguna-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...records] = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    expect(header).toEqual(["id", "time_utc", "time_london", "actor_email", "action", "entity_type", "entity_id", "ip_address", "before_json", "after_json"]);
    expect(records.map((record) => [record[1], record[2], record[4]])).toEqual([
      ["2026-07-01T23:00:00.000Z", "2026-07-02 00:00:00+01:00", "test.dated"],
      ["2026-07-01T23:30:00.000Z", "2026-07-02 00:30:00+01:00", "test.dated"],
      ["2026-07-02T22:59:59.000Z", "2026-07-02 23:59:59+01:00", "test.dated"],
    ]);
  });

  it("prefixes CSV cells that a spreadsheet would run as formulas with a quote", async () => {
    const response = await csvLoader(args("/admin/audit.csv?action=test.formula", adminCookie));
    const [, record] = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    expect(record![3]).toBe("'@evil");
    expect(record![6]).toBe("'=HYPERLINK(\"http://x\")");
    expect(JSON.parse(record![9]!)).toEqual({ note: "+1" });
  });

  it("gives an admin the page's rows, total and filter choices", async () => {
    const result = await pageLoader(args("/admin/audit?action=test.page&size=10&page=2", adminCookie));
    expect(result.total).toBe(120);
    expect(result.rows).toHaveLength(10);
    expect(result.query).toMatchObject({ page: 2, size: 10, action: "test.page" });
  });

  it.each([
    ["page", pageLoader, "/admin/audit"],
    ["CSV", csvLoader, "/admin/audit.csv"],
  ])("refuses a manager the %s with 403", async (_name, loader, path) => {
    const cookie = await cookieFor(manager);
    const refusal = await (loader as (a: LoaderFunctionArgs) => Promise<unknown>)(args(path, cookie)).catch((thrown: unknown) => thrown);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(403);
  });

  it("sends an anonymous visitor to sign in", async () => {
    const refusal = await csvLoader(args("/admin/audit.csv")).catch((thrown: unknown) => thrown);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});
