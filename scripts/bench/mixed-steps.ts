// What a virtual user does: the pages each role visits and the writes each makes, in a weighted mix.
// Every request is recorded with its kind; a read passes with 200, a write with a redirect to the
// page it names whose toast (and form) says it happened. Anything else is an error, with the reason.
import { alertText, fill, formFields, linkedIds, selectOptions, type Browser, type Page } from "./browser";
import type { BenchRole, VirtualUserPlan } from "./mixed-users";

export interface Recorder {
  (kind: string, write: boolean, page: Page | null, problem: string | null, path: string): void;
}

export interface VirtualUser extends VirtualUserPlan {
  browser: Browser;
  record: Recorder;
  seen: { bikes: string[]; deals: string[]; offers: string[] };
  /** Deals this user recorded that have no disclosure yet. */
  drafts: string[];
  /** Writes made so far, by kind: they choose the bike and name the customer. */
  turns: { reserve: number; price: number; deal: number };
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const remember = (list: string[], ids: string[]) => {
  list.push(...ids.filter((id) => !list.includes(id)));
  list.splice(0, Math.max(0, list.length - 100));
};

async function read(vu: VirtualUser, kind: string, path: string, expect?: (html: string) => string | null) {
  let page: Page | null = null;
  let problem: string | null = null;
  try {
    page = await vu.browser.get(path);
    if (page.status !== 200) problem = `HTTP ${page.status}${page.location ? ` to ${page.location}` : ""}: ${alertText(page.html)}`;
    else problem = expect?.(page.html) ?? null;
  } catch (error) {
    problem = (error as Error).message;
  }
  vu.record(kind, false, page, problem, path);
  return problem ? null : page;
}

/**
 * Posts a form; the answer must redirect to `to`, whose page (read next, as a browser does) must show
 * `toast`. Returns the page it landed on, or null after an error.
 */
async function write(
  vu: VirtualUser,
  kind: string,
  path: string,
  fields: [string, string][],
  landing: { to: RegExp; kind: string; toast: string; check?: (html: string) => string | null },
) {
  let page: Page | null = null;
  let problem: string | null = null;
  try {
    page = await vu.browser.post(path, fields);
    if (page.status !== 302 || !page.location || !landing.to.test(page.location)) problem = `HTTP ${page.status}${page.location ? ` to ${page.location}` : ""}: ${alertText(page.html)}`;
  } catch (error) {
    problem = (error as Error).message;
  }
  vu.record(kind, true, page, problem, path);
  if (problem || !page?.location) return null;
  const to = page.location;
  const shown = await read(vu, landing.kind, to, (html) => (!html.includes(landing.toast) ? `no "${landing.toast}" on ${to} after ${kind}` : (landing.check?.(html) ?? null)));
  return shown ? to : null;
}

// ---------------------------------------------------------------------------------------------
// Reads.

const STOCK_SORTS = ["price", "daysInStock", "model", "mileage", "stockNumber"] as const;
const STOCK_SEARCHES = ["adv", "duke", "390", "red", "rally", "2025"] as const;
const BRANCHES = ["laguna-ktm", "laguna-performance", "laguna-triumph", "maidstone-honda", "maidstone-harley-davidson", "kent-motorcycles"] as const;

async function dashboard(vu: VirtualUser) {
  await read(vu, "dashboard", "/");
}

/** A stock list as people use it: their branch (mostly), a status, a sort, sometimes a search or a later page. */
async function stockList(vu: VirtualUser) {
  const params = new URLSearchParams();
  if (Math.random() < 0.7) params.set("branch", vu.branchSlug ?? pick(BRANCHES));
  if (Math.random() < 0.6) params.set("status", pick(["in_stock", "unsold", "reserved"]));
  params.set("sort", pick(STOCK_SORTS));
  params.set("dir", pick(["asc", "desc"]));
  if (Math.random() < 0.3) params.set("q", pick(STOCK_SEARCHES));
  if (Math.random() < 0.2) params.set("page", String(2 + Math.floor(Math.random() * 3)));
  const page = await read(vu, "stock list", `/stock?${params}`);
  if (page) remember(vu.seen.bikes, linkedIds(page.html, "stock"));
}

async function bikePage(vu: VirtualUser) {
  if (!vu.seen.bikes.length) return stockList(vu);
  await read(vu, "bike page", `/stock/${pick(vu.seen.bikes)}`);
}

async function financeList(vu: VirtualUser) {
  const params = new URLSearchParams({ sort: pick(["created", "customer", "status", "commission"]), dir: pick(["asc", "desc"]) });
  if (Math.random() < 0.3) params.set("status", pick(["draft", "disclosed", "signed"]));
  if (Math.random() < 0.2) params.set("q", pick(["bench", "smith", "FIN-"]));
  const page = await read(vu, "finance list", `/finance?${params}`);
  if (page) remember(vu.seen.deals, linkedIds(page.html, "finance"));
}

async function dealPage(vu: VirtualUser) {
  if (!vu.seen.deals.length) return financeList(vu);
  await read(vu, "deal page", `/finance/${pick(vu.seen.deals)}`);
}

async function offersList(vu: VirtualUser) {
  const page = await read(vu, "offers list", "/offers");
  if (page) remember(vu.seen.offers, linkedIds(page.html, "offers"));
}

async function offerPage(vu: VirtualUser) {
  if (!vu.seen.offers.length) return offersList(vu);
  await read(vu, "offer page", `/offers/${pick(vu.seen.offers)}`);
}

async function auditLog(vu: VirtualUser) {
  await read(vu, "audit log", "/admin/audit");
}

// ---------------------------------------------------------------------------------------------
// Writes, each on what this user alone writes to.

/**
 * Reserves one of the user's bikes, and next time releases it (whatever the page shows is done): the
 * page, the post, the page after.
 */
async function reserveOrRelease(vu: VirtualUser) {
  const id = vu.bikes[Math.floor(vu.turns.reserve++ / 2) % vu.bikes.length]!;
  const page = await read(vu, "bike page", `/stock/${id}`);
  if (!page) return;
  const reserve = formFields(page.html, "intent", "reserve");
  const release = formFields(page.html, "intent", "release");
  const to = new RegExp(`^/stock/${id}$`);
  if (reserve) {
    const fields = fill(reserve, {
      customerName: `Bench Customer ${vu.index + 1}-${vu.turns.reserve}`,
      customerContact: "07700 900123",
      depositPence: "100",
      depositTerms: "Refundable until the reservation expires.",
    });
    const check = (html: string) => (formFields(html, "intent", "release") ? null : "no release form after reserving");
    await write(vu, "reserve", `/stock/${id}`, fields, { to, kind: "bike page", toast: "Reserved for", check });
  } else if (release) {
    const fields = fill(release, { reason: "Customer chose another bike", refundPence: "100" });
    const check = (html: string) => (formFields(html, "intent", "reserve") ? null : "no reserve form after releasing");
    await write(vu, "release", `/stock/${id}`, fields, { to, kind: "bike page", toast: "Reservation released", check });
  } else {
    vu.record("reserve", true, null, `/stock/${id} shows neither a reserve nor a release form`, `/stock/${id}`);
  }
}

/** Moves the price of the user's next bike by £10, up or down, with the reason the form asks for. */
async function editPrice(vu: VirtualUser) {
  const turn = vu.turns.price++;
  const id = vu.bikes[turn % vu.bikes.length]!;
  const page = await read(vu, "edit page", `/stock/${id}/edit`);
  if (!page) return;
  const fields = formFields(page.html, "intent", "update");
  const price = Number(fields?.find(([name]) => name === "retailPricePence")?.[1]?.replace(/,/g, ""));
  if (!fields || !(price > 0)) return vu.record("price edit", true, null, `no edit form with a price on /stock/${id}/edit`, `/stock/${id}/edit`);
  const next = price + (Math.floor(turn / vu.bikes.length) % 2 ? -10 : 10); // up one round, down the next
  const changed = fill(fields, { retailPricePence: next.toFixed(2), priceChangeReason: "Matched a local dealer's price" });
  await write(vu, "price edit", `/stock/${id}/edit`, changed, { to: new RegExp(`^/stock/${id}$`), kind: "bike page", toast: "Saved." });
}

const BRAND_OF: Record<string, string> = {
  "laguna-ktm": "KTM",
  "laguna-performance": "Husqvarna",
  "laguna-triumph": "Triumph",
  "maidstone-honda": "Honda",
  "maidstone-harley-davidson": "Harley-Davidson",
  "kent-motorcycles": "Yamaha",
};

/** A new finance introduction, with figures that agree (the worked example of the e2e test). */
async function newDeal(vu: VirtualUser) {
  const page = await read(vu, "new deal form", "/finance/new");
  const form = page && formFields(page.html, "intent", "create");
  if (!form) return;
  const fields = fill(form, {
    customerName: `Bench Customer ${vu.index + 1}-${++vu.turns.deal}`,
    customerDateOfBirth: "1988-03-14",
    customerContact: "bench.customer@example.com",
    vehicleDescription: "Bench demonstration bike, used",
    vehicleBrand: BRAND_OF[vu.branchSlug ?? ""] ?? "Honda",
    product: "hp",
    cashPricePence: "7000",
    depositPence: "1000",
    creditPence: "6000",
    termMonths: "36",
    regularPaymentCount: "36",
    ratePercentBasisPoints: "8.9",
    aprBasisPoints: "9.3", // 36 × £190.50 on £6,000: 9.26…% by CONC App 1.1
    monthlyPaymentPence: "190.50",
    chargeForCreditPence: "858",
    totalPayablePence: "7858",
  });
  const landing = await write(vu, "new deal", "/finance/new", fields, { to: /^\/finance\/[0-9a-f-]{36}$/, kind: "deal page", toast: "Recorded introduction" });
  if (landing) vu.drafts.push(landing.slice("/finance/".length));
}

/** The first dated step of one of the user's own new deals: the disclosure, as the form offers it. */
async function disclose(vu: VirtualUser) {
  const id = vu.drafts.shift();
  if (!id) return newDeal(vu);
  const page = await read(vu, "deal page", `/finance/${id}`);
  if (!page) return;
  const form = formFields(page.html, "intent", "disclose");
  if (!form) return vu.record("disclosure", true, null, `no disclosure form on /finance/${id}`, `/finance/${id}`);
  // No manufacturer lender for the bike's make: the person chooses one of the panel.
  const lender = form.find(([name]) => name === "lenderId")?.[1] || selectOptions(page.html, { name: "intent", value: "disclose" }, "lenderId")[0] || "";
  await write(vu, "disclosure", `/finance/${id}`, fill(form, { lenderId: lender }), { to: new RegExp(`^/finance/${id}$`), kind: "deal page", toast: "Disclosure recorded" });
}

type Step = (vu: VirtualUser) => Promise<unknown>;

/** Weighted steps by role; a write step is three requests (its page, the post, the page after). */
export const MIX: Record<BenchRole, [Step, number][]> = {
  manager: [
    [dashboard, 10],
    [stockList, 35],
    [bikePage, 20],
    [offersList, 5],
    [offerPage, 5],
    [financeList, 5],
    [dealPage, 5],
    [reserveOrRelease, 10],
    [editPrice, 5],
  ],
  finance: [
    [dashboard, 10],
    [financeList, 25],
    [dealPage, 20],
    [stockList, 10],
    [bikePage, 5],
    [offersList, 5],
    [offerPage, 5],
    [newDeal, 10],
    [disclose, 10],
  ],
  admin: [
    [dashboard, 20],
    [stockList, 25],
    [bikePage, 15],
    [financeList, 15],
    [dealPage, 10],
    [offersList, 5],
    [offerPage, 5],
    [auditLog, 5],
  ],
};

export function nextStep(role: BenchRole): Step {
  const steps = MIX[role];
  let roll = Math.random() * steps.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [step, weight] of steps) if ((roll -= weight) < 0) return step;
  return steps[0]![0];
}
