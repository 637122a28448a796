import { readdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { Action, Role, SessionUser } from "~/modules/auth/permissions";
import { can } from "~/modules/auth/permissions";
import { recordDisclosure } from "~/modules/finance/deal-steps.server";
import { acknowledgeDisclosure } from "~/modules/finance/disclosure-records.server";
import { OfferFieldsSchema } from "~/modules/offers/offers.schema";
import { createOffer } from "~/modules/offers/offers.server";
import { ComplaintFieldsSchema } from "~/modules/complaints/complaints.schema";
import { createComplaint } from "~/modules/complaints/complaints.server";
import { recordBreach } from "~/modules/breaches/breaches.server";
import { reserveVehicle } from "~/modules/stock/status.server";
import { sendTransfer } from "~/modules/stock/transfers.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { cookieFor, makeUser, seedGroup, TEST_PASSWORD } from "../support/factories";
import { dealFormValues, makeDeal, makePanel } from "../support/finance-factories";
import { makeModel, makeVehicle, nextVin } from "../support/stock-factories";

/**
 * The access walk. Each route module exports the access its guards read; this file holds its own
 * copy of who may do what (the design's matrix, written out, and every route's needs), checks each
 * module declares exactly that, then calls every loader and every action intent as nobody, as each
 * role, and as a manager and a finance user of another branch, with real rows of the first branch.
 */
type Need = Action | "signed-in" | "session" | "public";

// DESIGN.md's access table, written here rather than read from permissions.ts. Admins may do everything.
const HOLDERS: Record<Action, readonly Role[]> = {
  "dashboard:view": ["admin", "manager", "finance", "compliance"],
  "stock:view": ["admin", "manager", "finance", "compliance"],
  "stock:view-cost": ["admin", "manager"],
  "stock:edit": ["admin", "manager"],
  "stock:reserve": ["admin", "manager", "finance"],
  "stock:transfer": ["admin", "manager"],
  "catalogue:edit": ["admin", "manager"],
  "finance:view": ["admin", "manager", "finance", "compliance"],
  "finance:edit": ["admin", "finance"],
  "finance:review": ["admin", "compliance"],
  "finance:view-vulnerability": ["admin", "finance", "compliance"],
  "lenders:view": ["admin", "manager", "finance", "compliance"],
  "lenders:edit": ["admin"],
  "offers:view": ["admin", "manager", "finance", "compliance"],
  "offers:edit-dealer": ["admin", "manager"],
  "offers:edit-manufacturer": ["admin"],
  "users:manage": ["admin"],
  "branches:manage": ["admin"],
  "audit:view": ["admin", "compliance"],
  "complaints:view": ["admin", "manager", "finance", "compliance"],
  "complaints:edit": ["admin", "manager", "finance", "compliance"],
  "breaches:manage": ["admin", "compliance"],
  "oversight:export": ["admin", "compliance"],
  "promotions:approve": ["admin", "compliance"],
  "reviews:manage": ["admin", "compliance"],
  "reviews:actions": ["admin", "manager", "finance", "compliance"],
  "customers:view": ["admin", "manager", "finance", "compliance"],
  "customers:edit": ["admin", "manager", "finance"],
  "customers:merge": ["admin"],
  "customers:export": ["admin", "compliance"],
  "privacy:manage": ["admin", "compliance"],
  "privacy:rules": ["admin"],
};

/** The rows a route's id or form names: all of them in the first branch (Laguna KTM). */
interface Rows {
  /** A disclosure of another deal in branch A, acknowledged with a paper scan: its PDF and scan are downloadable. */
  disclosure: string;
  bike: string;
  reservedBike: string;
  transitBike: string;
  deal: string;
  offer: string;
  user: string;
  /** A manager of the first branch: who owns a complaint there. */
  owner: string;
  lender: string;
  complaint: string;
  breach: string;
  /** A month's file-review sample, and its one deal (the first branch's deal). */
  sample: string;
  sampledFile: string;
  /** The reserved bike's customer (made in place by the reservation, at the first branch). */
  customer: string;
  branchA: string;
  branchC: string;
  modelId: string;
}

interface Expected {
  loader?: Need;
  action?: Need;
  intents?: Record<string, Need>;
  /** The forms an `action` route takes (each probed; they share its one need). */
  forms?: string[];
  /** The row in the URL, by intent ("loader" for the page itself). */
  id?: (rows: Rows, intent: string) => string;
  /** What an allowed user gets: the catch-all route answers everyone signed in with 404. */
  served?: Verdict;
  /** A user of another branch holding the permission is still refused the page (403, or 404: not shown). */
  pageOfBranch?: boolean;
  /** A complete form naming the first branch's row or branch: a user of another branch is refused it (403). */
  write?: (rows: Rows, intent: string) => Promise<Record<string, string | string[]>>;
}

const version = async (table: "vehicles" | "financeDeals" | "offers" | "complaints" | "customers", id: string) => {
  const t = schema[table];
  const [row] = await db().select({ version: t.version }).from(t).where(eq(t.id, id));
  return String(row!.version);
};
const bikeFor = (rows: Rows, intent: string) =>
  ["release", "apply-offer", "remove-offer"].includes(intent) ? rows.reservedBike : ["receive-transfer", "cancel-transfer"].includes(intent) ? rows.transitBike : rows.bike;
const when = "2026-11-20T10:00";
const vehicleForm = (rows: Rows) => ({ branchId: rows.branchA, modelId: rows.modelId, vin: nextVin(), condition: "new", mileage: "5", colour: "Orange", retailPricePence: "11499", costPricePence: "9800", inStockOn: "2026-10-01" });
const offerForm = (rows: Rows) => ({ title: "Walk offer", summary: "Free luggage.", terms: "While stocks last.", kind: "dealer", brand: "KTM", modelScope: "all", branchIds: [rows.branchA], validFrom: "2026-03-01", validTo: "2027-12-31" });

const complaintForm = (rows: Rows) => ({ branchId: rows.branchA, receivedAt: when, channel: "phone", complainantName: "Walk Complainant", complainantContact: "07700 900456", category: "sale", description: "The bike was not ready on the day promised.", desiredOutcome: "An apology", ownerId: rows.owner });
const COMPLAINT_FORMS: Record<string, (rows: Rows, v: string) => Record<string, string>> = {
  step: (_, v) => ({ version: v, kind: "acknowledged", occurredAt: when, note: "" }),
  assign: (rows, v) => ({ version: v, ownerId: rows.owner }),
  "release-hold": () => ({ reason: "Complaint closed and the Ombudsman window has passed" }),
};

const CUSTOMER_FORMS: Record<string, (rows: Rows, v: string) => Record<string, string>> = {
  update: (_, v) => ({ version: v, name: "Walk Customer Renamed", postcode: "SW1A 1AA", ukResident: "yes" }),
  merge: (rows) => ({ otherId: rows.customer, reason: "Same person" }),
  unmerge: (rows) => ({ mergeId: rows.customer, reason: "Not the same person" }),
};

const STOCK_FORMS: Record<string, (rows: Rows, v: string) => Record<string, string>> = {
  reserve: (_, v) => ({ version: v, customerName: "Walk Customer", customerContact: "07700 900123", channel: "in_store", depositRefundable: "yes", expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16) }),
  release: (_, v) => ({ version: v, reason: "Customer changed their mind" }),
  "apply-offer": (rows) => ({ offerId: rows.offer }),
  "remove-offer": (rows) => ({ offerId: rows.offer, reservationVersion: "1" }),
  sell: (_, v) => ({ version: v, customerName: "Walk Buyer", salePricePence: "11000", soldOn: "2026-11-01" }),
  deliver: (_, v) => ({ version: v, deliveredOn: "2026-11-02" }),
  "send-transfer": (rows, v) => ({ version: v, toBranchId: rows.branchC }),
  "receive-transfer": (_, v) => ({ version: v }),
  "cancel-transfer": (_, v) => ({ version: v }),
};
const DEAL_FORMS: Record<string, (rows: Rows, v: string) => Record<string, string>> = {
  disclose: (rows, v) => ({ version: v, lenderId: rows.lender, medium: "paper", givenAt: when }),
  consent: (_, v) => ({ version: v, method: "signed_paper", givenAt: when }),
  propose: (rows, v) => ({ version: v, lenderId: rows.lender }),
  // An acceptance carries the lender's terms; a decline is complete without them.
  decide: (rows, v) => ({ version: v, attemptId: rows.lender, outcome: "declined" }),
  review: (_, v) => ({ version: v, decision: "approved", note: "Checked the commission against the schedule." }),
  confirm: (_, v) => ({ version: v, amountPence: "400", medium: "paper", confirmedAt: when }),
  sign: (_, v) => ({ version: v, agreementNumber: "AGR-WALK-1", signedAt: when }),
  entry: () => ({ kind: "correction", effectiveOn: "2026-11-21", reason: "Corrected the customer's address" }),
  "not-proceeding": (_, v) => ({ version: v, reason: "Customer walked away" }),
  "withdraw-acceptance": (_, v) => ({ version: v, reason: "Customer found other finance", withdrawnAt: when }),
  "apply-offer": (rows) => ({ offerId: rows.offer }),
  "remove-offer": (rows, v) => ({ offerId: rows.offer, version: v }),
};

