import { schema, type Transaction } from "@db/client";

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

/** Many audit rows in one statement (bulk imports), still inside the caller's transaction. */
export async function recordAudits(tx: Transaction, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  await tx.insert(schema.auditLog).values(
    entries.map((entry) => ({
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ipAddress: entry.ipAddress ?? entry.actor?.clientIp ?? null,
    })),
  );
}
