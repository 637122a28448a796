/**
 * The design's access matrix, in one place. No `.server`: the UI reads it to hide what a user can't
 * do, and the server guards with the same function. Branch scoping is also applied in queries.
 */
export const ROLES = ["admin", "manager", "finance", "compliance"] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  branchIds: string[];
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  manager: "Branch manager",
  finance: "Finance",
  compliance: "Compliance",
};

export type Action =
  | "dashboard:view"
  | "stock:view"
  | "stock:view-cost"
  | "stock:edit"
  | "stock:reserve"
  | "stock:transfer"
  | "catalogue:edit"
  | "finance:view"
  | "finance:edit"
  | "finance:review"
  | "finance:view-vulnerability"
  | "lenders:view"
  | "lenders:edit"
  | "offers:view"
  | "offers:edit-dealer"
  | "offers:edit-manufacturer"
  | "users:manage"
  | "branches:manage"
  | "audit:view"
  | "complaints:view"
  | "complaints:edit"
  | "breaches:manage"
  | "oversight:export"
  | "promotions:approve"
  | "reviews:manage"
  | "reviews:actions"
  | "customers:view"
  | "customers:edit"
  | "customers:merge"
  | "customers:export"
  | "privacy:manage"
  | "privacy:rules";

// Admins may do everything; this lists what the other roles may do (within their branches).
const MATRIX: Record<Exclude<Role, "admin">, readonly Action[]> = {
  manager: [
    "dashboard:view",
    "stock:view",
    "stock:view-cost",
    "stock:edit",
    "stock:reserve",
    "stock:transfer",
    "catalogue:edit",
    "finance:view",
    "lenders:view",
    "offers:view",
    "offers:edit-dealer",
    "complaints:view",
    "complaints:edit",
    "reviews:actions",
    "customers:view",
    "customers:edit",
  ],
  // Vulnerability notes are special-category data: finance staff of the deal's branch, compliance and
  // admins read them (each view logged); a branch manager sees only that the customer may be vulnerable.
  finance: ["dashboard:view", "stock:view", "stock:reserve", "finance:view", "finance:edit", "finance:view-vulnerability", "lenders:view", "offers:view", "complaints:view", "complaints:edit", "reviews:actions", "customers:view", "customers:edit"],
  // The group's compliance officer and the principal firm's reviewers: they read every branch's record
  // and change no stock, deal or user; they review commission, handle complaints, approve promotions, run
  // file reviews and answer privacy requests (admins may too, as they may review commission: four eyes
  // keeps anyone from approving their own).
  compliance: [
    "dashboard:view", "stock:view", "finance:view", "finance:review", "finance:view-vulnerability", "lenders:view", "offers:view", "audit:view", "complaints:view", "complaints:edit",
    "breaches:manage", "oversight:export", "promotions:approve", "reviews:manage", "reviews:actions", "customers:view", "customers:export", "privacy:manage",
  ],
};

/** Admins and compliance cover every branch; everyone else works within their own. */
export function seesAllBranches(user: Pick<SessionUser, "role">): boolean {
  return user.role === "admin" || user.role === "compliance";
}

/** May `user` do `action`, and (when a branch is named) within that branch? */
export function can(user: SessionUser, action: Action, branchId?: string): boolean {
  if (user.role === "admin") return true;
  if (!MATRIX[user.role].includes(action)) return false;
  return branchId === undefined || seesAllBranches(user) || user.branchIds.includes(branchId);
}

/**
 * May `user` see cost price and margin: of a bike of `branchId`, or (no branch named) of some branch's?
 * The one rule for cost, wherever a cost figure could reach a user: pages, lists, CSV, forms, imports
 * and the "someone else changed this" messages.
 */
export function canSeeCost(user: SessionUser, branchId?: string): boolean {
  return can(user, "stock:view-cost", branchId);
}

const DESCRIPTIONS: Record<Action, string> = {
  "dashboard:view": "view the dashboard",
  "stock:view": "view stock",
  "stock:view-cost": "see cost prices",
  "stock:edit": "change stock",
  "stock:reserve": "reserve stock",
  "stock:transfer": "transfer stock",
  "catalogue:edit": "edit the model catalogue",
  "finance:view": "view finance introductions",
  "finance:edit": "record finance introductions",
  "finance:review": "review high commission",
  "finance:view-vulnerability": "see vulnerability notes",
  "lenders:view": "view the lender panel",
  "lenders:edit": "edit the lender panel",
  "offers:view": "view offers",
  "offers:edit-dealer": "edit dealer offers",
  "offers:edit-manufacturer": "edit manufacturer offers",
  "users:manage": "manage users",
  "branches:manage": "manage branches",
  "audit:view": "view the audit log",
  "complaints:view": "view complaints",
  "complaints:edit": "record and handle complaints",
  "breaches:manage": "keep the breach log",
  "oversight:export": "export the principal's oversight figures",
  "promotions:approve": "approve promotions",
  "reviews:manage": "run file reviews",
  "reviews:actions": "see and close file-review actions",
  "customers:view": "view customers",
  "customers:edit": "record and change customers",
  "customers:merge": "merge customer records",
  "customers:export": "export what is held on a customer",
  "privacy:manage": "handle retention and erasure requests",
  "privacy:rules": "set the retention rules",
};

export function describeAction(action: Action) {
  return DESCRIPTIONS[action];
}
