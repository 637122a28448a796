import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "@db/client";
import { COMPLAINT_STATUSES } from "@db/schema/complaints";
import type { SessionUser } from "~/modules/auth/permissions";
import exportSchema from "~/modules/compliance/oversight-export.schema.json";
import { buildOversightExport } from "~/modules/compliance/oversight-export.server";
import { londonToday } from "~/utils/dates";
import { seedBreaches } from "../../seed/breaches";
import { seedComplaints } from "../../seed/complaints";
import { seedFinance } from "../../seed/finance";
import { makeUser, seedGroup } from "../support/factories";

// #15 item 7: the demo has complaints in every state, one overdue and one whose deal is under hold,
// and the oversight export reads the demo's last year without a figure the schema refuses.
let officer: SessionUser;

beforeAll(async () => {
  await seedGroup();
  await seedFinance();
  await seedComplaints();
  await seedBreaches();
  officer = await makeUser("compliance");
}, 120_000);

interface Row extends Record<string, unknown> {
  status: string;
  overdue: boolean;
  due_within_week: boolean;
  hold: string | null;
}

describe("the demo complaints", () => {
  it("are in every state, one open and overdue, one due within the week, one whose deal is on legal hold", async () => {
    const rows = await selectRows<Row>(sql`
      select c.status, c.final_due_at < now() as overdue, c.final_due_at >= now() and c.final_due_at < now() + interval '7 days' as due_within_week,
        (select e.kind from deal_entries e where e.deal_id = c.deal_id and e.kind in ('legal_hold_on', 'legal_hold_off') order by e.created_at desc limit 1) as hold
      from complaints c`);
    expect([...new Set(rows.map((row) => row.status))].sort()).toEqual([...COMPLAINT_STATUSES].sort());
    expect(rows.filter((row) => row.status === "open" && row.overdue)).toHaveLength(1);
    expect(rows.filter((row) => row.status === "open" && row.due_within_week)).toHaveLength(1);
    expect(rows.filter((row) => row.status === "open" && row.hold === "legal_hold_on")).toHaveLength(1);
  });

  it("and the rest of the demo give an oversight export for the last year that matches its schema", async () => {
    const today = londonToday();
    const report = await buildOversightExport({ actor: officer, period: { from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today }, format: "json" });
    const validate = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })).compile(exportSchema);
    validate(JSON.parse(JSON.stringify(report)));
    expect(validate.errors ?? []).toEqual([]);
    // Seven complaints over the last year (the oldest 300 days ago), and the one breach.
    expect(report.sections.complaints!.rows[0]!.values.opened).toBe(7);
    expect(report.sections.breaches!.rows[0]!.values.breaches).toBe(1);
  });
});
