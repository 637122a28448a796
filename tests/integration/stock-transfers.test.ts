import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { cancelTransfer, receiveTransfer, sendTransfer } from "~/modules/stock/transfers.server";
import { reserveVehicle } from "~/modules/stock/status.server";
import { makeUser, seedGroup } from "../support/factories";
import { expectKeptStockToAgree, makeModel, makeVehicle } from "../support/stock-factories";

let branches: Record<string, string>;
let sender: SessionUser;
let receiver: SessionUser;
let bystander: SessionUser;
let finance: SessionUser;
let modelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  sender = await makeUser("manager", [branches["laguna-ktm"]!]);
  receiver = await makeUser("manager", [branches["laguna-performance"]!]);
  bystander = await makeUser("manager", [branches["maidstone-honda"]!]);
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  modelId = (await makeModel()).id;
});

const current = async (id: string) => (await db().select().from(schema.vehicles).where(eq(schema.vehicles.id, id)))[0]!;
const send = (bike: { id: string; version: number }, actor = sender) =>
  sendTransfer({ actor, id: bike.id, version: bike.version, toBranchId: branches["laguna-performance"]!, expectedOn: "2026-12-01", note: "For the show" });

describe("transfers", () => {
  it("moves a bike to the receiving branch, keeping its date into stock", async () => {
    const bike = await makeVehicle(sender, { branchId: branches["laguna-ktm"]!, modelId, inStockOn: "2026-06-01" });
    expect((await send(bike)).ok).toBe(true);
    const inTransit = await current(bike.id);
    expect(inTransit).toMatchObject({ status: "in_transit", branchId: branches["laguna-ktm"] });

    const wrongBranch = await receiveTransfer({ actor: bystander, id: bike.id, version: inTransit.version });
    expect(wrongBranch).toMatchObject({ ok: false, status: 403 });
    expect((await receiveTransfer({ actor: receiver, id: bike.id, version: inTransit.version })).ok).toBe(true);
    const arrived = await current(bike.id);
    expect(arrived).toMatchObject({ status: "in_stock", branchId: branches["laguna-performance"], inStockOn: "2026-06-01" });
    const [transfer] = await db().select().from(schema.transfers).where(eq(schema.transfers.vehicleId, bike.id));
    expect(transfer).toMatchObject({ status: "received", receivedBy: receiver.id, sentBy: sender.id, expectedOn: "2026-12-01" });
  });

  it("lets only the sending branch send, and refuses a reserved bike", async () => {
    const bike = await makeVehicle(sender, { branchId: branches["laguna-ktm"]!, modelId });
    expect(await send(bike, receiver)).toMatchObject({ ok: false, status: 403 });
    expect(await send(bike, finance)).toMatchObject({ ok: false, status: 403 });
    await reserveVehicle({
      actor: sender,
      id: bike.id,
      version: bike.version,
      customerName: "Held Customer",
      customerContact: "held@example.com",
      channel: "distance",
      depositPence: 0,
      depositRefundable: true,
      depositTerms: "",
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const reserved = await current(bike.id);
    expect(await send(reserved)).toMatchObject({ ok: false, message: "A bike that is reserved can't become in transit." });
  });

  it("returns a cancelled transfer's bike to stock at the sending branch, keeping the history", async () => {
    const bike = await makeVehicle(sender, { branchId: branches["laguna-ktm"]!, modelId });
    await send(bike);
    const inTransit = await current(bike.id);
    expect((await cancelTransfer({ actor: sender, id: bike.id, version: inTransit.version })).ok).toBe(true);
    expect(await current(bike.id)).toMatchObject({ status: "in_stock", branchId: branches["laguna-ktm"] });
    const back = await current(bike.id);
    expect((await send(back)).ok).toBe(true);
    const history = await db().select().from(schema.transfers).where(eq(schema.transfers.vehicleId, bike.id));
    expect(history.map((t) => t.status).sort()).toEqual(["cancelled", "in_transit"]);
  });
});

describe("the kept counts by branch and status, and the kept unsold stock by intake day", () => {
  it("agree with a fresh count after every change above", expectKeptStockToAgree);
});
