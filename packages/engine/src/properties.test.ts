import fc from "fast-check";
import type { ProcessModel } from "@flowstate/model";
import { describe, expect, it } from "vitest";
import type { EngineEvent } from "./EngineEvent";
import { explain } from "./explain";
import { indexModel } from "./indexModel";
import { initialState } from "./initialState";
import type { StartOptions } from "./initialState";
import type { InstanceState } from "./InstanceState";
import { replay } from "./replay";
import type { RecordedEvent } from "./replay";
import { step } from "./step";
import type { StepResult } from "./StepResult";
import { arbitraryCommands, arbitraryModel } from "./testing/arbitraryModel";
import type { Command } from "./testing/arbitraryModel";
import { T0 } from "./testing/given";
import { addDuration } from "./time/addDuration";
import { unlockedActions } from "./unlockedActions";

const GARBAGE: unknown[] = [
  null,
  { type: "perform", actionId: "nope" },
  { type: "complete", occurrenceId: "o999", attempt: 1 },
  { type: "bogus" },
  { type: "perform", actionId: 3 },
  { type: "timerDue" },
];

function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

/** Turns an abstract command into a concrete event for the current state. */
function toEvent(model: ProcessModel, state: InstanceState, c: Command): EngineEvent | undefined {
  const open = Object.values(state.occurrences);
  // mostly an occurrence in the status the event expects; otherwise any open one (rejections too)
  const pickOpen = (status: string, n: number) =>
    pick(
      open.filter((x) => x.status === status),
      n,
    ) ?? pick(open, n);
  const nodes = model.nodes;
  switch (c.kind) {
    case "perform": {
      // mostly a manual action of the current state; every fifth pick any node (rejections too)
      const manual = nodes.filter(
        (n) => n.kind === "action" && n.mode === "manual" && n.stateId === state.current.stateId,
      );
      const node = c.pick % 5 === 0 ? pick(nodes, c.pick) : (pick(manual, c.pick) ?? pick(nodes, c.pick));
      return node ? { type: "perform", actionId: node.id, input: { x: c.x, flag: c.flag } } : undefined;
    }
    case "complete": {
      const o = pickOpen("running", c.pick);
      return o
        ? { type: "complete", occurrenceId: o.id, attempt: o.attempt, output: { x: c.x, flag: c.flag } }
        : undefined;
    }
    case "fail": {
      const o = pickOpen("running", c.pick);
      return o
        ? { type: "fail", occurrenceId: o.id, attempt: o.attempt, error: "e", final: c.final }
        : undefined;
    }
    case "timerDue": {
      const o = pickOpen("scheduled", c.pick);
      return o ? { type: "timerDue", occurrenceId: o.id } : undefined;
    }
    case "signal": {
      const node = pick(nodes, c.pick);
      return node ? { type: "signal", code: node.id, payload: {} } : undefined;
    }
    case "retryIncident":
    case "skipIncident": {
      const i = pick(state.incidents, c.pick);
      return { type: c.kind, incidentId: i?.id ?? "i0" };
    }
    case "lock":
      return { type: "lock", byInstanceId: "other" };
    case "unlock":
      return { type: "unlock" };
    case "cancel":
      return { type: "cancel", reason: "test" };
    case "garbage":
      return pick(GARBAGE, c.pick) as EngineEvent;
    case "advance":
      return undefined;
  }
}

/** Accepted steps that were `contextFree` (the identity property below must not hold vacuously). */
let contextFreeSteps = 0;
const OTHER_ID = "other-instance-7f3e";
const OTHER_KEY = "other-business-key-7f3e";

interface Trace {
  init: StartOptions;
  states: InstanceState[];
  results: StepResult[];
  events: RecordedEvent[];
}

const init: StartOptions = {
  instanceId: "p-1",
  businessKey: "bk",
  version: 1,
  now: T0,
  variables: { x: 1, flag: false },
};

