import { coverageTotals, mergeCoverage, summarizeCoverage } from "@flowstate/engine";
import type { CoverageSummary, ScenarioResult } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { ElementOverlay } from "../editor/canvas/ElementOverlay";

/** What the coverage view draws: the numbers per kind (as `flowstate test` prints them) and the overlay. */
export interface CoverageView {
  summary: CoverageSummary;
  overlay: Record<string, ElementOverlay>;
}

/**
 * The coverage of a version's scenarios on the draft: every action, flow line and transition is
 * marked `ov-covered` (a scenario completed or failed it, fired it, took it) or `ov-uncovered`
 * (dashed, with a hover text saying so). The numbers come from the engine's `summarizeCoverage`.
 */
export function coverageView(model: ProcessModel, results: readonly ScenarioResult[]): CoverageView {
  const totals = coverageTotals(model);
  const summary = summarizeCoverage(totals, mergeCoverage(...results.map((r) => r.coverage)));
  const words = { actions: "action", lines: "line", transitions: "transition" } as const;
  const overlay: Record<string, ElementOverlay> = {};
  for (const kind of ["actions", "lines", "transitions"] as const) {
    const uncovered = new Set(summary[kind].uncovered);
    for (const id of totals[kind])
      overlay[id] = uncovered.has(id)
        ? {
            className: "ov-uncovered",
            badges: [],
            title: `No scenario exercises this ${words[kind]}`,
          }
        : { className: "ov-covered", badges: [], title: `Exercised by the scenarios` };
  }
  return { summary, overlay };
}
