import { afterEach, describe, expect, it } from "vitest";
import type { SessionUser } from "~/modules/auth/permissions";
import { describeChanges, type VehicleChange } from "~/modules/stock/change-summary";
import { deliveryDateProblem, depositProblem, expiryProblem, moveProblem, refundProblem, reservationMaxDays, saleDateProblem } from "~/modules/stock/status-rules";

// The stock rules without a database; tests/integration/stock-rules.test.ts drives them through the
// locked bike. Expected values are worked by hand.
const NOW = new Date("2026-01-14T12:00:00Z");
const DAY = 86_400_000;

afterEach(() => {
  delete process.env.RESERVATION_MAX_DAYS;
});

describe("the status machine", () => {
  // From each status, the moves allowed, as the design lists them.
  const ALLOWED: Record<string, string[]> = {
    in_stock: ["reserved", "sold", "in_transit"],
    reserved: ["in_stock", "sold"],
    in_transit: ["in_stock"],
    sold: ["delivered"],
    delivered: [],
  };
  const WORDS: Record<string, string> = { in_stock: "in stock", reserved: "reserved", in_transit: "in transit", sold: "sold", delivered: "delivered" };
  const STATUSES = ["in_stock", "reserved", "in_transit", "sold", "delivered"] as const;

  for (const from of STATUSES) {
    it(`lets a bike ${WORDS[from]} move only to ${ALLOWED[from]!.join(", ") || "nothing"}, and says why not`, () => {
      for (const to of STATUSES) {
        const expected = ALLOWED[from]!.includes(to) ? null : `A bike that is ${WORDS[from]} can't become ${WORDS[to]}.`;
        expect(moveProblem(from, to), `${from} → ${to}`).toBe(expected);
      }
    });
  }
});

describe("a reservation's expiry", () => {
  it("runs for 30 days by default, or RESERVATION_MAX_DAYS from 1 to 365 whole days", () => {
    expect(reservationMaxDays()).toBe(30);
    for (const [setting, days] of [["7", 7], ["1", 1], ["365", 365], ["0", 30], ["366", 30], ["2.5", 30], ["soon", 30], ["", 30]] as const) {
      process.env.RESERVATION_MAX_DAYS = setting;
      expect(reservationMaxDays(), `RESERVATION_MAX_DAYS=${setting}`).toBe(days);
    }
  });

  it("must be in the future, and no further than the longest reservation", () => {
    expect(expiryProblem(NOW, NOW)).toBe("The expiry must be in the future.");
    expect(expiryProblem(new Date(NOW.getTime() - 1), NOW)).toBe("The expiry must be in the future.");
    expect(expiryProblem(new Date("not a date"), NOW)).toBe("The expiry must be in the future.");
    expect(expiryProblem(new Date(NOW.getTime() + 1), NOW)).toBeNull();
    expect(expiryProblem(new Date("2026-02-13T12:00:00Z"), NOW)).toBeNull();
    expect(expiryProblem(new Date("2026-02-13T12:00:00.001Z"), NOW)).toBe("A reservation can run for at most 30 days: choose an earlier expiry.");
    process.env.RESERVATION_MAX_DAYS = "7";
    expect(expiryProblem(new Date("2026-01-21T12:00:00Z"), NOW)).toBeNull();
    expect(expiryProblem(new Date("2026-01-21T12:00:00.001Z"), NOW)).toBe("A reservation can run for at most 7 days: choose an earlier expiry.");
  });

  it("is judged from the clock when no time is given", () => {
    expect(expiryProblem(new Date(Date.now() + DAY))).toBeNull();
    expect(expiryProblem(new Date(Date.now() - 60_000))).toBe("The expiry must be in the future.");
    expect(expiryProblem(new Date(Date.now() + 31 * DAY))).toBe("A reservation can run for at most 30 days: choose an earlier expiry.");
  });
});

