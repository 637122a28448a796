import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import type { ComplaintOutcome, ComplaintStatus, ComplaintStepKind } from "@db/schema/complaints";
import { recordAudit } from "~/modules/audit/record.server";
import { can, seesAllBranches, type Role, type SessionUser } from "~/modules/auth/permissions";
import { customerForRecord } from "~/modules/customers/customers.server";
import { londonToday } from "~/utils/dates";
import { attempt, Refusal, staleVersion, type Result, type Submitted } from "~/utils/result.server";
import { STEP_LABELS } from "./complaint-labels";
import type { ComplaintFields } from "./complaints.schema";
import { complaintDeadlines } from "./deadlines";

const { complaints, complaintSteps, financeDeals, dealEntries, vehicles, reservations, users, userBranches, branches, stockNumberCounters } = schema;

/** Where a complaint stands that no longer needs handling (the deal's hold may then be lifted). */
export const CLOSED_STATUSES: readonly ComplaintStatus[] = ["resolved_summary", "final_response", "ombudsman_decided"];

async function nextReference(tx: Transaction) {
  const [counter] = await tx
    .insert(stockNumberCounters)
    .values({ prefix: "#complaint", lastNumber: 1 })
    .onConflictDoUpdate({ target: stockNumberCounters.prefix, set: { lastNumber: sql`${stockNumberCounters.lastNumber} + 1` } })
    .returning();
  return `CMP-${String(counter!.lastNumber).padStart(5, "0")}`;
}

/** Is the deal's record on legal hold now (its latest hold entry places it)? */
async function holdIsOn(tx: Transaction, dealId: string) {
  const [last] = await tx
    .select({ kind: dealEntries.kind })
    .from(dealEntries)
    .where(and(eq(dealEntries.dealId, dealId), inArray(dealEntries.kind, ["legal_hold_on", "legal_hold_off"])))
    .orderBy(desc(dealEntries.createdAt), desc(dealEntries.id))
    .limit(1);
  return last?.kind === "legal_hold_on";
}

/** Someone who may handle complaints of the branch: an active user of that branch, an admin or compliance. */
async function assertOwner(tx: Transaction, ownerId: string, branchId: string) {
  const [owner] = await tx
    .select({ role: users.role, active: users.active, branchIds: sql<string[]>`array(select ${userBranches.branchId} from ${userBranches} where ${userBranches.userId} = ${users.id})` })
    .from(users)
    .where(eq(users.id, ownerId));
  const handles = owner?.active && can({ id: ownerId, email: "", name: "", role: owner.role as Role, branchIds: owner.branchIds }, "complaints:edit", branchId);
  if (!handles) throw new Refusal("Choose an active member of staff of the complaint's branch (or an admin or compliance user) to handle it.", "ownerId");
}

/** The deal, bike and reservation a complaint names, and the branch they put it in. */
async function resolveLinks(tx: Transaction, actor: SessionUser, fields: ComplaintFields) {
  let branchId = fields.branchId;
  let dealId: string | null = null;
  let dealReference: string | null = null;
  if (fields.dealReference) {
    const [deal] = await tx.select({ id: financeDeals.id, branchId: financeDeals.branchId, reference: financeDeals.reference }).from(financeDeals).where(eq(sql`upper(${financeDeals.reference})`, fields.dealReference.toUpperCase()));
    if (!deal || !can(actor, "complaints:edit", deal.branchId)) throw new Refusal(`There is no finance deal ${fields.dealReference} in your branches.`, "dealReference");
    if (branchId && branchId !== deal.branchId) throw new Refusal("The deal belongs to another branch: choose its branch, or leave the branch for the deal to set.", "branchId");
    [branchId, dealId, dealReference] = [deal.branchId, deal.id, deal.reference];
  }
  let vehicleId: string | null = null;
  let reservationId: string | null = null;
  if (fields.stockNumber) {
    const [bike] = await tx.select({ id: vehicles.id, branchId: vehicles.branchId }).from(vehicles).where(eq(sql`upper(${vehicles.stockNumber})`, fields.stockNumber.toUpperCase()));
    if (!bike) throw new Refusal(`There is no bike with stock number ${fields.stockNumber}.`, "stockNumber");
    vehicleId = bike.id;
    branchId ??= bike.branchId;
    const [reservation] = await tx
      .select({ id: reservations.id })
      .from(reservations)
      .where(and(eq(reservations.vehicleId, bike.id), sql`lower(trim(${reservations.customerName})) = lower(${fields.complainantName})`))
      .orderBy(desc(reservations.createdAt))
      .limit(1);
    reservationId = reservation?.id ?? null;
  }
  if (!branchId) throw new Refusal("Choose the branch the complaint is about (or give the deal it concerns).", "branchId");
  if (!can(actor, "complaints:edit", branchId)) throw new Refusal("You can record complaints only for your own branches.", "branchId", 403);
  const [branch] = await tx.select({ id: branches.id }).from(branches).where(eq(branches.id, branchId));
  if (!branch) throw new Refusal("Choose the branch from the list.", "branchId");
  return { branchId, dealId, dealReference, vehicleId, reservationId };
}

