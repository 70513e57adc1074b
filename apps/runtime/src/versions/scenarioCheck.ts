import { z } from "zod";
import { ScenarioSchema, describeDifference, describeStep, runScenario } from "@flowstate/engine";
import type { Scenario } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";

/**
 * The scenarios that travel with a version (docs/play.md): limits, parsing with typed problems,
 * and running them on a model before it is published. Pure: no database, no clock.
 */
export const scenarioLimits = {
  scenarios: 200,
  stepsPerScenario: 1_000,
  nameLength: 200,
  /** The JSON text of the whole list. */
  textLength: 1_000_000,
} as const;

/** A version's scenarios: the engine's `ScenarioSchema` with the runtime's limits and unique names. */
export const ScenarioListSchema = z
  .array(
    ScenarioSchema.and(
      z.object({
        name: z.string().max(scenarioLimits.nameLength),
        steps: z.array(z.unknown()).max(scenarioLimits.stepsPerScenario),
      }),
    ),
  )
  .max(scenarioLimits.scenarios)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, s] of list.entries()) {
      if (seen.has(s.name))
        ctx.addIssue({ code: "custom", path: [i, "name"], message: `a second scenario named "${s.name}"` });
      seen.add(s.name);
    }
  });

export interface ScenarioListProblem {
  path: string;
  message: string;
}

/** Parses a list of scenarios coming in; never throws. */
export function parseScenarioList(
  input: unknown,
): { ok: true; scenarios: Scenario[] } | { ok: false; problems: ScenarioListProblem[] } {
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch {
    text = undefined;
  }
  if (text === undefined)
    return { ok: false, problems: [{ path: "", message: "the scenarios are not a JSON value" }] };
  if (text.length > scenarioLimits.textLength)
    return {
      ok: false,
      problems: [
        { path: "", message: `the scenarios are longer than ${scenarioLimits.textLength} characters` },
      ],
    };
  const result = ScenarioListSchema.safeParse(input);
  if (result.success) return { ok: true, scenarios: result.data as Scenario[] };
  return {
    ok: false,
    problems: result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
}

/** A scenario that fails on a model: where (step, 0-based; -1 = the start) and the difference in words. */
export interface ScenarioFailureReport {
  scenario: string;
  stepIndex: number;
  /** The step in words with element names ("perform “Make credit decision”", "move the clock 14 days"), or "start". */
  step: string;
  /** The difference in words with names from the model ("expected the instance in “Delivery”, it is in “Credit decision”"). */
  difference: string;
}

/** Runs every scenario on `model` and reports the failing ones (empty when all pass). */
export function failingScenarios(
  model: ProcessModel,
  scenarios: readonly Scenario[],
): ScenarioFailureReport[] {
  const failures: ScenarioFailureReport[] = [];
  for (const scenario of scenarios) {
    const result = runScenario(model, scenario);
    if (result.ok || !result.failure) continue;
    const { stepIndex } = result.failure;
    const step = scenario.steps[stepIndex];
    failures.push({
      scenario: scenario.name,
      stepIndex,
      step: step ? describeStep(model, step) : "start",
      difference: describeDifference(model, result.failure, step),
    });
  }
  return failures;
}

/** One line per failure, for messages and logs. */
export function failureWords(f: ScenarioFailureReport): string {
  return `"${f.scenario}" fails at ${f.stepIndex < 0 ? "the start" : `step ${f.stepIndex + 1} (${f.step})`}: ${f.difference}`;
}
