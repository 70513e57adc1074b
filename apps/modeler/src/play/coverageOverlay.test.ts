import { describe, expect, it } from "vitest";
import { coverageTotals, describeCoverage, runScenario } from "@flowstate/engine";
import { salesCase } from "@flowstate/model/fixtures";
import { coverageView } from "./coverageOverlay";

describe("coverage view", () => {
  it("marks what the scenarios exercised and what they did not, with the CLI's numbers", () => {
    const result = runScenario(salesCase, {
      name: "expiry",
      steps: [
        { perform: "establishCase", input: { caseId: "C", customerId: "K", product: "p" } },
        { complete: "getCustomerInfo", output: { exists: true, customer: {} } },
        { clock: "P14D" },
        { complete: "recordCreditDecision" },
      ],
    });
    const view = coverageView(salesCase, [result]);
    const totals = coverageTotals(salesCase);
    expect(view.overlay["establishCase"]?.className).toBe("ov-covered");
    expect(view.summary.actions.covered).toBe(result.coverage.actions.length);
    expect(view.summary.actions.total).toBe(totals.actions.length);
    expect(view.summary.actions.uncovered.length).toBeGreaterThan(0);
    for (const id of view.summary.actions.uncovered) expect(view.overlay[id]?.className).toBe("ov-uncovered");
    for (const id of [...totals.lines, ...totals.transitions]) expect(view.overlay[id]).toBeDefined();
    expect(describeCoverage(view.summary)).toMatch(/^actions \d+% \(\d+\/\d+\), lines/);
  });

  it("marks everything uncovered without scenarios", () => {
    const view = coverageView(salesCase, []);
    expect(view.summary.actions.covered).toBe(0);
    expect(Object.values(view.overlay).every((o) => o.className === "ov-uncovered")).toBe(true);
  });
});
