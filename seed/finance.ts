// Demo finance data: the lender panel (captive lenders for the group's franchises and two general
// lenders), its tie register, commission schedules, other payments, the disclosure document and the
// regulatory status setting; then demo deals (seed/finance-deals.ts). Everything goes through the
// audited domain code, as an admin would enter it.
import { and, eq } from "drizzle-orm";
import { recordAudit } from "../app/modules/audit/record.server";
import { saveSettingVersion, SETTING_DEFAULTS, sha256Of } from "../app/modules/finance/documents.server";
import type { OtherPaymentKind } from "../app/modules/finance/finance-labels";
import type { LenderFields } from "../app/modules/finance/lenders.schema";
import { addOtherPayment, addScheduleVersion, addTie, createLender, type ScheduleInput, type TieFields } from "../app/modules/finance/lenders.server";
import { londonToday } from "../app/utils/dates";
import { db, schema } from "../db/client";
import { demoActor, isoDaysAgo, must, seedFinanceDeals, type LenderKey } from "./finance-deals";

// FCA firm reference numbers are fictional (6 or 7 digits, as the register's are).
const PANEL: (LenderFields & { key: LenderKey })[] = [
  { key: "ktm", name: "KTM Financial Services UK", fcaFrn: "704318", captiveBrands: ["KTM", "Husqvarna", "GasGas"] },
  { key: "triumph", name: "Triumph Motorcycles Finance", fcaFrn: "668142", captiveBrands: ["Triumph"] },
  { key: "honda", name: "Honda Finance Europe", fcaFrn: "313927", captiveBrands: ["Honda"] },
  { key: "hd", name: "Harley-Davidson Financial Services", fcaFrn: "511975", captiveBrands: ["Harley-Davidson"] },
  { key: "northgate", name: "Northgate Motor Credit", fcaFrn: "7419063", captiveBrands: [] },
  { key: "kentish", name: "Kentish Consumer Finance", fcaFrn: "7305128", captiveBrands: [] },
];