/** Runs commands against a model, checking the per-step properties; undefined when the model cannot even start. */
function drive(model: ProcessModel, commands: Command[]): Trace | undefined {
  const started = initialState(model, init);
  if (!started.ok) {
    expect(started.rejection.code).toBe("CASCADE_LIMIT");
    return undefined;
  }
  let state = started.state;
  let now = T0;
  const trace: Trace = { init, states: [state], results: [], events: [] };
  const ix = indexModel(model);
  for (const c of commands) {
    if (c.kind === "advance") {
      now = addDuration(now, `PT${c.hours}H`) ?? now;
      continue;
    }
    const event = toEvent(model, state, c);
    if (event === undefined) continue;
    const snapshot = JSON.stringify(state);
    const before = state;
    const result = step(model, before, event, now);
    trace.results.push(result);
    trace.events.push({ event, now });
    // the input is never mutated
    expect(JSON.stringify(before)).toBe(snapshot);
    if (!result.ok) {
      // rejected events leave the state identical
      expect(result.state).toBe(before);
      expect(result.rejection.code).not.toBe("INTERNAL_ERROR");
      continue;
    }
    // a step that evaluated no expression steps an instance alike but for its identity the same way
    if (result.contextFree) {
      contextFreeSteps++;
      const other = step(model, { ...before, instanceId: OTHER_ID, businessKey: OTHER_KEY }, event, now);
      expect(
        JSON.stringify(other)
          .replaceAll(OTHER_ID, before.instanceId)
          .replaceAll(OTHER_KEY, before.businessKey),
      ).toBe(JSON.stringify(result));
    }
    // a JSON round trip of the state changes nothing
    expect(JSON.parse(JSON.stringify(result.state))).toStrictEqual(result.state);
    // nothing closed, blocked or exhausted is ever performed or completed
    if (event.type === "perform" || event.type === "complete" || event.type === "signal") {
      for (const o of result.records.occurrences) {
        if (
          o.status !== "completed" ||
          !ix.nodes.get(o.nodeId)?.action ||
          o.stateInstanceId !== before.current.id
        )
          continue;
        expect(explain(model, before, o.nodeId).unlocked).toBe(true);
      }
    }
    // seq is monotonic and history entries take consecutive seqs
    expect(result.records.history.map((h) => h.seq)).toEqual(
      result.records.history.map((_, i) => before.seq + 1 + i),
    );
    // an instance that is not running offers nothing
    if (result.state.status !== "running") expect(unlockedActions(model, result.state)).toEqual([]);
    state = result.state;
    trace.states.push(state);
  }
  return trace;
}

describe("properties over generated models and event sequences", () => {
  it("every step terminates, keeps its contracts, and is deterministic", () => {
    fc.assert(
      fc.property(arbitraryModel, arbitraryCommands, (model, commands) => {
        const a = drive(model, commands);
        const b = drive(model, commands);
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
    expect(contextFreeSteps).toBeGreaterThan(100);
  });

  it("replay(history) equals the stored state", () => {
    fc.assert(
      fc.property(arbitraryModel, arbitraryCommands, (model, commands) => {
        const trace = drive(model, commands);
        if (!trace) return;
        expect(replay(model, trace.events, trace.init)).toStrictEqual(trace.states.at(-1));
      }),
      { numRuns: 300 },
    );
  });

  // (the compensation log is the one part that grows: one entry per completed compensable action)
  it("the state's size does not grow with completions (summaries, not history)", () => {
    const model = arbitraryModel;
    fc.assert(
      fc.property(model, (m) => {
        const started = initialState(m, init);
        if (!started.ok) return;
        let state = started.state;
        const manual = m.nodes.find(
          (n) =>
            n.kind === "action" &&
            n.mode === "manual" &&
            n.maxOccurs === 0 &&
            n.compensation === undefined &&
            !m.lines.some((l) => l.to === n.id),
        );
        if (!manual || m.transitions.some((t) => t.from === manual.id)) return;
        let size = 0;
        for (let i = 0; i < 60; i++) {
          const r = step(
            m,
            state,
            { type: "perform", actionId: manual.id, input: { x: 1, flag: false } },
            T0,
          );
          if (!r.ok || r.state.status !== "running" || r.state.current.id !== state.current.id) return;
          if (i === 20) size = JSON.stringify(r.state).length;
          if (i === 59) expect(JSON.stringify(r.state).length).toBeLessThanOrEqual(size + 200);
          state = r.state;
        }
      }),
      { numRuns: 100 },
    );
  });
});
