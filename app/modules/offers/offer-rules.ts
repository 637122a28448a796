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

// The representative example and its check by the credit-figures engine live in offer-example.ts.
export type { RepresentativeExample } from "./offer-example";
