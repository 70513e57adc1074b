import type { ProcessModel } from "@flowstate/model";
import { salesCase } from "@flowstate/model/fixtures";
import { describe, expect, it } from "vitest";
import { describeDifference, describeFailure, describeStep, durationWords } from "./describePlay";
import { runScenario } from "./play";
import type { Scenario, ScenarioStep } from "./Scenario";

/** Raw ids as the modeler makes them, and history seqs: never in text for people. */
const RAW = /[a-z]+_[a-z0-9]{5}|seq \d/;

/**
 * The sales case with ids as the modeler generates them (`state_k3j9x`, `action_p0q7m`), so a
 * wording that leaks an id is caught by `RAW`. Ids are replaced as whole words everywhere.
 */
function withModelerIds(): { model: ProcessModel; id: (old: string) => string } {
  const ids = new Map<string, string>();
  const fresh = (prefix: string, i: number) =>
    `${prefix}_${(i * 7919 + 10007).toString(36).slice(-5).padStart(5, "k")}`;
  salesCase.states.forEach((s, i) => ids.set(s.id, fresh("state", i)));
  salesCase.nodes.forEach((n, i) => ids.set(n.id, fresh(n.kind, i)));
  const words = [...ids.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\w.])(${words.join("|")})(?![\\w])`, "g");
  // Only in texts without spaces (ids, refs, line ids, keys): names and conditions stay as they are.
  const rename = (text: string) => (/\s/.test(text) ? text : text.replace(re, (w) => ids.get(w) ?? w));
  const walk = (value: unknown): unknown =>
    typeof value === "string"
      ? rename(value)
      : Array.isArray(value)
        ? value.map(walk)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), walk(v)]))
          : value;
  const text = JSON.stringify(walk(salesCase));
  return { model: JSON.parse(text) as ProcessModel, id: (old) => ids.get(old) ?? old };
}

const { model, id } = withModelerIds();

/** The expiry scenario on the modeler-id model, with `last` as its fifth step. */
function expiry(last: ScenarioStep): Scenario {
  return {
    name: "expiry",
    steps: [
      { perform: id("establishCase"), input: { caseId: "C-1", customerId: "K-1", product: "lease" } },
      { complete: id("getCustomerInfo"), output: { exists: true, customer: { name: "Acme" } } },
      { clock: "P13D" },
      { clock: "next" },
      last,
    ],
  };
}

/** Runs a scenario that must fail and words its failure as the CLI and the publish refusal do. */
function failure(scenario: Scenario): string {
  const result = runScenario(model, scenario);
  expect(result.ok).toBe(false);
  return describeFailure(model, scenario, result.failure!);
}

describe("describeStep / describeDifference", () => {
  it("the renamed sales case still plays (the id rewrite is sound)", () => {
    expect(id("credit")).toMatch(RAW);
    expect(
      runScenario(model, expiry({ complete: id("recordCreditDecision"), expect: { status: "failed" } })).ok,
    ).toBe(true);
  });

  it("words every kind of step with element names, durations in words", () => {
    const steps: [ScenarioStep, string][] = [
      [{ perform: id("makeCreditDecision") }, "perform “Make credit decision”"],
      [{ perform: "salesCase.establish" }, "perform “Establish sales case”"],
      [{ complete: id("getCustomerInfo") }, "complete “Get customer information”"],
      [{ fail: id("getCustomerInfo") }, "fail “Get customer information”"],
      [{ signal: "salesCase.establish" }, "send the signal “salesCase.establish”"],
      [{ clock: "P14D" }, "move the clock 14 days"],
      [{ clock: "PT1H30M" }, "move the clock 1 hour 30 minutes"],
      [{ clock: "next" }, "move the clock to the next timer"],
      [{ cancel: "no" }, "cancel the instance"],
      [{ expect: { state: id("credit") } }, "check"],
      [{ perform: "action_zz9zz" }, "perform an action that is not in the model"],
    ];
    for (const [step, words] of steps) {
      const text = describeStep(model, step);
      expect(text).toBe(words.replace("Get customer information", nodeName("getCustomerInfo")));
      expect(text).not.toMatch(RAW);
    }
    expect(durationWords("P1DT2H")).toBe("1 day 2 hours");
  });

  it("words every kind of difference with names from the model, never an id or a seq", () => {
    const texts = [
      failure(expiry({ expect: { state: id("delivery") } })),
      failure(expiry({ expect: { status: "completed" } })),
      failure(expiry({ expect: { outcome: "succeeded" } })),
      failure(expiry({ expect: { unlocked: [id("makeCreditDecision")] } })),
      failure(expiry({ expect: { variables: { creditDecision: "accepted" } } })),
      failure(expiry({ expect: { locked: { [id("recordCreditDecision")]: "closed" } } })),
      failure(expiry({ expect: { locked: { [id("makeCreditDecision")]: "notArmed" } } })),
      failure(expiry({ perform: id("makeCreditDecision") })),
      failure(expiry({ complete: id("getCustomerInfo") })),
      failure(expiry({ expect: { state: "state_gone1" } })),
    ];
    for (const text of texts) expect(text).not.toMatch(RAW);
    const credit = model.states.find((s) => s.id === id("credit"))!.name;
    const delivery = model.states.find((s) => s.id === id("delivery"))!.name;
    expect(texts).toEqual([
      `step 5 (check): expected the instance in “${delivery}”, it is in “${credit}”`,
      "step 5 (check): expected the instance to be completed, it is running",
      "step 5 (check): expected the outcome succeeded, the instance has none yet",
      `step 5 (check): expected “Make credit decision” unlocked, it is not; “${nodeName("recordCreditDecision")}” is unlocked too`,
      'step 5 (check): expected the variable “creditDecision” to be "accepted", it is "expired"',
      `step 5 (check): expected “${nodeName("recordCreditDecision")}” locked because it is closed, it is unlocked`,
      `step 5 (check): expected “Make credit decision” locked because it waits for its incoming lines, it is locked because it is closed`,
      "step 5 (perform “Make credit decision”): “Make credit decision” could not be performed: it is not unlocked",
      `step 5 (complete “${nodeName("getCustomerInfo")}”): “${nodeName("getCustomerInfo")}” could not be completed: it is not running`,
      `step 5 (check): expected the instance in a state that is not in the model, it is in “${credit}”`,
    ]);
  });

  it("words a refused start and a clock that cannot move", () => {
    const noTimer: Scenario = { name: "x", steps: [{ clock: "next" }] };
    expect(failure(noTimer)).toBe(
      "step 1 (move the clock to the next timer): the clock could not move: no timer is scheduled",
    );
    expect(
      describeDifference(model, { field: "step", expected: "started", actual: "NO_INITIAL_STATE" }),
    ).toBe("the play could not start: the model has no initial state");
  });
});

function nodeName(old: string): string {
  return model.nodes.find((n) => n.id === id(old))!.name;
}
