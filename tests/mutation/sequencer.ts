import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Unit test files first, then the smaller integration files: Stryker stops a mutant's run at the
 * first failing test (bail), so a mutant a quick test kills costs no database set-up. Vitest's own
 * order puts the slowest files first.
 */
export default class UnitFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => (spec.project.name === "unit" ? 0 : 1);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
