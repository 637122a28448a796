import { schema, type Transaction } from "@db/client";
import { redactAuditValues } from "./personal-fields";

export interface AuditActor {
  id: string;
  email: string;
  /** The address the change came from (a signed-in user's request carries it: see RequestUser). */
  clientIp?: string;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** The address, when there is no actor to carry it (a refused sign-in). */
  ipAddress?: string;
}

/** Writes an audit row inside the caller's transaction, so the change and its record stand or fall together. */
export async function recordAudit(tx: Transaction, entry: AuditEntry) {
  await recordAudits(tx, [entry]);
}

/**
 * Many audit rows in one statement (bulk imports), still inside the caller's transaction. Every row
 * passes through the personal-fields list here, whoever wrote it: the log names the customer by id
 * and says which personal fields changed, never their values (personal-fields.ts).
 */
export async function recordAudits(tx: Transaction, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  await tx.insert(schema.auditLog).values(
    entries.map((entry) => {
      // A JSON round trip first, so the stored row is what redaction saw (dates as strings, no undefined).
      const { before, after } = redactAuditValues(entry.entityType, toJson(entry.before), toJson(entry.after));
      return {
        actorId: entry.actor?.id ?? null,
        actorEmail: entry.actor?.email ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        before: before ?? null,
        after: after ?? null,
        ipAddress: entry.ipAddress ?? entry.actor?.clientIp ?? null,
      };
    }),
  );
}

function toJson(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}
