import { sql } from "drizzle-orm";
import { getDatabase } from "@db/client";

export async function checkDatabase() {
  const { db, kind } = getDatabase();
  try {
    await db.execute(sql`select 1`);
    return { ok: true, kind };
  } catch (error) {
    console.error("healthz: database check failed", error);
    return { ok: false, kind };
  }
}
