import type fc from "fast-check";

/** The seed CI runs every property with, so a CI failure replays exactly (any fixed number would do). */
const CI_SEED = 20_260_314;

/**
 * Options for every `fc.assert`: a fixed seed under CI=true, a new one per run locally (more cases
 * over time), or FC_SEED=<n> to replay a failure. The seed is printed, so a failure can be replayed.
 */
export function propertyOptions<T>(name: string, options: fc.Parameters<T> = {}): fc.Parameters<T> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI === "true" ? CI_SEED : Math.floor(Math.random() * 2 ** 31);
  console.info(`${name}: fast-check seed ${seed} (replay with FC_SEED=${seed})`);
  return { ...options, seed };
}
