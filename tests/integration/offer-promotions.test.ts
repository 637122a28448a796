import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import type { RepresentativeExample } from "~/modules/offers/offer-example";
import { listFigureProblems } from "~/modules/finance/figures-check.server";
import { listOfferFigureProblems } from "~/modules/offers/offer-figures.server";
import type { OfferFields } from "~/modules/offers/offers.schema";
import { createOffer, publishOffer } from "~/modules/offers/offers.server";
import { action as newAction } from "~/routes/_app.offers.new";
import { cookieFor, makeUser, seedGroup } from "../support/factories";

// Promotions cannot mislead: the rule holds in the domain (save and publish), not only in the form.

let ids: Record<string, string>;
let admin: SessionUser;

beforeAll(async () => {
  ids = await seedGroup();
  admin = await makeUser("admin");
});

/** £5,400 of credit, 36 × £150 from a month after signing: truly 0% APR. */
const zeroPercent: RepresentativeExample = {
  aprBasisPoints: 0,
  ratePercentBasisPoints: 0,
  rateFixed: true,
  cashPricePence: 600_000,
  depositPence: 60_000,
  depositContributionPence: 0,
  creditPence: 540_000,
  termMonths: 36,
  paymentCount: 36,
  monthlyPaymentPence: 15_000,
  firstPaymentMonth: 1,
  finalPaymentPence: 0,
  finalPaymentMonth: null,
  fees: [],
  totalPayablePence: 600_000,
};
/** The same credit at 36 × £172.50: 9.7% APR, not 0%. */
const wrongApr: RepresentativeExample = { ...zeroPercent, ratePercentBasisPoints: 500, monthlyPaymentPence: 17_250, totalPayablePence: 60_000 + 36 * 17_250 };

function fields(overrides: Partial<OfferFields> = {}): OfferFields {
  return {
    title: "Scrambler season",
    summary: "0% APR representative on a new Scrambler 400 X.",
    terms: "Hire purchase, subject to status. UK residents 18 or over.",
    kind: "manufacturer",
    brand: "Triumph",
    modelIds: [],
    branchIds: [ids["laguna-triumph"]!],
    validFrom: "2026-03-01",
    validTo: "2099-12-31",
    imageUrl: null,
    representativeExample: zeroPercent,
    ...overrides,
  };
}

/** A row as an older version of the app, or a hand edit, may have left it: no rule applied. */
async function stored(values: Partial<typeof schema.offers.$inferInsert>) {
  const [row] = await db()
    .insert(schema.offers)
    .values({ offerGroupId: crypto.randomUUID(), kind: "dealer", title: "Stored", summary: "Free luggage.", terms: "While stocks last.", brand: "Triumph", branchIds: [ids["laguna-triumph"]!], validFrom: "2026-03-01", validTo: "2099-12-31", ...values })
    .returning();
  return row!;
}

describe("saving an offer", () => {
  it("accepts 0% APR where the figures truly are 0%", async () => {
    expect(await createOffer({ actor: admin, fields: fields() })).toMatchObject({ ok: true });
  });

  it("refuses 0% APR on 36 × £172.50 and £5,400 of credit, with the computed APR by the field", async () => {
    expect(await createOffer({ actor: admin, fields: fields({ representativeExample: wrongApr }) })).toMatchObject({
      ok: false,
      field: "apr",
      message: "The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit.",
    });
  });

  it("refuses finance words without a representative example, naming them", async () => {
    const result = await createOffer({ actor: admin, fields: fields({ summary: "Ride a Speed 400 for £79 a month … 0% interest.", terms: "While stocks last.", representativeExample: null }) });
    expect(result).toMatchObject({
      ok: false,
      field: "summary",
      message: `'£79 a month' in the summary needs a representative example: tick "This offer promotes finance" and complete it, or reword.`,
    });
  });

  it("answers the form with a 400, the message by the summary and the input kept", async () => {
    const body = new URLSearchParams({ title: "Spring saver", summary: "£79 a month, 0% interest", terms: "While stocks last.", kind: "dealer", brand: "KTM", modelScope: "all", branchIds: ids["laguna-ktm"]!, validFrom: "2026-03-01", validTo: "2099-12-31" });
    const request = new Request("http://localhost/offers/new", { method: "POST", headers: { Cookie: await cookieFor(admin) }, body });
    const reply = (await newAction({ request, params: {}, context: { cspNonce: "" } })) as unknown as { init: { status: number }; data: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(reply.init.status).toBe(400);
    expect(reply.data.error.summary).toEqual([`'£79 a month' in the summary needs a representative example: tick "This offer promotes finance" and complete it, or reword.`]);
    expect(reply.data.initialValue.summary).toBe("£79 a month, 0% interest");
  });
});

describe("publishing an offer", () => {
  it("refuses a draft whose stored example the engine disagrees with", async () => {
    const row = await stored({ kind: "manufacturer", representativeExample: wrongApr });
    const result = await publishOffer({ actor: admin, id: row.id, version: row.version, today: "2026-03-10" });
    expect(result).toMatchObject({ ok: false, message: "It can't be published as it stands. The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit. Edit the draft first." });
    expect((await db().select().from(schema.offers).where(eq(schema.offers.id, row.id)))[0]?.state).toBe("draft");
  });

  it("refuses a draft promoting finance with no example", async () => {
    const row = await stored({ title: "Low deposit week", representativeExample: null });
    const result = await publishOffer({ actor: admin, id: row.id, version: row.version, today: "2026-03-10" });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.message).toContain("'Low deposit' in the title needs a representative example");
  });
});

