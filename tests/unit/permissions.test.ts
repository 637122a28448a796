import { describe, expect, it } from "vitest";
import { can, canSeeCost, describeAction, ROLE_LABELS, ROLES, seesAllBranches, type Action, type Role, type SessionUser } from "~/modules/auth/permissions";

// The design's access matrix, copied here by hand (an oracle independent of permissions.ts):
// A = admin, M = branch manager, F = finance staff, C = compliance.
const EXPECTED: Record<Action, { roles: string; says: string }> = {
  "dashboard:view": { roles: "AMFC", says: "view the dashboard" },
  "stock:view": { roles: "AMFC", says: "view stock" },
  "stock:view-cost": { roles: "AM", says: "see cost prices" },
  "stock:edit": { roles: "AM", says: "change stock" },
  "stock:reserve": { roles: "AMF", says: "reserve stock" },
  "stock:transfer": { roles: "AM", says: "transfer stock" },
  "catalogue:edit": { roles: "AM", says: "edit the model catalogue" },
  "finance:view": { roles: "AMFC", says: "view finance introductions" },
  "finance:edit": { roles: "AF", says: "record finance introductions" },
  "finance:review": { roles: "AC", says: "review high commission" },
  "finance:view-vulnerability": { roles: "AFC", says: "see vulnerability notes" },
  "lenders:view": { roles: "AMFC", says: "view the lender panel" },
  "lenders:edit": { roles: "A", says: "edit the lender panel" },
  "offers:view": { roles: "AMFC", says: "view offers" },
  "offers:edit-dealer": { roles: "AM", says: "edit dealer offers" },
  "offers:edit-manufacturer": { roles: "A", says: "edit manufacturer offers" },
  "users:manage": { roles: "A", says: "manage users" },
  "branches:manage": { roles: "A", says: "manage branches" },
  "audit:view": { roles: "AC", says: "view the audit log" },
  "complaints:view": { roles: "AMFC", says: "view complaints" },
  "complaints:edit": { roles: "AMFC", says: "record and handle complaints" },
  "breaches:manage": { roles: "AC", says: "keep the breach log" },
  "oversight:export": { roles: "AC", says: "export the principal's oversight figures" },
  "promotions:approve": { roles: "AC", says: "approve promotions" },
  "reviews:manage": { roles: "AC", says: "run file reviews" },
  "reviews:actions": { roles: "AMFC", says: "see and close file-review actions" },
  "customers:view": { roles: "AMFC", says: "view customers" },
  "customers:edit": { roles: "AMF", says: "record and change customers" },
  "customers:merge": { roles: "A", says: "merge customer records" },
  "customers:export": { roles: "AC", says: "export what is held on a customer" },
  "privacy:manage": { roles: "AC", says: "handle retention and erasure requests" },
  "privacy:rules": { roles: "A", says: "set the retention rules" },
};
const LETTER: Record<Role, string> = { admin: "A", manager: "M", finance: "F", compliance: "C" };
const ACTIONS = Object.keys(EXPECTED) as Action[];

const userOf = (role: Role, branchIds: string[] = ["north"]): SessionUser => ({ id: "u1", email: "u@laguna.example", name: "U", role, branchIds });

describe("the access matrix", () => {
  it("has the four roles, labelled for people", () => {
    expect(ROLES).toEqual(["admin", "manager", "finance", "compliance"]);
    expect(ROLE_LABELS).toEqual({ admin: "Admin", manager: "Branch manager", finance: "Finance", compliance: "Compliance" });
  });

  for (const action of ACTIONS) {
    it(`lets exactly ${EXPECTED[action].roles} ${action}, and words it "${EXPECTED[action].says}"`, () => {
      for (const role of ROLES) {
        const allowed = EXPECTED[action].roles.includes(LETTER[role]);
        expect(can(userOf(role), action), `${role} ${action}`).toBe(allowed);
        expect(can(userOf(role), action, "north"), `${role} ${action} in their branch`).toBe(allowed);
      }
      expect(describeAction(action)).toBe(EXPECTED[action].says);
    });
  }

  it("limits managers and finance staff to their own branches; admins to none", () => {
    expect(can(userOf("manager", ["north"]), "stock:edit", "south")).toBe(false);
    expect(can(userOf("finance", ["north"]), "finance:edit", "south")).toBe(false);
    expect(can(userOf("finance", ["north", "south"]), "finance:edit", "south")).toBe(true);
    expect(can(userOf("manager", []), "stock:view")).toBe(true);
    expect(can(userOf("manager", []), "stock:view", "north")).toBe(false);
    expect(can(userOf("manager", ["north"]), "reviews:actions", "south")).toBe(false);
    expect(can(userOf("finance", ["north"]), "reviews:actions", "north")).toBe(true);
    expect(can(userOf("admin", []), "users:manage", "south")).toBe(true);
  });

  it("shows cost to admins anywhere and to managers in their branches, never to finance staff", () => {
    expect(canSeeCost(userOf("admin", []), "south")).toBe(true);
    expect(canSeeCost(userOf("manager", ["north"]), "north")).toBe(true);
    expect(canSeeCost(userOf("manager", ["north"]), "south")).toBe(false);
    expect(canSeeCost(userOf("manager", ["north"]))).toBe(true);
    expect(canSeeCost(userOf("finance", ["north"]), "north")).toBe(false);
    expect(canSeeCost(userOf("finance", ["north"]))).toBe(false);
    expect(canSeeCost(userOf("compliance", []), "south")).toBe(false);
  });

  it("shows vulnerability notes to finance staff of the deal's branch, compliance and admins, never to managers", () => {
    expect(can(userOf("finance", ["north"]), "finance:view-vulnerability", "north")).toBe(true);
    expect(can(userOf("finance", ["north"]), "finance:view-vulnerability", "south")).toBe(false);
    expect(can(userOf("manager", ["north"]), "finance:view-vulnerability", "north")).toBe(false);
    expect(can(userOf("compliance", []), "finance:view-vulnerability", "south")).toBe(true);
    expect(can(userOf("admin", []), "finance:view-vulnerability", "south")).toBe(true);
  });

  it("lets admins and compliance, and no other role, see every branch's record", () => {
    expect(seesAllBranches({ role: "admin" })).toBe(true);
    expect(seesAllBranches({ role: "compliance" })).toBe(true);
    expect(seesAllBranches({ role: "manager" })).toBe(false);
    expect(seesAllBranches({ role: "finance" })).toBe(false);
  });

  it("lets compliance read every branch and change none", () => {
    expect(can(userOf("compliance", []), "finance:view", "south")).toBe(true);
    expect(can(userOf("compliance", []), "finance:edit", "south")).toBe(false);
    expect(can(userOf("compliance", []), "stock:reserve", "south")).toBe(false);
  });
});
