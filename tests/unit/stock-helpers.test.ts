import { describe, expect, it } from "vitest";
import { ageingBucket } from "~/modules/stock/labels";
import { normaliseRegistration, vehicleSearchText, vinCheckDigitMatches, vinProblem } from "~/modules/stock/vehicle-identity";
import { daysBetween, fromLondonLocal, londonToday, toLondonLocal } from "~/utils/dates";
import { formatPounds, parsePence } from "~/utils/money";

describe("money in pence", () => {
  it.each([
    ["8499", 849_900],
    ["£8,499.50", 849_950],
    ["12,499", 1_249_900],
    ["0.5", 50],
  ])("reads %s as %i pence", (input, pence) => expect(parsePence(input)).toBe(pence));

  it.each(["12,49", "8.499", "-5", "abc", ""])("refuses %s", (input) => expect(parsePence(input)).toBeNull());

  it("formats pence as pounds", () => expect(formatPounds(1_249_950)).toBe("£12,499.50"));

  it("writes pounds exactly as Intl does, to the penny and whole", () => {
    const pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });
    const wholePounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });
    const amounts = [0, 1, 5, 49, 50, 99, 100, 149, 150, 250, 99_999, 100_000, 123_456_789, 1_000_000_050, -1, -50, -150, -4_000, -1_234_567];
    for (const pence of amounts) {
      expect(formatPounds(pence)).toBe(pounds.format(pence / 100));
      expect(formatPounds(pence, { whole: true })).toBe(wholePounds.format(pence / 100));
    }
    expect([formatPounds(null), formatPounds(undefined)]).toEqual(["", ""]);
    // Not whole pence: Intl's own answer.
    for (const odd of [12.5, -12.5, 49.6, 149.5, Number.NaN, 2 ** 60]) {
      expect(formatPounds(odd)).toBe(pounds.format(odd / 100));
      expect(formatPounds(odd, { whole: true })).toBe(wholePounds.format(odd / 100));
    }
  });
});

describe("VINs and registrations", () => {
  it("checks the ISO 3779 check digit", () => {
    expect(vinCheckDigitMatches("1M8GDM9AXKP042788")).toBe(true);
    expect(vinCheckDigitMatches("1M8GDM9A1KP042788")).toBe(false);
    expect(vinProblem("1M8GDM9AXKP042788")).toBeNull();
  });

  it.each([
    ["ab21cde", "AB21 CDE"],
    ["A123 BCD", "A123 BCD"],
    ["abc123d", "ABC 123D"],
    ["k 1", "K 1"],
    ["1234AB", "1234 AB"],
  ])("normalises %s to %s", (input, expected) => expect(normaliseRegistration(input)).toBe(expected));

  it("searches registrations with and without their space", () => {
    const text = vehicleSearchText({ stockNumber: "LAG-00001", vin: "VBK", registration: "AB21 CDE", make: "KTM", model: "790 Adventure", variant: "" });
    expect(text).toContain("ab21 cde");
    expect(text).toContain("ab21cde");
  });
});

describe("London days and ageing", () => {
  it("reads a datetime-local value as London time, in summer and winter", () => {
    expect(fromLondonLocal("2026-07-01T12:00").toISOString()).toBe("2026-07-01T11:00:00.000Z");
    expect(fromLondonLocal("2026-01-01T12:00").toISOString()).toBe("2026-01-01T12:00:00.000Z");
    expect(toLondonLocal(new Date("2026-07-01T23:30:00Z"))).toBe("2026-07-02T00:30");
  });

  it("puts 00:30 BST on the London day, not the UTC one", () => {
    expect(londonToday(new Date("2026-07-01T23:30:00Z"))).toBe("2026-07-02");
  });

  it.each([
    [0, "0-30"],
    [30, "0-30"],
    [31, "31-60"],
    [61, "61-90"],
    [91, "90+"],
  ])("buckets %i days as %s", (days, bucket) => expect(ageingBucket(days)).toBe(bucket));

  it("counts whole days between dates across the clock change", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
  });
});
