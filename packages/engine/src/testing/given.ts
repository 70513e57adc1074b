import type { ProcessModel } from "@flowstate/model";
import { expect } from "vitest";
import type { Effect } from "../Effect";
import type { EngineEvent } from "../EngineEvent";
import { explain } from "../explain";
import type { Explanation } from "../Explanation";
import { initialState } from "../initialState";
import type { StartOptions } from "../initialState";
import type { InstanceState, InstanceStatus, Outcome } from "../InstanceState";
import type { Json, JsonObject } from "../Json";
import type { OccurrenceRecord, Records } from "../Records";
import { replay } from "../replay";
import type { RecordedEvent } from "../replay";
import { step } from "../step";
import type { Rejection, StepResult } from "../StepResult";
import { addDuration, epochMillis } from "../time/addDuration";
import { unlockedActions } from "../unlockedActions";

/** Monday 4 January 2027, 09:00 UTC: the default start time of a test run. */
export const T0 = "2027-01-04T09:00:00.000Z";

const signalEvent = (
  code: string,
  payload: Json,
  identifiers: JsonObject,
  messageId?: string,
): EngineEvent => ({
  type: "signal",
  code,
  payload,
  identifiers,
  ...(messageId !== undefined ? { messageId } : {}),
});

const snapshot = (s: InstanceState): InstanceState => JSON.parse(JSON.stringify(s)) as InstanceState;

/**
 * Test driver: one instance of one model, driven by events that read like a user story
 * (`given(model).start().perform("A").expectUnlocked(["B"])`). After every step it checks the
 * engine's contracts: accepted states survive a JSON round trip unchanged, rejected events return
 * the identical state object untouched. `expectReplayed()` rebuilds the state from the inputs.
 */
export class Run {
  state: InstanceState;
  now: string;
  model: ProcessModel;
  readonly init: StartOptions;
  readonly startModel: ProcessModel;
  readonly events: RecordedEvent[] = [];
  /** Effects of the latest accepted step (or of the start). */
  effects: Effect[];
  records: Records;
  /** Every effect since the start, in order. */
  readonly allEffects: Effect[];
  lastRejection: Rejection | undefined;

  constructor(model: ProcessModel, init: StartOptions) {
    this.model = model;
    this.startModel = model;
    this.init = init;
    this.now = init.now;
    const started = initialState(model, init);
    if (!started.ok)
      throw new Error(`start rejected: ${started.rejection.code} ${started.rejection.message}`);
    this.state = started.state;
    this.effects = started.effects;
    this.records = started.records;
    this.allEffects = [...started.effects];
    expect(snapshot(this.state)).toStrictEqual(this.state);
  }

  /** Sends an event at the current time; returns the raw result and checks the contracts. */
  send(event: EngineEvent): StepResult {
    const before = this.state;
    const frozen = snapshot(before);
    const result = step(this.model, before, event, this.now);
    this.events.push({ event, now: this.now });
    expect(before).toStrictEqual(frozen);
    if (result.ok) {
      this.state = result.state;
      this.effects = result.effects;
      this.records = result.records;
      this.allEffects.push(...result.effects);
      this.lastRejection = undefined;
      expect(snapshot(result.state)).toStrictEqual(result.state);
      if (event.type === "migrate") this.model = event.toModel;
      if (event.type === "revertMigration") this.model = event.fromModel;
    } else {
      expect(result.state).toBe(before);
      this.lastRejection = result.rejection;
    }
    return result;
  }

  /** Sends an event that must be accepted. */
  ok(event: EngineEvent): this {
    const result = this.send(event);
    if (!result.ok)
      throw new Error(`${event.type} rejected: ${result.rejection.code}: ${result.rejection.message}`);
    return this;
  }

  /** Sends an event that must be rejected; returns the rejection. */
  rejected(event: EngineEvent): Rejection {
    const result = this.send(event);
    if (result.ok) throw new Error(`${event.type} was accepted, expected a rejection`);
    return result.rejection;
  }

  /** Moves the clock to `iso` (never backwards). */
  at(iso: string): this {
    if (epochMillis(iso) > epochMillis(this.now)) this.now = iso;
    return this;
  }

  /** Moves the clock on by an ISO-8601 duration. */
  after(duration: string): this {
    this.now = addDuration(this.now, duration) ?? this.now;
    return this;
  }

  /** Performs a manual action by node id or code. */
  perform(action: string, input: Json = {}, actor: Json = { id: "tester" }): this {
    return this.ok(
      this.model.nodes.some((n) => n.id === action)
        ? { type: "perform", actionId: action, input, actor }
        : { type: "perform", code: action, input, actor },
    );
  }

