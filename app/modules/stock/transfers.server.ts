import { and, eq, sql } from "drizzle-orm";
import { schema, type Transaction } from "@db/client";
import { can, type SessionUser } from "~/modules/auth/permissions";
import { attempt, Refusal, type Result, type Submitted } from "~/utils/result.server";
import { assertMove, expireDueReservations } from "./status.server";
import { changesSince, changeVehicle, lockVehicle, staleVehicle } from "./vehicle-records.server";

const { transfers, branches } = schema;

async function branchName(tx: Transaction, id: string) {
  const [branch] = await tx.select({ name: branches.name, active: branches.active }).from(branches).where(eq(branches.id, id));
  return branch;
}

async function lockCurrent(tx: Transaction, input: { actor: SessionUser; id: string; version: number }) {
  await expireDueReservations(tx, input.id);
  const vehicle = await lockVehicle(tx, input.id);
  if (vehicle.version !== input.version) throw staleVehicle(await changesSince(tx, { vehicle, since: input.version, viewer: input.actor }));
  return vehicle;
}

/** A manager of the sending branch sends a bike; it is in transit until the other branch receives it. */
export async function sendTransfer(input: {
  actor: SessionUser;
  id: string;
  version: number;
  toBranchId: string;
  expectedOn: string;
  note: string;
} & Submitted): Promise<Result> {
  return attempt(async (tx) => {
    const vehicle = await lockCurrent(tx, input);
    if (!can(input.actor, "stock:transfer", vehicle.branchId)) throw new Refusal("Only the sending branch's manager can send this bike.", undefined, 403);
    assertMove(vehicle, "in_transit");
    if (input.toBranchId === vehicle.branchId) throw new Refusal("Choose a different branch: the bike is already here.", "toBranchId");
    const destination = await branchName(tx, input.toBranchId);
    if (!destination?.active) throw new Refusal("Choose an active branch to send the bike to.", "toBranchId");
    const [transfer] = await tx
      .insert(transfers)
      .values({
        vehicleId: vehicle.id,
        fromBranchId: vehicle.branchId,
        toBranchId: input.toBranchId,
        expectedOn: input.expectedOn || null,
        note: input.note,
        sentBy: input.actor.id,
      })
      .returning();
    await changeVehicle(tx, {
      actor: input.actor,
      before: vehicle,
      set: { status: "in_transit" },
      action: "transfer.sent",
      note: `Sent to ${destination.name}${input.expectedOn ? `, expected ${input.expectedOn}` : ""}${input.note ? `: ${input.note}` : ""}`,
      extra: { transfer: transfer! },
    });
    return {};
  }, input.once);
}

/** Receiving moves the bike to the new branch; its date into stock (and so its age) carries over. */
export async function receiveTransfer(input: { actor: SessionUser; id: string; version: number }): Promise<Result> {
  return closeTransfer(input, "received");
}

/** Cancelling returns the bike to stock at the sending branch. */
export async function cancelTransfer(input: { actor: SessionUser; id: string; version: number }): Promise<Result> {
  return closeTransfer(input, "cancelled");
}

async function closeTransfer(input: { actor: SessionUser; id: string; version: number }, outcome: "received" | "cancelled"): Promise<Result> {
  return attempt(async (tx) => {
    const vehicle = await lockCurrent(tx, input);
    const [open] = await tx.select().from(transfers).where(and(eq(transfers.vehicleId, vehicle.id), eq(transfers.status, "in_transit")));
    if (!open) throw new Refusal("This bike isn't in transit.", undefined, 409);
    const allowedBranch = outcome === "received" ? open.toBranchId : open.fromBranchId;
    if (!can(input.actor, "stock:transfer", allowedBranch)) {
      throw new Refusal(
        outcome === "received" ? "Only the receiving branch's manager can receive this bike." : "Only the sending branch's manager can cancel this transfer.",
        undefined,
        403,
      );
    }
    assertMove(vehicle, "in_stock");
    const now = new Date();
    const [closed] = await tx
      .update(transfers)
      .set(
        outcome === "received"
          ? { status: "received", receivedBy: input.actor.id, receivedAt: now, updatedAt: now, version: sql`${transfers.version} + 1` }
          : { status: "cancelled", cancelledBy: input.actor.id, cancelledAt: now, updatedAt: now, version: sql`${transfers.version} + 1` },
      )
      .where(eq(transfers.id, open.id))
      .returning();
    const branch = await branchName(tx, allowedBranch);
    await changeVehicle(tx, {
      actor: input.actor,
      before: vehicle,
      set: { status: "in_stock", branchId: outcome === "received" ? open.toBranchId : open.fromBranchId },
      action: outcome === "received" ? "transfer.received" : "transfer.cancelled",
      note: outcome === "received" ? `Received at ${branch?.name}` : `Transfer cancelled; back in stock at ${branch?.name}`,
      extra: { transfer: closed! },
    });
    return {};
  });
}