describe("money and dates of a reservation, a sale and a delivery", () => {
  it("takes a deposit up to the bike's price", () => {
    expect(depositProblem(899_900, 899_900)).toBeNull();
    expect(depositProblem(0, 899_900)).toBeNull();
    expect(depositProblem(899_901, 899_900)).toBe("The deposit can't be more than the bike's price of £8,999.00.");
  });

  it("refunds up to the deposit, or nothing named", () => {
    expect(refundProblem(null, 10_000)).toBeNull();
    expect(refundProblem(10_000, 10_000)).toBeNull();
    expect(refundProblem(0, 0)).toBeNull();
    expect(refundProblem(10_001, 10_000)).toBe("The refund can't be more than the deposit of £100.00.");
  });

  it("sells on or after the day into stock, and delivers on or after the sale", () => {
    expect(saleDateProblem("2026-01-14", "2026-01-14")).toBeNull();
    expect(saleDateProblem("2026-01-13", "2026-01-14")).toBe("The sale date can't be before the bike came into stock (2026-01-14).");
    expect(deliveryDateProblem("2026-01-14", "2026-01-14")).toBeNull();
    expect(deliveryDateProblem("2026-01-13", "2026-01-14")).toBe("Delivery can't be before the sale (2026-01-14).");
    expect(deliveryDateProblem("2026-01-13", null)).toBeNull();
  });
});

describe("what changed on a stale page", () => {
  const userOf = (role: SessionUser["role"], branchIds: string[]): SessionUser => ({ id: "u1", email: "u@laguna.example", name: "U", role, branchIds });
  const manager = userOf("manager", ["north"]);
  const rows: VehicleChange[] = [
    {
      before: { status: "in_stock", retailPricePence: 899_900, costPricePence: 700_000, mileage: 100, notes: "", photos: ["a"], v5cHeld: false, version: 1 },
      after: { status: "in_stock", retailPricePence: 869_900, costPricePence: 700_000, mileage: 100, notes: "", photos: ["a"], v5cHeld: false, version: 2 },
      actorEmail: "manager@laguna.example",
    },
    {
      before: { status: "in_stock", retailPricePence: 869_900, costPricePence: 700_000, mileage: 100, notes: "", photos: ["a"], v5cHeld: false, version: 2 },
      after: { status: "reserved", retailPricePence: 849_900, costPricePence: 750_000, mileage: 100, notes: "Scratch", photos: ["a", "b"], v5cHeld: true, version: 3 },
      actorEmail: null,
    },
  ];

  it("names each changed field from the first state to the last, in the form's order, and who changed it", () => {
    expect(describeChanges(rows, manager, "north")).toBe(
      "status In stock → Reserved; retail price £8,999.00 → £8,499.00; cost price £7,000.00 → £7,500.00; notes blank → Scratch; photos 1 item → 2 items; V5C false → true (by manager@laguna.example, the system)",
    );
  });

  it("leaves the cost out for whoever may not see that bike's cost", () => {
    const withoutCost = "status In stock → Reserved; retail price £8,999.00 → £8,499.00; notes blank → Scratch; photos 1 item → 2 items; V5C false → true (by manager@laguna.example, the system)";
    expect(describeChanges(rows, userOf("finance", ["north"]), "north")).toBe(withoutCost);
    expect(describeChanges(rows, userOf("manager", ["south"]), "north")).toBe(withoutCost);
    expect(describeChanges(rows, userOf("compliance", []), "north")).toBe(withoutCost);
    expect(describeChanges(rows, userOf("admin", []), "north")).toContain("cost price £7,000.00 → £7,500.00");
  });

  it("says 'details' when no listed field changed, names each person once, and nothing without rows", () => {
    const same = { before: { version: 1, searchText: "a" }, after: { version: 2, searchText: "b" }, actorEmail: "a@laguna.example" };
    expect(describeChanges([same, { ...same, actorEmail: "a@laguna.example" }], manager, "north")).toBe("details (by a@laguna.example)");
    expect(describeChanges([], manager, "north")).toBe("");
  });

  it("words blank, unknown and empty values plainly", () => {
    const change = {
      before: null,
      after: { status: "scrapped", photos: [], previousKeepers: 0, colour: "Red", retailPricePence: "1000" },
      actorEmail: "a@laguna.example",
    };
    expect(describeChanges([change], manager, "north")).toBe("status blank → scrapped; retail price blank → 1000; colour blank → Red; photos blank → 0 items; previous keepers blank → 0 (by a@laguna.example)");
    expect(describeChanges([{ before: { mileage: 5 }, after: null, actorEmail: null }], manager, "north")).toBe("mileage 5 → blank (by the system)");
    expect(describeChanges([{ before: { mileage: null }, after: { mileage: 5 }, actorEmail: null }], manager, "north")).toBe("mileage blank → 5 (by the system)");
  });
});
