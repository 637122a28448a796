import type { Category, Condition, VehicleStatus } from "@db/schema/stock";

// Type-only imports from the schema: these labels are safe in the browser bundle.
export const STATUS_LABELS: Record<VehicleStatus, string> = {
  in_stock: "In stock",
  reserved: "Reserved",
  in_transit: "In transit",
  sold: "Sold",
  delivered: "Delivered",
};

export const CONDITION_LABELS: Record<Condition, string> = {
  new: "New",
  pre_registered: "Pre-registered",
  ex_demo: "Ex-demo",
  used: "Used",
};

export const CATEGORY_LABELS: Record<Category, string> = {
  adventure: "Adventure",
  enduro: "Enduro",
  naked: "Naked",
  sport: "Sport",
  touring: "Touring",
  cruiser: "Cruiser",
  scooter: "Scooter",
  motocross: "Motocross",
  electric: "Electric",
  rally: "Rally",
  retro: "Retro",
};

export const AGEING_BUCKETS = ["0-30", "31-60", "61-90", "90+"] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

/** Days in stock → ageing bucket; derived, never stored. */
export function ageingBucket(days: number): AgeingBucket {
  if (days <= 30) return "0-30";
  if (days <= 60) return "31-60";
  if (days <= 90) return "61-90";
  return "90+";
}

export const STATUS_BADGE: Record<VehicleStatus, string> = {
  in_stock: "badge ok",
  reserved: "badge warn",
  in_transit: "badge",
  sold: "badge",
  delivered: "badge",
};

export function ageingLabel(bucket: AgeingBucket) {
  return bucket === "90+" ? "over 90 days" : `${bucket} days`;
}

/** "KTM 790 Adventure (2026)". */
export function modelLabel(model: { make: string; model: string; variant: string; modelYear: number | null }) {
  const name = [model.make, model.model, model.variant].filter(Boolean).join(" ");
  return model.modelYear ? `${name} (${model.modelYear})` : name;
}