const EXPECTED: Record<string, Expected> = {
  "login.tsx": { loader: "public", action: "public" },
  "healthz.ts": { loader: "public" },
  "site.offers.tsx": { loader: "public" },
  "site.offers[.json].ts": { loader: "public" },
  "logout.ts": { loader: "signed-in", action: "session" },
  "login_.code.tsx": { loader: "session", action: "session" },
  "login_.enrol.tsx": { loader: "session", action: "session" },
  "_app.tsx": { loader: "signed-in" },
  "_app.$.tsx": { loader: "signed-in", action: "signed-in", served: "not-shown" },
  "_app.account.tsx": { loader: "signed-in", action: "signed-in", forms: ["form", "end-session", "end-other-sessions"] },
  "_app._index.tsx": { loader: "dashboard:view" },
  "_app.admin.audit.tsx": { loader: "audit:view" },
  "admin.audit[.csv].ts": { loader: "audit:view" },
  "_app.admin.branches.tsx": { loader: "branches:manage", action: "branches:manage", forms: ["create", "update"] },
  "_app.admin.users._index.tsx": { loader: "users:manage", action: "users:manage" },
  "_app.admin.users.new.tsx": { loader: "users:manage", action: "users:manage" },
  "_app.admin.users.$id.tsx": {
    loader: "users:manage",
    intents: { update: "users:manage", "reset-password": "users:manage", "reset-second-factor": "users:manage", deactivate: "users:manage", reactivate: "users:manage" },
    id: (rows) => rows.user,
  },
  "_app.stock._index.tsx": { loader: "stock:view" },
  "stock[.csv].ts": { loader: "stock:view" },
  "_app.stock.catalogue.tsx": { loader: "stock:view", action: "catalogue:edit", forms: ["create", "update"] },
  "_app.stock.import.tsx": { loader: "stock:edit", action: "stock:edit", forms: ["check", "commit"] },
  "stock.import[.csv].ts": { loader: "stock:edit" },
  "_app.stock.new.tsx": { loader: "stock:edit", action: "stock:edit", write: async (rows) => vehicleForm(rows) },
  "_app.stock.$id.tsx": {
    loader: "stock:view",
    intents: {
      reserve: "stock:reserve",
      release: "stock:reserve",
      "apply-offer": "stock:reserve",
      "remove-offer": "stock:reserve",
      sell: "stock:edit",
      deliver: "stock:edit",
      "send-transfer": "stock:transfer",
      "receive-transfer": "stock:transfer",
      "cancel-transfer": "stock:transfer",
    },
    id: bikeFor,
    write: async (rows, intent) => STOCK_FORMS[intent]!(rows, await version("vehicles", bikeFor(rows, intent))),
  },
  "_app.stock.$id_.edit.tsx": {
    loader: "stock:edit",
    action: "stock:edit",
    id: (rows) => rows.bike,
    pageOfBranch: true,
    write: async (rows) => ({ ...vehicleForm(rows), version: await version("vehicles", rows.bike) }),
  },
  "_app.finance._index.tsx": { loader: "finance:view" },
  "finance[.csv].ts": { loader: "finance:view" },
  "_app.finance.report.tsx": { loader: "finance:view" },
  "_app.finance.check.tsx": { loader: "finance:edit" },
  "_app.finance.new.tsx": { loader: "finance:edit", action: "finance:edit", write: async (rows) => dealFormValues(rows.branchA) },
  "_app.finance.$id.tsx": {
    loader: "finance:view",
    intents: {
      disclose: "finance:edit",
      consent: "finance:edit",
      propose: "finance:edit",
      decide: "finance:edit",
      confirm: "finance:edit",
      sign: "finance:edit",
      entry: "finance:edit",
      "not-proceeding": "finance:edit",
      "withdraw-acceptance": "finance:edit",
      "apply-offer": "finance:edit",
      "remove-offer": "finance:edit",
      review: "finance:review",
    },
    id: (rows) => rows.deal,
    pageOfBranch: true,
    write: async (rows, intent) => DEAL_FORMS[intent]!(rows, await version("financeDeals", rows.deal)),
  },
  "_app.finance.$id_.edit.tsx": {
    loader: "finance:edit",
    action: "finance:edit",
    id: (rows) => rows.deal,
    pageOfBranch: true,
    write: async (rows) => ({ ...dealFormValues(rows.branchA), version: await version("financeDeals", rows.deal) }),
  },
  "_app.finance.$id_.evidence.tsx": { loader: "finance:view", id: (rows) => rows.deal, pageOfBranch: true },
  "_app.finance.$id_.acknowledge.tsx": {
    loader: "finance:edit",
    intents: { tablet: "finance:edit", scan: "finance:edit" },
    id: (rows) => rows.deal,
    pageOfBranch: true,
    write: async (rows, intent): Promise<Record<string, string>> => (intent === "tablet" ? { disclosureId: rows.disclosure, typedName: "Walk Customer", confirmed: "on" } : { disclosureId: rows.disclosure, signedAt: when }),
  },
  "finance.disclosures.$id.document[.pdf].ts": { loader: "finance:view", id: (rows) => rows.disclosure, pageOfBranch: true },
  "finance.disclosures.$id.scan.ts": { loader: "finance:view", id: (rows) => rows.disclosure, pageOfBranch: true },
  "finance.$id.evidence[.json].ts": { loader: "finance:view", id: (rows) => rows.deal, pageOfBranch: true },
  "_app.lenders._index.tsx": { loader: "lenders:view", action: "lenders:edit", forms: ["create"] },
  "_app.lenders.$id.tsx": {
    loader: "lenders:view",
    action: "lenders:edit",
    forms: ["update", "add-tie", "end-tie", "add-schedule", "add-payment"],
    id: (rows) => rows.lender,
  },
  "_app.lenders.documents.tsx": { loader: "lenders:view", action: "lenders:edit", forms: ["create-document", "save-status", "save-thresholds"] },
  "_app.offers._index.tsx": { loader: "offers:view" },
  "_app.offers.new.tsx": { loader: "offers:edit-dealer", action: "offers:edit-dealer", write: async (rows) => offerForm(rows) },
  "_app.offers.$id.tsx": {
    loader: "offers:view",
    intents: { update: "offers:edit-dealer", publish: "offers:edit-dealer", withdraw: "offers:edit-dealer", revise: "offers:edit-dealer", approve: "promotions:approve" },
    id: (rows) => rows.offer,
    pageOfBranch: true,
    write: async (rows, intent) => ({ ...(intent === "update" ? offerForm(rows) : {}), version: await version("offers", rows.offer) }),
  },
  "_app.complaints._index.tsx": { loader: "complaints:view" },
  "_app.complaints.new.tsx": { loader: "complaints:edit", action: "complaints:edit", write: async (rows) => complaintForm(rows) },
  "_app.complaints.$id.tsx": {
    loader: "complaints:view",
    intents: { step: "complaints:edit", assign: "complaints:edit", "release-hold": "finance:review" },
    id: (rows) => rows.complaint,
    pageOfBranch: true,
    write: async (rows, intent) => COMPLAINT_FORMS[intent]!(rows, await version("complaints", rows.complaint)),
  },
  "_app.compliance.export.tsx": { loader: "oversight:export" },
  "compliance.export[.csv].ts": { loader: "oversight:export" },
  "compliance.export[.json].ts": { loader: "oversight:export" },
  "_app.compliance.approvals.tsx": {
    loader: "promotions:approve",
    intents: { "approve-document": "promotions:approve", "approve-tie": "promotions:approve" },
  },
  "_app.customers._index.tsx": { loader: "customers:view" },
  "customers[.json].ts": { loader: "customers:view" },
  "_app.customers.new.tsx": { loader: "customers:edit", action: "customers:edit" },
  "_app.customers.$id.tsx": {
    loader: "customers:view",
    intents: { update: "customers:edit", merge: "customers:merge", unmerge: "customers:merge" },
    id: (rows) => rows.customer,
    pageOfBranch: true,
    write: async (rows, intent) => CUSTOMER_FORMS[intent]!(rows, await version("customers", rows.customer)),
  },
  "_app.compliance.breaches._index.tsx": { loader: "breaches:manage", action: "breaches:manage", forms: ["create"] },
  "_app.admin.retention.tsx": { loader: "privacy:manage", intents: { rules: "privacy:rules", apply: "privacy:manage" } },
  "_app.customers.$id_.erasure.tsx": { loader: "privacy:manage", action: "privacy:manage", id: (rows) => rows.customer },
  "_app.customers.$id_.export.tsx": { loader: "customers:export", id: (rows) => rows.customer },
  "customers.$id.export[.json].ts": { loader: "customers:export", id: (rows) => rows.customer },
  "_app.compliance.breaches.$id.tsx": {
    loader: "breaches:manage",
    intents: { "tell-principal": "breaches:manage", "add-action": "breaches:manage", "complete-action": "breaches:manage", close: "breaches:manage" },
    id: (rows) => rows.breach,
  },
  "_app.compliance.reviews._index.tsx": { loader: "reviews:actions", intents: { "draw-sample": "reviews:manage", "close-action": "reviews:actions" } },
  "_app.compliance.reviews.samples.$id.tsx": { loader: "reviews:manage", id: (rows) => rows.sample },
  "_app.compliance.reviews.files.$id.tsx": {
    loader: "reviews:manage",
    intents: { "record-review": "reviews:manage", "add-action": "reviews:manage" },
    id: (rows) => rows.sampledFile,
  },
};

