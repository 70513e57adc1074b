import { describe, expect, it } from "vitest";
import { coveragePercent, describeCoverage, summarizeCoverage } from "./coverageSummary";

describe("summarizeCoverage", () => {
  it("counts the covered ids of the model per kind and lists the uncovered ones", () => {
    const summary = summarizeCoverage(
      { actions: ["a", "b", "c"], lines: ["l1", "l2"], transitions: [] },
      { actions: ["a", "c", "gone"], lines: [], transitions: [] },
    );
    expect(summary.actions).toEqual({ covered: 2, total: 3, percent: 67, uncovered: ["b"] });
    expect(summary.lines).toEqual({ covered: 0, total: 2, percent: 0, uncovered: ["l1", "l2"] });
    expect(summary.transitions).toEqual({ covered: 0, total: 0, percent: 100, uncovered: [] });
    // A kind the model has none of is "none", not a percentage of nothing.
    expect(describeCoverage(summary)).toBe("actions 67% (2/3), lines 0% (0/2), transitions none");
  });

  it("rounds to whole percent", () => {
    expect(coveragePercent(1, 3)).toBe(33);
    expect(coveragePercent(0, 0)).toBe(100);
  });
});
