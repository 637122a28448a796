import { readdirSync, readFileSync } from "node:fs";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@db/client";

// Migration 0036 removes personal values from audit rows written before the audit writer did so
// itself. These rows are shaped like the old writers' (written straight to the table, as they were),
// and the migration's own SQL is run over them again.
const MIGRATIONS = new URL("../../db/migrations/", import.meta.url);
const MIGRATION = readFileSync(new URL(readdirSync(MIGRATIONS).find((file) => file.endsWith("_audit_without_personal_values.sql"))!, MIGRATIONS), "utf8");
const REDACTION = MIGRATION.split("--> statement-breakpoint").slice(0, 5); // the function, trigger off, update, trigger on, drop

async function runRedaction() {
  for (const statement of REDACTION) await db().execute(sql.raw(statement));
}

describe("migration 0031: personal values out of older audit rows", () => {
  it("replaces every personal value with the marker, keeps the rest, and puts the append-only trigger back", async () => {
    const legacy = await db()
      .insert(schema.auditLog)
      .values([
        {
          action: "finance.created",
          entityType: "finance_deal",
          entityId: "deal-1",
          after: { id: "deal-1", reference: "FIN-000001", customerName: "Mabel Quince", customerDateOfBirth: "1958-02-03", customerContact: "mabel@quince.example", vulnerable: true, vulnerabilityNote: "Early dementia", guarantorName: null, quotedFigures: { creditPence: 1_000_000 } },
        },
        {
          action: "finance.disclosure_acknowledged",
          entityType: "finance_deal",
          entityId: "deal-1",
          after: { method: "tablet", typedName: "Mabel Quince" },
        },
        {
          action: "reservation.created",
          entityType: "vehicle",
          entityId: "bike-1",
          before: { status: "in_stock", saleCustomerName: null },
          after: { status: "reserved", reservation: { id: "r-1", customerName: "Hector Plumb", customerContact: "01632 960001", depositPence: 50_000 } },
        },
        {
          action: "vehicle.sold",
          entityType: "vehicle",
          entityId: "bike-2",
          after: { status: "sold", saleCustomerName: "Hector Plumb", saleCustomerContact: "01632 960001", salePricePence: 800_000 },
        },
        {
          action: "complaint.created",
          entityType: "complaint",
          entityId: "c-1",
          after: { reference: "CMP-1", complainantName: "Iris Nettle", complainantContact: "iris@nettle.example", description: "I use a wheelchair and was not helped", desiredOutcome: "An apology", category: "service" },
        },
        { action: "offer.created", entityType: "offer", entityId: "o-1", after: { title: "Spring KTM", description: "Not a person" } },
        { action: "finance.consented", entityType: "finance_deal", entityId: "deal-1", after: { kind: "initial", method: "signed_paper" } },
      ])
      .returning({ id: schema.auditLog.id });
    const ids = legacy.map((row) => row.id);

    await runRedaction();

    const rows = await db().select().from(schema.auditLog).where(inArray(schema.auditLog.id, ids)).orderBy(schema.auditLog.id);
    const stored = JSON.stringify(rows.map((row) => [row.before, row.after]));
    for (const value of ["Mabel Quince", "1958-02-03", "mabel@quince.example", "Early dementia", "Hector Plumb", "01632 960001", "Iris Nettle", "iris@nettle.example", "wheelchair", "An apology"]) {
      expect(stored, value).not.toContain(value);
    }
    expect(rows[0]!.after).toEqual({
      id: "deal-1",
      reference: "FIN-000001",
      customerName: "[personal data]",
      customerDateOfBirth: "[personal data]",
      customerContact: "[personal data]",
      vulnerable: true,
      vulnerabilityNote: "[personal data]",
      guarantorName: null,
      quotedFigures: { creditPence: 1_000_000 },
      personalDataRedacted: "0031",
    });
    expect(rows[2]!.after).toEqual({ status: "reserved", reservation: { id: "r-1", customerName: "[personal data]", customerContact: "[personal data]", depositPence: 50_000 }, personalDataRedacted: "0031" });
    expect(rows[2]!.before).toEqual({ status: "in_stock", saleCustomerName: null });
    expect(rows[4]!.after).toMatchObject({ reference: "CMP-1", category: "service", description: "[personal data]" });
    // Rows with nothing personal are left exactly as written (an offer's description is not a person's).
    expect(rows[5]!.after).toEqual({ title: "Spring KTM", description: "Not a person" });
    expect(rows[6]!.after).toEqual({ kind: "initial", method: "signed_paper" });

    // The log is append-only again once the migration is done.
    await expect(db().update(schema.auditLog).set({ action: "tampered" }).where(eq(schema.auditLog.id, ids[0]!))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/audit_log is append-only: UPDATE/) }),
    });
  });

  it("leaves rows the audit writer has already cleaned alone (running it twice changes nothing)", async () => {
    const [row] = await db()
      .insert(schema.auditLog)
      .values({ action: "finance.updated", entityType: "finance_deal", entityId: "deal-2", after: { customerName: "[personal data]", personalFieldsChanged: ["customerName"] } })
      .returning();
    await runRedaction();
    await runRedaction();
    const [again] = await db().select().from(schema.auditLog).where(eq(schema.auditLog.id, row!.id));
    expect(again!.after).toEqual({ customerName: "[personal data]", personalFieldsChanged: ["customerName"] });
  });
});
