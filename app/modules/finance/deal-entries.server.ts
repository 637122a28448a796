import { and, eq, isNull } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { EntryKind } from "@db/schema/finance";
import { recordAudit } from "~/modules/audit/record.server";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { daysBetween, londonToday } from "~/utils/dates";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";

const { financeDeals, dealEntries, complaints } = schema;

const NEEDS_AMOUNT: EntryKind[] = ["commission_paid", "clawback", "early_settlement"];

/**
 * A signed deal is never edited: what happens after signing is a dated entry with a reason and the
 * member of staff. Legal holds (admins and compliance) may be placed at any stage; a complaint's
 * hold is lifted only once it is closed.
 */
export async function addDealEntry(input: {
  actor: SessionUser;
  id: string;
  kind: EntryKind;
  effectiveOn: string;
  amountPence: number | null;
  reason: string;
} & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const [deal] = await tx.select().from(financeDeals).where(eq(financeDeals.id, input.id)).for("update");
    if (!deal) throw new Refusal("That deal doesn't exist.", undefined, 404);
    const legalHold = input.kind === "legal_hold_on" || input.kind === "legal_hold_off";
    if (legalHold ? !can(input.actor, "finance:review") : !can(input.actor, "finance:edit", deal.branchId)) {
      throw new Refusal(legalHold ? "Only an admin or compliance user can place or lift a legal hold." : "You can add entries only to deals in your own branches.", undefined, 403);
    }
    if (input.kind === "legal_hold_off") {
      // A complaint still open keeps its deal on hold (a trigger, migration 0020, refuses it too).
      const open = await tx.select({ reference: complaints.reference }).from(complaints).where(and(eq(complaints.dealId, deal.id), isNull(complaints.closedAt)));
      if (open.length) throw new Refusal(`The legal hold stays while complaint ${open.map((c) => c.reference).join(", ")} about this deal is open.`, "kind", 409);
    }
    if (!legalHold && !deal.signedAt) throw new Refusal("Entries record what happens after signing; this deal isn't signed.", "kind", 409);
    if (NEEDS_AMOUNT.includes(input.kind) && input.amountPence === null) throw new Refusal("Enter the amount.", "amountPence");
    if (deal.signedAt && input.kind === "withdrawal" && daysBetween(londonToday(deal.signedAt), input.effectiveOn) > 14) {
      throw new Refusal("Withdrawal is the customer's right within 14 days of signing; after that, record a cancellation or settlement.", "effectiveOn");
    }
    await tx.insert(dealEntries).values({
      dealId: deal.id,
      kind: input.kind,
      effectiveOn: input.effectiveOn,
      amountPence: input.amountPence,
      reason: input.reason,
      createdBy: input.actor.id,
    });
    await recordAudit(tx, { actor: input.actor, action: `finance.entry_${input.kind}`, entityType: "finance_deal", entityId: deal.id, after: { ...input, actor: undefined } });
    return {};
  }, input.once);
}

export async function entriesOf(dealId: string) {
  return db().select().from(dealEntries).where(eq(dealEntries.dealId, dealId)).orderBy(dealEntries.createdAt);
}

/** Legal hold is on when the latest hold entry says so. */
export function legalHoldOn(entries: { kind: EntryKind }[]) {
  const last = entries.filter((e) => e.kind === "legal_hold_on" || e.kind === "legal_hold_off").at(-1);
  return last?.kind === "legal_hold_on";
}