/**
 * With no customer chosen: the linked deal's (else reservation's) customer when the complainant is
 * that person by name. Someone else complaining (a representative) becomes a customer of their own.
 */
async function customerOfLinks(tx: Transaction, links: { dealId: string | null; reservationId: string | null }, complainantName: string) {
  const sameName = (column: typeof financeDeals.customerName | typeof reservations.customerName) => sql`lower(trim(${column})) = lower(trim(${complainantName}))`;
  if (links.dealId) {
    const [deal] = await tx.select({ customerId: financeDeals.customerId }).from(financeDeals).where(and(eq(financeDeals.id, links.dealId), sameName(financeDeals.customerName)));
    if (deal?.customerId) return deal.customerId;
  }
  if (links.reservationId) {
    const [reservation] = await tx.select({ customerId: reservations.customerId }).from(reservations).where(and(eq(reservations.id, links.reservationId), sameName(reservations.customerName)));
    if (reservation?.customerId) return reservation.customerId;
  }
  return undefined;
}

/** Puts the complaint's deal on legal hold (a dated entry by the actor) unless it is already held. */
async function placeHold(tx: Transaction, actor: SessionUser, complaint: typeof complaints.$inferSelect, why: string) {
  if (!complaint.dealId || (await holdIsOn(tx, complaint.dealId))) return false;
  const [entry] = await tx
    .insert(dealEntries)
    .values({
      dealId: complaint.dealId,
      kind: "legal_hold_on",
      effectiveOn: londonToday(),
      reason: `${why}: the deal's whole record is kept until the complaint is closed.`,
      details: { complaintId: complaint.id, complaintReference: complaint.reference },
      createdBy: actor.id,
    })
    .returning();
  await recordAudit(tx, { actor, action: "finance.entry_legal_hold_on", entityType: "finance_deal", entityId: complaint.dealId, after: entry });
  return true;
}

/**
 * Records a complaint with its DISP deadlines. One naming a finance deal puts that deal's record on
 * legal hold, as a dated entry by the person recording it, in the same transaction.
 */
export async function createComplaint(input: { actor: SessionUser; fields: ComplaintFields; receivedAt: Date } & Submitted): Promise<Result<{ id: string; reference: string; holdPlaced: boolean }>> {
  const { actor, fields, receivedAt } = input;
  if (!can(actor, "complaints:edit")) return { ok: false, status: 403, message: "You can't record complaints." };
  return attempt(async (tx) => {
    const links = await resolveLinks(tx, actor, fields);
    await assertOwner(tx, fields.ownerId, links.branchId);
    const reference = await nextReference(tx);
    const customer = await customerForRecord(tx, {
      actor,
      branchId: links.branchId,
      customerId: fields.customerId ?? (await customerOfLinks(tx, links, fields.complainantName)),
      name: fields.complainantName,
      contact: fields.complainantContact,
      via: "complaint",
    });
    const [complaint] = await tx
      .insert(complaints)
      .values({
        reference,
        branchId: links.branchId,
        receivedAt,
        channel: fields.channel,
        customerId: customer.customerId,
        complainantName: customer.name,
        complainantContact: customer.contact,
        dealId: links.dealId,
        reservationId: links.reservationId,
        vehicleId: links.vehicleId,
        category: fields.category,
        description: fields.description,
        desiredOutcome: fields.desiredOutcome,
        ownerId: fields.ownerId,
        ...complaintDeadlines(receivedAt),
        createdBy: actor.id,
      })
      .returning();
    await recordAudit(tx, { actor, action: "complaint.created", entityType: "complaint", entityId: complaint!.id, after: complaint });
    const holdPlaced = await placeHold(tx, actor, complaint!, `Complaint ${reference} received`);
    return { id: complaint!.id, reference, holdPlaced };
  }, input.once);
}