const routesDir = join(process.cwd(), "app/routes");
const routeFiles = readdirSync(routesDir).filter((file) => /\.(ts|tsx)$/.test(file));

type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => Promise<unknown>;
interface RouteModule {
  loader?: Handler;
  action?: Handler;
  access?: unknown;
}

type HalfwayPrincipal = "finance, password only" | "admin, not enrolled";
const HALFWAY: HalfwayPrincipal[] = ["finance, password only", "admin, not enrolled"];
async function passwordOnlyCookie(user: { email: string }) {
  const result = await signIn({ email: user.email, password: TEST_PASSWORD, ipAddress: "127.0.0.1" });
  if (!result.ok || !result.next) throw new Error(`${user.email} should owe a second step`);
  return result.setCookie.split(";")[0]!;
}

type Principal = "anonymous" | "admin" | "manager" | "finance" | "compliance" | "other-manager" | "other-finance";
const PRINCIPALS: Principal[] = ["anonymous", "admin", "manager", "finance", "compliance", "other-manager", "other-finance"];
const roleOf = (principal: Principal): Role | null => (principal === "anonymous" ? null : (principal.replace("other-", "") as Role));

/** Status and, for a redirect, where it goes: thrown responses, returned responses and `data(…, { status })`. */
function answer(result: unknown): { status: number; location: string } {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") ?? "" };
  const init = (result as { init?: { status?: number } } | null)?.init;
  return { status: init?.status ?? 200, location: "" };
}

