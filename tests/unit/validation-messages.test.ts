/// <reference types="vite/client" />
// Every message a form can give is a sentence for staff that names its field: walked over every field
// of every form schema (found by file, so a new schema is walked too) with the values people and
// damaged requests send: too long, negative, not a value of the field, a list, empty, absent.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { BAD_VALUES, formShapes, intentOf, messagesFor } from "../support/schema-walk";

const modules = import.meta.glob("../../app/modules/*/*.schema.ts", { eager: true }) as Record<string, Record<string, unknown>>;

/** zod's own wording, which must never reach a person. */
const RAW_PHRASES = [/Invalid (input|option|value|string|type)/, /Too (big|small)/, /\bexpected (string|number|one of|array|object|boolean|"|<|>)/i, /\bRequired\b/, /received (undefined|array|string|number)/];

/**
 * The words that name a field, where its key's own words don't appear in a plain sentence. Written
 * here, not read from the schemas: the oracle is what a person reading the message would look for.
 */
const FIELD_WORDS: Record<string, string[]> = {
  version: ["form"],
  checklistVersion: ["form", "checklist"],
  basedOnVersion: ["form"],
  id: ["branch", "model", "user"],
  customerContact: ["phone", "email"],
  customerUkResident: ["uk"],
  channel: ["store", "distance", "received", "channel"],
  decision: ["approve", "reject"],
  outcome: ["answer", "outcome"],
  method: ["consented"],
  medium: ["how", "medium"],
  basis: ["commission", "basis"],
  fcaFrn: ["fca firm reference number"],
  slug: ["web name"],
  body: ["wording"],
  text: ["wording"],
  kind: ["kind", "manufacturer", "consent", "step"],
  modelScope: ["model"],
  attemptId: ["proposal"],
  tieId: ["tie"],
  toBranchId: ["branch"],
  vehicleId: ["bike"],
  vehicleBrand: ["make"],
  vehicleDescription: ["description"],
  expiresAt: ["expires"],
  inStockOn: ["stock"],
  soldOn: ["sale"],
  deliveredOn: ["delivery"],
  givenAt: ["given"],
  confirmedAt: ["confirmed"],
  signedAt: ["signing", "signed"],
  reviewedAt: ["review"],
  occurredAt: ["time", "step"],
  occurredOn: ["day"],
  ownerId: ["owns", "handles", "owner"],
  category: ["about", "category"],
  desiredOutcome: ["wants"],
  code: ["digits", "code"],
  redirectTo: ["page"],
  confirmed: ["tick"],
  reason: ["reason", "why"],
  withdrawnAt: ["fell away"],
  engineCc: ["engine", "cc"],
  apr: ["apr"],
  aprBasisPoints: ["apr"],
  ratePercentBasisPoints: ["rate"],
  termMonths: ["duration"],
  paymentCount: ["payments"],
  regularPaymentCount: ["payments"],
  purchaseFee: ["purchase fee"],
  purchaseFeeMonth: ["purchase fee"],
  acceptanceFeeMonth: ["acceptance fee"],
  firstPaymentMonth: ["first payment"],
  finalPaymentMonth: ["final payment"],
  feeAtSigningPence: ["fee"],
  feeWithLastPaymentPence: ["fee"],
  partExchangeSettlementPence: ["settled"],
  chargeForCreditPercent: ["charge for credit", "percentage"],
  creditPercent: ["credit", "percentage"],
  amountPence: ["amount", "commission"],
  amount: ["amount", "fee"],
  commissionPence: ["commission"],
  appliesTo: ["brand", "model"],
  percent: ["percentage"],
  effectiveFrom: ["date"],
  effectiveTo: ["date"],
  effectiveOn: ["date"],
  startsOn: ["date"],
  endsOn: ["date", "day"],
  validFrom: ["first day"],
  validTo: ["last day"],
  imageUrl: ["image"],
  v5cHeld: ["v5c"],
  customerAskedAmount: ["asked"],
  vulnerable: ["vulnerable"],
  promotesFinance: ["finance"],
  rateFixed: ["rate"],
  stockNumberPrefix: ["prefix"],
  currentPassword: ["password"],
  newPassword: ["password"],
  confirmPassword: ["password"],
  customerDateOfBirth: ["date of birth"],
  depositRefundable: ["refundable"],
  orderReason: ["reason"],
  reference: ["reference"],
  description: ["describe", "description"],
  note: ["note", "checked", "put right"],
  priceChangeReason: ["reason"],
  amountToldToCustomer: ["amount"],
  vulnerabilityNote: ["circumstances"],
  subjectId: ["document", "tie"],
  customerId: ["customer"],
  otherId: ["record"],
  mergeId: ["merge"],
  ukResident: ["uk"],
  dateOfBirth: ["date of birth"],
  addressLine1: ["address line"],
  addressLine2: ["address line"],
  marketingConsentGivenAt: ["consent"],
  marketingConsentMethod: ["consent"],
  marketingConsentWording: ["wording"],
  marketingConsentWithdrawnAt: ["withdrawn"],
};

const UNIT_SUFFIX = /(Pence|BasisPoints|Ids?)$/;
const STOP_WORDS = new Set(["the", "of", "on", "at", "to", "in"]);
/** "retailPricePence" → ["retail", "price"]; a list index (branchIds[0]) names its field's key. */
function wordsOf(field: string) {
  const key = field.replace(/\[\d+\]$/, "");
  if (FIELD_WORDS[key]) return FIELD_WORDS[key];
  return key
    .replace(UNIT_SUFFIX, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(" ")
    .filter((word) => !STOP_WORDS.has(word));
}
/** "branches" names "branch"; "models" names "model". */
const names = (message: string, word: string) => message.toLowerCase().includes(word.replace(/s$/, ""));

interface Case {
  where: string;
  field: string;
  message: string;
}

function walk(): Case[] {
  const cases: Case[] = [];
  for (const [file, exports] of Object.entries(modules)) {
    for (const [name, schema] of Object.entries(exports)) {
      // List queries fall back to defaults instead of refusing: they give no messages.
      if (!schema || typeof schema !== "object" || !("_zod" in schema) || name.endsWith("Query")) continue;
      for (const shape of formShapes(schema as z.ZodType)) {
        const intent = intentOf(shape);
        for (const field of Object.keys(shape)) {
          if (field === "intent") continue; // an unknown intent is refused by the route before any schema
          for (const [kind, value] of Object.entries(BAD_VALUES)) {
            const errors = messagesFor(schema as z.ZodType, intent, field, value);
            for (const [path, messages] of Object.entries(errors)) {
              for (const message of messages ?? []) cases.push({ where: `${file.split("/").pop()} ${name} (${field}: ${kind})`, field: path, message });
            }
          }
        }
      }
    }
  }
  return cases;
}

describe("validation messages", () => {
  const cases = walk();

  it("walks every form schema, and finds messages for every kind of bad value", () => {
    const files = Object.keys(modules).map((file) => file.split("/").pop());
    expect(files).toEqual(expect.arrayContaining(["stock.schema.ts", "deals.schema.ts", "offers.schema.ts", "users.schema.ts", "auth.schema.ts", "lenders.schema.ts"]));
    expect(cases.length).toBeGreaterThan(500);
  });

  it("never shows zod's own wording", () => {
    const raw = cases.filter((c) => RAW_PHRASES.some((phrase) => phrase.test(c.message)));
    expect(raw.map((c) => `${c.where}: ${c.field}: ${c.message}`)).toEqual([]);
  });

  it("writes each message as a sentence that names its field", () => {
    const unnamed = cases.filter((c) => !/^[A-Z].*[.?]$/.test(c.message) || !wordsOf(c.field).some((word) => names(c.message, word)));
    expect([...new Set(unnamed.map((c) => `${c.field}: ${c.message}`))]).toEqual([]);
  });

  it("tells a too-long customer's name its limit, not that it is missing", () => {
    const stock = modules["../../app/modules/stock/stock.schema.ts"]!;
    const errors = messagesFor(stock.ReserveSchema as z.ZodType, "reserve", "customerName", "x".repeat(10_000));
    expect(errors.customerName).toEqual(["Keep the customer's name to 120 characters."]);
  });

  it("tells a negative deposit it can't be negative, naming the deposit", () => {
    const stock = modules["../../app/modules/stock/stock.schema.ts"]!;
    expect(messagesFor(stock.ReserveSchema as z.ZodType, "reserve", "depositPence", "-50").depositPence).toEqual(["The deposit can't be less than £0."]);
  });

  it("gives one message for a date that isn't one, not a bound as well", () => {
    const stock = modules["../../app/modules/stock/stock.schema.ts"]!;
    expect(messagesFor(stock.SendTransferSchema as z.ZodType, "send-transfer", "expectedOn", "x".repeat(100)).expectedOn).toEqual(["Enter the expected arrival."]);
  });
});
