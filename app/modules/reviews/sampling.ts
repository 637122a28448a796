/**
 * The monthly file-review sample, pure and reproducible: the same seed and the same signed deals give
 * the same sample, whatever order the deals are read in and whatever other branches hold.
 *
 * How: every deal gets a score, the first output of mulberry32 seeded with (seed XOR fnv1a32(deal id));
 * in each branch, deals that must be reviewed (high commission, vulnerable customer) are always in,
 * and the remaining places go to the other deals with the lowest scores (ties by id). A deal's score
 * depends only on the seed and its own id, so it can be worked out by hand (or in any language).
 */

/** How many deals of a branch's month to review: 10% rounded up, at least 2, or all when fewer. */
export function sampleSize(signedDeals: number) {
  return Math.min(signedDeals, Math.max(2, Math.ceil(signedDeals / 10)));
}
export const SAMPLE_RULE = "10% of each branch's signed deals rounded up, at least 2 (all when fewer), plus every high-commission and vulnerable-customer deal";

/** FNV-1a, 32-bit, over the UTF-16 code units of `text` (ids are ASCII). */
export function fnv1a32(text: string) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32 (Tommy Ettinger's public-domain generator): a function returning floats in [0, 1). */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deal's place in the draw: lower is drawn first. */
export function drawScore(seed: number, dealId: string) {
  return mulberry32((seed ^ fnv1a32(dealId)) >>> 0)();
}

export interface Candidate {
  id: string;
  branchId: string;
  highCommission: boolean;
  vulnerable: boolean;
}

export const SAMPLE_REASONS = ["high_commission", "vulnerable", "random"] as const;
export type SampleReason = (typeof SAMPLE_REASONS)[number];
export const REASON_LABELS: Record<SampleReason, string> = { high_commission: "High commission", vulnerable: "Vulnerable customer", random: "Random" };

export interface Picked {
  id: string;
  branchId: string;
  reason: SampleReason;
}

export interface BranchDraw {
  branchId: string;
  signed: number;
  size: number;
}

/** The sample of `candidates` (one month's signed deals, any branches) for `seed`. */
export function drawSample(seed: number, candidates: readonly Candidate[]): { picked: Picked[]; branches: BranchDraw[] } {
  const byBranch = new Map<string, Candidate[]>();
  for (const deal of candidates) byBranch.set(deal.branchId, [...(byBranch.get(deal.branchId) ?? []), deal]);
  const picked: Picked[] = [];
  const branches: BranchDraw[] = [];
  for (const branchId of [...byBranch.keys()].sort()) {
    const deals = byBranch.get(branchId)!;
    const size = sampleSize(deals.length);
    const must = deals.filter((d) => d.highCommission || d.vulnerable);
    for (const d of must) picked.push({ id: d.id, branchId, reason: d.highCommission ? "high_commission" : "vulnerable" });
    const rest = deals
      .filter((d) => !d.highCommission && !d.vulnerable)
      .map((d) => ({ id: d.id, score: drawScore(seed, d.id) }))
      .sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const d of rest.slice(0, Math.max(0, size - must.length))) picked.push({ id: d.id, branchId, reason: "random" });
    branches.push({ branchId, signed: deals.length, size: Math.max(size, must.length) });
  }
  return { picked: picked.sort((a, b) => (a.branchId + a.id < b.branchId + b.id ? -1 : 1)), branches };
}

/** A new seed: a whole number a PostgreSQL integer column holds (0 … 2^31 − 1). */
export function newSeed(random: () => number = Math.random) {
  return Math.floor(random() * 2 ** 31);
}
