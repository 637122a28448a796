import type { ApprovalKind } from "@db/schema/approvals";
import type { OfferApprovalState } from "./offer-approval-state";

export const KIND_LABELS: Record<ApprovalKind, string> = { offer: "Offer", disclosure_document: "Disclosure document", lender_tie: "Lender tie" };

export const APPROVAL_STATE_LABELS: Record<OfferApprovalState, string> = {
  not_needed: "Not a finance promotion",
  missing: "Awaiting approval",
  changed: "Changed since approval",
  lapsed: "Approval lapsed",
  current: "Approved",
};