type Verdict = "to-login" | "to-second-step" | "forbidden" | "not-shown" | "served";
function verdictOf(result: unknown): Verdict {
  const { status, location } = answer(result);
  if (status === 302 && location.startsWith("/login?redirectTo=")) return "to-login";
  if (status === 302 && /^\/login\/(code|enrol)\?redirectTo=/.test(location)) return "to-second-step";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-shown";
  return "served";
}

/** What the design says one principal gets from one guard. */
function expectedVerdict(need: Need, principal: Principal, scoped: "page" | "write" | null): Verdict | "forbidden-or-not-shown" {
  const role = roleOf(principal);
  if (need === "public") return "served";
  if (!role) return "to-login";
  if (need === "signed-in" || need === "session") return "served";
  if (!HOLDERS[need].includes(role)) return "forbidden";
  if (principal.startsWith("other-") && scoped === "write") return "forbidden";
  if (principal.startsWith("other-") && scoped === "page") return "forbidden-or-not-shown";
  return "served";
}

interface Probe {
  file: string;
  kind: "loader" | "action";
  intent: string;
  need: Need;
}
function probesOf(file: string): Probe[] {
  const expected = EXPECTED[file]!;
  const probes: Probe[] = [];
  if (expected.loader) probes.push({ file, kind: "loader", intent: "page", need: expected.loader });
  if (expected.action) for (const intent of expected.forms ?? ["form"]) probes.push({ file, kind: "action", intent, need: expected.action });
  for (const [intent, need] of Object.entries(expected.intents ?? {})) probes.push({ file, kind: "action", intent, need });
  return probes;
}

