import type { ProcessModel } from "@flowstate/model";
import type { Json } from "../Json";
import type { Difference, ScenarioFailure } from "./play";
import type { Scenario, ScenarioStep } from "./Scenario";

/*
 * Scenario steps and failures in the user's words: element names from the model (never ids), no
 * seqs. Shown in play mode, by `flowstate test` (summary and JUnit) and in a refused publish.
 */

/** “Make credit decision”; an element no longer in the model generically (its id may be a generated one). */
function nodeWords(model: ProcessModel, id: string): string {
  const node = model.nodes.find((n) => n.id === id || (n.kind === "action" && n.code === id));
  if (!node) return "an action that is not in the model";
  const name = node.name.trim();
  return name === "" ? `the unnamed ${node.kind === "action" ? "action" : node.kind}` : `“${name}”`;
}

function stateWords(model: ProcessModel, id: string): string {
  const state = model.states.find((s) => s.id === id);
  if (!state) return "a state that is not in the model";
  return state.name.trim() === "" ? "an unnamed state" : `“${state.name}”`;
}

const units: [RegExp, string][] = [
  [/(\d+(?:\.\d+)?)Y/, "year"],
  [/(\d+(?:\.\d+)?)M/, "month"],
  [/(\d+(?:\.\d+)?)W/, "week"],
  [/(\d+(?:\.\d+)?)D/, "day"],
];
const timeUnits: [RegExp, string][] = [
  [/(\d+(?:\.\d+)?)H/, "hour"],
  [/(\d+(?:\.\d+)?)M/, "minute"],
  [/(\d+(?:\.\d+)?)S/, "second"],
];

/** `P14D` → "14 days", `PT1H30M` → "1 hour 30 minutes"; anything else as it is. */
export function durationWords(iso: string): string {
  const m = /^P([^T]*)(?:T(.*))?$/.exec(iso);
  if (!m) return iso;
  const parts: string[] = [];
  const take = (text: string | undefined, list: [RegExp, string][]) => {
    for (const [re, unit] of list) {
      const n = text ? re.exec(text)?.[1] : undefined;
      if (n !== undefined) parts.push(`${n} ${unit}${n === "1" ? "" : "s"}`);
    }
  };
  take(m[1], units);
  take(m[2], timeUnits);
  return parts.length > 0 ? parts.join(" ") : iso;
}

/** One step for people: "perform “Make credit decision”", "move the clock 14 days", … */
export function describeStep(model: ProcessModel, s: ScenarioStep): string {
  const instance = "instance" in s && typeof s.instance === "number" ? s.instance : 1;
  return instance > 1 ? `${stepWords(model, s)} in instance ${instance}` : stepWords(model, s);
}

function stepWords(model: ProcessModel, s: ScenarioStep): string {
  if ("perform" in s) return `perform ${nodeWords(model, s.perform)}`;
  if ("complete" in s) return `complete ${nodeWords(model, s.complete)}`;
  if ("fail" in s) return `fail ${nodeWords(model, s.fail)}`;
  if ("signal" in s) return `send the signal “${s.signal}”`;
  if ("clock" in s)
    return s.clock === "next"
      ? "move the clock to the next timer"
      : `move the clock ${durationWords(s.clock)}`;
  if ("cancel" in s) return "cancel the instance";
  return "check";
}

/** Why a step was refused, by the engine's or play's code. */
const refusals: Record<string, string> = {
  NOT_UNLOCKED: "it is not unlocked",
  UNKNOWN_ACTION: "the model has no such action",
  NOT_MANUAL: "it is not a manual action",
  INSTANCE_NOT_RUNNING: "the instance is no longer running",
  INSTANCE_LOCKED: "the instance is locked",
  ROLE_REQUIRED: "it needs a role the player does not have",
  IDENTIFIER_MISMATCH: "the signal's identifiers do not match the instance",
  DUPLICATE_MESSAGE: "the signal was already received",
  NO_OPEN_OCCURRENCE: "it is not running",
  OCCURRENCE_NOT_RUNNING: "it is scheduled, not running yet (move the clock first)",
  NO_TIMER: "no timer is scheduled",
  INVALID_DURATION: "the clock move is not a duration",
  INVALID_EVENT: "the event is not valid",
  NO_INITIAL_STATE: "the model has no initial state",
  CASCADE_LIMIT: "the control nodes loop without end",
  PLAY_LIMIT: "it set off more than 1,000 events",
};

/** What a blocking reason code of the explainer says after the action's name. */
const lockedWords: Record<string, string> = {
  notArmed: "it waits for its incoming lines",
  closed: "it is closed",
  blocked: "it is ruled out",
  exhausted: "it has run as often as it may",
  repeatDone: "its repeat-until condition is met",
  failed: "it failed for good",
  waitingForTimer: "it waits for its timer",
  otherState: "it belongs to another state",
  locked: "the instance is locked",
  notRunning: "the instance is not running",
  unknownNode: "it is not in the model",
};

