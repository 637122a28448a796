import type { LoaderFunctionArgs } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { commissionRatios, DEFAULT_REVIEW_THRESHOLDS, needsReview } from "~/modules/finance/commission";
import { financeSummary } from "~/modules/finance/finance-dashboard.server";
import { countExceptions, listDeals, parseFinanceQuery } from "~/modules/finance/finance-list.server";
import { financeReport, parseMonthRange } from "~/modules/finance/finance-report.server";
import { loader as dashboardLoader } from "~/routes/_app._index";
import { loader as pageLoader } from "~/routes/_app.finance._index";
import { loader as reportLoader } from "~/routes/_app.finance.report";
import { loader as csvLoader } from "~/routes/finance[.csv]";
import { cookieFor } from "../support/factories";
import { daysAgo, lastMonth, londonDay, month, seedFinanceList } from "../support/finance-list-fixtures";

let f: Awaited<ReturnType<typeof seedFinanceList>>;
beforeAll(async () => {
  f = await seedFinanceList();
});

const q = (params: Record<string, string> = {}) => parseFinanceQuery(new URLSearchParams({ sort: "reference", dir: "asc", ...params }));
// Only the test branches' deals (TFL-…), so any demo deals a seed adds never change the answers.
const refs = async (user: SessionUser, params: Record<string, string> = {}) =>
  (await listDeals(user, q({ size: "200", ...params }))).rows.map((row) => row.reference).filter((ref) => ref.startsWith("TFL-"));
const args = (path: string, cookie: string): LoaderFunctionArgs => ({
  request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }),
  params: {},
  context: { cspNonce: "" },
});

describe("who sees which introductions", () => {
  it("shows a manager only their branches' deals, in the query", async () => {
    expect(await refs(f.managerN)).toEqual(["TFL-D1", "TFL-D2", "TFL-D3", "TFL-D7"]);
    // Asking for another branch's deals by filter finds nothing rather than leaking them.
    expect(await refs(f.managerN, { branch: "test-south" })).toEqual([]);
  });

  it("shows finance staff only their branches' deals", async () => {
    expect(await refs(f.financeS)).toEqual(["TFL-D4", "TFL-D5", "TFL-D6", "TFL-D9"]);
    expect((await listDeals(f.financeS, q())).total).toBe(4);
  });

  it("shows an admin every branch's deals", async () => {
    expect(await refs(f.admin)).toEqual(["TFL-D1", "TFL-D2", "TFL-D3", "TFL-D4", "TFL-D5", "TFL-D6", "TFL-D7", "TFL-D9"]);
  });

  it("offers 'New introduction' to those who may record one, not to managers", async () => {
    const page = async (user: SessionUser) => (await pageLoader(args("/finance", await cookieFor(user)))) as { canAdd: boolean; rows: { reference: string }[] };
    expect((await page(f.financeN)).canAdd).toBe(true);
    const manager = await page(f.managerN);
    expect(manager.canAdd).toBe(false);
    expect(manager.rows.map((row) => row.reference)).not.toContain("TFL-D5");
  });
});

