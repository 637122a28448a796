// Demo complaints in every state, written through the audited domain code as staff would record
// them: open (one linked to a signed deal, which goes on legal hold), due within the week, overdue,
// closed by a summary resolution, by a final response with redress, at the Ombudsman, and decided
// by the Ombudsman (its deal's hold lifted afterwards by the compliance officer).
import { and, asc, eq, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import type { ComplaintCategory, ComplaintChannel, ComplaintOutcome, ComplaintStepKind } from "../db/schema/complaints";
import { addComplaintStep, createComplaint, releaseComplaintHold } from "../app/modules/complaints/complaints.server";
import type { SessionUser } from "../app/modules/auth/permissions";
import { toLondonLocal } from "../app/utils/dates";
import { db, schema } from "../db/client";

const DAY = 86_400_000;
const daysAgo = (days: number, hour = 10) => {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(hour, 30, 0, 0);
  return at;
};

interface PlannedStep {
  kind: ComplaintStepKind;
  day: number;
  outcome?: ComplaintOutcome;
  amountPence?: number;
  note?: string;
}
interface PlannedComplaint {
  receivedDaysAgo: number;
  channel: ComplaintChannel;
  name: string;
  contact: string;
  category: ComplaintCategory;
  branch: string;
  /** Link the nth signed deal of the branch that is not on hold. */
  deal?: boolean;
  description: string;
  wants: string;
  steps: PlannedStep[];
  releaseHold?: string;
}

const PLAN: PlannedComplaint[] = [
  {
    receivedDaysAgo: 1, channel: "email", name: "Priya Shah", contact: "priya.shah@example.com", category: "finance_commission", branch: "maidstone-honda", deal: true,
    description: "I was not told the dealer would be paid commission by the lender until after I had signed. I want to know how much was paid.",
    wants: "The commission amount in writing and an explanation of why it was not disclosed earlier.",
    steps: [{ kind: "acknowledged", day: 0, note: "Acknowledged by email the same day; told her who is handling it." }],
  },
  {
    receivedDaysAgo: 52, channel: "letter", name: "Tom Fielding", contact: "14 Mill Lane, Tonbridge TN9 1AB", category: "vehicle", branch: "laguna-ktm",
    description: "The 790 Adventure's rear shock started leaking within a month of collection and the branch said it was not covered.",
    wants: "The shock replaced under warranty and the cost of the recovery refunded.",
    steps: [
      { kind: "acknowledged", day: 2, note: "Acknowledgement letter sent." },
      { kind: "holding_response", day: 28, note: "Waiting for KTM's warranty decision; told him we expect it within two weeks." },
    ],
  },
  {
    receivedDaysAgo: 70, channel: "phone", name: "Dee Martins", contact: "07700 900321", category: "sale", branch: "kent-motorcycles",
    description: "Part exchange valued lower on the day than in the quote I was emailed the week before.",
    wants: "The difference of £400 paid to her.",
    steps: [{ kind: "acknowledged", day: 1, note: "Acknowledged by phone and letter." }],
  },
  {
    receivedDaysAgo: 20, channel: "in_person", name: "Gareth Lloyd", contact: "07700 900654", category: "service", branch: "laguna-triumph",
    description: "First service took three days longer than promised and nobody called to say.",
    wants: "An apology.",
    steps: [{ kind: "summary_resolution", day: 1, note: "Apologised by phone; he accepted. Letter sent confirming his right to refer to the Financial Ombudsman." }],
  },
  {
    receivedDaysAgo: 90, channel: "web_form", name: "Sam O'Neill", contact: "sam.oneill@example.com", category: "finance_commission", branch: "laguna-performance",
    description: "The monthly payment on my agreement is higher than the figure on the quote I signed in store.",
    wants: "Payments corrected to the quoted figure and the overpayments refunded.",
    steps: [
      { kind: "acknowledged", day: 1 },
      { kind: "final_response", day: 30, outcome: "upheld", note: "The quote used an older rate; the lender has reissued the agreement at the quoted payment." },
      { kind: "redress_offered", day: 30, amountPence: 18_450, note: "Overpayments of three months plus £50 for the trouble." },
      { kind: "redress_paid", day: 37, amountPence: 18_450, note: "Paid by bank transfer." },
      { kind: "root_cause", day: 38, note: "Quote template kept a rate after the lender changed it: quotes now read the rate from the lender's current schedule." },
    ],
  },
  {
    receivedDaysAgo: 150, channel: "letter", name: "Helen Brook", contact: "3 Church Street, Maidstone ME14 1EW", category: "sale", branch: "maidstone-harley-davidson",
    description: "Sold a used bike described as one owner; the V5C shows three previous keepers.",
    wants: "To return the bike for a full refund.",
    steps: [
      { kind: "acknowledged", day: 2 },
      { kind: "final_response", day: 40, outcome: "not_upheld", note: "The advert and invoice both said three previous keepers; the salesperson's note was wrong and was corrected before sale." },
      { kind: "referred_to_ombudsman", day: 60, note: "The Financial Ombudsman Service told us the customer has referred the complaint." },
    ],
  },
  {
    receivedDaysAgo: 300, channel: "email", name: "Ravi Patel", contact: "ravi.patel@example.com", category: "finance_commission", branch: "laguna-triumph", deal: true,
    description: "I believe the commission paid to the dealer was unfair and I was not told about the tie with the manufacturer's lender.",
    wants: "Compensation for the commission paid.",
    steps: [
      { kind: "acknowledged", day: 1 },
      { kind: "final_response", day: 50, outcome: "not_upheld", note: "The disclosure given before the proposal named the tie and the commission basis; copies sent." },
      { kind: "referred_to_ombudsman", day: 80 },
      { kind: "ombudsman_outcome", day: 200, outcome: "partly_upheld", note: "The Ombudsman found the tie disclosed but the commission amount not confirmed before signing; awarded £150." },
      { kind: "redress_paid", day: 210, amountPence: 15_000 },
      { kind: "root_cause", day: 211, note: "Commission confirmation step was skipped on distance sales: it is now required before signing." },
    ],
    releaseHold: "The Ombudsman's decision is final and the award is paid; the record is kept under the normal retention period.",
  },
];

/** Seeds the demo complaints once (only into an empty complaints table). Returns what it added. */
export async function seedComplaints(): Promise<string[]> {
  const [existing] = await db().select({ n: sql<number>`count(*)::int` }).from(schema.complaints);
  if ((existing?.n ?? 0) > 0) return [];
  const userRows = await db().select({ id: schema.users.id, email: schema.users.email, name: schema.users.name, role: schema.users.role }).from(schema.users).where(eq(schema.users.email, "compliance@laguna.example"));
  const officer = userRows[0];
  if (!officer) return [];
  const actor: SessionUser = { ...officer, branchIds: [] };
  const branchRows = await db().select({ id: schema.branches.id, slug: schema.branches.slug }).from(schema.branches);
  const branchOf = new Map(branchRows.map((b) => [b.slug, b.id]));
  const { financeDeals, dealEntries } = schema;
  let made = 0;
  for (const planned of PLAN) {
    const branchId = branchOf.get(planned.branch);
    if (!branchId) continue;
    let dealReference = "";
    if (planned.deal) {
      const [deal] = await db()
        .select({ reference: financeDeals.reference })
        .from(financeDeals)
        .where(and(eq(financeDeals.branchId, branchId), isNotNull(financeDeals.signedAt), notExists(db().select({ id: dealEntries.id }).from(dealEntries).where(and(eq(dealEntries.dealId, financeDeals.id), inArray(dealEntries.kind, ["legal_hold_on", "legal_hold_off"]))))))
        .orderBy(asc(financeDeals.signedAt))
        .limit(1);
      dealReference = deal?.reference ?? "";
    }
    const receivedAt = daysAgo(planned.receivedDaysAgo);
    const created = await createComplaint({
      actor,
      receivedAt,
      fields: {
        branchId,
        receivedAt: toLondonLocal(receivedAt),
        channel: planned.channel,
        complainantName: planned.name,
        complainantContact: planned.contact,
        dealReference,
        stockNumber: "",
        category: planned.category,
        description: planned.description,
        desiredOutcome: planned.wants,
        ownerId: officer.id,
      },
    });
    if (!created.ok) throw new Error(`Seeding complaint from ${planned.name}: ${created.message}`);
    let version = 1;
    for (const step of planned.steps) {
      const occurredAt = new Date(receivedAt.getTime() + step.day * DAY + 2 * 3_600_000);
      const added = await addComplaintStep({ actor, id: created.id, version, kind: step.kind, occurredAt, outcome: step.outcome, amountPence: step.amountPence ?? null, note: step.note ?? "" });
      if (!added.ok) throw new Error(`Seeding ${created.reference} ${step.kind}: ${added.message}`);
      version += 1;
    }
    if (planned.releaseHold && dealReference) {
      const released = await releaseComplaintHold({ actor, id: created.id, reason: planned.releaseHold });
      if (!released.ok) throw new Error(`Seeding ${created.reference} hold release: ${released.message}`);
    }
    made += 1;
  }
  return made ? [`${made} demo complaints`] : [];
}