const lockedReason = (code: Json): string =>
  typeof code === "string" ? (lockedWords[code] ?? "of another reason") : "of another reason";

function valueWords(value: Json | undefined): string {
  return value === undefined || value === null ? "nothing" : JSON.stringify(value);
}

function list(model: ProcessModel, ids: readonly Json[]): string {
  return ids.map((id) => nodeWords(model, String(id))).join(", ");
}

/**
 * A failed expectation (or a refused step) in words, with element names from `model`:
 * "expected the instance in “Delivery”, it is in “Credit decision”". `step` is the step that
 * failed, used when it was refused.
 */
export function describeDifference(
  model: ProcessModel,
  d: Pick<Difference, "field" | "key" | "expected" | "actual">,
  step?: ScenarioStep,
): string {
  switch (d.field) {
    case "state":
      return `expected the instance in ${stateWords(model, String(d.expected))}, it is in ${stateWords(model, String(d.actual))}`;
    case "status":
      return `expected the instance to be ${String(d.expected)}, it is ${String(d.actual)}`;
    case "outcome":
      return d.actual === null
        ? `expected the outcome ${String(d.expected)}, the instance has none yet`
        : `expected the outcome ${String(d.expected)}, it is ${String(d.actual)}`;
    case "unlocked": {
      const expected = Array.isArray(d.expected) ? d.expected : [];
      const actual = Array.isArray(d.actual) ? d.actual : [];
      const missing = expected.filter((id) => !actual.includes(id));
      const extra = actual.filter((id) => !expected.includes(id));
      const parts = [
        ...(missing.length
          ? [`expected ${list(model, missing)} unlocked, ${missing.length === 1 ? "it is" : "they are"} not`]
          : []),
        ...(extra.length ? [`${list(model, extra)} ${extra.length === 1 ? "is" : "are"} unlocked too`] : []),
      ];
      return parts.length ? parts.join("; ") : "the unlocked actions differ";
    }
    case "variables":
      return `expected the variable “${d.key ?? ""}” to be ${valueWords(d.expected)}, it is ${valueWords(d.actual)}`;
    case "locked": {
      const action = nodeWords(model, d.key ?? "");
      const expected = `expected ${action} locked because ${lockedReason(d.expected)}`;
      if (d.actual === "unlocked") return `${expected}, it is unlocked`;
      const actual = Array.isArray(d.actual) ? d.actual : [];
      return actual.length
        ? `${expected}, it is locked because ${actual.map(lockedReason).join(" and ")}`
        : `${expected}, it is not locked for a reason`;
    }
    case "instances": {
      if (typeof d.expected === "number")
        return `expected ${d.expected} instance${d.expected === 1 ? "" : "s"} started, ${String(d.actual)} started`;
      const words = (v: Json) => (Array.isArray(v) ? v.map(String).join(", ") : String(v));
      return `expected the instances to be ${words(d.expected)}, they are ${words(d.actual)}`;
    }
    case "instance":
      return `expected instance ${String(d.expected)}, only ${String(d.actual)} started`;
    case "step": {
      const code = String(d.actual);
      const why = refusals[code] ?? "the engine refused it";
      if (!step) return `the play could not start: ${why}`;
      if ("clock" in step) return `the clock could not move: ${why}`;
      if ("perform" in step) return `${nodeWords(model, step.perform)} could not be performed: ${why}`;
      if ("complete" in step) return `${nodeWords(model, step.complete)} could not be completed: ${why}`;
      if ("fail" in step) return `${nodeWords(model, step.fail)} could not be failed: ${why}`;
      if ("signal" in step) return `the signal “${step.signal}” was refused: ${why}`;
      return `the instance could not be cancelled: ${why}`;
    }
  }
}

/** A scenario failure's place in words: "the start" or "step 4 (move the clock 14 days)" (steps count from 1). */
export function describeFailingStep(
  model: ProcessModel,
  steps: readonly ScenarioStep[],
  stepIndex: number,
): string {
  const s = steps[stepIndex];
  return s ? `step ${stepIndex + 1} (${describeStep(model, s)})` : "the start";
}

/** A scenario's failure in one line: "step 4 (move the clock 14 days): expected …"; a refused start as such. */
export function describeFailure(
  model: ProcessModel,
  scenario: Pick<Scenario, "steps">,
  failure: Pick<ScenarioFailure, "stepIndex" | "field" | "key" | "expected" | "actual">,
): string {
  const step = scenario.steps[failure.stepIndex];
  const difference = describeDifference(model, failure, step);
  return step
    ? `${describeFailingStep(model, scenario.steps, failure.stepIndex)}: ${difference}`
    : difference;
}
