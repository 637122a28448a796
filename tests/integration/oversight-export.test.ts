import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/modules/auth/permissions";
import { lastFullHalfYear, parseExportPeriod } from "~/modules/compliance/export-period";
import { SECTION_SPECS } from "~/modules/compliance/oversight-figures";
import exportSchema from "~/modules/compliance/oversight-export.schema.json";
import { buildOversightExport, type OversightExport } from "~/modules/compliance/oversight-export.server";
import { loader as pageLoader } from "~/routes/_app.compliance.export";
import { loader as csvLoader } from "~/routes/compliance.export[.csv]";
import { loader as jsonLoader } from "~/routes/compliance.export[.json]";
import { auditRows, cookieFor } from "../support/factories";
import { PERIOD, seedOversight } from "../support/oversight-fixtures";
import { propertyOptions } from "../support/property";

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(exportSchema);

let fixture: Awaited<ReturnType<typeof seedOversight>>;
let report: OversightExport;
const cookies = new Map<string, string>();

beforeAll(async () => {
  fixture = await seedOversight();
  report = await buildOversightExport({ actor: fixture.compliance, period: PERIOD, format: "json" });
});

async function call(loader: typeof jsonLoader, path: string, user: SessionUser | null) {
  if (user && !cookies.has(user.email)) cookies.set(user.email, await cookieFor(user));
  const headers = user ? { Cookie: cookies.get(user.email)! } : undefined;
  try {
    return await loader({ request: new Request(`http://localhost${path}`, { headers }), params: {}, context: { cspNonce: "", clientIp: "127.0.0.1" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const status = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: { status?: number } }).init?.status ?? 200));

/** A section's rows as { "dimension:key": [values in the section's figure order] }, zero rows left out. */
function table(id: string) {
  const section = report.sections[id]!;
  return Object.fromEntries(
    section.rows
      .filter((row) => row.dimension === "all" || section.figures.some((figure) => row.values[figure.name] !== 0 && row.values[figure.name] !== null))
      .map((row) => [`${row.dimension}:${row.key}`, section.figures.map((figure) => row.values[figure.name])]),
  );
}

describe("oversight export figures (first half of 2026, worked out by hand in tests/support/oversight-fixtures.ts)", () => {
  it("counts introductions (recorded) and signed deals by branch and lender, the period's London edges included", () => {
    const { alpha, beta } = fixture.lender;
    // In: D1, D3 (23:30 BST 30 Jun), D5, D7 recorded; D1, D2, D7 (23:59:59 BST 30 Jun) signed. Out: D4 (00:00 BST 1 Jul), D6 (31 Dec).
    expect(table("deals")).toEqual({
      "all:all": [4, 3],
      "branch:laguna-ktm": [1, 2],
      "branch:maidstone-honda": [3, 1],
      [`lender:${alpha}`]: [2, 2],
      [`lender:${beta}`]: [1, 1],
      "lender:none": [1, 0],
    });
    // Every branch is listed, a quiet one at zero.
    expect(report.sections.deals!.rows.filter((row) => row.dimension === "branch")).toHaveLength(6);
  });

  it("sums commission, its share of the credit and the deals that reached a review threshold", () => {
    const { alpha, beta } = fixture.lender;
    // [deals, commission, average, credit, commission/credit, review needed, share]; D2 (12%) and D7 (exactly 10%) need review, D1 (4%, 20% of charge) not.
    expect(table("commission")).toEqual({
      "all:all": [3, 200_000, 66_667, 2_500_000, 0.08, 2, 2 / 3],
      "branch:laguna-ktm": [2, 100_000, 50_000, 1_500_000, 100_000 / 1_500_000, 1, 0.5],
      "branch:maidstone-honda": [1, 100_000, 100_000, 1_000_000, 0.1, 1, 1],
      [`lender:${alpha}`]: [2, 140_000, 70_000, 2_000_000, 0.07, 1, 0.5],
      [`lender:${beta}`]: [1, 60_000, 60_000, 500_000, 0.12, 1, 1],
    });
    const quiet = report.sections.commission!.rows.find((row) => row.key === "kent-motorcycles")!;
    expect(quiet.values).toMatchObject({ signedDeals: 0, commissionPence: 0, averageCommissionPence: null, commissionToCredit: null, reviewRequiredShare: null });
  });

  it("counts the reviews made in the period and their outcomes", () => {
    const { alpha, beta } = fixture.lender;
    // D2 approved 4 Jan (Beta), D5 rejected 15 Jun (Beta, the lender it was signed with), D7 approved 29 Jun (Alpha); D5's 1 Jul and D6's 30 Dec are outside.
    expect(table("commissionReviews")).toEqual({
      "all:all": [3, 2, 1],
      "branch:laguna-ktm": [1, 1, 0],
      "branch:maidstone-honda": [2, 1, 1],
      [`lender:${alpha}`]: [1, 1, 0],
      [`lender:${beta}`]: [2, 1, 1],
    });
  });

  it("gives the DISP 1.10 complaint figures by product and by cause", () => {
    // [open at start, opened, closed, by summary, upheld, partly, not, ≤3 days, ≤8 weeks, >8 weeks, redress payments, redress £, referred, open at end]
    expect(table("complaints")).toEqual({
      "all:all": [2, 5, 4, 1, 1, 1, 1, 1, 3, 1, 3, 45_000, 1, 3],
      "product:hp": [0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 5_000, 0, 0],
      "product:pcp": [0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0],
      "product:conditional_sale": [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      "product:none": [2, 2, 2, 0, 1, 1, 0, 0, 2, 0, 2, 40_000, 0, 2],
      "cause:finance_commission": [0, 3, 2, 1, 0, 0, 1, 1, 1, 1, 1, 5_000, 1, 1],
      "cause:vehicle": [0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 25_000, 0, 0],
      "cause:sale": [1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 15_000, 0, 0],
      "cause:service": [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      "cause:other": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    });
    // Every product and cause is listed (the return's grid), quiet ones at zero.
    expect(report.sections.complaints!.rows.filter((row) => row.dimension === "product").map((row) => row.key).sort()).toEqual(["conditional_sale", "hire", "hp", "loan", "none", "pcp"]);
  });

  it("counts breaches found in the period by rule, and whether the principal was told", () => {
    expect(table("breaches")).toEqual({
      "all:all": [3, 2, 1, 1],
      [`rule:${fixture.CONC}`]: [2, 1, 1, 1],
      [`rule:${fixture.PRIN}`]: [1, 1, 0, 0],
    });
  });
  it("counts file reviews by rating and their actions opened, closed and open at the end, by branch", () => {
    // reviews, satisfactory, needs improvement, unsatisfactory, actions opened, closed, open at the end
    expect(table("fileReviews")).toEqual({
      "all:all": [3, 1, 2, 0, 2, 1, 2],
      "branch:laguna-ktm": [2, 1, 1, 0, 1, 1, 1],
      "branch:maidstone-honda": [1, 0, 1, 0, 1, 0, 1],
    });
    expect(report.sections.fileReviews!.rows.filter((row) => row.dimension === "branch")).toHaveLength(6);
  });

  it("counts the approvals given in the period by kind, every kind listed", () => {
    expect(report.sections.promotionsApproved!.rows.map((row) => [row.key, row.values.approvals])).toEqual([
      ["all", 2],
      ["disclosure_document", 1],
      ["lender_tie", 0],
      ["offer", 1],
    ]);
  });
});

describe("the JSON download", () => {
  it("matches oversight-export.schema.json, money in integer pence, and is audited with who, the period and the format", async () => {
    const response = (await call(jsonLoader, `/compliance/export.json?from=${PERIOD.from}&to=${PERIOD.to}`, fixture.compliance)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="laguna-oversight-2026-01-01-to-2026-06-30.json"');
    const body = await response.json();
    const valid = validate(body);
    expect(validate.errors ?? [], "the export must match oversight-export.schema.json").toEqual([]);
    expect(valid).toBe(true);
    expect(body.period).toEqual({ from: "2026-01-01", to: "2026-06-30", toInclusive: true, timeZone: "Europe/London" });
    expect(body.sections.complaints.rows[0].values.redressPaidPence).toBe(45_000);
    const audits = (await auditRows("oversight.exported")).filter((row) => row.actorId === fixture.compliance.id && (row.after as { format: string }).format === "json");
    expect(audits.at(-1)).toMatchObject({ actorEmail: fixture.compliance.email, entityType: "oversight_export", after: { from: "2026-01-01", to: "2026-06-30", format: "json" } });
  });

  it("is refused by the schema when a figure goes missing or money is not whole pence", () => {
    const broken = structuredClone(report) as unknown as { sections: Record<string, { rows: { values: Record<string, unknown> }[] }> };
    delete broken.sections.deals!.rows[0]!.values.signed;
    expect(validate(broken)).toBe(false);
    const fractional = structuredClone(report) as unknown as typeof broken;
    fractional.sections.commission!.rows[0]!.values.commissionPence = 10.5;
    expect(validate(fractional)).toBe(false);
  });

  it("describes exactly the sections' figures, every section required", () => {
    const sections = exportSchema.properties.sections as unknown as { properties: Record<string, { properties?: { rows: { items: { properties: { values: { required: string[] } } } } } }>; required: string[] };
    expect(sections.required).toEqual(SECTION_SPECS.map((spec) => spec.id));
    for (const spec of SECTION_SPECS) expect(sections.properties[spec.id]!.properties!.rows.items.properties.values.required, spec.id).toEqual(spec.figures.map((figure) => figure.name));
    expect(sections.required).toEqual(["deals", "commission", "commissionReviews", "complaints", "breaches", "fileReviews", "promotionsApproved"]);
    expect(Object.keys(sections.properties).sort()).toEqual([...sections.required].sort());
  });
});

describe("the CSV download", () => {
  it("has a header row, then one row per figure, quoted where a value needs it", async () => {
    const response = (await call(csvLoader, `/compliance/export.csv?from=${PERIOD.from}&to=${PERIOD.to}`, fixture.admin)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    const records: string[][] = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: false });
    expect(records[0]).toEqual(["period_from", "period_to", "section", "dimension", "key", "label", "figure", "unit", "value"]);
    const figures = Object.values(report.sections).reduce((sum, section) => sum + section.rows.length * section.figures.length, 0);
    expect(records).toHaveLength(1 + figures);
    expect(records).toContainEqual(["2026-01-01", "2026-06-30", "complaints", "all", "all", "All complaints", "redressPaidPence", "pence", "45000"]);
    expect(records).toContainEqual(["2026-01-01", "2026-06-30", "commission", "all", "all", "All branches", "commissionToCredit", "ratio", "0.08"]);
    // The rule holds a comma and quotes: quoted, its quotes doubled, Windows line endings.
    expect(text).toContain(`2026-01-01,2026-06-30,breaches,rule,"PRIN 2A, ""Consumer Duty""","PRIN 2A, ""Consumer Duty""",breaches,count,1\r\n`);
    const audits = await auditRows("oversight.exported");
    expect(audits.some((row) => row.actorId === fixture.admin.id && (row.after as { format: string }).format === "csv")).toBe(true);
  });
});

describe("access", () => {
  it("serves compliance and admins, refuses managers and finance staff (403) and sends the signed-out to sign in", async () => {
    const query = `?from=${PERIOD.from}&to=${PERIOD.to}`;
    for (const [loader, path] of [
      [pageLoader, "/compliance/export"],
      [csvLoader, "/compliance/export.csv"],
      [jsonLoader, "/compliance/export.json"],
    ] as const) {
      expect(status(await call(loader as typeof jsonLoader, path + query, fixture.compliance)), `compliance ${path}`).toBe(200);
      expect(status(await call(loader as typeof jsonLoader, path + query, fixture.admin)), `admin ${path}`).toBe(200);
      expect(status(await call(loader as typeof jsonLoader, path + query, fixture.manager)), `manager ${path}`).toBe(403);
      expect(status(await call(loader as typeof jsonLoader, path + query, fixture.financeA)), `finance ${path}`).toBe(403);
      const anonymous = (await call(loader as typeof jsonLoader, path + query, null)) as Response;
      expect([anonymous.status, anonymous.headers.get("Location")?.startsWith("/login?redirectTo=")], `anonymous ${path}`).toEqual([302, true]);
    }
  });
});

describe("the period", () => {
  it("defaults to the last half-year that has fully ended", () => {
    expect(lastFullHalfYear("2026-12-03")).toEqual({ from: "2026-01-01", to: "2026-06-30" });
    expect(lastFullHalfYear("2026-07-01")).toEqual({ from: "2026-01-01", to: "2026-06-30" });
    expect(lastFullHalfYear("2026-06-30")).toEqual({ from: "2025-07-01", to: "2025-12-31" });
    expect(lastFullHalfYear("2026-01-01")).toEqual({ from: "2025-07-01", to: "2025-12-31" });
  });

  it("refuses a bad period with a message beside the field it concerns", () => {
    const check = (query: string, today = "2026-12-03") => {
      const result = parseExportPeriod(new URLSearchParams(query), today);
      return result.ok ? result.period : result.errors;
    };
    expect(check("from=2026-01-01&to=2026-06-30")).toEqual({ from: "2026-01-01", to: "2026-06-30" });
    expect(check("from=2026-01-01")).toEqual({ to: "Enter the last day of the period (as well as the first)." });
    expect(check("to=2026-06-30")).toEqual({ from: "Enter the first day of the period (as well as the last)." });
    expect(check("from=2026-02-30&to=2026-06-31")).toEqual({ from: "Enter the first day of the period as a date, e.g. 2026-01-01.", to: "Enter the last day of the period as a date, e.g. 2026-06-30." });
    expect(check("from=1999-12-31&to=2026-06-30")).toEqual({ from: "The period can't start before 2000-01-01." });
    expect(check("from=2026-06-30&to=2026-01-01")).toEqual({ to: "The last day can't be before the first day." });
    expect(check("from=2026-12-01&to=2026-12-04")).toEqual({ to: "The period can't end after today: the figures would be incomplete." });
    expect(check("from=2026-12-04&to=2026-12-04")).toEqual({ from: "The period can't start in the future.", to: "The period can't end after today: the figures would be incomplete." });
    expect(check("from=2021-01-01&to=2025-12-31")).toEqual({ from: "2021-01-01", to: "2025-12-31" });
    expect(check("from=2021-01-01&to=2026-01-01")).toEqual({ to: "The period can be at most 5 years long." });
    expect(check("from=2026-06-30&to=2026-06-30")).toEqual({ from: "2026-06-30", to: "2026-06-30" });
  });

  it("answers a bad period with 400 and the messages on the page, in the JSON and in the CSV", async () => {
    const query = "?from=2026-06-30&to=2026-01-01";
    const page = (await call(pageLoader as typeof jsonLoader, `/compliance/export${query}`, fixture.compliance)) as unknown as { init: { status: number }; data: { errors: unknown } };
    expect([page.init.status, page.data.errors]).toEqual([400, { to: "The last day can't be before the first day." }]);
    const json = (await call(jsonLoader, `/compliance/export.json${query}`, fixture.compliance)) as Response;
    expect([json.status, await json.json()]).toEqual([400, { errors: { to: "The last day can't be before the first day." } }]);
    const csv = (await call(csvLoader, `/compliance/export.csv${query}`, fixture.compliance)) as Response;
    expect([csv.status, await csv.text()]).toEqual([400, "The last day can't be before the first day."]);
  });

  it("sends ?format=csv|json to the file of the same period", async () => {
    const result = (await call(pageLoader as typeof jsonLoader, `/compliance/export?from=${PERIOD.from}&to=${PERIOD.to}&format=csv`, fixture.compliance)) as Response;
    expect([result.status, result.headers.get("Location")]).toEqual([302, "/compliance/export.csv?from=2026-01-01&to=2026-06-30"]);
  });

  it("answers any from and to with the figures or a 400, never an error", async () => {
    const day = fc.oneof(fc.constant(""), fc.string({ maxLength: 12 }), fc.date({ min: new Date("1990-01-01"), max: new Date("2035-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
    await fc.assert(
      fc.asyncProperty(day, day, async (from, to) => {
        const result = await call(jsonLoader, `/compliance/export.json?${new URLSearchParams({ from, to })}`, fixture.compliance);
        expect([200, 400]).toContain(status(result));
      }),
      propertyOptions("oversight export period", { numRuns: 40 }),
    );
  });
});
