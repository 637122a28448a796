import { describe, expect, it } from "vitest";
import { containsPattern } from "~/utils/like";

describe("a user's text in a LIKE pattern", () => {
  it("escapes %, _ and backslash so they match themselves, and matches anywhere", () => {
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });

  it("leaves ordinary text as it is", () => expect(containsPattern("Ducati")).toBe("%Ducati%"));
});
