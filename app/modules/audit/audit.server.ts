import { and, asc, count, desc, eq, gte, ilike, isNull, lt, sql, type SQL } from "drizzle-orm";
import { db, schema, selectRows } from "@db/client";
import { endOfLondonDay, startOfLondonDay } from "~/utils/dates";
import { SYSTEM_ACTOR, type AuditQuery } from "./audit.schema";
import { containsPattern } from "~/utils/like";

// The only reader of audit_log: writers go through record.server.ts, inside their own transactions.
const { auditLog, users } = schema;

/** An export larger than this is cut short (and says so): narrow the filters for the rest. */
export const AUDIT_CSV_LIMIT = 50_000;

const SORT_COLUMNS = {
  createdAt: auditLog.createdAt,
  action: auditLog.action,
  entityType: auditLog.entityType,
  actorEmail: auditLog.actorEmail,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = {
  id: auditLog.id,
  createdAt: auditLog.createdAt,
  actorId: auditLog.actorId,
  actorEmail: auditLog.actorEmail,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
  ipAddress: auditLog.ipAddress,
};

function whereFor(query: AuditQuery): SQL | undefined {
  const conditions: SQL[] = [];
  if (query.actor) {
    if (query.actor.toLowerCase() === SYSTEM_ACTOR) conditions.push(isNull(auditLog.actorId));
    else if (UUID.test(query.actor)) conditions.push(eq(auditLog.actorId, query.actor.toLowerCase()));
    else conditions.push(ilike(auditLog.actorEmail, containsPattern(query.actor)));
  }
  if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  // London calendar days, so a row at 23:30 UTC in summer falls on the next day, as staff saw it.
  if (query.from) conditions.push(gte(auditLog.createdAt, startOfLondonDay(query.from)));
  if (query.to) conditions.push(lt(auditLog.createdAt, endOfLondonDay(query.to)));
  return conditions.length ? and(...conditions) : undefined;
}

function orderFor(query: AuditQuery) {
  const direction = query.dir === "asc" ? asc : desc;
  // The id breaks ties, so paging never repeats or skips a row with an equal sort value.
  return [direction(SORT_COLUMNS[query.sort]), direction(auditLog.id)];
}

export async function listAudit(query: AuditQuery) {
  const where = whereFor(query);
  const [rows, [total]] = await Promise.all([
    db()
      .select(COLUMNS)
      .from(auditLog)
      .where(where)
      .orderBy(...orderFor(query))
      .limit(query.size)
      .offset((query.page - 1) * query.size),
    db().select({ value: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export type AuditListRow = Awaited<ReturnType<typeof listAudit>>["rows"][number];

/** Every row the filters match, in the table's order, up to AUDIT_CSV_LIMIT; `truncated` says when more matched. */
export async function auditCsvRows(query: AuditQuery) {
  const rows = await db()
    .select(COLUMNS)
    .from(auditLog)
    .where(whereFor(query))
    .orderBy(...orderFor(query))
    .limit(AUDIT_CSV_LIMIT + 1);
  const truncated = rows.length > AUDIT_CSV_LIMIT;
  return { rows: truncated ? rows.slice(0, AUDIT_CSV_LIMIT) : rows, truncated };
}

/** What the filter form offers: the actions and entity types on record, and every user (active or not). */
export async function listAuditFilterOptions() {
  const [actions, entityTypes, people] = await Promise.all([
    distinctValues("action"),
    distinctValues("entity_type"),
    db().select({ id: users.id, name: users.name, email: users.email }).from(users).orderBy(asc(users.email)),
  ]);
  return {
    actions,
    entityTypes,
    users: people,
  };
}

/**
 * The distinct values of an indexed column, by hopping along the index (a "loose index scan"):
 * a few dozen index look-ups instead of reading the whole, ever-growing log.
 */
async function distinctValues(column: "action" | "entity_type") {
  const col = sql.identifier(column);
  const rows = await selectRows<{ value: string }>(sql`
    with recursive hops(value) as (
      (select ${col} from ${auditLog} order by ${col} limit 1)
      union all
      select (select ${col} from ${auditLog} where ${col} > hops.value order by ${col} limit 1) from hops where hops.value is not null
    )
    select value from hops where value is not null`);
  return rows.map((row) => row.value);
}