describe("introduction filters and search", () => {
  it("filters by branch, status and staff", async () => {
    expect(await refs(f.admin, { branch: "test-south" })).toEqual(["TFL-D4", "TFL-D5", "TFL-D6", "TFL-D9"]);
    expect(await refs(f.admin, { status: "signed" })).toEqual(["TFL-D1", "TFL-D2", "TFL-D5"]);
    expect(await refs(f.admin, { staff: f.managerN.id })).toEqual(["TFL-D3"]);
  });

  it("filters by the lender shown: the accepted one, else the latest proposed to", async () => {
    // D2 was declined by Alpha before Beta accepted it; D7 waits on Beta.
    expect(await refs(f.admin, { lender: f.lender.A })).toEqual(["TFL-D1", "TFL-D3", "TFL-D6"]);
    expect(await refs(f.admin, { lender: f.lender.B })).toEqual(["TFL-D2", "TFL-D5", "TFL-D7", "TFL-D9"]);
    const rows = (await listDeals(f.admin, q({ branch: "test-north" }))).rows;
    expect(rows.map((row) => row.lenderName)).toEqual(["Test Alpha Finance", "Test Beta Credit", "Test Alpha Finance", "Test Beta Credit"]);
  });

  it("filters by a range of London creation days, both ends included, either way round", async () => {
    const day = londonDay(daysAgo(45));
    expect(await refs(f.admin, { from: day, to: day })).toEqual(["TFL-D3"]);
    expect(await refs(f.admin, { from: londonDay(daysAgo(42)), to: londonDay(daysAgo(62)) })).toEqual(["TFL-D3", "TFL-D7"]);
    expect(await refs(f.admin, { from: "not-a-date" })).toHaveLength(8);
  });

  it("searches the customer's name and the agreement number, whatever the case", async () => {
    expect(await refs(f.admin, { q: "cooper" })).toEqual(["TFL-D3"]);
    expect(await refs(f.admin, { q: "AGR-2002" })).toEqual(["TFL-D2"]);
    expect(await refs(f.admin, { q: "agr-" })).toEqual(["TFL-D1", "TFL-D2", "TFL-D5"]);
    expect(await refs(f.admin, { q: "100%_" })).toEqual([]);
  });

  it("sorts by commission (confirmed, else the latest estimate), blanks last, ties by reference", async () => {
    const rows = (await listDeals(f.admin, q({ size: "200", sort: "commission", dir: "desc" }))).rows.filter((row) => row.reference.startsWith("TFL-"));
    expect(rows.map((row) => row.reference)).toEqual(["TFL-D3", "TFL-D6", "TFL-D5", "TFL-D9", "TFL-D2", "TFL-D1", "TFL-D7", "TFL-D4"]);
    const d3 = rows[0]!;
    expect(d3).toMatchObject({ confirmedPence: null, estimatedPence: 150_000 });
    expect(rows.find((row) => row.reference === "TFL-D2")).toMatchObject({ confirmedPence: 60_000, paidPence: 55_000 });
  });
});

describe("exceptions", () => {
  it("flags high commission awaiting review: an accepted commission at a threshold with no review of that amount", async () => {
    // D3 (15% of the credit) was reviewed only at another amount; D9 sits exactly on 10%; D2's review matches; D6 is closed.
    expect(await refs(f.admin, { exception: "review-needed" })).toEqual(["TFL-D3", "TFL-D9"]);
    // The JS rule agrees with the SQL at the threshold itself: £1,000 on £10,000 of credit is exactly 10%.
    expect(DEFAULT_REVIEW_THRESHOLDS).toEqual({ chargeForCreditPercent: 35, creditPercent: 10 });
    expect(needsReview(commissionRatios(100_000, { creditPence: 1_000_000, chargeForCreditPence: 1_000_000, totalPayablePence: 2_100_000 }), { chargeForCreditPercent: 35, creditPercent: 10 })).toBe(true);
  });

  it("flags a commission paid that differs from the amount confirmed", async () => {
    expect(await refs(f.admin, { exception: "paid-differs" })).toEqual(["TFL-D2"]);
  });

  it("flags vulnerable customers", async () => {
    expect(await refs(f.admin, { exception: "vulnerable" })).toEqual(["TFL-D3", "TFL-D6"]);
  });

  it("flags unsigned, open deals whose latest initial consent is more than 30 days old", async () => {
    // D2 is signed, D6 not proceeding, and D7 consented again 10 days ago.
    expect(await refs(f.admin, { exception: "stale-consent" })).toEqual(["TFL-D3"]);
  });

  it("shows each deal's flags as badges, legal hold included when the latest hold entry places it", async () => {
    const rows = (await listDeals(f.admin, q({ size: "200" }))).rows;
    const flags = (ref: string) => rows.find((row) => row.reference === ref)!.flags;
    expect(flags("TFL-D3")).toEqual({ reviewNeeded: true, paidDiffers: false, vulnerable: true, staleConsent: true, legalHold: false });
    expect(flags("TFL-D5")).toMatchObject({ legalHold: true, reviewNeeded: false });
    expect(flags("TFL-D1")).toEqual({ reviewNeeded: false, paidDiffers: false, vulnerable: false, staleConsent: false, legalHold: false });
  });

  it("counts each exception under the other filters, within the user's branches", async () => {
    const north = await listDeals(f.managerN, q({ exception: "vulnerable" }));
    expect(north.exceptionCounts).toEqual({ "review-needed": 1, "paid-differs": 1, vulnerable: 1, "stale-consent": 1 });
    expect(north.total).toBe(1);
    expect(await countExceptions(f.financeS)).toEqual({ "review-needed": 1, "paid-differs": 0, vulnerable: 1, "stale-consent": 0 });
  });
});

