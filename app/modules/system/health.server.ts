import { sql } from "drizzle-orm";
import { getDatabase } from "@db/client";
import { logError } from "~/utils/log.server";
import { databaseUnavailableCode } from "./database-unavailable.server";

/** Whether the database answers; when it doesn't, why (for /healthz and the server's log). */
export async function checkDatabase() {
  const { db, kind } = getDatabase();
  try {
    await db.execute(sql`select 1`);
    return { ok: true as const, kind };
  } catch (error) {
    const code = databaseUnavailableCode(error);
    if (code) console.error(`healthz: database unavailable (${code})`);
    else logError(error, "healthz: database check failed"); // not an outage: a password or a setting, say
    return { ok: false as const, kind, reason: code ? "database unavailable" : "database error" };
  }
}
