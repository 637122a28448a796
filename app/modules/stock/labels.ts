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

/**
 * Each bucket's days in stock, both ends included; null is open. The one definition of the ranges: the
 * JavaScript bucket, the list's age filter and the dashboard's SQL buckets are all built from it.
 */
export const AGEING_RANGES: Record<AgeingBucket, readonly [min: number | null, max: number | null]> = {
  "0-30": [null, 30],
  "31-60": [31, 60],
  "61-90": [61, 90],
  "90+": [91, null],
};

/** Days in stock → ageing bucket; derived, never stored. A date in the future counts in the first. */
export function ageingBucket(days: number): AgeingBucket {
  return AGEING_BUCKETS.find((bucket) => {
    const max = AGEING_RANGES[bucket][1];
    return max === null || days <= max;
  })!;
}

export const STATUS_BADGE: Record<VehicleStatus, string> = {
  in_stock: "badge ok",
  reserved: "badge warn",
  in_transit: "badge",
  sold: "badge",
  delivered: "badge",
};

export function ageingLabel(bucket: AgeingBucket) {
  const [min, max] = AGEING_RANGES[bucket];
  return max === null ? `over ${min! - 1} days` : `${bucket} days`;
}

/** "KTM 790 Adventure (2026)". */
export function modelLabel(model: { make: string; model: string; variant: string; modelYear: number | null }) {
  const name = [model.make, model.model, model.variant].filter(Boolean).join(" ");
  return model.modelYear ? `${name} (${model.modelYear})` : name;
}
