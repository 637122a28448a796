import { z } from "zod";
import { CONDITIONS } from "@db/schema/stock";
import { parsePence } from "~/utils/money";
import { normaliseRegistration, normaliseVin, vinProblem } from "./vehicle-identity";

const pounds = (label: string) =>
  z
    .string({ error: `Enter the ${label} in pounds.` })
    .trim()
    .refine((value) => parsePence(value) !== null, { error: `Enter the ${label} in pounds, like 8499 or 8,499.00.` })
    .transform((value) => parsePence(value)!)
    .refine((pence) => pence <= 100_000_000, { error: `The ${label} looks too high; check it.` });

const optionalPounds = (label: string) => z.union([z.literal("").transform(() => null), pounds(label)]).default(null);

const isoDate = z.iso.date({ error: "Enter a date." });

export const VehicleFieldsSchema = z
  .object({
    branchId: z.uuid({ error: "Choose a branch." }),
    modelId: z.uuid({ error: "Choose a model from the catalogue." }),
    vin: z
      .string({ error: "Enter the VIN." })
      .transform(normaliseVin)
      .superRefine((vin, ctx) => {
        const problem = vinProblem(vin);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    registration: z.string().trim().default(""),
    condition: z.enum(CONDITIONS, { error: "Choose the condition." }),
    mileage: z.coerce.number({ error: "Enter the mileage in miles." }).int({ error: "Enter whole miles." }).min(0).max(500_000, { error: "That mileage looks wrong." }),
    colour: z.string().trim().max(60).default(""),
    retailPricePence: pounds("retail price"),
    costPricePence: optionalPounds("cost price"),
    inStockOn: isoDate,
    previousKeepers: z.union([z.literal("").transform(() => null), z.coerce.number().int().min(0).max(30)]).default(null),
    v5cHeld: z.enum(["yes", "no", ""]).default("").transform((value) => (value === "" ? null : value === "yes")),
    photos: z
      .string()
      .default("")
      .transform((text) => text.split(/\s+/).filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https$/, error: "Photo links must be full https:// addresses, one per line." })).max(30)),
    notes: z.string().trim().max(4000).default(""),
    priceChangeReason: z.string().trim().max(300).default(""),
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

const versioned = { version: z.coerce.number().int().min(1) };

export const ReserveSchema = z
  .object({
    intent: z.literal("reserve"),
    ...versioned,
    customerName: z.string({ error: "Enter the customer's name." }).trim().min(2, { error: "Enter the customer's name." }).max(120),
    customerContact: z.string({ error: "Enter a phone number or email." }).trim().min(5, { error: "Enter a phone number or email." }).max(200),
    channel: z.enum(["in_store", "distance"], { error: "Say whether the customer is in the store or at a distance." }),
    depositPence: optionalPounds("deposit").transform((value) => value ?? 0),
    depositRefundable: z.enum(["yes", "no"], { error: "Say whether the deposit is refundable." }),
    depositTerms: z.string().trim().max(1000).default(""),
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
  reason: z.string({ error: "Say why the reservation is released." }).trim().min(3, { error: "Say why the reservation is released." }).max(300),
  refundPence: optionalPounds("refund"),
});

export const SellSchema = z.object({
  intent: z.literal("sell"),
  ...versioned,
  customerName: z.string({ error: "Enter the buyer's name." }).trim().min(2, { error: "Enter the buyer's name." }).max(120),
  customerContact: z.string().trim().max(200).default(""),
  salePricePence: pounds("sale price"),
  soldOn: isoDate,
});

export const DeliverSchema = z.object({ intent: z.literal("deliver"), ...versioned, deliveredOn: isoDate });

export const SendTransferSchema = z.object({
  intent: z.literal("send-transfer"),
  ...versioned,
  toBranchId: z.uuid({ error: "Choose the receiving branch." }),
  expectedOn: z.union([z.literal(""), isoDate]).default(""),
  note: z.string().trim().max(500).default(""),
});

export const TransferActionSchema = z.object({
  intent: z.enum(["receive-transfer", "cancel-transfer"]),
  ...versioned,
});
