import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { db, schema } from "@db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { SETTING_DEFAULTS } from "~/modules/finance/documents.server";
import { listOfferFigureProblems } from "~/modules/offers/offer-figures.server";
import { offerStatus } from "~/modules/offers/offer-rules";
import { offersSummary } from "~/modules/offers/offers-dashboard.server";
import publicOffersSchema from "~/modules/offers/public-offers.schema.json";
import type { PublicOfferJson } from "~/modules/offers/public-offers.server";
import { loader as dashboardLoader } from "~/routes/_app._index";
import { loader as pageLoader, meta } from "~/routes/site.offers";
import { loader as jsonLoader } from "~/routes/site.offers[.json]";
import { londonToday } from "~/utils/dates";
import { seedOffers } from "../../seed/offers";
import { cookieFor, makeUser, seedGroup } from "../support/factories";

// The page's component reads its data through Remix; outside a router, hand it the loader's data.
// The test files share module instances (vitest's isolate: false), so the page is imported afresh,
// after this file's mock, to render.
const page = vi.hoisted(() => ({ data: null as unknown }));
async function renderPage(data: unknown) {
  page.data = data;
  vi.resetModules();
  const { default: PublicOffersPage } = await import("~/routes/site.offers");
  return renderToString(createElement(PublicOffersPage));
}
vi.mock("@remix-run/react", async (importActual) => ({
  ...(await importActual<object>()),
  useLoaderData: () => page.data,
  Form: (props: { children?: ReactNode }) => createElement("form", props),
  Link: ({ to, ...props }: { to: string; children?: ReactNode }) => createElement("a", { ...props, href: to }),
}));

const LIVE = [
  "0% APR on the KTM 790 Adventure",
  "Tiger 900 Rally Pro on 6.9% APR PCP",
  "Free touring luggage with a new NT1100",
  "£500 towards your deposit on any new Harley-Davidson",
  "Two years' warranty on approved used KTMs",
];
const NEVER = ["Speed 400 at 4.9% APR from Laguna Triumph", "Winter service for £149", "Summer on a Triumph 400", "Africa Twin spring offer", "Free first service"];
const ctx = { params: {}, context: { cspNonce: "" } };

async function getJson(query = "", headers: Record<string, string> = {}) {
  // A real request with no cookie: the public is never signed in.
  return (await jsonLoader({ request: new Request(`http://localhost/site/offers.json${query}`, { headers }), ...ctx })) as Response;
}
async function titles(query = "") {
  const body = (await (await getJson(query)).json()) as { offers: PublicOfferJson[] };
  return body.offers.map((offer) => offer.title);
}

let branches: Record<string, string>;
beforeAll(async () => {
  branches = await seedGroup();
  expect(await seedOffers()).toEqual(["11 demo offers"]);
  expect(await seedOffers(), "a second run adds nothing").toEqual([]);
});

describe("the demo offers", () => {
  it("cover every state and both kinds; each finance offer's example lends the cash price less both deposits", async () => {
    const rows = await db().select().from(schema.offers);
    const today = londonToday();
    expect(new Set(rows.map((row) => offerStatus(row, today)))).toEqual(new Set(["draft", "scheduled", "live", "expired", "withdrawn", "superseded"]));
    expect(new Set(rows.map((row) => row.kind))).toEqual(new Set(["manufacturer", "dealer"]));
    expect(new Set(rows.map((row) => row.brand))).toEqual(new Set(["KTM", "Triumph", "Honda", "Harley-Davidson"]));
    const examples = rows.filter((row) => row.representativeExample).map((row) => ({ title: row.title, example: row.representativeExample as { cashPricePence: number; depositPence: number; depositContributionPence: number; creditPence: number } }));
    expect(new Set(examples.map((e) => e.title))).toEqual(
      new Set(["0% APR on the KTM 790 Adventure", "Tiger 900 Rally Pro on 6.9% APR PCP", "£500 towards your deposit on any new Harley-Davidson", "Summer on a Triumph 400", "Africa Twin spring offer", "Speed 400 at 4.9% APR from Laguna Triumph"]),
    );
    for (const { title, example } of examples) {
      expect(Math.abs(example.cashPricePence - example.depositPence - example.depositContributionPence - example.creditPence), title).toBeLessThanOrEqual(1);
    }
    expect((await db().select().from(schema.auditLog)).filter((row) => row.entityType === "offer").length).toBeGreaterThanOrEqual(rows.length);
  });

  it("all pass the credit-figures engine and the promotion rule, the Triumph PCP included", async () => {
    expect(await listOfferFigureProblems()).toEqual([]);
    const rows = await db().select().from(schema.offers);
    const tiger = rows.find((row) => row.title.startsWith("Tiger 900"))!;
    // 6.9% by a separate bisection: 36 × £211.50 from month 1, £6,950 + £10 fee in month 37, on £12,545.
    expect(tiger.representativeExample).toMatchObject({ aprBasisPoints: 690, creditPence: 1_254_500, monthlyPaymentPence: 21_150, paymentCount: 36, termMonths: 37, finalPaymentMonth: 37 });
  });
});

