import { describe, expect, it } from "vitest";
import { ModelBuilder } from "@flowstate/model";
import { runScenario } from "@flowstate/engine";
import { fixtures } from "@flowstate/model/fixtures";
import salesScenarios from "../../../../processes/sales-case.scenarios.json";
import { scenarioSamples } from "@flowstate/engine";
import type { ScenarioFile } from "@flowstate/engine";
import { lintDeadEnds } from "./deadEndLint";

/** An `and` whose second input an `or` closes in one ordering only. */
const planted = new ModelBuilder("planted", "Planted dead end")
  .state("work", "Work", { initial: true })
  .action("start", "Start", { mode: "manual" })
  .action("b", "B", { mode: "manual" })
  .action("d", "D", { mode: "manual" })
  .action("e", "E", { mode: "manual" })
  .or("either", "D or E")
  .action("n", "Note", { mode: "manual" })
  .and("both", "B and D")
  .finalizer("done", "Done")
  .flow("start", "b")
  .flow("start", "d")
  .flow("start", "e")
  .flow("b", "both")
  .flow("d", "both")
  .flow("d", "either")
  .flow("e", "either")
  .flow("either", "n")
  .flow("both", "done")
  .toModel();

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

  it("reports none for the sales case fed with its scenarios' data, within the budget", () => {
    const lint = lintDeadEnds(fixtures["sales-case"], scenarioSamples(salesScenarios as ScenarioFile));
    expect(lint).toEqual({ warnings: [], complete: true });
  });
});
