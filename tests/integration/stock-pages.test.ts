import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/modules/auth/permissions";
import { toLondonLocal } from "~/utils/dates";
import { action as vehicleAction, loader as vehicleLoader } from "~/routes/_app.stock.$id";
import { loader as editLoader } from "~/routes/_app.stock.$id_.edit";
import { cookieFor, makeUser, seedGroup } from "../support/factories";
import { makeModel, makeVehicle } from "../support/stock-factories";

let branches: Record<string, string>;
let manager: SessionUser;
let otherManager: SessionUser;
let finance: SessionUser;
let bike: Awaited<ReturnType<typeof makeVehicle>>;

beforeAll(async () => {
  branches = await seedGroup();
  manager = await makeUser("manager", [branches["laguna-ktm"]!]);
  otherManager = await makeUser("manager", [branches["maidstone-honda"]!]);
  finance = await makeUser("finance", [branches["laguna-ktm"]!]);
  bike = await makeVehicle(manager, { branchId: branches["laguna-ktm"]!, modelId: (await makeModel()).id, costPricePence: "9000" });
});

const args = (cookie: string, init: RequestInit = {}) => ({
  request: new Request(`http://localhost/stock/${bike.id}`, { ...init, headers: { Cookie: cookie } }),
  params: { id: bike.id },
  context: { cspNonce: "" },
});

describe("the bike's page", () => {
  it("sends cost and margin to the branch's manager only: not to finance staff or other branches", async () => {
    const own = JSON.stringify(await vehicleLoader(args(await cookieFor(manager))));
    expect(own).toContain('"costPricePence":900000');
    expect(own).toContain('"marginPence":249900');
    for (const user of [finance, otherManager]) {
      const data = JSON.stringify(await vehicleLoader(args(await cookieFor(user))));
      expect(data).not.toMatch(/cost|margin/i);
      expect(data).not.toContain("900000");
    }
  });

  it("refuses the edit page to finance staff and to managers of other branches", async () => {
    for (const user of [finance, otherManager]) {
      const thrown = await editLoader(args(await cookieFor(user))).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(403);
    }
  });

  it("lets finance staff reserve through the page, and keeps their input when a field is wrong", async () => {
    const cookie = await cookieFor(finance);
    const form = (fields: Record<string, string>) => args(cookie, { method: "POST", body: new URLSearchParams(fields) });
    // Reservations run at most 30 days (RESERVATION_MAX_DAYS): noon, London time, ten days from now.
    const inTenDays = `${new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)}T12:00`;
    const base = { intent: "reserve", version: String(bike.version), customerName: "Dana Deal", customerContact: "07700 900456", channel: "distance", depositRefundable: "no", expiresAt: inTenDays };
    const refused = (await vehicleAction(form(base))) as { data: { result: { initialValue: Record<string, string>; error: Record<string, string[]> } }; init: { status: number } };
    expect(refused.init.status).toBe(400);
    expect(refused.data.result.error.depositRefundable?.[0]).toMatch(/refundable within 14 days/);
    expect(refused.data.result.initialValue.customerName).toBe("Dana Deal");

    const done = (await vehicleAction(form({ ...base, depositRefundable: "yes" }))) as Response;
    expect(done.status).toBe(302);
    const after = (await vehicleLoader(args(cookie))) as { vehicle: { status: string }; activeReservation: { reservation: { expiresAt: Date } } };
    expect(after.vehicle.status).toBe("reserved");
    // Typed as London time, stored as the instant, shown as the same London time.
    expect(toLondonLocal(after.activeReservation.reservation.expiresAt)).toBe(inTenDays);
  });
});

describe("addresses that aren't ids", () => {
  it("answer 404, not a database error", async () => {
    const cookie = await cookieFor(manager);
    const thrown = await vehicleLoader({ ...args(cookie), params: { id: "not-a-bike" } }).catch((error: unknown) => error);
    expect((thrown as Response).status).toBe(404);
  });
});
