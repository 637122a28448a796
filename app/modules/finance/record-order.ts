import { CLOCK_SLACK_MS, formatInstant } from "~/utils/dates";

/**
 * The order of events on a deal's record, in one place: each step names the steps it can't come
 * before, and the four-eyes rule for a high-commission review. The steps (deal-steps.server.ts,
 * lender-answers.server.ts) refuse a step out of order with the step it conflicts with; the figures
 * check lists stored records that break it. The database holds the same rules (migration 0020).
 */

interface Entered {
  createdAt: Date;
}
export interface OrderRecord {
  disclosures: (Entered & { id: string; lenderId: string; givenAt: Date; givenBy: string })[];
  consents: (Entered & { id: string; disclosureId: string | null; kind: "initial" | "fresh"; givenAt: Date })[];
  attempts: (Entered & { id: string; sequence: number; lenderId: string; proposedAt: Date; decidedAt: Date | null; decisionRecordedAt: Date | null })[];
  withdrawals: (Entered & { attemptId: string; withdrawnAt: Date })[];
  confirmations: (Entered & { attemptId: string; confirmedAt: Date })[];
  reviews: (Entered & { id: string; attemptId: string | null; reviewerId: string; reviewedAt: Date })[];
}
export interface OrderDeal {
  createdAt: Date;
  staffId: string;
  signedAt: Date | null;
  signedBy: string | null;
}

export type Step =
  | { kind: "disclosure" }
  | { kind: "consent"; fresh: boolean; disclosureId: string | null }
  | { kind: "proposal"; lenderId: string; sequence: number }
  | { kind: "answer"; attemptId: string }
  | { kind: "withdrawal"; attemptId: string }
  | { kind: "confirmation"; attemptId: string }
  | { kind: "review"; attemptId: string | null }
  | { kind: "signing" };

const LABELS: Record<Step["kind"], string> = {
  disclosure: "The disclosure",
  consent: "Consent",
  proposal: "The proposal",
  answer: "The lender's answer",
  withdrawal: "The withdrawal of the acceptance",
  confirmation: "The commission confirmation",
  review: "The review",
  signing: "Signing",
};
// Stryker disable next-line ConditionalExpression: only a consent step has `fresh`; the kind check is for the type
export const stepLabel = (step: Step) => (step.kind === "consent" && step.fresh ? "Fresh consent" : LABELS[step.kind]);

interface Bound {
  what: string;
  at: Date;
}
const wholeSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);
const latest = (bounds: (Bound | null)[]) => bounds.filter((b): b is Bound => b !== null).sort((a, b) => b.at.getTime() - a.at.getTime())[0] ?? null;
const bound = (what: string, at: Date | null | undefined): Bound | null => (at ? { what, at } : null);
const maxOf = (what: string, times: (Date | null)[]) => latest(times.map((at) => bound(what, at)));

