import fc from "fast-check";
import { BRANDS } from "~/modules/branches/brands";

/**
 * What the action fuzz (tests/integration/action-fuzz.test.ts) posts to each route: the intents and
 * field names its forms use, and for each field a plausible value, a hostile one, or none at all.
 */

/** The record a route's `:id` names (its params come from the seeded rows of that table). */
export type ParamKind = "vehicle" | "deal" | "offer" | "lender" | "user" | "complaint" | "breach" | "sampledFile" | "customer" | "splat" | null;

export interface RouteFuzz {
  param: ParamKind;
  intents: string[];
  fields: string[];
  /** Generated bodies for this route. */
  runs: number;
  /** Who calls it: the fuzz admin, a throw-away session, or no one (public). */
  caller?: "admin" | "spare" | "anonymous";
  /** Tables a refused request may still write (a failed sign-in is recorded by design). */
  refusalMayWrite?: RegExp;
  multipart?: boolean;
}

/** The file-review checklist's questions (version 1): each a field of the review form, with its note. */
const REVIEW_QUESTIONS = ["disclosureBeforeProposal", "documentGiven", "tiesDisclosed", "lenderOrder", "commissionConfirmed", "vulnerabilityHandled", "figuresAgree"];

const VEHICLE_FIELDS = ["branchId", "modelId", "vin", "registration", "condition", "mileage", "colour", "retailPricePence", "costPricePence", "inStockOn", "previousKeepers", "v5cHeld", "photos", "notes", "priceChangeReason"];
const CUSTOMER_FIELDS = [
  "name", "dateOfBirth", "email", "phone", "addressLine1", "addressLine2", "town", "postcode", "ukResident", "marketingConsentGivenAt", "marketingConsentMethod",
  "marketingConsentWording", "marketingConsentWithdrawnAt", "notes",
];
const DEAL_FIELDS = [
  "branchId", "customerId", "channel", "customerName", "customerDateOfBirth", "customerUkResident", "customerContact", "vulnerable", "vulnerabilityNote", "guarantorRequired", "guarantorName",
  "guarantorContact", "vehicleId", "vehicleDescription", "vehicleBrand", "product", "cashPricePence", "depositPence", "depositContributionPence", "partExchangePence", "creditPence",
  "termMonths", "ratePercentBasisPoints", "rateFixed", "aprBasisPoints", "feesPence", "monthlyPaymentPence", "finalPaymentPence", "chargeForCreditPence", "totalPayablePence",
];
const OFFER_FIELDS = [
  "title", "summary", "terms", "kind", "brand", "modelScope", "modelIds", "branchIds", "validFrom", "validTo", "imageUrl", "promotesFinance", "rateFixed", "apr", "rate", "cashPrice",
  "deposit", "depositContribution", "credit", "termMonths", "monthlyPayment", "finalPayment", "fees", "totalPayable",
];
const SIGN_IN_TABLES = /^(audit_log|sign_in.*|.*attempt.*|.*throttle.*)$/;

