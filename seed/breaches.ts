// A demo breach: found in a file review, the principal told, one action done and one open.
import { asc, eq, isNotNull, sql } from "drizzle-orm";
import { addBreachAction, completeBreachAction, recordBreach, recordPrincipalTold } from "../app/modules/breaches/breaches.server";
import type { SessionUser } from "../app/modules/auth/permissions";
import { londonToday } from "../app/utils/dates";
import { db, schema } from "../db/client";

const DAY = 86_400_000;

/** Seeds the demo breach once (only into an empty breach log). Returns what it added. */
export async function seedBreaches(): Promise<string[]> {
  const [existing] = await db().select({ n: sql<number>`count(*)::int` }).from(schema.breaches);
  if ((existing?.n ?? 0) > 0) return [];
  const [officer] = await db().select({ id: schema.users.id, email: schema.users.email, name: schema.users.name, role: schema.users.role }).from(schema.users).where(eq(schema.users.email, "compliance@laguna.example"));
  const [manager] = await db().select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, "manager@laguna.example"));
  if (!officer || !manager) return [];
  const actor: SessionUser = { ...officer, branchIds: [] };
  const deals = await db().select({ reference: schema.financeDeals.reference }).from(schema.financeDeals).where(isNotNull(schema.financeDeals.signedAt)).orderBy(asc(schema.financeDeals.signedAt)).limit(2);
  const day = (days: number) => londonToday(new Date(Date.now() + days * DAY));
  const recorded = await recordBreach({
    actor,
    fields: {
      intent: "create",
      description: "Commission was confirmed to the customer after the agreement was signed on a distance sale, not before (found in the monthly file review).",
      occurredOn: day(-40),
      foundOn: day(-12),
      rule: "CONC 4.5.3R and the principal's commission-confirmation procedure",
      dealReferences: deals.map((deal) => deal.reference),
      offerIds: [],
    },
  });
  if (!recorded.ok) throw new Error(`Seeding the demo breach: ${recorded.message}`);
  const told = await recordPrincipalTold({ actor, id: recorded.id, version: 1, toldAt: new Date(Date.now() - 11 * DAY), note: "Emailed the principal's compliance team with the file review notes." });
  if (!told.ok) throw new Error(told.message);
  for (const [description, ownerId, dueOn] of [
    ["Write to the customers involved confirming the commission paid.", officer.id, day(-5)],
    ["Retrain the branch's sales staff on confirming commission before signing.", manager.id, day(14)],
  ] as const) {
    const added = await addBreachAction({ actor, id: recorded.id, description, ownerId, dueOn });
    if (!added.ok) throw new Error(added.message);
  }
  const [first] = await db().select({ id: schema.breachActions.id }).from(schema.breachActions).orderBy(asc(schema.breachActions.createdAt)).limit(1);
  const done = await completeBreachAction({ actor, id: recorded.id, actionId: first!.id });
  if (!done.ok) throw new Error(done.message);
  return ["1 demo breach"];
}