/** CONC App 1.1 by bisection, written here apart from the app's engine: Σ amount × (1 + x)^(−month/12) = credit. */
function aprPercent(creditPence: number, payments: { month: number; pence: number }[]) {
  const presentValue = (x: number) => payments.reduce((sum, p) => sum + p.pence * (1 + x) ** (-p.month / 12), 0);
  let low = -0.5;
  let high = 5;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (presentValue(mid) > creditPence) low = mid;
    else high = mid;
  }
  return Math.round(low * 1000 + 1e-9) / 10;
}

describe("/site/offers.json", () => {
  it("lists only the live revisions, with stable fields, to someone not signed in", async () => {
    const response = await getJson();
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text) as { generatedAt: string; brokerStatus: string; offers: PublicOfferJson[] };
    expect(Object.keys(body)).toEqual(["generatedAt", "brokerStatus", "offers"]);
    expect(body.brokerStatus).toBe(SETTING_DEFAULTS.regulatory_status.text);
    expect(body.offers.map((offer) => offer.title).sort()).toEqual([...LIVE].sort());
    for (const title of NEVER) expect(text).not.toContain(title);

    // Exactly the rows the rules call live today: never a draft, scheduled, expired, withdrawn or superseded one.
    const rows = await db().select().from(schema.offers);
    const live = rows.filter((row) => offerStatus(row, londonToday()) === "live").map((row) => `${row.offerGroupId}#${row.revision}`);
    expect(body.offers.map((offer) => `${offer.id}#${offer.revision}`).sort()).toEqual(live.sort());
    const warranty = body.offers.find((offer) => offer.title.startsWith("Two years"))!;
    expect(warranty.revision).toBe(2);
    expect(warranty.summary).toContain("roadside assistance");

    expect(body.offers.map((offer) => offer.brand)).toEqual([...body.offers.map((offer) => offer.brand)].sort());
    const ktm = body.offers.find((offer) => offer.title.startsWith("0% APR"))!;
    expect(Object.keys(ktm)).toEqual(["id", "revision", "kind", "title", "summary", "terms", "brand", "models", "branches", "validFrom", "validTo", "imageUrl", "representativeExample", "approval"]);
    // A finance offer is shown under its compliance approval: who, and the text and figures approved.
    expect(ktm.approval).toMatchObject({ approvedBy: "Casey Compliance", approvedByRole: "compliance", approvedText: { title: "0% APR on the KTM 790 Adventure" }, approvedExample: { apr: "0%", credit: { pence: 792_000 } } });
    expect(warranty.approval, "an offer that doesn't promote finance needs none").toBeNull();
    expect(ktm.models).toEqual(["KTM 790 Adventure (2026)"]);
    expect(ktm.branches).toEqual([
      { slug: "laguna-ktm", name: "Laguna Motorcycles" },
      { slug: "laguna-performance", name: "Laguna Performance Centre" },
    ]);
    expect(ktm.representativeExample).toMatchObject({ apr: "0%", aprBasisPoints: 0, termMonths: 36, numberOfPayments: 36, credit: { pence: 792_000, formatted: "£7,920.00" }, totalPayable: { pence: 999_900 } });
    const hd = body.offers.find((offer) => offer.brand === "Harley-Davidson")!;
    expect(hd.representativeExample?.apr).toBe("9.9%");
  });

  it("states each example's schedule, so an outside calculator reproduces every APR from the JSON alone", async () => {
    const body = (await (await getJson()).json()) as { offers: PublicOfferJson[] };
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const validate = ajv.compile(publicOffersSchema);
    validate(body);
    expect(validate.errors ?? [], "the JSON must match public-offers.schema.json").toEqual([]);
    const tigerOffer = body.offers.find((offer) => offer.title.startsWith("Tiger"))!;
    const { numberOfPayments: _dropped, ...withoutCount } = tigerOffer.representativeExample!;
    expect(validate({ ...body, offers: [{ ...tigerOffer, representativeExample: withoutCount }] }), "the schema requires the schedule").toBe(false);
    const examples = body.offers.flatMap((offer) => (offer.representativeExample ? [offer.representativeExample] : []));
    expect(examples.map((e) => e.apr).sort()).toEqual(["0%", "6.9%", "9.9%"]);
    for (const e of examples) {
      expect(e.credit.pence).toBe(e.cashPrice.pence - e.deposit.pence - e.depositContribution.pence);
      const payments = [
        ...Array.from({ length: e.numberOfPayments }, (_, k) => ({ month: e.firstPaymentMonth + k, pence: e.monthlyPayment.pence })),
        ...(e.finalPayment.pence ? [{ month: e.finalPaymentMonth!, pence: e.finalPayment.pence }] : []),
        ...e.fees.map((fee) => ({ month: fee.month, pence: fee.pence })),
      ];
      expect(aprPercent(e.credit.pence, payments), e.apr).toBe(e.aprBasisPoints / 100);
      expect(e.totalPayable.pence).toBe(e.deposit.pence + payments.reduce((sum, p) => sum + p.pence, 0));
    }
    const tiger = examples.find((e) => e.apr === "6.9%")!;
    expect(tiger).toMatchObject({ termMonths: 37, numberOfPayments: 36, firstPaymentMonth: 1, finalPaymentMonth: 37, fees: [{ name: "Option to purchase fee", month: 37, pence: 1_000 }] });
  });

  it("filters by branch slug and by brand, alone or together", async () => {
    expect(await titles("?branch=laguna-triumph")).toEqual(["Tiger 900 Rally Pro on 6.9% APR PCP"]);
    expect((await titles("?brand=ktm")).sort()).toEqual(["0% APR on the KTM 790 Adventure", "Two years' warranty on approved used KTMs"]);
    expect(await titles("?branch=kent-motorcycles&brand=KTM")).toEqual(["Two years' warranty on approved used KTMs"]);
    expect(await titles("?branch=maidstone-honda&brand=Triumph")).toEqual([]);
    expect(await titles("?branch=no-such-branch")).toEqual([]);
  });

  it("sends an ETag and Cache-Control, and answers 304 when the ETag matches", async () => {
    const first = await getJson();
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect((await getJson()).headers.get("ETag"), "generatedAt is not part of it").toBe(etag);

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await getJson("", { "If-None-Match": ifNoneMatch });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("Cache-Control")).toBe("public, max-age=60");
    }
    expect((await getJson("", { "If-None-Match": '"stale"' })).status).toBe(200);
    const filtered = await getJson("?brand=Honda", { "If-None-Match": etag });
    expect(filtered.status).toBe(200);
    expect(filtered.headers.get("ETag")).not.toBe(etag);
  });
});

