import { schema, type Transaction } from "@db/client";
import { currentClientIp } from "~/utils/request-context.server";

export interface AuditActor {
  id: string;
  email: string;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes an audit row inside the caller's transaction, so the change and its record stand or fall together. */
export async function recordAudit(tx: Transaction, entry: AuditEntry) {
  await recordAudits(tx, [entry]);
}

/** Many audit rows in one statement (bulk imports), still inside the caller's transaction. */
export async function recordAudits(tx: Transaction, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  const ipAddress = currentClientIp();
  await tx.insert(schema.auditLog).values(
    entries.map((entry) => ({
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ipAddress,
    })),
  );
}