export const ROUTES: Record<string, RouteFuzz> = {
  "_app.stock.$id.tsx": {
    param: "vehicle",
    intents: ["reserve", "release", "sell", "deliver", "send-transfer", "receive-transfer", "cancel-transfer", "apply-offer", "remove-offer"],
    fields: ["version", "customerId", "customerName", "customerContact", "channel", "depositPence", "depositRefundable", "depositTerms", "expiresAt", "reason", "refundPence", "salePricePence", "soldOn", "deliveredOn", "toBranchId", "expectedOn", "note", "offerId", "reservationVersion", "submissionToken"],
    runs: 380,
  },
  "_app.stock.$id_.edit.tsx": { param: "vehicle", intents: [], fields: ["version", ...VEHICLE_FIELDS], runs: 200 },
  "_app.stock.new.tsx": { param: null, intents: [], fields: VEHICLE_FIELDS, runs: 200 },
  "_app.stock.catalogue.tsx": { param: null, intents: ["create", "update"], fields: ["id", "version", "make", "model", "variant", "modelYear", "category", "engineCc", "listPrice"], runs: 150 },
  "_app.stock.import.tsx": { param: null, intents: ["commit", "check"], fields: ["csv", "file"], runs: 80, multipart: true },
  "_app.finance.new.tsx": { param: null, intents: [], fields: DEAL_FIELDS, runs: 200 },
  "_app.finance.$id_.edit.tsx": { param: "deal", intents: [], fields: ["version", ...DEAL_FIELDS], runs: 200 },
  "_app.finance.$id.tsx": {
    param: "deal",
    intents: ["disclose", "consent", "propose", "decide", "review", "confirm", "sign", "entry", "not-proceeding", "apply-offer", "remove-offer"],
    fields: ["version", "lenderId", "medium", "customerAskedAmount", "amountToldToCustomer", "givenAt", "kind", "method", "orderReason", "attemptId", "outcome", "decision", "note", "amountPence", "confirmedAt", "agreementNumber", "signedAt", "effectiveOn", "reason", "offerId", "submissionToken"],
    runs: 380,
  },
  "_app.finance.$id_.acknowledge.tsx": { param: "deal", intents: ["tablet", "scan"], fields: ["disclosureId", "typedName", "confirmed", "signedAt", "scan", "submissionToken"], runs: 120, multipart: true },
  "_app.offers.new.tsx": { param: null, intents: [], fields: OFFER_FIELDS, runs: 150 },
  "_app.offers.$id.tsx": { param: "offer", intents: ["update", "publish", "withdraw", "revise", "approve"], fields: ["version", ...OFFER_FIELDS], runs: 200 },
  "_app.complaints.new.tsx": {
    param: null,
    intents: [],
    fields: ["branchId", "customerId", "receivedAt", "channel", "complainantName", "complainantContact", "dealReference", "stockNumber", "category", "description", "desiredOutcome", "ownerId", "submissionToken"],
    runs: 150,
  },
  "_app.complaints.$id.tsx": { param: "complaint", intents: ["step", "assign", "release-hold"], fields: ["version", "kind", "occurredAt", "outcome", "amountPence", "note", "ownerId", "reason", "submissionToken"], runs: 200 },
  "_app.compliance.approvals.tsx": { param: null, intents: ["approve-document", "approve-tie"], fields: ["subjectId"], runs: 80 },
  "_app.customers.new.tsx": { param: null, intents: [], fields: [...CUSTOMER_FIELDS, "submissionToken"], runs: 120 },
  "_app.customers.$id.tsx": { param: "customer", intents: ["update", "merge", "unmerge"], fields: ["version", ...CUSTOMER_FIELDS, "otherId", "mergeId", "reason", "submissionToken"], runs: 200 },
  "_app.admin.retention.tsx": { param: null, intents: ["rules", "apply"], fields: ["basedOnVersion", "financeDealYears", "complaintYears", "inactiveCustomerYears", "confirmed", "submissionToken"], runs: 80 },
  "_app.customers.$id_.erasure.tsx": { param: "customer", intents: [], fields: ["receivedAt", "channel", "confirmed", "submissionToken"], runs: 80 },
  "_app.compliance.breaches._index.tsx": { param: null, intents: ["create"], fields: ["description", "occurredOn", "foundOn", "rule", "dealReferences", "offerIds", "submissionToken"], runs: 100 },
  "_app.compliance.breaches.$id.tsx": {
    param: "breach",
    intents: ["tell-principal", "add-action", "complete-action", "close"],
    fields: ["version", "toldAt", "note", "description", "ownerId", "dueOn", "actionId", "submissionToken"],
    runs: 120,
  },
  "_app.compliance.reviews._index.tsx": { param: null, intents: ["draw-sample", "close-action"], fields: ["month", "seed", "actionId", "note", "submissionToken"], runs: 80 },
  "_app.compliance.reviews.files.$id.tsx": {
    param: "sampledFile",
    intents: ["record-review", "add-action"],
    fields: [
      "checklistVersion", "rating", "summary", ...REVIEW_QUESTIONS.flatMap((key) => [key, `${key}Note`]),
      "description", "ownerId", "dueOn", "submissionToken",
    ],
    runs: 120,
  },
  "_app.lenders._index.tsx": { param: null, intents: ["create"], fields: ["name", "fcaFrn", "captiveBrands"], runs: 80 },
  "_app.lenders.$id.tsx": {
    param: "lender",
    intents: ["update", "add-tie", "end-tie", "add-schedule", "add-payment"],
    fields: ["version", "name", "fcaFrn", "captiveBrands", "active", "reference", "kind", "terms", "startsOn", "endsOn", "tieId", "basis", "amount", "percent", "appliesTo", "effectiveFrom", "effectiveTo", "notes", "description"],
    runs: 200,
  },
  "_app.lenders.documents.tsx": { param: null, intents: ["create-document", "save-status", "save-thresholds"], fields: ["title", "body", "effectiveFrom", "basedOnVersion", "text", "chargeForCreditPercent", "creditPercent"], runs: 120 },
  "_app.admin.branches.tsx": { param: null, intents: ["create", "update"], fields: ["id", "version", "name", "slug", "brands", "address", "phone", "stockNumberPrefix", "active"], runs: 120 },
  "_app.admin.users.new.tsx": { param: null, intents: ["create"], fields: ["email", "name", "role", "branchIds", "password"], runs: 60 },
  "_app.admin.users.$id.tsx": { param: "user", intents: ["update", "reset-password", "reset-second-factor", "deactivate", "reactivate"], fields: ["version", "email", "name", "role", "branchIds", "active", "password"], runs: 100 },
  "_app.admin.users._index.tsx": { param: null, intents: [], fields: ["version", "roles"], runs: 30 },
  "_app.account.tsx": { param: null, intents: ["change-password", "end-session", "end-other-sessions"], fields: ["currentPassword", "newPassword", "confirmPassword", "sessionId"], runs: 25, caller: "spare", refusalMayWrite: SIGN_IN_TABLES },
  // The spare user (a manager, enrolled in nothing): the code page sends them on; enrolment checks what they send.
  "login_.code.tsx": { param: null, intents: [], fields: ["code", "redirectTo"], runs: 10, caller: "spare", refusalMayWrite: SIGN_IN_TABLES },
  "login_.enrol.tsx": { param: null, intents: [], fields: ["code", "redirectTo"], runs: 10, caller: "spare", refusalMayWrite: SIGN_IN_TABLES },
  "_app.$.tsx": { param: "splat", intents: ["update"], fields: ["version", "name"], runs: 20 },
  "login.tsx": { param: null, intents: [], fields: ["email", "password", "redirectTo"], runs: 25, caller: "anonymous", refusalMayWrite: SIGN_IN_TABLES },
  "logout.ts": { param: null, intents: [], fields: [], runs: 3, caller: "spare" },
};

