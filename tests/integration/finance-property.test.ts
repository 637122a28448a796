// Property test of the finance deal state machine: random sequences of the real domain steps, in any
// order, with random lenders, media, times (each step's, some before the step it follows), people and
// amounts, against a fresh deal each run. After every
// step the regulated record, read back from the database, must still satisfy the rules.
import { asc, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@db/client";
import type { EntryKind, FinanceDeal } from "@db/schema/finance";
import type { SessionUser } from "~/modules/auth/permissions";
import { addDealEntry } from "~/modules/finance/deal-entries.server";
import { checkDealFigures, storedFigures } from "~/modules/finance/deal-figures";
import { approvedTermsOf, confirmCommission, proposeToLender, recordConsent, recordDisclosure, reviewCommission, signDeal } from "~/modules/finance/deal-steps.server";
import { decideAttempt, withdrawAcceptance } from "~/modules/finance/lender-answers.server";
import { DealFieldsSchema } from "~/modules/finance/deals.schema";
import { figuresOf } from "~/modules/finance/deals.server";
import { londonToday } from "~/utils/dates";
import { makeUser, seedGroup } from "../support/factories";
import { refusedWith } from "../support/database-errors";
import { acceptancesInForce, orderFaults, proposalFaults, reviewDue, signingFaults } from "../support/finance-oracle";
import { propertyOptions } from "../support/property";
import { dealFormValues, makeDeal, makePanel, versionOfDeal } from "../support/finance-factories";

const { financeDeals, dealDisclosures, dealConsents, lenderAttempts, commissionReviews, commissionConfirmations, dealEntries, acceptanceWithdrawals } = schema;
const MINUTE = 60_000;
const RUNS = 60;

let branch: string;
let finance: SessionUser;
let admin: SessionUser;
let lenders: string[];

beforeAll(async () => {
  branch = (await seedGroup())["laguna-ktm"]!;
  finance = await makeUser("finance", [branch]);
  admin = await makeUser("admin");
  const panel = await makePanel(); // KTM's captive lender (4% of credit, a tie) and a general lender (£400)
  lenders = [panel.captive.id, panel.general.id];
});

// --- Actions ----------------------------------------------------------------------------------------

/**
 * When a timed step says it happened: usually a little after the previous step, sometimes before it,
 * never in the future (the steps refuse future times; see "steps dated in the future" below).
 */
const when = fc.record({ after: fc.integer({ min: -20, max: 60 }) });
const lender = fc.constantFrom(0, 1);
/** Who records a step: the deal's finance user, or sometimes an admin (four eyes: an admin who disclosed or reviewed may not review or sign). */
const by = fc.constantFrom("finance" as const, "finance" as const, "admin" as const);
const action = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("disclose" as const), lender, medium: fc.constantFrom("paper", "email", "pdf", "sms"), when, by }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("consent" as const), type: fc.constantFrom("initial" as const, "fresh" as const), method: fc.constantFrom("signed_paper" as const, "email_reply" as const, "e_signature" as const, "recorded_call" as const), when }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("propose" as const), lender, reason: fc.boolean(), when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("decide" as const), outcome: fc.constantFrom("accepted" as const, "accepted" as const, "countered" as const, "declined" as const, "referred" as const, "withdrawn" as const), when }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw-acceptance" as const), when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("confirm" as const), relation: fc.constantFrom("below", "equal", "above"), medium: fc.constantFrom("paper" as const, "email" as const, "pdf" as const), when }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("review" as const), decision: fc.constantFrom("approved" as const, "rejected" as const), when }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("sign" as const), when, by }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("entry" as const), entry: fc.constantFrom<EntryKind>("commission_paid", "correction", "withdrawal", "clawback", "legal_hold_on") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("tamper" as const), set: fc.constantFrom<Partial<FinanceDeal>>({ customerName: "Changed" }, { status: "draft" }, { agreementNumber: "FORGED-1" }, { signedFigures: null }) }) },
  // The step the deal's record calls for next (so runs get as far as signing), with random choices;
  // one in three dares to sign instead of the fresh consent or review the record calls for.
  // Its time is mostly after the previous step's, sometimes before it (refused).
  { weight: 30, arbitrary: fc.record({ kind: fc.constant("advance" as const), lender, relation: fc.constantFrom("below", "equal", "above"), dare: fc.constantFrom(false, false, true), when: fc.oneof({ weight: 5, arbitrary: fc.record({ after: fc.integer({ min: 0, max: 30 }) }) }, { weight: 1, arbitrary: when }) }) },
);
/** A step's time: minutes after the previous step's, or minutes from now into the future (refused by the steps). */
type When = { after: number } | { future: number };
type WithAnyTime<A> = A extends { when: unknown } ? Omit<A, "when"> & { when: When } : A;
type Action = WithAnyTime<typeof action extends fc.Arbitrary<infer A> ? A : never>;

