import { z } from "zod";
import { customerChoice } from "~/modules/customers/customers.schema";
import { CONDITIONS } from "@db/schema/stock";
import { day, optionalDay, optionalPounds, optionalText, optionalWholeNumber, pounds, text, today, uuid, version, wholeNumber, yearsAhead } from "~/utils/fields";
import { normaliseRegistration, normaliseVin, vinProblem } from "./vehicle-identity";

// Bikes come in, sell and go out on days that have happened, and not before the business could have had them.
const inStockOn = day("date into stock", { to: today, tooLate: "The date into stock can't be in the future.", tooEarly: "The date into stock can't be before 2000." });

export const VehicleFieldsSchema = z
  .object({
    branchId: uuid("Choose a branch."),
    modelId: uuid("Choose a model from the catalogue."),
    vin: z
      .string({ error: "Enter the VIN." })
      .transform(normaliseVin)
      .superRefine((vin, ctx) => {
        const problem = vinProblem(vin);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    registration: optionalText("registration", { max: 20 }),
    condition: z.enum(CONDITIONS, { error: "Choose the condition." }),
    mileage: wholeNumber("mileage", { min: 0, max: 500_000, message: "Enter the mileage in whole miles." }),
    colour: optionalText("colour", { max: 60 }),
    retailPricePence: pounds("retail price", { min: 1 }),
    costPricePence: optionalPounds("cost price"),
    inStockOn,
    previousKeepers: optionalWholeNumber("number of previous keepers", { min: 0, max: 30 }),
    v5cHeld: z.enum(["yes", "no", ""], { error: "Say whether the V5C is held." }).default("").transform((value) => (value === "" ? null : value === "yes")),
    photos: optionalText("photo links", { max: 10_000, multiline: true })
      .transform((text) => text.split(/\s+/).filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https$/, error: "Photo links must be full https:// addresses, one per line." })).max(30, { error: "Give at most 30 photo links." })),
    notes: optionalText("notes", { max: 4000, multiline: true }),
    priceChangeReason: optionalText("reason for the price change", { max: 300 }),
  })
  .transform((value, ctx) => {
    let registration: string | null = null;
    if (value.registration) {
      registration = normaliseRegistration(value.registration);
      if (!registration) ctx.addIssue({ code: "custom", path: ["registration"], message: "That isn't a UK registration, like AB21 CDE." });
    } else if (value.condition !== "new") {
      ctx.addIssue({ code: "custom", path: ["registration"], message: "Enter the registration: only new bikes may be unregistered." });
    }
    if (value.condition === "used") {
      if (value.previousKeepers === null) ctx.addIssue({ code: "custom", path: ["previousKeepers"], message: "Enter the number of previous keepers." });
      if (value.v5cHeld === null) ctx.addIssue({ code: "custom", path: ["v5cHeld"], message: "Say whether the V5C is held." });
    }
    return { ...value, registration };
  });
export type VehicleFields = z.output<typeof VehicleFieldsSchema>;

/** The edit form: the bike's details and the version they were loaded at. */
export const VehicleUpdateSchema = z.object({ version: version() }).and(VehicleFieldsSchema);

const versioned = { version: version() };

export const ReserveSchema = z
  .object({
    intent: z.literal("reserve"),
    ...versioned,
    ...customerChoice,
    customerName: text("customer's name", { min: 2, max: 120 }),
    customerContact: text("customer's phone or email", { min: 5, max: 200, required: "Enter a phone number or email." }),
    channel: z.enum(["in_store", "distance"], { error: "Say whether the customer is in the store or at a distance." }),
    // No more than the bike's price: the domain checks that against the bike.
    depositPence: optionalPounds("deposit", { empty: 0 }),
    depositRefundable: z.enum(["yes", "no"], { error: "Say whether the deposit is refundable." }),
    depositTerms: optionalText("deposit terms", { max: 1000, multiline: true }),
    expiresAt: z.iso.datetime({ local: true, error: "Enter when the reservation expires." }),
  })
  .transform((value, ctx) => {
    // Distance sales carry a 14-day right to cancel: the deposit is refundable within it.
    if (value.channel === "distance" && value.depositRefundable === "no") {
      ctx.addIssue({ code: "custom", path: ["depositRefundable"], message: "A distance sale's deposit is refundable within 14 days." });
    }
    if (value.depositPence > 0 && !value.depositTerms) {
      ctx.addIssue({ code: "custom", path: ["depositTerms"], message: "Write the deposit terms you told the customer." });
    }
    return { ...value, depositRefundable: value.depositRefundable === "yes" };
  });

export const ReleaseSchema = z.object({
  intent: z.literal("release"),
  ...versioned,
  reason: text("reason", { min: 3, max: 300, required: "Give the reason the reservation is released." }),
  refundPence: optionalPounds("refund"),
});

export const SellSchema = z.object({
  intent: z.literal("sell"),
  ...versioned,
  ...customerChoice,
  customerName: text("buyer's name", { min: 2, max: 120 }),
  customerContact: optionalText("buyer's phone or email", { max: 200 }),
  salePricePence: pounds("sale price", { min: 1 }),
  // On or after the day into stock: the domain checks that against the bike.
  soldOn: day("sale date", { to: today, tooLate: "The sale date can't be in the future." }),
});

export const DeliverSchema = z.object({
  intent: z.literal("deliver"),
  ...versioned,
  deliveredOn: day("delivery date", { to: today, tooLate: "The delivery date can't be in the future." }),
});

export const SendTransferSchema = z.object({
  intent: z.literal("send-transfer"),
  ...versioned,
  toBranchId: uuid("Choose the receiving branch."),
  expectedOn: optionalDay("expected arrival", { from: today, to: yearsAhead(1), tooEarly: "The expected arrival can't be in the past." }),
  note: optionalText("note", { max: 500 }),
});

export const TransferActionSchema = z.object({
  intent: z.enum(["receive-transfer", "cancel-transfer"]),
  ...versioned,
});