/** The steps `step` can't come before, from what the record holds (the recording of the deal always). */
function boundsOf(step: Step, deal: OrderDeal, record: OrderRecord): (Bound | null)[] {
  const created = bound("recording of the deal", wholeSecond(deal.createdAt));
  const attempt = "attemptId" in step ? record.attempts.find((a) => a.id === step.attemptId) : undefined;
  switch (step.kind) {
    case "disclosure":
      return [created];
    case "consent": {
      const disclosure = record.disclosures.find((d) => d.id === step.disclosureId) ?? latestBy(record.disclosures, (d) => d.givenAt);
      const confirmation = step.fresh ? maxOf("commission confirmation", record.confirmations.map((c) => c.confirmedAt)) : null;
      return [created, bound("disclosure", disclosure?.givenAt), confirmation];
    }
    case "proposal":
      return [
        created,
        maxOf("lender's answer", record.attempts.filter((a) => a.sequence < step.sequence).map((a) => a.decidedAt)),
        maxOf("withdrawal of the acceptance", record.withdrawals.map((w) => w.withdrawnAt)),
      ];
    case "answer":
      return [created, bound("proposal", attempt?.proposedAt)];
    case "withdrawal":
    case "confirmation":
      return [created, bound("lender's acceptance", attempt?.decidedAt)];
    case "review":
      return [
        created,
        bound("lender's acceptance", attempt?.decidedAt),
        maxOf("commission confirmation", record.confirmations.filter((c) => c.attemptId === step.attemptId).map((c) => c.confirmedAt)),
      ];
    case "signing":
      return [
        created,
        maxOf("disclosure", record.disclosures.map((d) => d.givenAt)),
        maxOf("consent", record.consents.filter((c) => c.kind === "initial").map((c) => c.givenAt)),
        // Stryker disable next-line MethodExpression,ConditionalExpression: counting initial consents here too changes nothing: a later initial one is named first, as "consent"
      maxOf("fresh consent", record.consents.filter((c) => c.kind === "fresh").map((c) => c.givenAt)),
        maxOf("proposal", record.attempts.map((a) => a.proposedAt)),
        maxOf("lender's answer", record.attempts.map((a) => a.decidedAt)),
        maxOf("withdrawal of the acceptance", record.withdrawals.map((w) => w.withdrawnAt)),
        maxOf("commission confirmation", record.confirmations.map((c) => c.confirmedAt)),
        maxOf("review", record.reviews.map((r) => r.reviewedAt)),
      ];
  }
}

function latestBy<T>(rows: T[], at: (row: T) => Date) {
  return [...rows].sort((a, b) => at(b).getTime() - at(a).getTime())[0];
}

/** A proposal needs the customer's consent to that lender's latest disclosure before it; null when it has one. */
export function proposalConsentProblem(lenderId: string, at: Date, record: Pick<OrderRecord, "disclosures" | "consents">) {
  const disclosures = record.disclosures.filter((d) => d.lenderId === lenderId);
  const disclosure = latestBy(disclosures.filter((d) => d.givenAt <= at), (d) => d.givenAt);
  if (!disclosure) {
    const later = disclosures.sort((a, b) => a.givenAt.getTime() - b.givenAt.getTime())[0];
    return later ? `The proposal can't be before the disclosure of ${formatInstant(later.givenAt)}.` : "Disclose this lender's commission to the customer before proposing to it.";
  }
  const consents = record.consents.filter((c) => c.kind === "initial" && c.givenAt >= disclosure.givenAt);
  if (consents.some((c) => c.givenAt <= at)) return null;
  const later = consents.sort((a, b) => a.givenAt.getTime() - b.givenAt.getTime())[0];
  return later ? `The proposal can't be before the consent of ${formatInstant(later.givenAt)}.` : "Record the customer's consent to the disclosure before proposing.";
}

/**
 * Why `step` can't be recorded as happening `at`, or null: in the future (beyond the clock slack, by
 * `now`), before a step it follows (the latest such is named), or after the deal's signing.
 */
export function orderProblem(step: Step, at: Date, deal: OrderDeal, record: OrderRecord, now = new Date()) {
  const label = stepLabel(step);
  if (at.getTime() > now.getTime() + CLOCK_SLACK_MS) return `${label} can't be in the future.`;
  const conflict = latest(boundsOf(step, deal, record).filter((b) => b !== null && at < b.at));
  if (conflict) return `${label} can't be before the ${conflict.what} of ${formatInstant(conflict.at)}.`;
  if (step.kind === "proposal") {
    const problem = proposalConsentProblem(step.lenderId, at, record);
    if (problem) return problem;
  }
  if (deal.signedAt && step.kind !== "signing" && at > deal.signedAt) return `${label} can't be after the signing of ${formatInstant(deal.signedAt)}.`;
  return null;
}

