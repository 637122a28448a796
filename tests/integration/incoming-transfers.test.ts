import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/modules/auth/permissions";
import { stockSummary } from "~/modules/stock/stock-dashboard.server";
import { listStock, parseStockQuery } from "~/modules/stock/stock-list.server";
import { receiveTransfer, sendTransfer } from "~/modules/stock/transfers.server";
import { makeUser, seedGroup } from "../support/factories";
import { makeModel, makeVehicle } from "../support/stock-factories";

let branches: Record<string, string>;
let sender: SessionUser;
let receiver: SessionUser;
let modelId: string;

beforeAll(async () => {
  branches = await seedGroup();
  sender = await makeUser("manager", [branches["laguna-ktm"]!]);
  receiver = await makeUser("manager", [branches["maidstone-honda"]!]);
  modelId = (await makeModel()).id;
});

const list = (user: SessionUser, search: string) => listStock(user, parseStockQuery(new URLSearchParams(search)));
const stockNumbers = (page: Awaited<ReturnType<typeof list>>) => page.rows.map((row) => row.stockNumber);

describe("a bike in transit between branches", () => {
  it("is listed for the receiving branch as arriving, says where it is going, and stays with the sender until received", async () => {
    // £11,499 each (factory price); the stay-at-home bike shows the filter picks out only the bike sent.
    const bike = await makeVehicle(sender, { branchId: branches["laguna-ktm"]!, modelId, retailPricePence: "11499" });
    const stayer = await makeVehicle(sender, { branchId: branches["laguna-ktm"]!, modelId });
    const sent = await sendTransfer({ actor: sender, id: bike.id, version: bike.version, toBranchId: branches["maidstone-honda"]!, expectedOn: "", note: "" });
    expect(sent).toMatchObject({ ok: true });

    const arriving = await list(receiver, "arriving=maidstone-honda");
    expect(stockNumbers(arriving)).toEqual([bike.stockNumber]);
    expect(arriving.rows[0]).toMatchObject({ status: "in_transit", branchName: "Laguna Motorcycles", transferTo: "Maidstone Honda" });
    expect(arriving.total).toBe(1);
    expect(arriving.statusCounts).toMatchObject({ in_transit: 1, in_stock: 0 });
    // With no columns chosen, a list of bikes in transit shows where each is going.
    expect(arriving.query.cols).toContain("transferTo");
    expect((await list(receiver, "status=in_transit")).query.cols).toContain("transferTo");
    expect((await list(receiver, "")).query.cols).not.toContain("transferTo");

    // The sender still holds it: their in-transit list shows it, with its destination.
    const sentList = await list(sender, "branch=laguna-ktm&status=in_transit");
    expect(stockNumbers(sentList)).toEqual([bike.stockNumber]);
    expect(sentList.rows[0]!.transferTo).toBe("Maidstone Honda");
    expect(stockNumbers(await list(sender, "branch=laguna-ktm&status=in_stock"))).toContain(stayer.stockNumber);
    expect((await list(sender, "branch=laguna-ktm&status=in_stock")).rows.find((row) => row.id === stayer.id)!.transferTo).toBeNull();
    expect(stockNumbers(await list(receiver, "branch=maidstone-honda&status=in_transit"))).toEqual([]);
    // A search within the arriving list runs through the search statement with the same filter.
    expect(stockNumbers(await list(receiver, `arriving=maidstone-honda&q=${bike.stockNumber.toLowerCase()}`))).toEqual([bike.stockNumber]);
    expect(stockNumbers(await list(receiver, "arriving=laguna-ktm"))).toEqual([]);

    // The dashboards: arriving at the receiver (units and retail value), sent and in transit at the sender.
    expect((await stockSummary(receiver))[branches["maidstone-honda"]!]!.arriving).toEqual({ units: 1, valuePence: 1_149_900 });
    const senderStock = (await stockSummary(sender))[branches["laguna-ktm"]!]!;
    expect(senderStock.byStatus.in_transit.units).toBe(1);
    expect(senderStock.arriving).toEqual({ units: 0, valuePence: 0 });

    const inTransit = arriving.rows[0]!;
    expect(inTransit.id).toBe(bike.id);
    const received = await receiveTransfer({ actor: receiver, id: bike.id, version: bike.version + 1 });
    expect(received).toMatchObject({ ok: true });
    expect(stockNumbers(await list(receiver, "arriving=maidstone-honda"))).toEqual([]);
    expect((await stockSummary(receiver))[branches["maidstone-honda"]!]!.arriving).toEqual({ units: 0, valuePence: 0 });
    expect(stockNumbers(await list(receiver, "branch=maidstone-honda"))).toEqual([bike.stockNumber]);
  });

  it("falls back to no filter for an unknown branch, never an error", async () => {
    const page = await list(receiver, "arriving=nowhere");
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(0);
  });
});