describe("route access", () => {
  let rows: Rows;
  let users: Record<Exclude<Principal, "anonymous">, SessionUser>;
  let cookies: Record<Exclude<Principal, "anonymous">, string>;
  // Sessions that passed the password only: of an enrolled finance user (owing a code) and of an
  // admin not yet enrolled (owing enrolment). Both must be refused everything but their second step.
  let halfway: Record<HalfwayPrincipal, { user: SessionUser; cookie: string }>;

  beforeAll(async () => {
    const branches = await seedGroup();
    const [a, b, c] = [branches["laguna-ktm"]!, branches["maidstone-honda"]!, branches["laguna-triumph"]!];
    users = {
      admin: await makeUser("admin"),
      manager: await makeUser("manager", [a]),
      finance: await makeUser("finance", [a]),
      compliance: await makeUser("compliance"),
      "other-manager": await makeUser("manager", [b]),
      "other-finance": await makeUser("finance", [b]),
    };
    cookies = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([key, user]) => [key, await cookieFor(user)]))) as typeof cookies;
    const model = await makeModel();
    const { captive } = await makePanel();
    const bike = await makeVehicle(users.admin, { branchId: a, modelId: model.id });
    const reservedBike = await makeVehicle(users.admin, { branchId: a, modelId: model.id });
    const reserved = await reserveVehicle({ actor: users.admin, id: reservedBike.id, version: reservedBike.version, customerName: "Held Customer", customerContact: "07700 900999", channel: "in_store", depositPence: 0, depositRefundable: true, depositTerms: "", expiresAt: new Date(Date.now() + 7 * 86_400_000) });
    const transitBike = await makeVehicle(users.admin, { branchId: a, modelId: model.id });
    const sent = await sendTransfer({ actor: users.admin, id: transitBike.id, version: transitBike.version, toBranchId: c, expectedOn: "", note: "" });
    expect([reserved.ok, sent.ok]).toEqual([true, true]);
    const deal = await makeDeal(users.finance, a);
    const disclosed = await makeDeal(users.finance, a);
    const disclosure = await recordDisclosure({ actor: users.finance, id: disclosed, version: 1, lenderId: captive.id, medium: "paper", customerAskedAmount: false, amountToldToCustomer: "", givenAt: new Date(Date.now() - 60_000) });
    const [given] = await db().select({ id: schema.dealDisclosures.id }).from(schema.dealDisclosures).where(eq(schema.dealDisclosures.dealId, disclosed));
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const scanned = await acknowledgeDisclosure({ actor: users.finance, dealId: disclosed, disclosureId: given!.id, method: "paper_scan", signedAt: new Date(), scan: { bytes: png, fileName: "signed.png" } });
    expect([disclosure.ok, scanned.ok]).toEqual([true, true]);
    const offer = await createOffer({ actor: users.manager, fields: OfferFieldsSchema.parse(offerForm({ branchA: a } as Rows)) });
    if (!offer.ok) throw new Error(offer.message);
    // Users of their own: the walk's "sign out other sessions" would end these sessions of the walk's users.
    const unenrolledAdmin = await makeUser("admin", [], { enrol: false });
    const enrolledFinance = await makeUser("finance", [a]);
    halfway = {
      "finance, password only": { user: enrolledFinance, cookie: await passwordOnlyCookie(enrolledFinance) },
      "admin, not enrolled": { user: unenrolledAdmin, cookie: await passwordOnlyCookie(unenrolledAdmin) },
    };
    const complaint = await createComplaint({ actor: users.manager, fields: ComplaintFieldsSchema.parse(complaintForm({ branchA: a, owner: users.manager.id } as Rows)), receivedAt: new Date(when) });
    if (!complaint.ok) throw new Error(complaint.message);
    const breach = await recordBreach({ actor: users.compliance, fields: { intent: "create", description: "A walk breach for the access test.", foundOn: "2026-11-20", rule: "CONC 4.5.3R", dealReferences: [], offerIds: [] } });
    if (!breach.ok) throw new Error(breach.message);
    // A sample written directly: the walk needs its pages, not a month of signed deals.
    const [sample] = await db().insert(schema.fileReviewSamples).values({ month: "2026-10", seed: 7, branches: [{ branchId: a, signed: 1, size: 1 }], createdBy: users.compliance.id }).returning();
    const [sampledFile] = await db().insert(schema.fileReviewSampleDeals).values({ sampleId: sample!.id, dealId: deal, branchId: a, reason: "random" }).returning();
    const [held] = await db().select({ customerId: schema.reservations.customerId }).from(schema.reservations).where(eq(schema.reservations.vehicleId, reservedBike.id));
    rows = { customer: held!.customerId!, disclosure: given!.id, bike: bike.id, reservedBike: reservedBike.id, transitBike: transitBike.id, deal, offer: offer.id, user: users.manager.id, owner: users.manager.id, lender: captive.id, complaint: complaint.id, breach: breach.id, sample: sample!.id, sampledFile: sampledFile!.id, branchA: a, branchC: c, modelId: model.id };
  });

  it("knows every route module, and every route it lists exists", () => {
    expect(routeFiles.filter((file) => !(file in EXPECTED)), "add these routes to EXPECTED with who may use them").toEqual([]);
    expect(Object.keys(EXPECTED).filter((file) => !routeFiles.includes(file))).toEqual([]);
  });

  it("holds the same matrix as permissions.ts", () => {
    const probe = (role: Role): SessionUser => ({ id: "x", email: "x@test.example", name: "x", role, branchIds: ["branch-a"] });
    for (const [action, holders] of Object.entries(HOLDERS) as [Action, readonly Role[]][]) {
      for (const role of ["admin", "manager", "finance", "compliance"] as const) expect(can(probe(role), action), `${role} ${action}`).toBe(holders.includes(role));
      expect(can(probe("manager"), action, "branch-b"), `another branch's ${action}`).toBe(false);
    }
  });

  it.each(routeFiles)("%s declares exactly the access this walk expects, beside the guards that read it", async (file) => {
    const mod = (await import(join(routesDir, file))) as RouteModule;
    const { loader, action, intents } = EXPECTED[file] ?? {};
    expect(mod.access).toEqual(Object.fromEntries(Object.entries({ loader, action, intents }).filter(([, value]) => value !== undefined)));
    expect(Boolean(mod.loader), `${file} loader`).toBe(Boolean(loader));
    expect(Boolean(mod.action), `${file} action`).toBe(Boolean(action ?? intents));
  });

  const probes = routeFiles.filter((file) => file in EXPECTED).flatMap(probesOf);
  it.each(probes.flatMap((probe) => PRINCIPALS.map((principal) => [`${probe.file} ${probe.kind} ${probe.intent}`, principal, probe] as const)))(
    "%s as %s: refused where the matrix says so",
    async (_, principal, { file, kind, intent, need }) => {
      const expected = EXPECTED[file]!;
      const mod = (await import(join(routesDir, file))) as RouteModule;
      const other = principal.startsWith("other-");
      const scoped = kind === "loader" ? (expected.pageOfBranch ? "page" : null) : expected.write || expected.id ? "write" : null;
      const verdict = expectedVerdict(need, principal, scoped);
      const want = verdict === "served" ? (expected.served ?? "served") : verdict;
      // A complete form goes only to those who must be refused (so a broken check shows as a write);
      // those allowed get the bare intent, which the route answers without changing anything.
      const form: Record<string, string | string[]> = kind === "loader" || verdict === "served" || !expected.write ? {} : await expected.write(rows, intent);
      if (kind === "action" && intent !== "form") form.intent = intent;
      let cookie = principal === "anonymous" ? undefined : cookies[principal];
      if (file === "logout.ts" && cookie) cookie = await cookieFor(users[principal as Exclude<Principal, "anonymous">]); // signing out ends the session
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) for (const item of [value].flat()) body.append(key, item);
      const id = expected.id?.(rows, intent);
      const request = new Request(`http://localhost/walk/${id ?? ""}`, {
        method: kind === "loader" ? "GET" : "POST",
        headers: cookie ? { Cookie: cookie } : {},
        body: kind === "action" ? body : undefined,
      });
      const handler = mod[kind]!;
      const result = await handler({ request, params: id ? { id } : {}, context: { cspNonce: "" } }).catch((thrown: unknown) => thrown);
      const got = verdictOf(result);
      const label = `${file} ${kind} ${intent} as ${principal}${other ? " (another branch)" : ""}: ${answer(result).status}`;
      if (want === "forbidden-or-not-shown") expect(["forbidden", "not-shown"], label).toContain(got);
      else expect(got, label).toBe(want);
    },
  );

  it.each(probes.flatMap((probe) => HALFWAY.map((principal) => [`${probe.file} ${probe.kind} ${probe.intent}`, principal, probe] as const)))(
    "%s as %s: sent to the second step unless the route is the second step or signing out",
    async (_, principal, { file, kind, intent, need }) => {
      const expected = EXPECTED[file]!;
      const mod = (await import(join(routesDir, file))) as RouteModule;
      // A complete form where one exists: a broken guard would show as a write, not only as a page.
      const form: Record<string, string | string[]> = kind === "action" && expected.write ? await expected.write(rows, intent) : {};
      if (kind === "action" && intent !== "form") form.intent = intent;
      let { cookie } = halfway[principal];
      if (file === "logout.ts") cookie = await passwordOnlyCookie(halfway[principal].user); // signing out ends the session
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(form)) for (const item of [value].flat()) body.append(key, item);
      const id = expected.id?.(rows, intent);
      const request = new Request(`http://localhost/walk/${id ?? ""}`, { method: kind === "loader" ? "GET" : "POST", headers: { Cookie: cookie }, body: kind === "action" ? body : undefined });
      const result = await mod[kind]!({ request, params: id ? { id } : {}, context: { cspNonce: "" } }).catch((thrown: unknown) => thrown);
      const got = verdictOf(result);
      const label = `${file} ${kind} ${intent} as ${principal}: ${answer(result).status} ${answer(result).location}`;
      if (need === "public" || need === "session") expect(["served", "to-second-step"], label).toContain(got);
      else expect(got, label).toBe("to-second-step");
    },
  );
});
