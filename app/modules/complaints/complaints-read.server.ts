import { alias } from "drizzle-orm/pg-core";
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { db, schema } from "@db/client";
import { can, seesAllBranches, type SessionUser } from "~/modules/auth/permissions";
import { containsPattern } from "~/utils/like";
import { CLOSED_STATUSES } from "./complaints.server";
import type { ComplaintListQuery, ComplaintView } from "./complaints.schema";
import { ombudsmanWindowEndsAt } from "./deadlines";

const { complaints, complaintSteps, branches, users, financeDeals, dealEntries, vehicles, reservations, userBranches } = schema;

const DAY_MS = 86_400_000;
/** "Due this week": the final response falls due within the next seven days. */
export const DUE_SOON_DAYS = 7;

/** The complaints a user may see, as a condition: admins and compliance all, staff their branches. */
function complaintScope(user: SessionUser): SQL | undefined {
  if (!can(user, "complaints:view")) return sql`false`;
  if (seesAllBranches(user)) return undefined;
  return user.branchIds.length ? inArray(complaints.branchId, user.branchIds) : sql`false`;
}

const notAnswered = () => inArray(complaints.status, ["open"]);

function viewCondition(view: ComplaintView, now: Date): SQL | undefined {
  switch (view) {
    case "open":
      return isNull(complaints.closedAt);
    case "overdue":
      return and(notAnswered(), lt(complaints.finalDueAt, now));
    case "due-this-week":
      return and(notAnswered(), gte(complaints.finalDueAt, now), lt(complaints.finalDueAt, new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS)));
    case "closed":
      return inArray(complaints.status, [...CLOSED_STATUSES]);
    case "all":
      return undefined;
  }
}

const SORT_COLUMNS = {
  reference: complaints.reference,
  receivedAt: complaints.receivedAt,
  finalDueAt: complaints.finalDueAt,
  complainant: complaints.complainantName,
  status: complaints.status,
} as const;

const owners = alias(users, "owners");

export async function listComplaints(user: SessionUser, query: ComplaintListQuery, now = new Date()) {
  const search = query.q ? or(ilike(complaints.reference, containsPattern(query.q)), ilike(complaints.complainantName, containsPattern(query.q))) : undefined;
  const branch = query.branch ? eq(branches.slug, query.branch) : undefined;
  const base = and(complaintScope(user), search, branch);
  const where = and(base, viewCondition(query.view, now));
  const order = query.dir === "asc" ? asc(SORT_COLUMNS[query.sort]) : desc(SORT_COLUMNS[query.sort]);
  const rows = await db()
    .select({
      id: complaints.id,
      reference: complaints.reference,
      receivedAt: complaints.receivedAt,
      complainant: complaints.complainantName,
      category: complaints.category,
      branchName: branches.name,
      ownerName: owners.name,
      status: complaints.status,
      finalDueAt: complaints.finalDueAt,
      dealReference: financeDeals.reference,
    })
    .from(complaints)
    .innerJoin(branches, eq(branches.id, complaints.branchId))
    .innerJoin(owners, eq(owners.id, complaints.ownerId))
    .leftJoin(financeDeals, eq(financeDeals.id, complaints.dealId))
    .where(where)
    .orderBy(order, asc(complaints.reference))
    .limit(query.size)
    .offset((query.page - 1) * query.size);
  const [counted] = await db()
    .select({
      total: sql<number>`(count(*) filter (where ${viewCondition(query.view, now) ?? sql`true`}))::integer`,
      open: sql<number>`(count(*) filter (where ${viewCondition("open", now)}))::integer`,
      overdue: sql<number>`(count(*) filter (where ${viewCondition("overdue", now)}))::integer`,
      dueSoon: sql<number>`(count(*) filter (where ${viewCondition("due-this-week", now)}))::integer`,
    })
    .from(complaints)
    .innerJoin(branches, eq(branches.id, complaints.branchId))
    .where(base);
  return {
    rows: rows.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString(), finalDueAt: row.finalDueAt.toISOString(), overdue: row.status === "open" && row.finalDueAt < now })),
    total: counted?.total ?? 0,
    counts: { open: counted?.open ?? 0, overdue: counted?.overdue ?? 0, "due-this-week": counted?.dueSoon ?? 0 },
  };
}

/** The dashboard's figures: open complaints, those past the eight weeks, and those due within seven days. */
export async function complaintsSummary(user: SessionUser, now = new Date()) {
  const [row] = await db()
    .select({
      open: sql<number>`(count(*) filter (where ${viewCondition("open", now)}))::integer`,
      overdue: sql<number>`(count(*) filter (where ${viewCondition("overdue", now)}))::integer`,
      dueSoon: sql<number>`(count(*) filter (where ${viewCondition("due-this-week", now)}))::integer`,
    })
    .from(complaints)
    .where(complaintScope(user));
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0, dueSoon: row?.dueSoon ?? 0 };
}
export type ComplaintsSummary = Awaited<ReturnType<typeof complaintsSummary>>;