/** Real ids of the seeded data, by kind, for id fields (any kind in any field: cross-kind mistakes too). */
export interface SeededIds {
  branches: string[];
  models: string[];
  vehicles: string[];
  offers: string[];
  lenders: string[];
  ties: string[];
  attempts: string[];
  deals: string[];
  complaints: string[];
  breaches: string[];
  sampledFiles: string[];
  reviewActions: string[];
  customers: string[];
  users: string[];
}

const pence = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000 }).map(String),
  fc.integer({ min: 0, max: 200_000_00 }).map((p) => (p / 100).toFixed(2)),
  fc.constantFrom("8,499.00", "£12,500", "0", "0.01", "1,000,000", "1,000,000.01", "999999", "900000000"),
);
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const day = fc.oneof(fc.integer({ min: -4000, max: 400 }).map(isoDay), fc.constantFrom("2099-01-01", "1900-01-01", "2000-01-01", "1999-12-31"));
const moment = fc.integer({ min: -60 * 24 * 400, max: 60 * 24 * 60 }).map((minutes) => new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16));
const percent = fc.oneof(fc.constantFrom("9.9", "0", "0.01", "4", "20", "35", "100", "100.01", "250", "999.99"), fc.double({ min: 0, max: 120, noNaN: true }).map((n) => n.toFixed(2)));
const someText = fc.oneof(fc.constantFrom("Jo Rider", "07700 900123", "jo@example.com", "Paid in full", "A customer who needs more time to read documents."), fc.string({ maxLength: 40 }));

const ENUMS: Record<string, string[]> = {
  channel: ["in_store", "distance", "online", "phone", "email", "letter", "web_form"],
  condition: ["new", "pre_registered", "ex_demo", "used", "broken"],
  depositRefundable: ["yes", "no"],
  v5cHeld: ["yes", "no", ""],
  customerUkResident: ["yes", "no"],
  ukResident: ["yes", "no", "unknown", "maybe"],
  marketingConsentMethod: ["in_person", "phone", "email", "web_form", "letter", "", "carrier_pigeon"],
  rateFixed: ["yes", "no", "on"],
  product: ["hp", "pcp", "conditional_sale", "hire", "loan", "mortgage"],
  medium: ["paper", "email", "pdf", "sms"],
  method: ["signed_paper", "email_reply", "e_signature", "recorded_call", "telepathy"],
  outcome: ["accepted", "declined", "referred", "withdrawn", "pending", "upheld", "partly_upheld", "not_upheld", ""],
  decision: ["approved", "rejected"],
  kind: ["initial", "fresh", "manufacturer", "dealer", "correction", "withdrawal", "cancellation", "early_settlement", "clawback", "commission_paid", "legal_hold_on", "legal_hold_off", "exclusivity", "stock_funding", "volume_bonus", "panel_fee", "other",
    "acknowledged", "holding_response", "summary_resolution", "final_response", "redress_offered", "redress_paid", "referred_to_ombudsman", "ombudsman_outcome", "root_cause"],
  category: ["adventure", "enduro", "naked", "electric", "tractor", "finance_commission", "vehicle", "sale", "service"],
  role: ["admin", "manager", "finance", "compliance"],
  roles: ["admin", "manager", "finance", "compliance"],
  brand: [...BRANDS, "Yamaha"],
  brands: [...BRANDS, "Yamaha"],
  captiveBrands: [...BRANDS, "Yamaha"],
  modelScope: ["all", "chosen"],
  basis: ["fixed_fee", "percent_of_credit", "discretionary"],
  vehicleBrand: ["KTM", "Honda", ""],
};
const CHECKBOXES = new Set(["active", "vulnerable", "guarantorRequired", "customerAskedAmount", "promotesFinance", "confirmed"]);

