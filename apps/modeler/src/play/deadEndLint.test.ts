import { describe, expect, it } from "vitest";
import { runScenario } from "@flowstate/engine";
import { fixtures, plantedDeadEnd } from "@flowstate/model/fixtures";
import salesScenarios from "../../../../processes/sales-case.scenarios.json";
import { scenarioSamples } from "@flowstate/engine";
import type { ScenarioFile } from "@flowstate/engine";
import { lintDeadEnds } from "./deadEndLint";

const planted = plantedDeadEnd();

describe("lintDeadEnds", () => {
  it("words the planted dead end (state, what ran, nothing can follow) with a scenario that replays to it", () => {
    const lint = lintDeadEnds(planted);
    expect(lint.complete).toBe(true);
    expect(lint.warnings).toHaveLength(1);
    const [warning] = lint.warnings;
    expect(warning!.message).toMatch(/^Dead end in “Work”: after Start, .*E.* nothing can follow/);
    expect(warning!.scenario.name).toBe("dead end in Work");
    expect(runScenario(planted, warning!.scenario).ok).toBe(true);
  });

  it("says a dead end is only possible when it rests on data no scenario gave (the sales case without its scenarios)", () => {
    const lint = lintDeadEnds(fixtures["sales-case"]);
    expect(lint.warnings.length).toBeGreaterThan(0);
    for (const w of lint.warnings)
      expect(w.message).toMatch(/^Possible dead end in “.+”: .* gives? no data\. No scenario says what/);
  });

  it("reports none for the sales case fed with its scenarios' data, within the budget", () => {
    const lint = lintDeadEnds(fixtures["sales-case"], scenarioSamples(salesScenarios as ScenarioFile));
    expect(lint).toEqual({ warnings: [], complete: true });
  });
});