/** The deal's figures: ordinary (commission under the review thresholds) or a small charge for credit (over them). */
// 40 × £275 on £10,000 is 5.8% APR (worked apart from the engine).
const figures = fc.constantFrom<Record<string, string>>({}, { regularPaymentCount: "40", monthlyPaymentPence: "275", aprBasisPoints: "5.8", chargeForCreditPence: "1000", totalPayablePence: "12000" });

interface Run {
  id: string;
  clock: number;
  tick: number;
  snapshot: FinanceDeal | null;
}

function timeOf(run: Run, at: When) {
  run.tick += 1; // no two steps at the same instant, so "latest" is never a tie
  if ("future" in at) return new Date(Date.now() + at.future * MINUTE + run.tick);
  run.clock += at.after * MINUTE;
  return new Date(run.clock + run.tick);
}

async function record(dealId: string) {
  const [deal] = await db().select().from(financeDeals).where(eq(financeDeals.id, dealId));
  const [disclosures, consents, attempts, reviews, confirmations, entries] = await Promise.all([
    db().select().from(dealDisclosures).where(eq(dealDisclosures.dealId, dealId)),
    db().select().from(dealConsents).where(eq(dealConsents.dealId, dealId)),
    db().select().from(lenderAttempts).where(eq(lenderAttempts.dealId, dealId)).orderBy(asc(lenderAttempts.sequence)),
    db().select().from(commissionReviews).where(eq(commissionReviews.dealId, dealId)).orderBy(asc(commissionReviews.createdAt)),
    db().select().from(commissionConfirmations).where(eq(commissionConfirmations.dealId, dealId)).orderBy(asc(commissionConfirmations.confirmedAt), asc(commissionConfirmations.createdAt)),
    db().select().from(dealEntries).where(eq(dealEntries.dealId, dealId)),
  ]);
  const withdrawals = await db().select().from(acceptanceWithdrawals).where(eq(acceptanceWithdrawals.dealId, dealId));
  return { deal: deal!, disclosures, consents, attempts, reviews, confirmations, entries, withdrawals };
}

/**
 * A counter-offer on the run's figures: the same £10,000 at a higher rate. Worked apart from the app:
 * 48 × £262 is 12.4% APR (charge £2,576); 40 × £285 is 8.2% (charge £1,400).
 */
function counterOffer(quote: unknown) {
  const small = storedFigures(quote).regularPaymentCount === 40;
  const typed: Record<string, string> = small
    ? { regularPaymentCount: "40", monthlyPaymentPence: "285", aprBasisPoints: "8.2", chargeForCreditPence: "1400", totalPayablePence: "12400" }
    : { monthlyPaymentPence: "262", aprBasisPoints: "12.4", chargeForCreditPence: "2576", totalPayablePence: "13576" };
  const fields = DealFieldsSchema.parse(dealFormValues(branch, typed));
  return { ...figuresOf(fields), commissionPence: (quote as { commissionPence: number }).commissionPence };
}

/** The step the record calls for next, as one of the random actions (with the advance's own choices). */
async function nextStep(run: Run, step: Extract<Action, { kind: "advance" }>): Promise<Action | null> {
  const { deal, disclosures, consents, attempts, reviews, confirmations, withdrawals } = await record(run.id);
  if (deal.signedAt) return null;
  const accepted = acceptancesInForce({ attempts, withdrawals })[0];
  if (!accepted) {
    if (attempts.some((a) => a.outcome === "pending")) return { kind: "decide", outcome: "accepted", when: step.when };
    const disclosure = disclosures.filter((d) => d.lenderId === lenders[step.lender]).at(-1);
    if (!disclosure) return { kind: "disclose", lender: step.lender, medium: "paper", when: step.when, by: "finance" };
    if (!consents.some((c) => c.kind === "initial" && c.givenAt >= disclosure.givenAt)) return { kind: "consent", type: "initial", method: "signed_paper", when: step.when };
    return { kind: "propose", lender: step.lender, reason: true, when: step.when };
  }
  const confirmed = confirmations.filter((c) => c.attemptId === accepted.id).at(-1);
  if (!confirmed) return { kind: "confirm", relation: step.relation, medium: "email", when: step.when };
  const estimate = disclosures.filter((d) => d.lenderId === accepted.lenderId).at(-1)?.estimatedCommissionPence ?? 0;
  if (confirmed.amountPence > estimate && !consents.some((c) => c.kind === "fresh" && c.givenAt >= confirmed.confirmedAt)) return step.dare ? { kind: "sign", when: step.when, by: "finance" } : { kind: "consent", type: "fresh", method: "email_reply", when: step.when };
  const review = reviews.at(-1);
  if (reviewDue(confirmed.amountPence, approvedTermsOf(accepted)) && !(review?.decision === "approved" && review.commissionPence === confirmed.amountPence)) {
    return step.dare ? { kind: "sign", when: step.when, by: "finance" } : { kind: "review", decision: "approved", when: step.when };
  }
  return { kind: "sign", when: step.when, by: "finance" };
}

