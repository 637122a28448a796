import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@db/client";
import { auditRows, seedGroup } from "../support/factories";

describe("audit log", () => {
  it("keeps rows written by changes", async () => {
    await seedGroup();
    const rows = await auditRows("branch.created");
    expect(rows).toHaveLength(6);
  });

  it.each([
    ["UPDATE", sql`update audit_log set action = 'tampered'`],
    ["DELETE", sql`delete from audit_log`],
    ["TRUNCATE", sql`truncate audit_log`],
  ])("refuses %s at the database level", async (_name, statement) => {
    await seedGroup();
    await expect(db().execute(statement)).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }),
    });
    expect((await auditRows("tampered")).length).toBe(0);
    expect((await auditRows()).length).toBeGreaterThan(0);
  });
});