/** Why `who` can't review this deal's commission (four eyes), or null. */
export function reviewerProblem(who: string, deal: OrderDeal, record: Pick<OrderRecord, "disclosures">) {
  if (who === deal.staffId) return "the deal's own member of staff can't review its commission";
  if (record.disclosures.some((d) => d.givenBy === who)) return "whoever gave the deal's disclosure can't review its commission";
  if (deal.signedBy === who) return "whoever signed the deal can't review its commission";
  return null;
}

/** Why `who` can't give this deal's disclosure (they reviewed its commission), or null. */
export function disclosurerProblem(who: string, record: Pick<OrderRecord, "reviews">) {
  return record.reviews.some((r) => r.reviewerId === who) ? "whoever reviewed the deal's commission can't give its disclosure" : null;
}

/** Why `who` can't sign this deal (they reviewed its commission), or null. */
export function signerProblem(who: string, record: Pick<OrderRecord, "reviews">) {
  return record.reviews.some((r) => r.reviewerId === who) ? "whoever reviewed the deal's commission can't sign it" : null;
}

/** The record as it stood when a row was entered: what was entered by then (one transaction's rows share a time). */
function enteredBefore(record: OrderRecord, enteredAt: Date): OrderRecord {
  const before = <T extends Entered>(rows: T[]) => rows.filter((row) => row.createdAt <= enteredAt);
  return {
    disclosures: before(record.disclosures),
    consents: before(record.consents),
    attempts: before(record.attempts).map((a) => (a.decisionRecordedAt && a.decisionRecordedAt > enteredAt ? { ...a, decidedAt: null } : a)),
    withdrawals: before(record.withdrawals),
    confirmations: before(record.confirmations),
    reviews: before(record.reviews),
  };
}

/**
 * Everything out of order on a stored record, or self-reviewed, judged as each row was entered (for
 * `npm run finance:check`): rows stored before the rules, or written around them.
 */
export function recordOrderProblems(deal: OrderDeal & { updatedAt: Date }, record: OrderRecord): string[] {
  const found: string[] = [];
  const check = (step: Step, at: Date | null, enteredAt: Date, what: string) => {
    if (!at) return;
    const problem = orderProblem(step, at, deal, enteredBefore(record, enteredAt), enteredAt);
    if (problem) found.push(`${what} (${formatInstant(at)}): ${problem}`);
  };
  for (const d of record.disclosures) check({ kind: "disclosure" }, d.givenAt, d.createdAt, "Disclosure");
  for (const c of record.consents) check({ kind: "consent", fresh: c.kind === "fresh", disclosureId: c.disclosureId }, c.givenAt, c.createdAt, c.kind === "fresh" ? "Fresh consent" : "Consent");
  for (const a of record.attempts) {
    check({ kind: "proposal", lenderId: a.lenderId, sequence: a.sequence }, a.proposedAt, a.createdAt, `Proposal ${a.sequence}`);
    check({ kind: "answer", attemptId: a.id }, a.decidedAt, a.decisionRecordedAt ?? a.createdAt, `Answer to proposal ${a.sequence}`);
  }
  for (const w of record.withdrawals) check({ kind: "withdrawal", attemptId: w.attemptId }, w.withdrawnAt, w.createdAt, "Withdrawal of the acceptance");
  for (const c of record.confirmations) check({ kind: "confirmation", attemptId: c.attemptId }, c.confirmedAt, c.createdAt, "Commission confirmation");
  for (const r of record.reviews) {
    check({ kind: "review", attemptId: r.attemptId }, r.reviewedAt, r.createdAt, "Review");
    const problem = reviewerProblem(r.reviewerId, deal, record);
    if (problem) found.push(`Review (${formatInstant(r.reviewedAt)}): self-reviewed: ${problem}.`);
  }
  // A signed deal is frozen: its last update is when the signing was entered (check skips an unsigned one).
  check({ kind: "signing" }, deal.signedAt, new Date(deal.updatedAt.getTime() + 1), "Signing");
  return found;
}
