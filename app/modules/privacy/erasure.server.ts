import { desc, eq } from "drizzle-orm";
import { db, schema } from "@db/client";
import { recordAudit } from "~/modules/audit/record.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { londonToday } from "~/utils/dates";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { anonymiseCustomer } from "./anonymise.server";
import { assertMayManagePrivacy, customerRetention, retentionReport } from "./retention.server";

const { customers, erasureRequests } = schema;

/**
 * Records a customer's erasure request and decides it by the retention rules, now: done (their
 * details anonymised everywhere, in the same transaction) or refused with the legal reason and the
 * first day it can be done (none while a legal hold or open complaint stands). Staff don't choose the
 * outcome: the rules do, so the same facts always give the same answer.
 */
export async function recordErasureRequest(
  input: { actor: SessionUser; customerId: string; receivedAt: Date; channel: string; today?: string } & Submitted,
): Promise<Result<{ id: string; outcome: "done" | "refused" }>> {
  return attempt(async (tx) => {
    assertMayManagePrivacy(input.actor);
    const [customer] = await tx.select({ id: customers.id, mergedIntoId: customers.mergedIntoId }).from(customers).where(eq(customers.id, input.customerId)).for("update");
    if (!customer) throw new Refusal("That customer doesn't exist.", undefined, 404);
    // The rules judge a merged record only through its survivor (retention.server.ts).
    if (customer.mergedIntoId) throw new Refusal("This record was merged into another: record the request on that one.", undefined, 409);
    const status = await customerRetention(customer.id, { today: input.today ?? londonToday(), forErasure: true, tx });
    if (!status) throw new Refusal("This customer's details were already anonymised.", undefined, 409);
    const outcome = status.reasons.length === 0 ? "done" : "refused";
    const [request] = await tx
      .insert(erasureRequests)
      .values({
        customerId: customer.id,
        receivedAt: input.receivedAt,
        channel: input.channel,
        outcome,
        legalReason: status.reasons.join(" "),
        canBeDoneOn: outcome === "refused" ? status.canBeAnonymisedOn : null,
        recordedBy: input.actor.id,
      })
      .returning();
    await recordAudit(tx, {
      actor: input.actor,
      action: `customer.erasure_${outcome}`,
      entityType: "customer",
      entityId: customer.id,
      after: { requestId: request!.id, outcome, canBeDoneOn: request!.canBeDoneOn, legalReason: request!.legalReason },
    });
    if (outcome === "done") await anonymiseCustomer(tx, { actor: input.actor, customerId: customer.id, reason: "erasure_request", erasureRequestId: request!.id });
    return { id: request!.id, outcome };
  }, input.once);
}

export async function erasureRequestsOf(customerId: string) {
  return db().select().from(erasureRequests).where(eq(erasureRequests.customerId, customerId)).orderBy(desc(erasureRequests.createdAt));
}

/**
 * The retention run: anonymises every customer due under the rules today (dry run: lists them only).
 * Each customer in a transaction of its own, re-checked inside it, so one refusal stops no other.
 */
export async function applyRetention(input: { actor: SessionUser | null; apply: boolean; today?: string }) {
  const report = await retentionReport(input.today);
  const done: { customerId: string; copies: Record<string, number> }[] = [];
  const failed: { customerId: string; message: string }[] = [];
  if (input.apply) {
    for (const due of report.due) {
      try {
        const copies = await db().transaction(async (tx) => {
          const again = await customerRetention(due.customerId, { today: report.today, tx });
          if (!again?.due) throw new Refusal(again?.reasons.join(" ") || "No longer due.");
          return anonymiseCustomer(tx, { actor: input.actor, customerId: due.customerId, reason: "retention" });
        });
        done.push({ customerId: due.customerId, copies });
      } catch (error) {
        failed.push({ customerId: due.customerId, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { ...report, done, failed };
}

/** The erasure page: the customer, where they stand for a request and under the rule, and what was asked and done. */
export async function erasureOverview(customerId: string) {
  const [customer] = await db().select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.id, customerId));
  if (!customer) return null;
  const [forRequest, underRule, requests, anonymised] = await Promise.all([
    customerRetention(customerId, { forErasure: true }),
    customerRetention(customerId),
    erasureRequestsOf(customerId),
    db().select().from(schema.customerAnonymisations).where(eq(schema.customerAnonymisations.customerId, customerId)),
  ]);
  return { customer, forRequest, underRule, requests, anonymised: anonymised[0] ?? null };
}