describe("listOfferFigureProblems", () => {
  it("lists every revision whose figures disagree or that promotes finance without an example, and only those", async () => {
    const good = await stored({ title: "A good 0% offer", summary: "0% APR representative.", representativeExample: zeroPercent, state: "published" });
    const wrong = await stored({ title: "A wrong 0% offer", representativeExample: wrongApr, state: "published" });
    const bare = await stored({ title: "Bonneville spring offer", summary: "Interest free on every Bonneville.", representativeExample: null, state: "superseded" });
    const listed = await listOfferFigureProblems();
    const mine = listed.filter((problem) => [good.id, wrong.id, bare.id].includes(problem.id));
    expect(mine).toEqual([
      expect.objectContaining({ id: wrong.id, title: "A wrong 0% offer", state: "published", revision: 1, problems: [{ field: "apr", message: "The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit." }] }),
      expect.objectContaining({ id: bare.id, state: "superseded", problems: [expect.objectContaining({ field: "summary", message: expect.stringMatching(/^'Interest free' in the summary/) })] }),
    ]);
  });

  it("feeds finance:check and /finance/check: a published offer is corrected by a revision, a draft by an edit", async () => {
    const published = await stored({ title: "A wrong published offer", representativeExample: wrongApr, state: "published" });
    const draft = await stored({ title: "A wrong draft offer", representativeExample: wrongApr, state: "draft" });
    const { offers } = await listFigureProblems(admin);
    expect(offers.find((row) => row.id === published.id)).toMatchObject({
      kind: "offer",
      href: `/offers/${published.id}`,
      frozen: true,
      remedy: "Published once: correct it by a new revision, never by editing.",
      problems: [{ field: "apr", message: "The figures give 9.7% APR, not 0.0%: £172.50 × 36 on £5,400.00 of credit." }],
    });
    expect(offers.find((row) => row.id === draft.id)).toMatchObject({ frozen: false, remedy: "Edit the draft's example or wording." });
  });

  it("migrates an example stored before the schedule, then lists the old Tiger PCP's 9.1% against its stated 6.9%", async () => {
    // The demo Triumph PCP as seeded before: term 36, £229 a month, a £6,950 final payment, £10 of fees.
    const old = {
      aprBasisPoints: 690, ratePercentBasisPoints: 355, rateFixed: true, cashPricePence: 1_579_500, depositPence: 250_000, depositContributionPence: 75_000,
      creditPence: 1_254_500, termMonths: 36, monthlyPaymentPence: 22_900, finalPaymentPence: 695_000, feesPence: 1_000, totalPayablePence: 1_770_400,
    };
    const row = await stored({ title: "Old Tiger PCP", state: "published", representativeExample: old });
    const migration = readFileSync("db/migrations/0014_offer_example_schedule.sql", "utf8");
    await db().execute(sql.raw(migration));
    const [after] = await db().select().from(schema.offers).where(eq(schema.offers.id, row.id));
    expect(after!.representativeExample).toEqual({
      ...Object.fromEntries(Object.entries(old).filter(([key]) => key !== "feesPence")),
      termMonths: 37,
      paymentCount: 36,
      firstPaymentMonth: 1,
      finalPaymentMonth: 37,
      fees: [{ name: "Fees", amountPence: 1_000, month: 37 }],
    });
    const listed = (await listOfferFigureProblems()).find((problem) => problem.id === row.id);
    expect(listed?.problems).toEqual([
      { field: "apr", message: "The figures give 9.1% APR, not 6.9%: £229.00 × 36 + a final £6,950.00 + £10.00 of fees on £12,545.00 of credit." },
    ]);
  });
});
