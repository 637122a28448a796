import type { OfferKind, OfferState } from "@db/schema/offers";

// Pure and browser-safe (type-only schema imports): the server decides with these, the UI shows them.

export type OfferStatus = "draft" | "scheduled" | "live" | "expired" | "withdrawn" | "superseded";

export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  live: "Live",
  expired: "Expired",
  withdrawn: "Withdrawn",
  superseded: "Superseded",
};

export const OFFER_KIND_LABELS: Record<OfferKind, string> = {
  manufacturer: "Manufacturer",
  dealer: "Dealer exclusive",
};

/**
 * Scheduled, live and expired are derived from the London day (YYYY-MM-DD), never stored: an offer is
 * live from the start of valid_from to the end of valid_to, whatever the clocks did in between.
 */
export function offerStatus(offer: { state: OfferState; validFrom: string; validTo: string }, today: string): OfferStatus {
  if (offer.state !== "published") return offer.state;
  if (today < offer.validFrom) return "scheduled";
  if (today > offer.validTo) return "expired";
  return "live";
}

export const COMBINING_REFUSAL = "Manufacturer offers can't be combined with a dealer exclusive offer: remove one before adding the other.";

/** Why these offers can't be applied together, or null. */
export function combiningProblem(kinds: OfferKind[]) {
  return kinds.includes("manufacturer") && kinds.includes("dealer") ? COMBINING_REFUSAL : null;
}

/** A finance offer's representative example, in pence and basis points. */
export interface RepresentativeExample {
  aprBasisPoints: number;
  ratePercentBasisPoints: number;
  rateFixed: boolean;
  cashPricePence: number;
  depositPence: number;
  depositContributionPence: number;
  creditPence: number;
  termMonths: number;
  monthlyPaymentPence: number;
  finalPaymentPence: number;
  feesPence: number;
  totalPayablePence: number;
}

/**
 * The example must add up, within a penny: credit = cash price − deposit − contribution, and total
 * payable = deposit + every payment (monthly × term, plus any final payment) + fees.
 */
export function exampleProblems(e: RepresentativeExample): { field: keyof RepresentativeExample; message: string }[] {
  const problems: { field: keyof RepresentativeExample; message: string }[] = [];
  const credit = e.cashPricePence - e.depositPence - e.depositContributionPence;
  if (Math.abs(credit - e.creditPence) > 1) {
    problems.push({ field: "creditPence", message: `The amount of credit should be the cash price less the deposit and contribution: ${(credit / 100).toFixed(2)}.` });
  }
  const payable = e.depositPence + e.monthlyPaymentPence * e.termMonths + e.finalPaymentPence + e.feesPence;
  if (Math.abs(payable - e.totalPayablePence) > 1) {
    problems.push({ field: "totalPayablePence", message: `The total payable should be the deposit plus the payments and fees: ${(payable / 100).toFixed(2)}.` });
  }
  return problems;
}
