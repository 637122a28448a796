import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { BreachFieldsSchema } from "~/modules/breaches/breaches.schema";
import { addBreachAction, closeBreach, completeBreachAction, getBreach, recordBreach, recordPrincipalTold } from "~/modules/breaches/breaches.server";
import { refusedWith } from "../support/database-errors";
import { auditRows, makeUser, seedGroup } from "../support/factories";
import { makeDeal } from "../support/finance-factories";

let compliance: SessionUser;
let manager: SessionUser;
let dealReference: string;

beforeAll(async () => {
  const branches = await seedGroup();
  compliance = await makeUser("compliance");
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  const finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  const dealId = await makeDeal(finance, branches["laguna-ktm"]!);
  dealReference = (await db().select({ reference: schema.financeDeals.reference }).from(schema.financeDeals).where(eq(schema.financeDeals.id, dealId)))[0]!.reference;
});

const fields = (overrides: Record<string, unknown> = {}) =>
  BreachFieldsSchema.parse({ intent: "create", description: "Commission confirmed after signing.", foundOn: "2026-11-20", occurredOn: "2026-11-02", rule: "CONC 4.5.3R", dealReferences: dealReference.toLowerCase(), ...overrides });
const versionOf = async (id: string) => (await db().select({ version: schema.breaches.version }).from(schema.breaches).where(eq(schema.breaches.id, id)))[0]!.version;

describe("breach log", () => {
  it("records a breach with its deals, tells the principal once, and closes only when every action is done", async () => {
    const recorded = await recordBreach({ actor: compliance, fields: fields() });
    if (!recorded.ok) throw new Error(recorded.message);
    expect(recorded.reference).toMatch(/^BR-\d{5}$/);
    const id = recorded.id;
    expect(await closeBreach({ actor: compliance, id, version: await versionOf(id), note: "Done" })).toMatchObject({ ok: false, status: 409, message: "Record when the principal was told before closing the breach." });
    expect((await recordPrincipalTold({ actor: compliance, id, version: await versionOf(id), toldAt: new Date("2026-11-21T10:00:00Z"), note: "Email" })).ok).toBe(true);
    expect(await recordPrincipalTold({ actor: compliance, id, version: await versionOf(id), toldAt: new Date("2026-11-22T10:00:00Z"), note: "" })).toMatchObject({ ok: false, status: 409 });
    expect((await addBreachAction({ actor: compliance, id, description: "Retrain staff", ownerId: manager.id, dueOn: "2026-12-15" })).ok).toBe(true);
    expect(await closeBreach({ actor: compliance, id, version: await versionOf(id), note: "Done" })).toMatchObject({ ok: false, message: "Finish every action before closing the breach." });
    const detail = await getBreach(compliance, id);
    expect(detail!.deals.map((d) => d.reference)).toEqual([dealReference]);
    expect((await completeBreachAction({ actor: compliance, id, actionId: detail!.actions[0]!.id })).ok).toBe(true);
    expect((await closeBreach({ actor: compliance, id, version: await versionOf(id), note: "Staff retrained; customers written to." })).ok).toBe(true);
    expect((await auditRows()).filter((row) => row.entityId === id).map((row) => row.action)).toEqual(["breach.recorded", "breach.principal_told", "breach.action_added", "breach.action_done", "breach.closed"]);
  });

  it("refuses staff, unknown deals, and a breach found before it happened", async () => {
    expect(await recordBreach({ actor: manager, fields: fields() })).toMatchObject({ ok: false, status: 403 });
    expect(await recordBreach({ actor: compliance, fields: fields({ dealReferences: "FIN-999999" }) })).toMatchObject({ ok: false, field: "dealReferences", message: "There is no finance deal FIN-999999." });
    expect(await recordBreach({ actor: compliance, fields: fields({ occurredOn: "2026-11-25" }) })).toMatchObject({ ok: false, field: "occurredOn" });
    expect(await getBreach(manager, "00000000-0000-0000-0000-000000000000")).toBeNull();
  });

  it("keeps what was found as recorded and never deletes", async () => {
    const recorded = await recordBreach({ actor: compliance, fields: fields() });
    if (!recorded.ok) throw new Error(recorded.message);
    await expect(db().update(schema.breaches).set({ rule: "Something else" }).where(eq(schema.breaches.id, recorded.id))).rejects.toEqual(refusedWith("breach log: a breach is kept as recorded; add to it instead"));
    await expect(db().delete(schema.breaches).where(eq(schema.breaches.id, recorded.id))).rejects.toEqual(refusedWith("breach log: DELETE on breaches is not allowed"));
  });
});