async function perform(run: Run, step: Action): Promise<{ ok: boolean } | null> {
  const { id } = run;
  const base = async () => ({ actor: finance, id, version: await versionOfDeal(id) });
  const actors = { finance, admin };
  switch (step.kind) {
    case "disclose":
      return recordDisclosure({ ...(await base()), actor: actors[step.by], lenderId: lenders[step.lender]!, medium: step.medium, customerAskedAmount: false, amountToldToCustomer: "", givenAt: timeOf(run, step.when) });
    case "consent":
      return recordConsent({ ...(await base()), kind: step.type, method: step.method, givenAt: timeOf(run, step.when) });
    case "propose":
      return proposeToLender({ ...(await base()), lenderId: lenders[step.lender]!, orderReason: step.reason ? "The customer asked for this lender first." : "", proposedAt: timeOf(run, step.when) });
    case "decide": {
      const { attempts } = await record(id);
      const target = attempts.find((a) => a.outcome === "pending") ?? attempts.at(-1);
      const approved = step.outcome === "countered" && target ? counterOffer(target.quote) : undefined;
      return target ? decideAttempt({ ...(await base()), attemptId: target.id, outcome: step.outcome, approved, decidedAt: timeOf(run, step.when) }) : null;
    }
    case "withdraw-acceptance":
      return withdrawAcceptance({ ...(await base()), reason: "The customer let the offer lapse.", withdrawnAt: timeOf(run, step.when) });
    case "confirm": {
      const { attempts, disclosures, withdrawals } = await record(id);
      const accepted = acceptancesInForce({ attempts, withdrawals })[0];
      const estimate = accepted ? approvedTermsOf(accepted).commissionPence : (disclosures.at(-1)?.estimatedCommissionPence ?? 40_000);
      const amountPence = estimate + { below: -2_500, equal: 0, above: 2_500 }[step.relation]!;
      return confirmCommission({ ...(await base()), amountPence, medium: step.medium, confirmedAt: timeOf(run, step.when) });
    }
    case "review":
      return reviewCommission({ ...(await base()), actor: admin, decision: step.decision, note: "Checked against the schedule and the customer's file.", reviewedAt: timeOf(run, step.when) });
    case "sign": {
      const result = await signDeal({ ...(await base()), actor: actors[step.by], agreementNumber: `AG-${id.slice(0, 8)}`, signedAt: timeOf(run, step.when) });
      if (result.ok) run.snapshot = (await record(id)).deal;
      return result;
    }
    case "entry": {
      const needsAmount = ["commission_paid", "clawback"].includes(step.entry);
      const actor = step.entry === "legal_hold_on" ? admin : finance;
      return addDealEntry({ actor, id, kind: step.entry, effectiveOn: londonToday(), amountPence: needsAmount ? 40_000 : null, reason: "Recorded from the lender's statement." });
    }
    case "tamper": {
      const signed = (await record(id)).deal.signedAt !== null;
      if (signed) await expect(db().update(financeDeals).set(step.set).where(eq(financeDeals.id, id))).rejects.toEqual(refusedWith("finance log: a signed deal is never edited; add a dated entry instead"));
      return null;
    }
    case "advance": {
      const next = await nextStep(run, step);
      return next ? perform(run, next) : null;
    }
  }
}

// --- Invariants -------------------------------------------------------------------------------------