function ties(year: number): [LenderKey, TieFields][] {
  return [
    ["ktm", { reference: "KTM-SF-01", kind: "stock_funding", terms: "Preferential stock funding for new KTM, Husqvarna and GasGas bikes: 120 days interest-free, then base rate + 2.5%.", startsOn: `${year - 3}-04-01` }],
    ["ktm", { reference: "KTM-TM-01", kind: "training_marketing_support", terms: "Finance training for sales staff twice a year and a contribution of up to £6,000 a year to co-branded marketing.", startsOn: `${year - 3}-04-01` }],
    ["ktm", { reference: "KTM-FR-01", kind: "first_refusal", terms: "Every finance proposal for a new KTM, Husqvarna or GasGas goes to KTM Financial Services first.", startsOn: `${year - 2}-01-01` }],
    ["ktm", { reference: `KTM-VT-${year}`, kind: "volume_target", terms: `At least 60 new-bike agreements through KTM Financial Services from 1 January to 31 December ${year}; a volume bonus is paid when it is met.`, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` }],
    ["triumph", { reference: "TMF-SF-01", kind: "stock_funding", terms: "Stock funding for new Triumph motorcycles: 90 days interest-free.", startsOn: `${year - 4}-07-01` }],
    ["triumph", { reference: `TMF-VT-${year - 1}`, kind: "volume_target", terms: `At least 45 agreements through Triumph Motorcycles Finance in ${year - 1}, for a bonus of £4,000. Ended at the close of the year and not renewed.`, startsOn: `${year - 1}-01-01`, endsOn: `${year - 1}-12-31` }],
    ["honda", { reference: "HFE-SF-01", kind: "stock_funding", terms: "Stock funding for new Honda motorcycles and scooters: 180 days at a preferential rate.", startsOn: `${year - 5}-01-01` }],
    ["honda", { reference: "HFE-TM-01", kind: "training_marketing_support", terms: "Honda Finance Europe pays for product and finance training and supports local advertising of its offers.", startsOn: `${year - 2}-03-01` }],
    ["hd", { reference: "HDFS-SF-01", kind: "stock_funding", terms: "Floor-plan funding for new Harley-Davidson motorcycles.", startsOn: `${year - 4}-01-01` }],
    ["hd", { reference: "HDFS-FR-01", kind: "first_refusal", terms: "Every finance proposal for a Harley-Davidson goes to Harley-Davidson Financial Services first.", startsOn: `${year - 4}-01-01` }],
  ];
}

/** The disclosure document's text: what the customer is told before any proposal. */
export const DISCLOSURE_TEXT = [
  "How we arrange finance and how we are paid",
  "",
  "Laguna Motorcycles Limited (trading as Laguna Motorcycles, Laguna Performance Centre, Laguna Triumph, Maidstone Honda, " +
    "Maidstone Harley-Davidson and Kent Motorcycles) is an Appointed Representative of Automotive Compliance Ltd, which is " +
    "authorised and regulated by the Financial Conduct Authority (FCA No. 497010).",
  "We are a credit broker, not a lender. We introduce you to a limited number of lenders on our panel and act for the lender, " +
    "not as your agent. We are not independent and we do not search the whole market.",
  "We have ties with the manufacturers' own lenders for our franchises (KTM Financial Services UK, Triumph Motorcycles Finance, " +
    "Honda Finance Europe and Harley-Davidson Financial Services): they may give us preferential stock funding, support for " +
    "training and marketing, first refusal of proposals and volume bonuses. The ties in force today are listed with this notice.",
  "The lender pays us commission for introducing you: either a fixed fee or a fixed percentage of the amount you borrow, which " +
    "may depend on the model. It does not change the interest rate you pay. We will tell you the likely amount before we propose " +
    "you to a lender, and the exact amount before you sign; ask us at any time and we will tell you.",
  "We are also an insurance distribution agent.",
].join("\n");

/**
 * The panel and demo deals, once: does nothing when any lender exists (an admin may have built the
 * panel by hand). Needs the demo branches, users and catalogue. Returns what it added.
 */
export async function seedFinance(): Promise<string[]> {
  const [existing] = await db().select({ id: schema.lenders.id }).from(schema.lenders).limit(1);
  if (existing) return [];
  const admin = await demoActor("admin@laguna.example");
  const year = Number(londonToday().slice(0, 4));
  const since = `${year - 1}-01-01`;

  const lenderIds = {} as Record<LenderKey, string>;
  for (const { key, ...fields } of PANEL) lenderIds[key] = must(`lender ${fields.name}`, await createLender({ ...fields, actor: admin })).id;

  const tieList = ties(year);
  for (const [key, tie] of tieList) must(`tie ${tie.reference}`, await addTie({ ...tie, actor: admin, lenderId: lenderIds[key] }));

  const [rally] = await db()
    .select({ id: schema.catalogueModels.id })
    .from(schema.catalogueModels)
    .where(and(eq(schema.catalogueModels.make, "KTM"), eq(schema.catalogueModels.model, "450 Rally Replica")));
  const northgateRise = isoDaysAgo(75);
  const schedules: [LenderKey, ScheduleInput][] = [
    ["ktm", { basis: "percent_of_credit", percentBasisPoints: 400, effectiveFrom: since, notes: "4% of the amount of credit on every KTM, Husqvarna and GasGas." }],
    ["ktm", { basis: "percent_of_credit", percentBasisPoints: 350, brand: "GasGas", effectiveFrom: since, notes: "3.5% of the credit on GasGas." }],
    ["triumph", { basis: "percent_of_credit", percentBasisPoints: 350, effectiveFrom: since, notes: "3.5% of the amount of credit." }],
    ["honda", { basis: "percent_of_credit", percentBasisPoints: 300, effectiveFrom: since, notes: "3% of the amount of credit." }],
    ["hd", { basis: "percent_of_credit", percentBasisPoints: 450, effectiveFrom: since, notes: "4.5% of the amount of credit." }],
    ["northgate", { basis: "fixed_fee", amountPence: 40_000, effectiveFrom: since, effectiveTo: isoDaysAgo(76), notes: "£400 a deal, whatever the amount." }],
    ["northgate", { basis: "fixed_fee", amountPence: 45_000, effectiveFrom: northgateRise, notes: "Fee raised to £450 a deal (version 2)." }],
    ["kentish", { basis: "fixed_fee", amountPence: 50_000, effectiveFrom: since, notes: "£500 a deal: near-prime lending, used bikes." }],
  ];
  // A per-model row, when the catalogue has the model.
  if (rally) schedules.push(["ktm", { basis: "percent_of_credit", percentBasisPoints: 300, modelId: rally.id, effectiveFrom: since, notes: "3% on the 450 Rally Replica (competition model)." }]);
  for (const [key, schedule] of schedules) must(`schedule for ${key}`, await addScheduleVersion({ ...schedule, actor: admin, lenderId: lenderIds[key] }));

  const payments: [LenderKey, OtherPaymentKind, string, number][] = [
    ["ktm", "volume_bonus", `£5,000 when the ${year} volume target (tie KTM-VT-${year}) is met.`, 500_000],
    ["northgate", "panel_fee", "Annual panel membership fee paid to the group.", 120_000],
  ];
  for (const [key, kind, description, amountPence] of payments) {
    must(`${kind} for ${key}`, await addOtherPayment({ actor: admin, lenderId: lenderIds[key], kind, description, amountPence, effectiveFrom: `${year}-01-01`, effectiveTo: `${year}-12-31` }));
  }

  // Version 1 has been in force since last year (the demo deals go back six months). An admin can only
  // add a version from today on, so the seed writes this history directly, with its audit row.
  await db().transaction(async (tx) => {
    const [document] = await tx
      .insert(schema.disclosureDocuments)
      .values({ version: 1, title: "How we arrange finance and how we are paid", body: DISCLOSURE_TEXT, sha256: sha256Of(DISCLOSURE_TEXT), effectiveFrom: since, createdBy: admin.id })
      .returning();
    await recordAudit(tx, { actor: admin, action: "disclosure_document.created", entityType: "disclosure_document", entityId: document!.id, after: document });
  });
  must("regulatory status", await saveSettingVersion(admin, "regulatory_status", SETTING_DEFAULTS.regulatory_status));

  const deals = await seedFinanceDeals(lenderIds);
  return [
    `${PANEL.length} lenders`,
    `${tieList.length} lender ties`,
    `${schedules.length} commission schedules`,
    "the disclosure document",
    `${deals} demo finance deals`,
  ];
}