/** Locks the complaint, checks the version the page was loaded at and the actor's right to its branch. */
async function lockComplaint(tx: Transaction, actor: SessionUser, id: string, version?: number) {
  const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, id)).for("update");
  if (!complaint) throw new Refusal("That complaint doesn't exist.", undefined, 404);
  if (!can(actor, "complaints:edit", complaint.branchId)) throw new Refusal("You can handle complaints only in your own branches.", undefined, 403);
  if (version !== undefined && complaint.version !== version) throw staleVersion(`complaint ${complaint.reference}`, complaint.version);
  return complaint;
}

type Complaint = Awaited<ReturnType<typeof lockComplaint>>;

/** The status a step moves the complaint to, or a refusal saying why it can't be recorded now. */
function nextStatus(complaint: Complaint, kind: ComplaintStepKind, occurredAt: Date, now: Date): ComplaintStatus {
  const { status } = complaint;
  const label = STEP_LABELS[kind].toLowerCase();
  const stillOpen = () => {
    if (status !== "open") throw new Refusal(`This complaint is no longer open (${status.replace("_", " ")}): a ${label} can't be recorded now.`, "kind", 409);
  };
  switch (kind) {
    case "acknowledged":
    case "holding_response":
      stillOpen();
      return status;
    case "summary_resolution":
      stillOpen();
      if (occurredAt >= complaint.summaryDueAt) {
        throw new Refusal("A summary resolution must be sent by the end of the third business day after receipt: this one is later, so send a final response instead.", "occurredAt");
      }
      return "resolved_summary";
    case "final_response":
      stillOpen();
      return "final_response";
    case "referred_to_ombudsman":
      // The customer may refer once they have a response, or once eight weeks pass without a final one.
      if (status === "open" && now < complaint.finalDueAt) throw new Refusal("The customer can refer to the Ombudsman after a final response, or once eight weeks pass without one.", "kind", 409);
      if (status === "at_ombudsman" || status === "ombudsman_decided") throw new Refusal("This complaint has already been referred to the Ombudsman.", "kind", 409);
      return "at_ombudsman";
    case "ombudsman_outcome":
      if (status !== "at_ombudsman") throw new Refusal("Record the referral to the Ombudsman before its outcome.", "kind", 409);
      return "ombudsman_decided";
    case "redress_offered":
    case "redress_paid":
    case "root_cause":
      return status;
  }
}