  /** Tries to perform; must be rejected. */
  tryPerform(action: string, input: Json = {}): Rejection {
    return this.rejected({ type: "perform", actionId: action, input });
  }

  /** Sends a signal for an action code. */
  signal(code: string, payload: Json = {}, identifiers: JsonObject = {}, messageId?: string): this {
    return this.ok(signalEvent(code, payload, identifiers, messageId));
  }

  /** Tries a signal; must be rejected. */
  trySignal(code: string, payload: Json = {}, identifiers: JsonObject = {}, messageId?: string): Rejection {
    return this.rejected(signalEvent(code, payload, identifiers, messageId));
  }

  /** The open occurrence of a node (the latest one). */
  open(nodeId: string): OccurrenceRecord {
    const found = Object.values(this.state.occurrences).filter((o) => o.nodeId === nodeId);
    const occurrence = found.at(-1);
    if (!occurrence)
      throw new Error(
        `${nodeId} has no open occurrence; open: ${JSON.stringify(Object.values(this.state.occurrences).map((o) => `${o.id}:${o.nodeId}:${o.status}`))}`,
      );
    return occurrence;
  }

  /** True when the node has an open occurrence. */
  hasOpen(nodeId: string): boolean {
    return Object.values(this.state.occurrences).some((o) => o.nodeId === nodeId);
  }

  /** Delivers `timerDue` for the node's scheduled occurrence, moving the clock to its due time. */
  due(nodeId: string): this {
    const occurrence = this.open(nodeId);
    if (occurrence.dueAt !== undefined) this.at(occurrence.dueAt);
    return this.ok({ type: "timerDue", occurrenceId: occurrence.id });
  }

  /** Reports the running occurrence of an automatic action as completed with `output`. */
  complete(nodeId: string, output: Json = {}): this {
    const occurrence = this.open(nodeId);
    return this.ok({ type: "complete", occurrenceId: occurrence.id, attempt: occurrence.attempt, output });
  }

  /** Runs an automatic action: delivers its timer if it is scheduled, then completes it. */
  run(nodeId: string, output: Json = {}): this {
    if (this.open(nodeId).status === "scheduled") this.due(nodeId);
    return this.complete(nodeId, output);
  }

  /** Reports the running occurrence of an automatic action as failed. */
  fail(nodeId: string, error: Json = "boom", final = false): this {
    const occurrence = this.open(nodeId);
    return this.ok({ type: "fail", occurrenceId: occurrence.id, attempt: occurrence.attempt, error, final });
  }

  /** Ids of the unlocked actions. */
  unlocked(): string[] {
    return unlockedActions(this.model, this.state).map((a) => a.nodeId);
  }

  expectUnlocked(ids: string[]): this {
    expect([...this.unlocked()].sort()).toEqual([...ids].sort());
    return this;
  }

  expectState(stateId: string): this {
    expect(this.state.current.stateId).toBe(stateId);
    return this;
  }

  expectStatus(status: InstanceStatus, outcome?: Outcome): this {
    expect(this.state.status).toBe(status);
    if (outcome !== undefined) expect(this.state.outcome).toBe(outcome);
    return this;
  }

  /** Expects the latest step to have recorded an occurrence of `nodeId` (e.g. the finalizer it ended at). */
  expectRecorded(nodeId: string): this {
    expect(this.records.occurrences.map((o) => o.nodeId)).toContain(nodeId);
    return this;
  }

  /** Expects the latest step's only lock: the other instances of `processKey` with `identifiers`, all but `exceptInstanceId`. */
  expectLocksOthers(processKey: string, identifiers: JsonObject, exceptInstanceId: string): this {
    expect(this.effectsOf("lockInstances")).toEqual([
      { type: "lockInstances", processKey, identifiers, exceptInstanceId },
    ]);
    return this;
  }

  explain(nodeId: string): Explanation {
    return explain(this.model, this.state, nodeId);
  }

  /** Effects of the latest step of one type. */
  effectsOf<T extends Effect["type"]>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }

  /** Replays the recorded inputs from the start and expects the very same state. */
  expectReplayed(): this {
    expect(replay(this.startModel, this.events, this.init)).toStrictEqual(this.state);
    return this;
  }
}

/** Starts a story about `model`. */
export function given(model: ProcessModel): {
  start: (variables?: JsonObject, options?: Partial<StartOptions>) => Run;
} {
  return {
    start: (variables = {}, options = {}) =>
      new Run(model, { instanceId: "i-1", businessKey: "bk-1", version: 1, now: T0, variables, ...options }),
  };
}
