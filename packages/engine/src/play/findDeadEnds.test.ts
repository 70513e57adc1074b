import { generateModel, ModelBuilder } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { fixtures, plantedDeadEnd } from "@flowstate/model/fixtures";
import type { FixtureName } from "@flowstate/model/fixtures";
import { describe, expect, it } from "vitest";
import documentVoiding from "../../../../processes/document-voiding.scenarios.json";
import loginSession from "../../../../processes/login-session.scenarios.json";
import salesCase from "../../../../processes/sales-case.scenarios.json";
import signupSaga from "../../../../processes/signup-saga.scenarios.json";
import { unlockedActions } from "../unlockedActions";
import { findDeadEnds, scenarioSamples } from "./findDeadEnds";
import type { DeadEnd } from "./findDeadEnds";
import { nextDueTime, runScenario } from "./play";
import { parseScenarioFile } from "./Scenario";

/** Replays a counterexample through the play engine and returns its last frame. */
function replayStuck(model: ProcessModel, deadEnd: DeadEnd) {
  const result = runScenario(model, deadEnd.scenario);
  expect(result.failure).toBeUndefined();
  expect(result.ok).toBe(true);
  const last = result.frames.at(-1)!;
  return last;
}

describe("findDeadEnds", () => {
  it("finds the planted dead end with a shortest counterexample that replays stuck in play", () => {
    const model = plantedDeadEnd();
    const search = findDeadEnds(model);
    expect(search.complete).toBe(true);
    expect(search.problems).toEqual([]);
    expect(search.deadEnds).toHaveLength(1);
    const [deadEnd] = search.deadEnds as [DeadEnd];
    expect(deadEnd.stateId).toBe("work");
    const order = deadEnd.steps.map((s) => ("perform" in s ? s.perform : "?"));
    expect(order).toHaveLength(4);
    expect(order[0]).toBe("start");
    expect(order.indexOf("e")).toBeGreaterThan(0);
    expect(order).not.toContain("d");
    expect(new Set(order)).toEqual(new Set(["start", "e", "b", "n"]));
    const last = replayStuck(model, deadEnd);
    expect(last.state.status).toBe("running");
    expect(unlockedActions(model, last.state)).toEqual([]);
    expect(nextDueTime(last.state)).toBeUndefined();
    expect(Object.keys(last.state.occurrences)).toEqual([]);
  });

  it("reports no dead end when the bad ordering is ruled out (the or does not take d)", () => {
    const model = plantedDeadEnd();
    const fixed = { ...model, lines: model.lines.filter((l) => l.id !== "flow:d->either") };
    const search = findDeadEnds(fixed);
    expect(search).toMatchObject({ complete: true, deadEnds: [] });
    expect(search.explored).toBeGreaterThan(5);
  });

  it("follows timers on the virtual clock and failures down failure flows", () => {
    const model = new ModelBuilder("paths", "Timer and failure")
      .state("work", "Work", { initial: true })
      .action("start", "Start", { mode: "manual" })
      .action("wait", "Wait a day", { mode: "automatic", handler: "noop", delay: "P1D" })
      .action("call", "Call", { mode: "automatic", handler: "http" })
      .action("giveUp", "Give up", { mode: "manual" })
      .finalizer("done", "Done")
      .flow("start", "wait")
      .flow("wait", "call")
      .flow("call", "done")
      .flow("call", "giveUp", { on: "failed" })
      .toModel();
    const search = findDeadEnds(model);
    expect(search.complete).toBe(true);
    expect(search.deadEnds.map((d) => d.steps)).toEqual([
      [
        { perform: "start", input: {} },
        { clock: "next" },
        { fail: "call", error: "failed in the dead-end search", final: true },
        { perform: "giveUp", input: {} },
      ],
    ]);
    const last = replayStuck(model, search.deadEnds[0]!);
    expect(last.now).toBe("2027-01-05T09:00:00.000Z");
    expect(last.state.status).toBe("running");
  });

  const files: Record<FixtureName, unknown> = {
    "sales-case": salesCase,
    "document-voiding": documentVoiding,
    "login-session": loginSession,
    "signup-saga": signupSaga,
  };
  for (const [name, model] of Object.entries(fixtures) as [FixtureName, ProcessModel][])
    it(`reports no dead end in the ${name} fixture with its scenarios' data (complete search)`, () => {
      const parsed = parseScenarioFile(files[name]);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const first = parsed.file.scenarios[0]!;
      const search = findDeadEnds(model, {
        ...scenarioSamples(parsed.file),
        start: { variables: first.variables ?? {} },
      });
      expect(search.problems).toEqual([]);
      expect(search.deadEnds).toEqual([]);
      expect(search.complete).toBe(true);
      expect(search.explored).toBeGreaterThan(10);
    });

  it("evaluates conditions honestly: an output no condition matches is a dead end", () => {
    const search = findDeadEnds(fixtures["sales-case"]);
    expect(search.deadEnds[0]?.steps).toEqual([
      { perform: "establishCase", input: {} },
      { complete: "getCustomerInfo", output: {} },
    ]);
  });

  it("respects the budget on a large generated model and says so", () => {
    const model = generateModel({ states: 20, nodesPerState: 15 });
    const data = {
      inputs: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [
          [`s${i}_receive`, [{ amount: 5, caseId: "C-1" }]],
          [`s${i}_decide`, [{ approved: true }, { approved: false }]],
        ]).flat(),
      ),
      outputs: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`s${i}_check`, [{ ok: true }, { ok: false }]]),
      ),
    };
    const bySteps = findDeadEnds(model, { ...data, maxStates: 100_000, maxSteps: 300, maxDeadEnds: 1000 });
    expect(bySteps).toMatchObject({ complete: false, steps: 300, budget: { maxSteps: 300, hit: "steps" } });
    const byStates = findDeadEnds(model, { ...data, maxStates: 50, maxSteps: 100_000, maxDeadEnds: 1000 });
    expect(byStates).toMatchObject({ complete: false, budget: { maxStates: 50, hit: "states" } });
    expect(byStates.explored).toBeLessThanOrEqual(50);
  });
});