describe("/site/offers", () => {
  it("renders the live offers grouped by brand, with a title, a description and the broker wording", async () => {
    const data = await pageLoader({ request: new Request("http://localhost/site/offers"), ...ctx });
    expect(data.groups.map((group) => group.brand)).toEqual(["Harley-Davidson", "Honda", "KTM", "Triumph"]);
    expect(data.groups.flatMap((group) => group.offers.map((offer) => offer.title)).sort()).toEqual([...LIVE].sort());
    expect(data.brokerStatus).toMatch(/credit broker, not a lender/);

    const html = await renderPage(data);
    expect(html).toContain("Laguna Motorcycles offers");
    expect(html).toContain("credit broker, not a lender");
    expect(html).toContain("Representative APR");
    // The APR, in its own larger line, comes before any other figure of the card: the summary's included.
    const plain = html.replace(/<!-- -->/g, "");
    const tiger = plain.slice(plain.indexOf("Tiger 900 Rally Pro on 6.9% APR PCP</h3>"));
    expect(tiger.indexOf('<p class="offer-apr"><strong>6.9% APR</strong> representative</p>')).toBeGreaterThan(0);
    expect(tiger.indexOf("offer-apr")).toBeLessThan(tiger.indexOf("Personal contract purchase with a £750"));
    for (const title of LIVE) expect(html).toContain(title.replace(/'/g, "&#x27;"));
    for (const title of NEVER) expect(html).not.toContain(title);

    const tags = meta({} as Parameters<typeof meta>[0]) as { title?: string; name?: string; content?: string }[];
    expect(tags.find((tag) => tag.title)?.title).toMatch(/offers/i);
    expect(tags.find((tag) => tag.name === "description")?.content).toMatch(/^Current offers on new KTM, Triumph, Honda and Harley-Davidson motorcycles/);
  });

  it("filters by branch and shows an empty state when nothing matches", async () => {
    const data = await pageLoader({ request: new Request("http://localhost/site/offers?branch=maidstone-honda"), ...ctx });
    expect(data.groups.flatMap((group) => group.offers.map((offer) => offer.title))).toEqual(["Free touring luggage with a new NT1100"]);
    expect(data.selected).toEqual({ branch: "maidstone-honda", brand: "" });

    expect(await renderPage(await pageLoader({ request: new Request("http://localhost/site/offers?brand=Husqvarna"), ...ctx }))).toContain("No offers match");
  });
});

describe("the dashboard's offers", () => {
  let admin: SessionUser;
  let ktmManager: SessionUser;
  let finance: SessionUser;
  beforeAll(async () => {
    admin = await makeUser("admin");
    ktmManager = await makeUser("manager", [branches["laguna-ktm"]!]);
    finance = await makeUser("finance", [branches["maidstone-honda"]!, branches["maidstone-harley-davidson"]!]);
  });

  it("counts live offers across the group for admins and lists those ending within 7 days", async () => {
    const summary = await offersSummary(admin);
    expect(summary.liveCount).toBe(5);
    expect(summary.endingSoon.map((offer) => offer.title)).toEqual(["Tiger 900 Rally Pro on 6.9% APR PCP", "£500 towards your deposit on any new Harley-Davidson"]);
  });

  it("counts only the user's branches for others", async () => {
    const manager = await offersSummary(ktmManager);
    expect(manager.liveCount).toBe(2);
    expect(manager.endingSoon).toEqual([]);
    const financeSummary = await offersSummary(finance);
    expect(financeSummary.liveCount).toBe(2);
    expect(financeSummary.endingSoon.map((offer) => offer.title)).toEqual(["£500 towards your deposit on any new Harley-Davidson"]);
  });

  it("is in the dashboard loader, each ending offer with the id of its page", async () => {
    const request = new Request("http://localhost/", { headers: { Cookie: await cookieFor(finance) } });
    const data = await dashboardLoader({ request, ...ctx });
    expect(data.offers?.liveCount).toBe(2);
    expect(data.offers?.endingSoon.map((offer) => offer.title)).toEqual(["£500 towards your deposit on any new Harley-Davidson"]);
    const [ending] = data.offers!.endingSoon;
    const [row] = await db().select({ id: schema.offers.id }).from(schema.offers).where(eq(schema.offers.title, ending!.title));
    expect(ending!.id).toBe(row!.id);
  });
});
