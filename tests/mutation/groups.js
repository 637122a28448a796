import { readFileSync } from "node:fs";

/**
 * The rule modules Stryker mutates, in groups, each with the test files that exercise it
 * (tests/mutation/groups.json). MUTATION_GROUP=<a group name there> picks one; unset, all.
 */
const ALL = JSON.parse(readFileSync(new URL("./groups.json", import.meta.url), "utf8"));

export function selectedGroups(name = process.env.MUTATION_GROUP) {
  if (!name) return Object.values(ALL);
  const group = ALL[name];
  if (!group) throw new Error(`MUTATION_GROUP must be one of ${Object.keys(ALL).join(", ")}; got "${name}".`);
  return [group];
}
