import { describe, expect, it } from "vitest";
import { fixtures } from "@flowstate/model/fixtures";
import { failingScenarios, failureWords, parseScenarioList, scenarioLimits } from "./scenarioCheck.ts";

const voiding = fixtures["document-voiding"];
const start = { perform: "documentVoidingRequested", input: { documentId: "D-1", customerId: "K-1" } };

describe("scenarioCheck", () => {
  it("parses a valid list and refuses duplicates, over-long names and too many steps with paths", () => {
    expect(parseScenarioList([{ name: "a", steps: [start] }])).toMatchObject({ ok: true });
    const dup = parseScenarioList([
      { name: "a", steps: [] },
      { name: "a", steps: [] },
    ]);
    expect(dup).toEqual({
      ok: false,
      problems: [{ path: "1.name", message: 'a second scenario named "a"' }],
    });
    const long = parseScenarioList([{ name: "n".repeat(scenarioLimits.nameLength + 1), steps: [] }]);
    expect(long.ok ? [] : long.problems.map((p) => p.path)).toEqual(["0.name"]);
    const steps = parseScenarioList([
      {
        name: "s",
        steps: Array.from({ length: scenarioLimits.stepsPerScenario + 1 }, () => ({ clock: "PT1H" })),
      },
    ]);
    expect(steps.ok ? [] : steps.problems.map((p) => p.path)).toEqual(["0.steps"]);
    const text = parseScenarioList([
      { name: "big", steps: [], variables: { x: "v".repeat(scenarioLimits.textLength) } },
    ]);
    expect(text).toMatchObject({
      ok: false,
      problems: [{ path: "", message: expect.stringMatching(/longer than/) }],
    });
  });

  it("reports each failing scenario with its step and the difference in words; passing ones not", () => {
    const failures = failingScenarios(voiding, [
      { name: "passes", steps: [start] },
      {
        name: "wrong state",
        steps: [start, { complete: "markDocumentAsVoided", expect: { state: "nowhere" } }],
      },
      { name: "rejected start", steps: [{ perform: "noSuchAction" }] },
    ]);
    expect(failures).toEqual([
      {
        scenario: "wrong state",
        stepIndex: 1,
        step: "complete “MarkDocumentAsVoided (Reports)”",
        difference: "expected the instance in a state that is not in the model, it is in “Voiding requested”",
      },
      {
        scenario: "rejected start",
        stepIndex: 0,
        step: "perform an action that is not in the model",
        difference: "an action that is not in the model could not be performed: the model has no such action",
      },
    ]);
    expect(failureWords(failures[0]!)).toMatch(
      /^"wrong state" fails at step 2 \(complete “MarkDocumentAsVoided \(Reports\)”\): expected the instance in a state/,
    );
  });
});
