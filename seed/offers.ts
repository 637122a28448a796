// Demo offers in every state: live (both kinds, some ending this week), draft, scheduled, expired,
// withdrawn, and an offer whose revision 1 was superseded by a live revision 2. Everything goes through
// the audited offers domain (app/modules/offers/offers.server.ts), as an admin would do it; each
// published finance offer is first approved by the demo compliance user (app/modules/approvals), and
// one finance draft waits for that approval.
import { and, eq, or, sql } from "drizzle-orm";
import type { RepresentativeExample } from "../app/modules/offers/offer-rules";
import type { OfferFields } from "../app/modules/offers/offers.schema";
import { createOffer, publishOffer, reviseOffer, updateDraft, withdrawOffer } from "../app/modules/offers/offers.server";
import { londonToday } from "../app/utils/dates";
import { approveOffer } from "../app/modules/approvals/approvals.server";
import { isFinancePromotion } from "../app/modules/offers/promotion-rules";
import { db, schema } from "../db/client";
import type { Result } from "../app/utils/result.server";
import { demoActor } from "./finance-deals";

const { offers, branches, catalogueModels } = schema;
const DAY = 86_400_000;

/** The day `days` from `today` (negative for the past), YYYY-MM-DD. */
function dayFrom(today: string, days: number) {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * A representative example as a lender publishes it: every figure written out (pounds, percent),
 * none worked out here. createOffer checks them with the credit-figures engine, so a seeded offer
 * whose figures disagree stops the seed. Months count from signing; the first payment a month after.
 */
function example(e: {
  apr: number; rate: number; cash: number; deposit: number; contribution?: number; credit: number; months: number; payments: number;
  monthly: number; final?: number; finalMonth?: number; fees?: { name: string; pounds: number; month: number }[]; totalPayable: number;
}): RepresentativeExample {
  const p = (value = 0) => Math.round(value * 100);
  return {
    aprBasisPoints: p(e.apr),
    ratePercentBasisPoints: p(e.rate),
    rateFixed: true,
    cashPricePence: p(e.cash),
    depositPence: p(e.deposit),
    depositContributionPence: p(e.contribution),
    creditPence: p(e.credit),
    termMonths: e.months,
    paymentCount: e.payments,
    monthlyPaymentPence: p(e.monthly),
    firstPaymentMonth: 1,
    finalPaymentPence: p(e.final),
    finalPaymentMonth: e.finalMonth ?? null,
    fees: (e.fees ?? []).map((fee) => ({ name: fee.name, amountPence: p(fee.pounds), month: fee.month })),
    totalPayablePence: p(e.totalPayable),
  };
}

type Plan = Omit<OfferFields, "branchIds" | "modelIds" | "imageUrl"> & {
  branches: string[];
  models: string[];
  /** What happens after it is created; "superseded" publishes, revises and publishes revision 2. */
  then: "draft" | "publish" | "withdraw" | "superseded";
};

function plans(today: string): Plan[] {
  const at = (days: number) => dayFrom(today, days);
  return [
    { then: "publish", kind: "manufacturer", brand: "KTM", models: ["790 Adventure"], branches: ["laguna-ktm", "laguna-performance"], validFrom: at(-10), validTo: at(40),
      title: "0% APR on the KTM 790 Adventure", summary: "0% APR representative over 36 months, with £500 from KTM towards your deposit.",
      terms: "Hire purchase from KTM Financial Services UK. Subject to status; 18s and over, UK residents only. New, unregistered 790 Adventure (2026) ordered and registered during the offer. Not with any other offer.",
      representativeExample: example({ apr: 0, rate: 0, cash: 10_499, deposit: 2_079, contribution: 500, credit: 7_920, months: 36, payments: 36, monthly: 220, totalPayable: 9_999 }) },
    { then: "publish", kind: "manufacturer", brand: "Triumph", models: ["Tiger 900 Rally Pro"], branches: ["laguna-triumph"], validFrom: at(-5), validTo: at(3),
      title: "Tiger 900 Rally Pro on 6.9% APR PCP", summary: "Personal contract purchase with a £750 Triumph deposit contribution. Ends this week.",
      terms: "PCP from Triumph Motorcycles Finance, 4,000 miles a year; excess mileage 8p a mile. Subject to status; 18s and over. Not with any other offer.",
      representativeExample: example({
        apr: 6.9, rate: 5.22, cash: 15_795, deposit: 2_500, contribution: 750, credit: 12_545, months: 37, payments: 36, monthly: 211.5,
        final: 6_950, finalMonth: 37, fees: [{ name: "Option to purchase fee", pounds: 10, month: 37 }], totalPayable: 17_074,
      }) },
    { then: "publish", kind: "dealer", brand: "Honda", models: ["NT1100"], branches: ["maidstone-honda"], validFrom: at(-20), validTo: at(60),
      title: "Free touring luggage with a new NT1100", summary: "Top box and inner bags fitted free (worth £649) when you buy a new NT1100 from Maidstone Honda.",
      terms: "New NT1100 bought and registered during the offer at Maidstone Honda. No cash alternative. Not with manufacturer offers.", representativeExample: null },
    { then: "publish", kind: "dealer", brand: "Harley-Davidson", models: [], branches: ["maidstone-harley-davidson"], validFrom: at(-3), validTo: at(6),
      title: "£500 towards your deposit on any new Harley-Davidson", summary: "Maidstone Harley-Davidson adds £500 to your deposit on hire purchase at 9.9% APR representative.",
      terms: "Hire purchase on new Harley-Davidson motorcycles, subject to status; 18s and over. The contribution comes off the price financed. Not with manufacturer offers.",
      representativeExample: example({ apr: 9.9, rate: 4.78, cash: 18_995, deposit: 2_000, contribution: 500, credit: 16_495, months: 48, payments: 48, monthly: 414, totalPayable: 21_872 }) },
    // A finance draft no compliance user has approved yet: it can't be published until one does.
    { then: "draft", kind: "dealer", brand: "Triumph", models: ["Speed 400"], branches: ["laguna-triumph"], validFrom: at(20), validTo: at(80),
      title: "Speed 400 at 4.9% APR from Laguna Triumph", summary: "4.9% APR representative on a new Speed 400, with its first service free at Laguna Triumph.",
      terms: "Hire purchase from Triumph Motorcycles Finance, subject to status; 18s and over, UK residents only. First service at Laguna Triumph within 12 months. Not with manufacturer offers.",
      representativeExample: example({ apr: 4.9, rate: 2.5, cash: 4_995, deposit: 995, credit: 4_000, months: 36, payments: 36, monthly: 119.5, totalPayable: 5_297 }) },
    { then: "draft", kind: "dealer", brand: "KTM", models: [], branches: ["laguna-performance"], validFrom: at(30), validTo: at(90),
      title: "Winter service for £149", summary: "A full service for any KTM, with a free health check and wash.", terms: "Parts extra where needed. Book before the end of the offer.", representativeExample: null },
    { then: "publish", kind: "manufacturer", brand: "Triumph", models: ["Speed 400", "Scrambler 400 X"], branches: ["laguna-triumph"], validFrom: at(14), validTo: at(75),
      title: "Summer on a Triumph 400", summary: "4.9% APR representative on the Speed 400 and Scrambler 400 X.", terms: "Hire purchase from Triumph Motorcycles Finance, subject to status; 18s and over. Not with any other offer.",
      representativeExample: example({ apr: 4.9, rate: 2.5, cash: 4_995, deposit: 995, credit: 4_000, months: 36, payments: 36, monthly: 119.5, totalPayable: 5_297 }) },
    { then: "publish", kind: "manufacturer", brand: "Honda", models: ["CRF1100L Africa Twin"], branches: ["maidstone-honda"], validFrom: at(-90), validTo: at(-30),
      title: "Africa Twin spring offer", summary: "£1,000 Honda deposit contribution on the CRF1100L Africa Twin.", terms: "Ended. Hire purchase, subject to status; 18s and over.",
      representativeExample: example({ apr: 7.9, rate: 4.1, cash: 14_649, deposit: 2_000, contribution: 1_000, credit: 11_649, months: 48, payments: 48, monthly: 282.5, totalPayable: 15_560 }) },
    { then: "withdraw", kind: "dealer", brand: "Harley-Davidson", models: [], branches: ["maidstone-harley-davidson"], validFrom: at(-10), validTo: at(20),
      title: "Free first service", summary: "Your first service free on any new Harley-Davidson.", terms: "Withdrawn early: the workshop is fully booked.", representativeExample: null },
    { then: "superseded", kind: "dealer", brand: "KTM", models: [], branches: ["laguna-ktm", "kent-motorcycles"], validFrom: at(-30), validTo: at(30),
      title: "Two years' warranty on approved used KTMs", summary: "Every approved used KTM comes with two years' parts and labour warranty.",
      terms: "Approved used KTMs under five years old bought during the offer. Wear and tear excluded.", representativeExample: null },
  ];
}

/** A step's result, or an error naming the seed step a rule refused and why. */
function must<T extends object>(what: string, result: Result<T>): T {
  if (!result.ok) throw new Error(`Seeding offers, ${what}: ${result.message}`);
  return result;
}

async function versionOf(id: string) {
  const [row] = await db().select({ version: offers.version }).from(offers).where(eq(offers.id, id));
  return row!.version;
}

/**
 * The demo offers, once: does nothing when any offer exists. Needs the demo branches, admin and
 * catalogue. Returns what it added.
 */
export async function seedOffers(): Promise<string[]> {
  const [existing] = await db().select({ id: offers.id }).from(offers).limit(1);
  if (existing) return [];
  const admin = await demoActor("admin@laguna.example");
  const compliance = await demoActor("compliance@laguna.example");
  const today = londonToday();
  const list = plans(today);
  const branchRows = await db().select({ id: branches.id, slug: branches.slug }).from(branches);
  const branchId = new Map(branchRows.map((b) => [b.slug, b.id]));
  const modelRows = await db()
    .select({ id: catalogueModels.id, make: catalogueModels.make, model: catalogueModels.model, modelYear: catalogueModels.modelYear })
    .from(catalogueModels)
    .where(or(...list.flatMap((plan) => plan.models.map((model) => and(eq(catalogueModels.make, plan.brand), eq(catalogueModels.model, model))))));
  const modelId = (brand: string, model: string) => {
    // The newest model year when the catalogue holds several.
    const found = modelRows.filter((row) => row.make === brand && row.model === model).sort((a, b) => (b.modelYear ?? 0) - (a.modelYear ?? 0))[0];
    if (!found) throw new Error(`Seeding offers needs the catalogue model ${brand} ${model}: seed the catalogue first.`);
    return found.id;
  };

  for (const { then, branches: slugs, models, ...rest } of list) {
    const fields: OfferFields = {
      ...rest,
      imageUrl: null,
      branchIds: slugs.map((slug) => {
        const id = branchId.get(slug);
        if (!id) throw new Error(`Seeding offers needs the branch ${slug}.`);
        return id;
      }),
      modelIds: models.map((model) => modelId(rest.brand, model)),
    };
    const { id } = must(`offer ${fields.title}`, await createOffer({ actor: admin, fields }));
    if (then === "draft") continue;
    // An offer that has ended was published while it ran: approve and publish it as of its first day.
    const publishedOn = fields.validTo < today ? fields.validFrom : today;
    if (isFinancePromotion(fields)) {
      const now = publishedOn === today ? new Date() : new Date(`${publishedOn}T09:00:00Z`);
      must(`approving ${fields.title}`, await approveOffer({ actor: compliance, id, version: await versionOf(id), now }));
    }
    must(`publishing ${fields.title}`, await publishOffer({ actor: admin, id, version: await versionOf(id), today: publishedOn }));
    if (then === "withdraw") must(`withdrawing ${fields.title}`, await withdrawOffer({ actor: admin, id, version: await versionOf(id) }));
    if (then === "superseded") {
      const revised = must(`revising ${fields.title}`, await reviseOffer({ actor: admin, id }));
      const changed = { ...fields, summary: `${fields.summary} Now with free roadside assistance for the first year.` };
      must(`updating ${fields.title}`, await updateDraft({ actor: admin, id: revised.id, version: await versionOf(revised.id), fields: changed }));
      must(`publishing revision 2 of ${fields.title}`, await publishOffer({ actor: admin, id: revised.id, version: await versionOf(revised.id) }));
    }
  }
  const [count] = await db().select({ n: sql<number>`count(*)::int` }).from(offers);
  return [`${count?.n ?? 0} demo offers`];
}
