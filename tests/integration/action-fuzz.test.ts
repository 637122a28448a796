// Property-based fuzz of every action route: thousands of generated bodies (wrong types, huge and
// negative numbers, impossible dates, control characters, long text, repeated and missing fields,
// real and made-up ids; as forms, multipart, JSON, plain text or untyped), posted as an admin so the
// guards pass. No input may give a 5xx (a thrown
// error or a response ≥ 500), and a refused request (4xx) must leave every table as it was.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { seedDemoData } from "../../seed";
import { cookieFor, makeUser } from "../support/factories";
import { fieldValues, ROUTES, type ParamKind, type SeededIds } from "../support/fuzz-fields";

type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string; clientIp: string } }) => Promise<unknown>;

const routesDir = join(process.cwd(), "app/routes");
const actionRoutes = readdirSync(routesDir).filter((file) => /\.(ts|tsx)$/.test(file));

// Fixed under CI, so a failure there can be replayed; otherwise a fresh seed each run, printed.
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI === "true" ? 20261203 : Date.now() % 2 ** 31;
if (process.env.CI !== "true") console.log(`action fuzz seed ${seed} (FUZZ_SEED=${seed} to replay)`);

let ids: SeededIds;
let cookies: { admin: string; spare: string };
let otherUsers: string[];

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db().execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Counts every row inserted, updated or deleted in every table (a trigger per table, in the writing
 * transaction, so a rolled-back write counts nothing): a refused request must leave the counts as they were.
 */