describe("the CSV export", () => {
  it("returns exactly the filtered rows the user may see, in the table's order", async () => {
    const cookie = await cookieFor(f.managerN);
    const response = (await csvLoader(args("/finance.csv?sort=customer&dir=desc&exception=", cookie))) as Response;
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const [header, ...records] = parse((await response.text()).replace(/^\uFEFF/, "")) as string[][];
    expect(header![0]).toBe("reference");
    expect(records.map((r) => r[0])).toEqual(["TFL-D7", "TFL-D3", "TFL-D2", "TFL-D1"]);
    expect(response.headers.get("X-Row-Count")).toBe("4");

    const filtered = (await csvLoader(args("/finance.csv?q=bob", cookie))) as Response;
    const [, ...bob] = parse((await filtered.text()).replace(/^\uFEFF/, "")) as string[][];
    expect(bob).toHaveLength(1);
    const column = (name: string) => bob[0]![header!.indexOf(name)];
    expect(column("agreement_number")).toBe("AGR-2002");
    expect(column("lender")).toBe("Test Beta Credit");
    expect(column("commission_gbp")).toBe("600.00");
    expect(column("paid_gbp")).toBe("550.00");
    expect(column("flags")).toBe("Paid ≠ confirmed");

    const elsewhere = (await csvLoader(args("/finance.csv?branch=test-south", cookie))) as Response;
    expect(parse((await elsewhere.text()).replace(/^\uFEFF/, ""))).toHaveLength(1);
  });
});