/** One complaint with its steps, links, deadlines and the deal's hold, or null when not the user's to see. */
export async function getComplaint(user: SessionUser, id: string, now = new Date()) {
  const [row] = await db()
    .select({ complaint: complaints, branchName: branches.name, ownerName: owners.name, dealReference: financeDeals.reference, stockNumber: vehicles.stockNumber, reservationExpiresAt: reservations.expiresAt })
    .from(complaints)
    .innerJoin(branches, eq(branches.id, complaints.branchId))
    .innerJoin(owners, eq(owners.id, complaints.ownerId))
    .leftJoin(financeDeals, eq(financeDeals.id, complaints.dealId))
    .leftJoin(vehicles, eq(vehicles.id, complaints.vehicleId))
    .leftJoin(reservations, eq(reservations.id, complaints.reservationId))
    .where(eq(complaints.id, id));
  if (!row || !can(user, "complaints:view", row.complaint.branchId)) return null;
  const { complaint } = row;
  const steps = await db()
    .select({ step: complaintSteps, byName: users.name })
    .from(complaintSteps)
    .innerJoin(users, eq(users.id, complaintSteps.createdBy))
    .where(eq(complaintSteps.complaintId, complaint.id))
    .orderBy(asc(complaintSteps.occurredAt), asc(complaintSteps.createdAt));
  let holdOn = false;
  if (complaint.dealId) {
    const [last] = await db()
      .select({ kind: dealEntries.kind })
      .from(dealEntries)
      .where(and(eq(dealEntries.dealId, complaint.dealId), inArray(dealEntries.kind, ["legal_hold_on", "legal_hold_off"])))
      .orderBy(desc(dealEntries.createdAt), desc(dealEntries.id))
      .limit(1);
    holdOn = last?.kind === "legal_hold_on";
  }
  const finalResponse = steps.find((s) => s.step.kind === "final_response" || s.step.kind === "summary_resolution");
  const editable = can(user, "complaints:edit", complaint.branchId);
  const closed = CLOSED_STATUSES.includes(complaint.status);
  return {
    complaint,
    branchName: row.branchName,
    ownerName: row.ownerName,
    dealReference: row.dealReference,
    stockNumber: row.stockNumber,
    hasReservation: row.reservationExpiresAt !== null,
    steps: steps.map(({ step, byName }) => ({ ...step, byName })),
    holdOn,
    deadlines: {
      summaryDueAt: complaint.summaryDueAt,
      finalDueAt: complaint.finalDueAt,
      overdue: complaint.status === "open" && complaint.finalDueAt < now,
      // After a response the customer has six months; with none after eight weeks they may refer at once.
      ombudsmanFrom: finalResponse ? finalResponse.step.occurredAt : complaint.finalDueAt,
      ombudsmanUntil: finalResponse ? ombudsmanWindowEndsAt(finalResponse.step.occurredAt) : null,
    },
    allowed: {
      steps: editable,
      assign: editable,
      releaseHold: editable && complaint.dealId !== null && holdOn && closed && can(user, "finance:review") && seesAllBranches(user),
    },
  };
}
export type ComplaintDetail = NonNullable<Awaited<ReturnType<typeof getComplaint>>>;

/** Who may handle complaints of the given branches: active staff of them, admins and compliance. */
export async function complaintOwners(branchIds: string[] | "all") {
  const ofBranch = branchIds === "all" ? sql`true` : sql`exists (select 1 from ${userBranches} where ${userBranches.userId} = ${users.id} and ${inArray(userBranches.branchId, branchIds.length ? branchIds : [crypto.randomUUID()])})`;
  return db()
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), or(inArray(users.role, ["admin", "compliance"]), and(inArray(users.role, ["manager", "finance"]), ofBranch))))
    .orderBy(asc(users.name));
}

/** What the new-complaint form offers: the branches the user may record for, and who may own it. */
export async function complaintFormOptions(user: SessionUser) {
  const branchRows = await db().select({ id: branches.id, name: branches.name, active: branches.active }).from(branches).orderBy(asc(branches.name));
  const own = branchRows.filter((b) => b.active && can(user, "complaints:edit", b.id));
  const ownerRows = await complaintOwners(seesAllBranches(user) ? "all" : own.map((b) => b.id));
  return { branches: own.map(({ id, name }) => ({ id, name })), owners: ownerRows };
}

/** The branch filter's choices on the list. */
export async function complaintBranchOptions(user: SessionUser) {
  const rows = await db().select({ slug: branches.slug, name: branches.name, id: branches.id }).from(branches).orderBy(asc(branches.name));
  return rows.filter((b) => can(user, "complaints:view", b.id)).map(({ slug, name }) => ({ slug, name }));
}

export async function countComplaints() {
  const [row] = await db().select({ n: count() }).from(complaints);
  return row?.n ?? 0;
}