/** The rules, checked by the test's own oracle (tests/support/finance-oracle.ts), never by the app's. */
async function assertInvariants(run: Run, after: string) {
  const { deal, entries, ...rows } = await record(run.id);
  // Figures: the deal's and every lender's approved terms agree with the engine (whose own oracle is
  // tests/integration/deal-figures.test.ts); one acceptance at most is in force.
  expect(checkDealFigures(storedFigures(deal.quotedFigures)).ok, `${after}: the quoted figures disagree`).toBe(true);
  for (const attempt of rows.attempts) {
    const accepts = attempt.outcome === "accepted" || attempt.outcome === "countered";
    expect(attempt.approvedFigures !== null, `${after}: attempt ${attempt.sequence} ${attempt.outcome} with${accepts ? "out" : ""} approved terms`).toBe(accepts);
    if (accepts) expect(checkDealFigures(storedFigures(attempt.approvedFigures)).ok, `${after}: approved terms disagree`).toBe(true);
  }
  expect(acceptancesInForce(rows).length, `${after}: more than one acceptance in force`).toBeLessThanOrEqual(1);
  expect(proposalFaults(rows), after).toEqual([]);
  // Every event in order, and no review by someone who took part, at every step (signed or not).
  expect(orderFaults(deal, rows), after).toEqual([]);
  // Entries record what happens after signing; only a legal hold may come before.
  if (!deal.signedAt) expect(entries.filter((e) => !e.kind.startsWith("legal_hold")), `${after}: an entry on an unsigned deal`).toEqual([]);
  if (!deal.signedAt) return;
  expect(signingFaults(deal, rows), after).toEqual([]);
  expect(checkDealFigures(storedFigures(deal.signedFigures)).ok, `${after}: signed figures disagree`).toBe(true);
  // A signed deal's row never changes.
  expect(deal, `${after}: the signed deal changed`).toEqual(run.snapshot);
}

describe("the deal state machine, driven by random sequences of steps", () => {
  it(
    `keeps disclosure and consent before proposal, confirmation (and fresh consent) and a second person's review before signing, every event in time order, figures the engine agrees with, signing on the approved terms, and signed rows frozen (${RUNS} runs)`,
    async () => {
      const reached = { signed: 0, freshConsent: 0, reviewed: 0, steps: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(figures, fc.array(action, { minLength: 8, maxLength: 12 }), async (overrides, steps) => {
          // 12 steps of at most an hour each from 13 hours ago stay in the past; the deal was recorded a
          // quarter of an hour before the first (a step dated earlier is refused).
          const start = Date.now() - 13 * 60 * MINUTE;
          const run: Run = { id: await makeDeal(finance, branch, overrides, new Date(start - 15 * MINUTE)), clock: start, tick: 0, snapshot: null };
          for (const [index, step] of steps.entries()) {
            const result = await perform(run, step);
            if (result && !result.ok) reached.refused += 1;
            reached.steps += 1;
            await assertInvariants(run, `after step ${index + 1} (${step.kind})`);
          }
          if (run.snapshot) {
            const { consents, reviews } = await record(run.id);
            reached.signed += 1;
            if (consents.some((c) => c.kind === "fresh")) reached.freshConsent += 1;
            if (reviews.length) reached.reviewed += 1;
          }
        }),
        propertyOptions("finance property", { numRuns: RUNS }),
      );
      console.info(`finance property: ${RUNS} runs, ${reached.steps} steps (${reached.refused} refused); ${reached.signed} signed (${reached.freshConsent} after fresh consent, ${reached.reviewed} reviewed)`);
    },
    240_000, // about 85 s on PostgreSQL alone; more on a busy machine
  );
});

// Found by this property when times could be in the future: a consent or disclosure dated ahead must
// never let a proposal come before it (future times are refused; only what was given by then counts).
describe("steps dated in the future", () => {
  const replay = async (steps: Action[]) => {
    const run: Run = { id: await makeDeal(finance, branch, {}, new Date(Date.now() - 61 * MINUTE)), clock: Date.now() - 60 * MINUTE, tick: 0, snapshot: null };
    for (const [index, step] of steps.entries()) {
      await perform(run, step);
      await assertInvariants(run, `after step ${index + 1} (${step.kind})`);
    }
  };

  it("a consent dated a minute ahead doesn't let a proposal come before it", async () => {
    await replay([
      { kind: "disclose", lender: 0, medium: "paper", when: { after: 0 }, by: "finance" },
      { kind: "consent", type: "initial", method: "signed_paper", when: { future: 1 } },
      { kind: "propose", lender: 0, reason: false, when: { future: 0 } },
    ]);
  });

  it("a disclosure dated four minutes ahead doesn't let a proposal come before it", async () => {
    await replay([
      { kind: "disclose", lender: 0, medium: "paper", when: { future: 4 }, by: "finance" },
      { kind: "consent", type: "initial", method: "signed_paper", when: { future: 4 } },
      { kind: "propose", lender: 0, reason: false, when: { future: 0 } },
    ]);
  });
});