describe("the commission and APR report", () => {
  const range = parseMonthRange(new URLSearchParams());

  it("defaults to the last 12 London months, and reads a range typed backwards", () => {
    expect(range.to).toBe(month);
    expect(parseMonthRange(new URLSearchParams({ from: "2026-05", to: "2025-06" }))).toEqual({ from: "2025-06", to: "2026-05" });
    expect(parseMonthRange(new URLSearchParams({ from: "2026-13" }), "2026-03-10")).toEqual({ from: "2025-04", to: "2026-03" });
  });

  it("groups signed deals by lender, branch and month, with confirmed commission and its ratios", async () => {
    const report = await financeReport(f.managerN, range);
    expect(report.total).toMatchObject({ deals: 2, creditPence: 1_500_000, commissionPence: 100_000, averageAprBasisPoints: 1295 });
    expect(report.total.averageOfCredit).toBeCloseTo(0.08);
    expect(report.total.medianOfCredit).toBeCloseTo(0.08);
    expect(report.total.medianOfCharge).toBeCloseTo(0.4);
    expect(report.byLender.map((row) => [row.label, row.deals, row.commissionPence])).toEqual([["Test Alpha Finance", 1, 40_000], ["Test Beta Credit", 1, 60_000]]);
    expect(report.byBranch.map((row) => [row.label, row.deals])).toEqual([["Test North", 2]]);
    expect(report.byMonth).toHaveLength(12);
    expect(report.byMonth.find((row) => row.key === lastMonth)).toMatchObject({ deals: 1, commissionPence: 60_000 });
    expect(report.byMonth.find((row) => row.key === month)).toMatchObject({ deals: 1, commissionPence: 40_000 });
  });

  it("gives the whole group to an admin, with medians and distributions of commission and APR", async () => {
    const report = await financeReport(f.admin, range);
    const beta = report.byLender.find((row) => row.label === "Test Beta Credit")!;
    expect(beta).toMatchObject({ deals: 2, creditPence: 2_500_000, commissionPence: 160_000 });
    expect(beta.medianOfCredit).toBeCloseTo(0.085);
    expect(beta.averageOfCharge).toBeCloseTo((0.6 + 100_000 / 600_000) / 2);
    const south = report.byBranch.find((row) => row.label === "Test South")!;
    // D5: 5% of the credit, APR 21%.
    expect(south.commissionBuckets).toEqual([0, 0, 1, 0, 0, 0]);
    expect(south.aprBuckets).toEqual([0, 0, 0, 0, 1]);
    const north = report.byBranch.find((row) => row.label === "Test North")!;
    // D1 exactly 4% (the 4–6% bucket) and APR exactly 10% (10–15%); D2 12% and 15.9%.
    expect(north.commissionBuckets).toEqual([0, 0, 1, 0, 0, 1]);
    expect(north.aprBuckets).toEqual([0, 0, 1, 1, 0]);
    expect(report.commissionBucketLabels).toEqual(["0–2%", "2–4%", "4–6%", "6–8%", "8–10%", "10%+"]);
  });

  it("gives finance staff, through the page's loader, a report of their own branches' signed deals only", async () => {
    const data = (await reportLoader(args("/finance/report", await cookieFor(f.financeS)))) as { report: { total: { deals: number } }; wholeGroup: boolean };
    expect(data.report.total.deals).toBe(1);
    expect(data.wholeGroup).toBe(false);
  });
});

describe("the finance dashboard", () => {
  it("counts this month's introductions and signed deals, and penetration over bikes sold in the user's branches", async () => {
    const north = await financeSummary(f.managerN);
    expect(north).toMatchObject({ introductions: 1, signed: 1, bikesSold: 2, penetration: 0.5 });
    const south = await financeSummary(f.financeS);
    expect(south).toMatchObject({ introductions: 3, signed: 1, bikesSold: 2, penetration: 0.5 });
  });

  it("gives commission confirmed on deals signed this month and paid this month, by lender", async () => {
    expect((await financeSummary(f.managerN)).byLender).toEqual([
      { lenderName: "Test Alpha Finance", signed: 1, confirmedPence: 40_000, paidPence: 40_000 },
      // D2 was signed last month; £500 of its commission was paid this month.
      { lenderName: "Test Beta Credit", signed: 0, confirmedPence: 0, paidPence: 50_000 },
    ]);
  });

  it("counts each exception, and shows the finance section on the dashboard to those who may view finance", async () => {
    expect((await financeSummary(f.managerN)).exceptions).toEqual({ "review-needed": 1, "paid-differs": 1, vulnerable: 1, "stale-consent": 1 });
    const data = (await dashboardLoader(args("/", await cookieFor(f.financeS)))) as { finance: { signed: number } | null };
    expect(data.finance?.signed).toBe(1);
  });
});

describe("review thresholds", () => {
  it("reads the thresholds an admin saved: raising them clears a deal on the old threshold", async () => {
    await db().insert(schema.settingVersions).values({ key: "commission_review_thresholds", version: 9002, value: { chargeForCreditPercent: 50, creditPercent: 12 } });
    expect(await refs(f.admin, { exception: "review-needed" })).toEqual(["TFL-D3"]);
  });
});
