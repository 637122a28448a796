import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import { manufacturerLender, scheduleInForce } from "~/modules/finance/commission.server";
import { seedGroup } from "../support/factories";
import { makeModel } from "../support/stock-factories";

// Which commission schedule a deal uses: the most specific row in force that day (model, then brand,
// then the lender's general row), the newest version among equals.
let lenderId: string;
let modelId: string;
let otherModelId: string;

beforeAll(async () => {
  await seedGroup();
  const [lender] = await db().insert(schema.lenders).values({ name: "Schedules Test Credit", fcaFrn: "555001", captiveBrands: ["Triumph"] }).returning();
  lenderId = lender!.id;
  modelId = (await makeModel()).id;
  otherModelId = (await makeModel()).id;
  const row = (version: number, amountPence: number, extra: Partial<typeof schema.commissionSchedules.$inferInsert> = {}) => ({
    lenderId, version, basis: "fixed_fee" as const, amountPence, effectiveFrom: "2026-01-01", ...extra,
  });
  await db().insert(schema.commissionSchedules).values([
    row(1, 30_000),
    row(2, 31_000),
    row(3, 32_000, { effectiveFrom: "2026-07-01" }),
    row(1, 35_000, { brand: "ktm" }),
    row(1, 45_000, { brand: "KTM", modelId }),
    row(2, 99_000, { brand: "KTM", modelId, effectiveTo: "2026-03-31" }),
  ]);
});

const amountFor = async (on: string, brand: string, model: string | null) => (await scheduleInForce({ lenderId, on, brand, modelId: model }))?.amountPence ?? null;

describe("the commission schedule in force", () => {
  it("takes the model's row over the brand's over the general one", async () => {
    expect(await amountFor("2026-05-01", "KTM", modelId)).toBe(45_000);
    expect(await amountFor("2026-05-01", "KTM", otherModelId)).toBe(35_000);
    expect(await amountFor("2026-05-01", "KTM", null)).toBe(35_000);
    expect(await amountFor("2026-05-01", "Honda", modelId)).toBe(31_000);
  });

  it("takes the newest version in force that day, and none before any starts", async () => {
    expect(await amountFor("2026-03-31", "KTM", modelId)).toBe(99_000);
    expect(await amountFor("2026-04-01", "KTM", modelId)).toBe(45_000);
    expect(await amountFor("2026-06-30", "Honda", null)).toBe(31_000);
    expect(await amountFor("2026-07-01", "Honda", null)).toBe(32_000);
    expect(await amountFor("2025-12-31", "Honda", null)).toBeNull();
  });

  it("finds a brand's manufacturer lender whatever the case, and none for a brand without one", async () => {
    expect((await manufacturerLender("triumph"))?.id).toBe(lenderId);
    expect(await manufacturerLender("Ducati")).toBeNull();
  });
});
