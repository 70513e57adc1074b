import { describe, expect, it } from "vitest";
import { budgetNote } from "./budgetNote";

describe("budgetNote", () => {
  it("says when the budget ran out: how many situations, and that dead ends may be missing", () => {
    expect(budgetNote({ complete: true })).toBeUndefined();
    const stopped = { complete: false, explored: 1000, hit: "states" as const };
    expect(budgetNote(stopped)).toBe(
      "The dead-end search stopped after 1000 situations (its budget ran out); dead ends may be missing",
    );
    expect(budgetNote({ complete: false, explored: 12, hit: "deadEnds" })).toMatch(
      /after 12 situations \(5 dead ends were found\)/,
    );
  });
});
