import type {
  AttemptOutcome,
  CommissionBasis,
  CONSENT_METHODS,
  DealStatus,
  DisclosureMedium,
  EntryKind,
  OTHER_PAYMENT_KINDS,
  Product,
  TieKind,
} from "@db/schema/finance";
import { formatPounds } from "~/utils/money";

// Type-only imports from the schema: these labels are safe in the browser bundle.
export type OtherPaymentKind = (typeof OTHER_PAYMENT_KINDS)[number];
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const TIE_KIND_LABELS: Record<TieKind, string> = {
  exclusivity: "Exclusivity",
  first_refusal: "First refusal",
  volume_target: "Volume target",
  stock_funding: "Stock funding",
  training_marketing_support: "Training and marketing support",
  other: "Other",
};

export const COMMISSION_BASIS_LABELS: Record<CommissionBasis, string> = {
  fixed_fee: "Fixed fee",
  percent_of_credit: "Fixed percentage of the amount of credit",
};

export const OTHER_PAYMENT_KIND_LABELS: Record<OtherPaymentKind, string> = {
  volume_bonus: "Volume bonus",
  panel_fee: "Panel fee",
  other: "Other",
};

export const PRODUCT_LABELS: Record<Product, string> = {
  hp: "Hire purchase (HP)",
  pcp: "Personal contract purchase (PCP)",
  conditional_sale: "Conditional sale",
  hire: "Hire (lease)",
  loan: "Personal loan",
};

export const DISCLOSURE_MEDIUM_LABELS: Record<DisclosureMedium, string> = {
  paper: "On paper",
  email: "By email",
  pdf: "As a PDF",
};

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  signed_paper: "Signed on paper",
  email_reply: "Email reply",
  e_signature: "Electronic signature",
  recorded_call: "Recorded call",
};

export const DEAL_STATUS_LABELS: Record<DealStatus, string> = {
  draft: "Draft",
  disclosed: "Disclosed",
  proposed: "Proposed",
  approved: "Approved",
  signed: "Signed",
  not_proceeding: "Not proceeding",
};

export const ATTEMPT_OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  pending: "Pending",
  accepted: "Accepted",
  declined: "Declined",
  referred: "Referred",
  withdrawn: "Withdrawn",
  countered: "Accepted on different terms",
};

export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  correction: "Correction",
  withdrawal: "Withdrawal",
  cancellation: "Cancellation",
  early_settlement: "Early settlement",
  clawback: "Commission clawback",
  commission_paid: "Commission paid",
  legal_hold_on: "Legal hold placed",
  legal_hold_off: "Legal hold lifted",
};

/** Why a basis other than a fixed fee or a fixed percentage is refused (shown on the form, sent by the server). */
export const DISCRETIONARY_COMMISSION_REFUSAL =
  "Commission that varies with the interest rate the broker sets (discretionary commission) has been banned since 28 January 2021 (FCA PS20/8). " +
  "Use a fixed fee or a fixed percentage of the amount of credit.";

/** The admin settings kept as versions (setting_versions.key). */
export const SETTING_LABELS = {
  regulatory_status: "Regulatory status wording",
  commission_review_thresholds: "Commission review thresholds",
  retention_rules: "Retention rules",
} as const;
export type SettingKey = keyof typeof SETTING_LABELS;

/** 150 basis points → "1.50%". */
export function formatBasisPoints(basisPoints: number) {
  return `${(basisPoints / 100).toFixed(2)}%`;
}

/** "£250.00 fixed fee" or "1.50% of the credit", with its reach: "(KTM)", "(KTM 790 Adventure)". */
export function describeSchedule(schedule: {
  basis: CommissionBasis;
  amountPence: number | null;
  percentBasisPoints: number | null;
  brand: string | null;
  modelLabel?: string | null;
}) {
  const amount =
    schedule.basis === "fixed_fee" ? `${formatPounds(schedule.amountPence)} fixed fee` : `${formatBasisPoints(schedule.percentBasisPoints ?? 0)} of the credit`;
  const reach = schedule.modelLabel ?? schedule.brand;
  return reach ? `${amount} (${reach})` : amount;
}

/** The short form of a document's SHA-256, enough to tell versions apart on screen. */
export function shortHash(sha256: string) {
  return sha256.slice(0, 12);
}