/** Adds a dated step (append-only); a summary resolution, final response or Ombudsman outcome closes it. */
export async function addComplaintStep(input: {
  actor: SessionUser;
  id: string;
  version: number;
  kind: ComplaintStepKind;
  occurredAt: Date;
  outcome?: ComplaintOutcome;
  amountPence: number | null;
  note: string;
  now?: Date;
} & Submitted): Promise<Result> {
  const { actor, kind, occurredAt } = input;
  return attempt(async (tx) => {
    const complaint = await lockComplaint(tx, actor, input.id, input.version);
    if (occurredAt < complaint.receivedAt) throw new Refusal("A step can't be dated before the complaint was received.", "occurredAt");
    const needsOutcome = kind === "final_response" || kind === "ombudsman_outcome";
    if (needsOutcome && !input.outcome) throw new Refusal(kind === "final_response" ? "Choose whether the final response upholds the complaint." : "Choose the Ombudsman's outcome.", "outcome");
    if (!needsOutcome && input.outcome) throw new Refusal("Only a final response or the Ombudsman's outcome has an outcome: leave it empty.", "outcome");
    const needsAmount = kind === "redress_offered" || kind === "redress_paid";
    if (needsAmount && !input.amountPence) throw new Refusal("Enter the amount of redress (more than £0).", "amountPence");
    if (!needsAmount && input.amountPence !== null) throw new Refusal("Only redress has an amount: leave it empty.", "amountPence");
    if (kind === "root_cause" && input.note.length < 3) throw new Refusal("Describe the root cause in the note.", "note");
    const status = nextStatus(complaint, kind, occurredAt, input.now ?? new Date());
    const closes = status !== complaint.status && CLOSED_STATUSES.includes(status);
    const [step] = await tx
      .insert(complaintSteps)
      .values({ complaintId: complaint.id, kind, occurredAt, outcome: input.outcome ?? null, amountPence: input.amountPence, note: input.note, createdBy: actor.id })
      .returning();
    const [after] = await tx
      .update(complaints)
      .set({ status, closedAt: closes ? occurredAt : status === "at_ombudsman" ? null : complaint.closedAt, version: complaint.version + 1, updatedAt: new Date() })
      .where(eq(complaints.id, complaint.id))
      .returning({ status: complaints.status, closedAt: complaints.closedAt, version: complaints.version });
    // A referral reopens the matter: a hold lifted after the final response goes back on.
    if (status === "at_ombudsman") await placeHold(tx, actor, complaint, `Complaint ${complaint.reference} referred to the Financial Ombudsman`);
    await recordAudit(tx, { actor, action: `complaint.step_${kind}`, entityType: "complaint", entityId: complaint.id, before: { status: complaint.status, closedAt: complaint.closedAt }, after: { step, ...after } });
    return {};
  }, input.once);
}

export async function assignComplaint(input: { actor: SessionUser; id: string; version: number; ownerId: string } & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const complaint = await lockComplaint(tx, input.actor, input.id, input.version);
    await assertOwner(tx, input.ownerId, complaint.branchId);
    await tx.update(complaints).set({ ownerId: input.ownerId, version: complaint.version + 1, updatedAt: new Date() }).where(eq(complaints.id, complaint.id));
    await recordAudit(tx, { actor: input.actor, action: "complaint.assigned", entityType: "complaint", entityId: complaint.id, before: { ownerId: complaint.ownerId }, after: { ownerId: input.ownerId } });
    return {};
  }, input.once);
}

/**
 * Lifts the legal hold a complaint placed on its deal: only once the complaint is closed, with no
 * other complaint about the deal still open, and by an admin or compliance user who says why.
 */
export async function releaseComplaintHold(input: { actor: SessionUser; id: string; reason: string } & Submitted): Promise<Result> {
  const { actor } = input;
  return attempt(async (tx) => {
    const complaint = await lockComplaint(tx, actor, input.id);
    if (!can(actor, "finance:review") || !seesAllBranches(actor)) throw new Refusal("Only an admin or compliance user can lift a legal hold.", undefined, 403);
    if (!complaint.dealId) throw new Refusal("This complaint names no finance deal: there is no hold to lift.", undefined, 409);
    if (!CLOSED_STATUSES.includes(complaint.status)) throw new Refusal("The hold stays until the complaint is closed (a summary resolution, final response or the Ombudsman's outcome).", undefined, 409);
    const [deal] = await tx.select({ id: financeDeals.id }).from(financeDeals).where(eq(financeDeals.id, complaint.dealId)).for("update");
    const others = await tx
      .select({ reference: complaints.reference })
      .from(complaints)
      .where(and(eq(complaints.dealId, deal!.id), ne(complaints.id, complaint.id), isNull(complaints.closedAt)));
    if (others.length) throw new Refusal(`The hold stays while ${others.map((o) => o.reference).join(", ")} about the same deal is open.`, undefined, 409);
    if (!(await holdIsOn(tx, deal!.id))) throw new Refusal("The deal isn't on legal hold.", undefined, 409);
    const reason = `Complaint ${complaint.reference} closed: ${input.reason}`;
    const [entry] = await tx
      .insert(dealEntries)
      .values({ dealId: deal!.id, kind: "legal_hold_off", effectiveOn: londonToday(), reason, details: { complaintId: complaint.id, complaintReference: complaint.reference }, createdBy: actor.id })
      .returning();
    await recordAudit(tx, { actor, action: "finance.entry_legal_hold_off", entityType: "finance_deal", entityId: deal!.id, after: entry });
    return {};
  }, input.once);
}
