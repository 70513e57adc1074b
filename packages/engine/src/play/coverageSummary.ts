import type { Coverage } from "./play";

/** One kind of coverage (actions, lines or transitions): how many of the model's elements ran. */
export interface CoverageCount {
  covered: number;
  total: number;
  /** Whole percent (100 when there is nothing to cover). */
  percent: number;
  /** The ids of the model's elements of this kind that no scenario exercised. */
  uncovered: string[];
}

export type CoverageSummary = Record<keyof Coverage, CoverageCount>;

export const coverageKinds = [
  "actions",
  "lines",
  "transitions",
] as const satisfies readonly (keyof Coverage)[];

/** `covered / total` as a whole percentage (100 when there is nothing to cover). */
export function coveragePercent(covered: number, total: number): number {
  return total === 0 ? 100 : Math.round((covered / total) * 100);
}

/**
 * The coverage numbers per kind: of `totals` (what the model offers, `coverageTotals`), how many
 * ids are in `covered` (the union of the scenarios' coverage). The CLI's summary and the modeler's
 * coverage panel both read these, so they show the same numbers.
 */
export function summarizeCoverage(totals: Coverage, covered: Coverage): CoverageSummary {
  const count = (kind: keyof Coverage): CoverageCount => {
    const ran = new Set(covered[kind]);
    const uncovered = totals[kind].filter((id) => !ran.has(id));
    const hit = totals[kind].length - uncovered.length;
    return {
      covered: hit,
      total: totals[kind].length,
      percent: coveragePercent(hit, totals[kind].length),
      uncovered,
    };
  };
  return { actions: count("actions"), lines: count("lines"), transitions: count("transitions") };
}

/** One kind's coverage in words: "80% (4/5)", or "none" when the model has no element of that kind. */
export function coverageText(count: CoverageCount): string {
  return count.total === 0 ? "none" : `${count.percent}% (${count.covered}/${count.total})`;
}

/** "actions 80% (4/5), lines 75% (6/8), transitions none" — as `flowstate test` prints it. */
export function describeCoverage(summary: CoverageSummary): string {
  return coverageKinds.map((kind) => `${kind} ${coverageText(summary[kind])}`).join(", ");
}