async function countWrites() {
  await db().execute(sql.raw("create table fuzz_writes (table_name text primary key, writes bigint not null)"));
  await db().execute(
    sql.raw(`create function fuzz_count_write() returns trigger language plpgsql as $$
      begin
        insert into fuzz_writes values (tg_table_name, 1) on conflict (table_name) do update set writes = fuzz_writes.writes + 1;
        return null;
      end $$`),
  );
  const tables = await rows<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('fuzz_writes', '__drizzle_migrations')`,
  );
  for (const { table_name } of tables) {
    await db().execute(sql.raw(`create trigger fuzz_count_write after insert or update or delete on "${table_name}" for each row execute function fuzz_count_write()`));
  }
  return tables.length;
}

async function snapshot() {
  const found = await rows<{ table_name: string; writes: string }>(sql`select table_name, writes::text from fuzz_writes`);
  return Object.fromEntries(found.map((row) => [row.table_name, row.writes]));
}

const VERSION_TABLES: Record<Exclude<ParamKind, "splat" | null>, string> = { vehicle: "vehicles", deal: "finance_deals", offer: "offers", lender: "lenders", user: "users", complaint: "complaints", breach: "breaches", customer: "customers" };

/** The current version of the record the body is about, so some changes get past the version check. */
async function currentVersion(param: ParamKind, id: string | undefined, body: [string, string][], route: string) {
  const bodyId = body.find(([name]) => name === "id")?.[1] ?? body.find(([name]) => name === "tieId")?.[1];
  const table =
    param && param !== "splat" ? VERSION_TABLES[param] : route.includes("catalogue") ? "catalogue_models" : route.includes("branches") ? "branches" : null;
  const target = param && param !== "splat" ? id : bodyId;
  if (!table || !target || !/^[0-9a-f-]{36}$/.test(target)) return "1";
  const [row] = await rows<{ version: number }>(sql`select version from ${sql.identifier(table)} where id = ${target}`);
  return String(row?.version ?? 1);
}

/** A body as a short line: long values cut, so a failure report stays readable. */
const shown = (pairs: [string, string][]) => JSON.stringify(pairs.map(([name, value]) => [name, value.length > 60 ? `${value.slice(0, 20)}…(${value.length} chars)` : value]));

type Encoding = "form" | "multipart" | "json" | "text" | "untyped";

/** The fields as the chosen kind of body: a form either way a browser sends one, or something else. */
function encoded(pairs: [string, string][], encoding: Encoding, cookie: string | undefined): RequestInit {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  if (encoding === "form" || encoding === "multipart") {
    const form = encoding === "multipart" ? new FormData() : new URLSearchParams();
    for (const [name, value] of pairs) form.append(name, value);
    return { headers, body: form };
  }
  const text = encoding === "json" ? JSON.stringify(Object.fromEntries(pairs)) : pairs.map(([name, value]) => `${name}=${value}`).join("\n");
  if (encoding === "json") headers["Content-Type"] = "application/json";
  // A byte body carries no Content-Type of its own; a string one would say text/plain.
  return { headers, body: encoding === "untyped" ? new TextEncoder().encode(text) : text };
}

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    return (result as { init?: { status?: number } | null }).init?.status ?? 200;
  }
  return 200;
}

beforeAll(async () => {
  await seedDemoData({ stock: 40, finance: true, offers: true });
  const admin = await makeUser("admin");
  const spare = await makeUser("manager");
  cookies = { admin: await cookieFor(admin), spare: await cookieFor(spare) };
  const idsOf = async (table: string) => (await rows<{ id: string }>(sql.raw(`select id from "${table}" order by id`))).map((row) => row.id);
  ids = {
    branches: await idsOf("branches"),
    models: (await idsOf("catalogue_models")).slice(0, 12),
    vehicles: await idsOf("vehicles"),
    offers: await idsOf("offers"),
    lenders: await idsOf("lenders"),
    ties: await idsOf("lender_ties"),
    attempts: (await idsOf("lender_attempts")).slice(0, 12),
    deals: await idsOf("finance_deals"),
    complaints: await idsOf("complaints"),
    breaches: await idsOf("breaches"),
    // The erasure page names a customer: the demo's, or one made here when the seed has none.
    customers: (await idsOf("customers")).length ? (await idsOf("customers")).slice(0, 12) : [(await db().insert(schema.customers).values({ name: "Fuzz Customer" }).returning())[0]!.id],
    users: [],
  };
  otherUsers = (await rows<{ id: string }>(sql`select id from ${schema.users} where id not in (${admin.id}, ${spare.id})`)).map((row) => row.id);
  ids.users = otherUsers; // complaint owners; never the fuzz's own sessions' users
  expect(await countWrites()).toBeGreaterThan(20);
}, 120_000);

describe("action routes under fuzzed form bodies", () => {
  it("has a fuzz plan for every route module with an action", async () => {
    const withAction: string[] = [];
    for (const file of actionRoutes) if ((await import(join(routesDir, file))).action) withAction.push(file);
    expect(withAction.filter((file) => !ROUTES[file]), "add these to ROUTES in tests/support/fuzz-fields.ts").toEqual([]);
  });

  it("answers every body without a 5xx, and a refused one changes nothing", async () => {
    const failures: string[] = [];
    let requests = 0;
    let writeChecks = 0;
    const outcomes: Record<string, number> = {};
    const notForms: Record<number, number> = {};
    let before = await snapshot();
    for (const [file, plan] of Object.entries(ROUTES)) {
      const { action } = (await import(join(routesDir, file))) as { action: Handler };
      const paramIds: Record<string, string[]> = { vehicle: ids.vehicles, deal: ids.deals, offer: ids.offers, lender: ids.lenders, user: otherUsers, complaint: ids.complaints, breach: ids.breaches, customer: ids.customers! };
      const param = plan.param === null ? fc.constant<Record<string, string>>({}) : plan.param === "splat" ? fc.constant<Record<string, string>>({ "*": "nowhere" }) : fc.oneof(
        { arbitrary: fc.constantFrom(...paramIds[plan.param]!).map((id): Record<string, string> => ({ id })), weight: 8 },
        { arbitrary: fc.constantFrom(randomUUID(), "not-a-uuid", "1", "").map((id): Record<string, string> => ({ id })), weight: 1 },
      );
      const fields = (clean: boolean) =>
        ["intent", ...plan.fields].map((name) => fieldValues(name, ids, plan.intents, clean).map((values) => values.map((value) => [name, value] as [string, string])));
      const extras = fc.array(fc.tuple(fc.constantFrom("x", "intent", "__proto__", "id", "a[0]"), fc.string({ maxLength: 8 })), { maxLength: 2 });
      const clean = fc.tuple(...fields(true)).map((lists) => lists.flat());
      const dirty = fc.tuple(fc.tuple(...fields(false)), extras).map(([lists, extra]) => [...lists.flat(), ...extra]);
      const body = fc.oneof(clean, dirty);
      // Mostly forms; now and then the same fields as multipart, JSON, plain text or an untyped body.
      const encoding = fc.oneof(
        { arbitrary: fc.constant<Encoding>("form"), weight: 8 },
        { arbitrary: fc.constant<Encoding>("multipart"), weight: 2 },
        { arbitrary: fc.constantFrom<Encoding>("json", "text", "untyped"), weight: 1 },
      );

      await fc.assert(
        fc.asyncProperty(param, body, encoding, async (params, pairs, encoding) => {
          requests += 1;
          const resolved: [string, string][] = [];
          for (const [name, value] of pairs) resolved.push([name, value === "@version" ? await currentVersion(plan.param, params.id, pairs, file) : value]);
          const cookie = plan.caller === "anonymous" ? undefined : cookies[plan.caller ?? "admin"];
          const request = new Request(`http://localhost/fuzz/${file}`, { method: "POST", ...encoded(resolved, plan.multipart && encoding === "form" ? "multipart" : encoding, cookie) });
          let status: number;
          try {
            status = statusOf(await action({ request, params, context: { cspNonce: "", clientIp: "127.0.0.1" } }));
          } catch (thrown) {
            if (thrown instanceof Response) status = thrown.status;
            else {
              failures.push(`${file} ${JSON.stringify(params)} ${shown(resolved)} threw ${String((thrown as Error)?.stack ?? thrown).slice(0, 400)}`);
              status = 0;
            }
          }
          if (encoding === "json" || encoding === "text" || encoding === "untyped") notForms[status] = (notForms[status] ?? 0) + 1;
          if (status >= 500) failures.push(`${file} ${JSON.stringify(params)} ${shown(resolved)} → ${status}`);
          outcomes[`${Math.floor(status / 100)}xx`] = (outcomes[`${Math.floor(status / 100)}xx`] ?? 0) + 1;
          const after = await snapshot();
          if (status >= 400 && status < 500) {
            const changed = Object.keys(after).filter((table) => after[table] !== before[table] && !plan.refusalMayWrite?.test(table));
            writeChecks += 1;
            if (changed.length) failures.push(`${file} refused with ${status} but changed ${changed.join(", ")}: ${shown(resolved)}`);
          }
          before = after;
        }),
        { seed, numRuns: plan.runs },
      );
    }
    console.log(`action fuzz: ${requests} bodies, answered ${JSON.stringify(outcomes)}, tables written ${Object.keys(before).join(", ")}`);
    console.log(`action fuzz: bodies that are no form answered ${JSON.stringify(notForms)}`);
    expect(requests).toBeGreaterThan(2500);
    expect(notForms[415], "bodies that are no form refused as such").toBeGreaterThan(50);
    expect(writeChecks, "refused requests checked for writes").toBeGreaterThan(1000);
    expect(Object.keys(before).length, "tables seen written (the write counter works)").toBeGreaterThan(3);
    expect(failures).toEqual([]);
  }, 300_000);
});
