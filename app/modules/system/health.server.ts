import { sql } from "drizzle-orm";
import { getDatabase } from "@db/client";
import { logError } from "~/utils/log.server";

export async function checkDatabase() {
  const { db, kind } = getDatabase();
  try {
    await db.execute(sql`select 1`);
    return { ok: true, kind };
  } catch (error) {
    logError(error, "healthz: database check failed");
    return { ok: false, kind };
  }
}
