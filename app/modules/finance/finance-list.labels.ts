// Browser-safe constants of the finance list (no zod, nothing from db/ at run time): the page, the
// dashboard and the query schema all read them.

/** Columns of the introductions table, in order; each id is a sort key the server knows. */
export const FINANCE_COLUMN_IDS = ["reference", "created", "branch", "staff", "customer", "vehicle", "product", "lender", "status", "commission", "paid"] as const;
export type FinanceColumnId = (typeof FINANCE_COLUMN_IDS)[number];

export const FINANCE_COLUMN_LABELS: Record<FinanceColumnId, string> = {
  reference: "Reference",
  created: "Created",
  branch: "Branch",
  staff: "Staff",
  customer: "Customer",
  vehicle: "Vehicle",
  product: "Product",
  lender: "Lender",
  status: "Status",
  commission: "Commission",
  paid: "Paid",
};

/** The exceptions a reviewer works through; each is a filter (`/finance?exception=…`) and a badge. */
export const FINANCE_EXCEPTIONS = ["review-needed", "paid-differs", "vulnerable", "stale-consent"] as const;
export type FinanceException = (typeof FINANCE_EXCEPTIONS)[number];

export const EXCEPTION_LABELS: Record<FinanceException, string> = {
  "review-needed": "High commission awaiting review",
  "paid-differs": "Paid differs from confirmed",
  vulnerable: "Vulnerable customer",
  "stale-consent": "Consent older than 30 days",
};

/** A deal's consent to the disclosure goes stale (for a deal not yet signed) after this many days. */
export const CONSENT_STALE_DAYS = 30;

export interface DealFlags {
  reviewNeeded: boolean;
  paidDiffers: boolean;
  vulnerable: boolean;
  staleConsent: boolean;
  legalHold: boolean;
}

/** The badges of the flags column, in the order they show: short text, a class and a longer title. */
export const FLAG_BADGES: { key: keyof DealFlags; text: string; className: string; title: string }[] = [
  { key: "reviewNeeded", text: "Review needed", className: "badge danger", title: "The commission reaches a review threshold and no admin has reviewed this amount" },
  { key: "paidDiffers", text: "Paid ≠ confirmed", className: "badge danger", title: "The commission paid differs from the amount confirmed to the customer" },
  { key: "vulnerable", text: "Vulnerable", className: "badge warn", title: "The customer has characteristics of vulnerability" },
  { key: "staleConsent", text: "Consent > 30 days old", className: "badge warn", title: `Not signed, and the customer's consent is more than ${CONSENT_STALE_DAYS} days old` },
  { key: "legalHold", text: "Legal hold", className: "badge", title: "A legal hold is in place on this deal's record" },
];

/** "Triumph Street Triple" for a described bike; a stock bike's description already carries its make. */
export function vehicleLabel(row: { vehicleDescription: string; vehicleBrand: string }) {
  const description = row.vehicleDescription.trim();
  if (!description) return row.vehicleBrand;
  return description.toLowerCase().includes(row.vehicleBrand.toLowerCase()) ? description : `${row.vehicleBrand} ${description}`;
}