/** Values no form should send: wrong types, huge, negative and non-numbers, impossible dates, control characters, very long text. */
export const hostile = fc.oneof(
  fc.constantFrom(
    "", " ", "abc", "NaN", "Infinity", "-Infinity", "-1", "-0", "-99999999999", "99999999999", "99,999,999,999", "1e400", "1e10", "0x10", "2147483648", "9007199254740993",
    "1.5", "١٢٣", "2026-02-30", "2026-02-29", "0000-00-00", "0001-01-01", "9999-12-31", "275760-09-13", "2026-13-01T25:61", "0000-01-01T00:00", "9999-12-31T23:59",
    "\u0000", "a\u0000b", "Jo\u0000Rider", "\u001b[31mred", "line\r\nbreak", "\ttab", "\u007f", "\u0085", "\u202eevil", "🏍️🏍️", "'; drop table vehicles; --", "%00", "null", "undefined",
    "00000000-0000-0000-0000-000000000000", "not-a-uuid", "11111111-1111-1111-1111-11111111111g", "../../etc/passwd", "<script>alert(1)</script>", "[object File]",
  ),
  fc.uuid(),
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.integer({ min: 1, max: 12 }).map((n) => "x".repeat(n * 2000)),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

/** A plausible value for a field, by its name (the seeded ids for id fields). */
export function plausible(name: string, ids: SeededIds, intents: string[]): fc.Arbitrary<string> {
  const anyId = fc.constantFrom(...Object.values(ids).flat());
  if (name === "intent") return intents.length ? fc.constantFrom(...intents) : fc.constant("create");
  if (name === "version") return fc.oneof({ arbitrary: fc.constant("@version"), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 5 }).map(String), weight: 1 });
  if (name === "basedOnVersion") return fc.integer({ min: 0, max: 4 }).map(String);
  if (name === "branchId" || name === "toBranchId" || name === "branchIds") return fc.oneof(fc.constantFrom(...ids.branches), anyId);
  if (name === "modelId" || name === "modelIds") return fc.oneof(fc.constantFrom(...ids.models), anyId);
  if (name === "vehicleId") return fc.oneof(fc.constantFrom("", ...ids.vehicles), anyId);
  if (name === "offerIds") return fc.oneof(fc.constantFrom(...ids.offers), anyId);
  if (name === "offerId") return fc.oneof(fc.constantFrom(...ids.offers), anyId);
  if (name === "lenderId") return fc.oneof(fc.constantFrom(...ids.lenders), anyId);
  if (name === "tieId") return fc.oneof(fc.constantFrom(...ids.ties), anyId);
  if (name === "attemptId") return fc.oneof(fc.constantFrom(...ids.attempts), anyId);
  if (name === "disclosureId") return anyId;
  if (name === "actionId") return fc.oneof(fc.constantFrom(...ids.reviewActions, ...ids.breaches), anyId);
  if (name === "id") return anyId;
  if (REVIEW_QUESTIONS.includes(name)) return fc.constantFrom("met", "not_met", "not_applicable", "maybe");
  if (name === "checklistVersion") return fc.constantFrom("1", "2", "0", "x");
  if (name === "rating") return fc.constantFrom("satisfactory", "needs_improvement", "unsatisfactory", "great");
  if (name === "month") return fc.constantFrom("2026-10", "2026-11", "2099-01", "2026-13", "last month", "");
  if (name === "seed") return fc.constantFrom("", "12345", "-1", "2147483648", "1.5");
  if (name === "reservationVersion") return fc.integer({ min: -1, max: 5 }).map(String);
  // A token the route may claim: a fresh UUID, one reused, or not a UUID at all.
  if (name === "submissionToken") return fc.oneof(fc.uuid(), fc.constantFrom("00000000-0000-4000-8000-000000000001", "not-a-token", ""));
  if (name === "customerId" || name === "otherId") return fc.oneof(fc.constantFrom("", ...ids.customers), anyId);
  if (name === "mergeId") return anyId;
  if (name === "postcode") return fc.constantFrom("", "SW1A 1AA", "sw1a1aa", "ME14 1XX", "NOPE 123", "GIR 0AA");
  if (name === "ownerId") return fc.oneof(fc.constantFrom(...ids.users), anyId);
  if (name === "dealReference") return fc.constantFrom("", "FIN-000001", "fin-000002", "FIN-999999", "CMP-00001");
  if (name === "stockNumber") return fc.constantFrom("", "LAG-00001", "lag-00002", "NOPE-1");
  if (name === "appliesTo") return fc.oneof(fc.constantFrom("", "brand:KTM", "brand:Yamaha"), fc.constantFrom(...ids.models).map((id) => `model:${id}`));
  if (ENUMS[name]) return fc.constantFrom(...ENUMS[name]!);
  if (CHECKBOXES.has(name)) return fc.constant("on");
  if (/Pence$|^(amount|listPrice|cashPrice|deposit|depositContribution|credit|monthlyPayment|finalPayment|fees|totalPayable)$/.test(name)) return pence;
  if (/(On|From|To|DateOfBirth)$/.test(name)) return day;
  if (/At$/.test(name)) return moment;
  if (/BasisPoints$|^(apr|rate|percent|chargeForCreditPercent|creditPercent)$/.test(name)) return percent;
  if (/Years$/.test(name)) return fc.integer({ min: -1, max: 30 }).map(String);
  if (/^(termMonths|mileage|modelYear|engineCc|previousKeepers)$/.test(name)) return fc.integer({ min: -5, max: 3000 }).map(String);
  if (name === "vin") return fc.constantFrom("VBKV39405NM123456", "WB10A1109NZ123456", "VBKV39405NM12345", "IOQ45678901234567");
  if (name === "registration") return fc.constantFrom("", "AB21 CDE", "KX70ABC", "NOT A REG");
  if (name === "email") return fc.oneof(fc.constantFrom("admin@laguna.example", "someone@example.com"), fc.emailAddress());
  if (/[pP]assword$/.test(name)) return fc.constantFrom("correct-horse-battery", "short", "a much longer passphrase 2026");
  if (name === "fcaFrn") return fc.constantFrom("123456", "7654321", "12 34 56", "12345");
  if (name === "slug") return fc.constantFrom("new-branch", "Bad Slug", "laguna-ktm");
  if (name === "stockNumberPrefix") return fc.constantFrom("ABC", "LAG", "a1", "ABCDE");
  if (name === "phone") return fc.constantFrom("01632 960101", "+44 (0)1632", "call me");
  if (name === "imageUrl" || name === "photos") return fc.constantFrom("", "https://example.com/bike.jpg", "http://example.com/x.jpg", "javascript:alert(1)");
  if (name === "redirectTo") return fc.constantFrom("/stock", "//evil.example", "/\t/evil.example");
  if (name === "csv") {
    return fc.constantFrom(
      "branch,model,vin\n",
      "stock_number,branch,make,model,model_year,vin,registration,condition,mileage,colour,retail_price,cost_price,in_stock_on\n,laguna-ktm,KTM,790 Adventure,2026,VBKV39405NM123456,,new,0,Orange,99999999999,,2099-01-01\n",
      "a\u0000b,c\n",
      "",
    );
  }
  return someText;
}

/**
 * A field's value(s). A clean body has one plausible value per field, so a good share get past the
 * schema into the domain's rules; a dirty one mixes in hostile values, repeats and missing fields.
 */
export function fieldValues(name: string, ids: SeededIds, intents: string[], clean: boolean): fc.Arbitrary<string[]> {
  if (clean) return plausible(name, ids, intents).map((v) => [v]);
  const one = fc.oneof({ arbitrary: plausible(name, ids, intents), weight: 4 }, { arbitrary: hostile, weight: 1 });
  return fc.oneof({ arbitrary: one.map((v) => [v]), weight: 12 }, { arbitrary: fc.constant<string[]>([]), weight: 1 }, { arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }), weight: 1 });
}
