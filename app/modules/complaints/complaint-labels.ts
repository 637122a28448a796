import type { ComplaintCategory, ComplaintChannel, ComplaintOutcome, ComplaintStatus, ComplaintStepKind } from "@db/schema/complaints";

export const CHANNEL_LABELS: Record<ComplaintChannel, string> = {
  in_person: "In person",
  phone: "Phone",
  email: "Email",
  letter: "Letter",
  web_form: "Website form",
  social_media: "Social media",
};

export const CATEGORY_LABELS: Record<ComplaintCategory, string> = {
  finance_commission: "Finance and commission",
  vehicle: "The vehicle",
  sale: "The sale",
  service: "Service",
  other: "Other",
};

export const STATUS_LABELS: Record<ComplaintStatus, string> = {
  open: "Open",
  resolved_summary: "Resolved (summary resolution)",
  final_response: "Final response sent",
  at_ombudsman: "At the Ombudsman",
  ombudsman_decided: "Ombudsman decided",
};

export const STEP_LABELS: Record<ComplaintStepKind, string> = {
  acknowledged: "Acknowledged",
  holding_response: "Holding response",
  summary_resolution: "Summary resolution communication",
  final_response: "Final response",
  redress_offered: "Redress offered",
  redress_paid: "Redress paid",
  referred_to_ombudsman: "Referred to the Financial Ombudsman",
  ombudsman_outcome: "The Ombudsman's outcome",
  root_cause: "Root cause",
};

export const OUTCOME_LABELS: Record<ComplaintOutcome, string> = {
  upheld: "Upheld",
  partly_upheld: "Partly upheld",
  not_upheld: "Not upheld",
};

export const VIEW_LABELS = {
  open: "Open",
  overdue: "Overdue",
  "due-this-week": "Due within 7 days",
  closed: "Closed",
  all: "All",
} as const;
