import type { Vehicle } from "@db/schema/stock";
import { canSeeCost, type SessionUser } from "~/modules/auth/permissions";
import { formatPounds } from "~/utils/money";
import { STATUS_LABELS } from "./labels";

const FIELD_LABELS: Partial<Record<keyof Vehicle, string>> = {
  status: "status",
  retailPricePence: "retail price",
  costPricePence: "cost price",
  vin: "VIN",
  registration: "registration",
  mileage: "mileage",
  colour: "colour",
  condition: "condition",
  modelId: "model",
  branchId: "branch",
  inStockOn: "date into stock",
  notes: "notes",
  photos: "photos",
  previousKeepers: "previous keepers",
  v5cHeld: "V5C",
};

function describeValue(key: string, value: unknown) {
  if (value === null || value === undefined || value === "") return "blank";
  if (key.endsWith("Pence") && typeof value === "number") return formatPounds(value);
  if (key === "status") return STATUS_LABELS[value as Vehicle["status"]] ?? String(value);
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  return String(value);
}

/** One audit row of a bike: its state before and after a change, and who made it. */
export interface VehicleChange {
  before: unknown;
  after: unknown;
  actorEmail: string | null;
}

/**
 * What the audit rows `rows` (oldest first) changed, for a refused stale edit: "retail price £8,999.00
 * → £8,499.00 (by manager@…)"; "" when none. The cost is named only to a viewer who may see the cost of
 * a bike of `branchId` (canSeeCost): the message is as much a view of the bike as its page.
 */
export function describeChanges(rows: VehicleChange[], viewer: SessionUser, branchId: string) {
  if (rows.length === 0) return "";
  const first = (rows[0]!.before ?? {}) as Record<string, unknown>;
  const last = (rows[rows.length - 1]!.after ?? {}) as Record<string, unknown>;
  const fields = Object.entries(FIELD_LABELS).filter(([key]) => key !== "costPricePence" || canSeeCost(viewer, branchId));
  const changed = fields
    .filter(([key]) => JSON.stringify(first[key]) !== JSON.stringify(last[key]))
    .map(([key, label]) => `${label} ${describeValue(key, first[key])} → ${describeValue(key, last[key])}`);
  const who = [...new Set(rows.map((row) => row.actorEmail ?? "the system"))].join(", ");
  return `${changed.join("; ") || "details"} (by ${who})`;
}
