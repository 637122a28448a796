export type OfferApprovalState = "not_needed" | "missing" | "changed" | "lapsed" | "current";
