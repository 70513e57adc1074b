import {
  canonical,
  checkExpectation,
  describeDifference,
  explain,
  playInstance,
  playInstanceCount,
  playStep,
  startPlay,
  unlockedActions,
} from "@flowstate/engine";
import type {
  Difference,
  Explanation,
  PlayFrame,
  PlayStart,
  Records,
  Scenario,
  ScenarioStep,
} from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { overlayRecords } from "../operate/instanceOverlay";
import type { InstanceOverlayInput } from "../operate/instanceOverlay";

/**
 * One point of a play: the step that led here (none for the start), the frame, the engine's records
 * (of instance 1; `instanceRecords` those of scheduled instances, by instance number).
 */
export interface PlayEntry {
  step: ScenarioStep | null;
  frame: PlayFrame;
  records: Records[];
  instanceRecords?: Record<number, Records[]>;
}

/**
 * A play of a draft in the browser: the start, every step taken so far, and the cursor (stepping
 * back moves the cursor; a new step from there drops the steps after it). Plain data, no I/O.
 */
export interface PlaySession {
  start: PlayStart;
  entries: PlayEntry[];
  cursor: number;
  /** The last rejection (shown to the player); cleared by the next accepted step. */
  problem?: string;
  /** When opened from a failing scenario: its failing step (entry index) and the difference. */
  failure?: { entry: number; difference: Difference };
}

/** Starts a play session, or says why the draft cannot start. */
export function startSession(model: ProcessModel, start: PlayStart = {}): PlaySession | { problem: string } {
  const started = startPlay(model, start);
  if (!started.ok)
    return {
      problem: describeDifference(model, {
        field: "step",
        expected: "started",
        actual: started.problem.code,
      }),
    };
  return { start, entries: [{ step: null, frame: started.frame, records: started.records }], cursor: 0 };
}

/** The entry under the cursor. */
export function currentEntry(session: PlaySession): PlayEntry {
  const entry = session.entries[session.cursor];
  if (!entry) throw new Error("play session without entries");
  return entry;
}

/** Takes a step from the cursor; a rejection leaves the session as it was with `problem` set. */
export function takeStep(model: ProcessModel, session: PlaySession, step: ScenarioStep): PlaySession {
  const from = currentEntry(session);
  const result = playStep(model, from.frame, step, { builtins: session.start.builtins !== false });
  if (!result.ok)
    return {
      ...session,
      problem: describeDifference(
        model,
        { field: "step", expected: "accepted", actual: result.problem.code },
        step,
      ),
    };
  const entries = [
    ...session.entries.slice(0, session.cursor + 1),
    {
      step,
      frame: result.frame,
      records: result.records,
      ...(result.instanceRecords ? { instanceRecords: result.instanceRecords } : {}),
    },
  ];
  const { failure: _dropped, problem: _cleared, ...rest } = session;
  return { ...rest, entries, cursor: entries.length - 1 };
}

/** Moves the cursor back or forward through the steps taken. */
export function moveCursor(session: PlaySession, by: number): PlaySession {
  const cursor = Math.max(0, Math.min(session.entries.length - 1, session.cursor + by));
  const { problem: _cleared, ...rest } = session;
  return { ...rest, cursor };
}

/** The instance a step acts on (1-based; 1 unless it names another). */
export function stepInstance(step: ScenarioStep | null): number {
  return (step && "instance" in step ? step.instance : undefined) ?? 1;
}

/** What the instance view's overlay needs for play instance `instance`, from the play entries up to the cursor. */
export function overlayInput(model: ProcessModel, session: PlaySession, instance = 1): InstanceOverlayInput {
  const entries = session.entries.slice(0, session.cursor + 1);
  const frame = currentEntry(session).frame;
  const state = playInstance(frame, instance) ?? frame.state;
  const records = (entry: PlayEntry) =>
    instance === 1 || playInstance(frame, instance) === undefined
      ? entry.records
      : (entry.instanceRecords?.[instance] ?? []);
  const explanations: Record<string, Explanation> = {};
  for (const node of model.nodes)
    if (node.stateId === state.current.stateId) explanations[node.id] = explain(model, state, node.id);
  return {
    state,
    unlocked: unlockedActions(model, state),
    explanations,
    ...overlayRecords(entries.flatMap(records)),
    live: session.cursor === session.entries.length - 1,
  };
}

/** An ISO-8601 duration for a clock move in milliseconds (whole days as `P14D`, else `PT…H…M…S`). */
export function durationOf(ms: number): string {
  const day = 86_400_000;
  if (ms > 0 && ms % day === 0) return `P${ms / day}D`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s || (!h && !m) ? `${s}S` : ""}`;
}

/**
 * The session up to the cursor as a scenario: its start, the steps taken (each on its instance) and,
 * after each step, what the play showed then of that instance (state, status, unlocked actions; the
 * outcome once finished) and, once schedules started instances, how many.
 */
export function toScenario(model: ProcessModel, session: PlaySession, name: string): Scenario {
  const steps: ScenarioStep[] = session.entries.slice(1, session.cursor + 1).flatMap((entry) => {
    if (!entry.step) return [];
    const state = playInstance(entry.frame, stepInstance(entry.step)) ?? entry.frame.state;
    const count = playInstanceCount(entry.frame);
    const { expect: _old, ...step } = entry.step as ScenarioStep & { expect?: unknown };
    return [
      {
        ...step,
        expect: {
          ...(count > 1 ? { instances: count } : {}),
          state: state.current.stateId,
          status: state.status,
          unlocked: unlockedActions(model, state).map((a) => a.nodeId),
          ...(state.outcome ? { outcome: state.outcome } : {}),
        },
      } as ScenarioStep,
    ];
  });
  return { name, ...session.start, steps };
}

/** Opens a scenario in play up to its failing step (or all of it): the steps are taken without their checks. */
export function sessionFromScenario(
  model: ProcessModel,
  scenario: Scenario,
): PlaySession | { problem: string } {
  const { name: _name, steps, ...start } = scenario;
  let session = startSession(model, start);
  if (!("entries" in session)) return session;
  for (const [index, step] of steps.entries()) {
    const next = takeStep(model, session, step);
    if (next.problem !== undefined) return { ...session, problem: `step ${index + 1}: ${next.problem}` };
    session = next;
    if (step.expect) {
      const difference = checkExpectation(
        model,
        currentEntry(session).frame,
        step.expect,
        stepInstance(step),
      );
      if (difference) return { ...session, failure: { entry: session.cursor, difference } };
    }
  }
  return session;
}

/** A signal the play can send: the code of a manual action (a signal performs it, docs/semantics.md). */
export interface SignalCode {
  code: string;
  nodeId: string;
  name: string;
}

/** The model's signal codes (manual actions with a `code`), by code. */
export function signalCodes(model: ProcessModel): SignalCode[] {
  return model.nodes
    .flatMap((n) =>
      n.kind === "action" && n.mode === "manual" && n.code
        ? [{ code: n.code, nodeId: n.id, name: n.name }]
        : [],
    )
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** How a play follows an edited draft (`followDraft`). */
export type FollowResult =
  /** Every step still applies and gives the same instance: the play continues on the edited draft. */
  | { kind: "continues"; session: PlaySession }
  /**
   * A step no longer fits (rejected, or a different instance after it): `step` is its entry index,
   * `reason` says why in words; `replayed` is the play replayed on the draft as far as it can go
   * (what "Restart from the same inputs" opens).
   */
  | { kind: "diverged"; step: number; reason: string; replayed: PlaySession }
  /** The draft cannot start a play at all. */
  | { kind: "cannotStart"; problem: string };

/**
 * Replays the play's recorded steps (same inputs, same clock moves) on the edited draft and compares
 * the instance and the virtual clock after each with what the play had. Pure.
 */
export function followDraft(draft: ProcessModel, session: PlaySession): FollowResult {
  const restarted = startSession(draft, session.start);
  if (!("entries" in restarted)) return { kind: "cannotStart", problem: restarted.problem };
  let replayed: PlaySession = restarted;
  let diverged: { step: number; reason: string } | undefined;
  const same = (a: PlayEntry, b: PlayEntry) =>
    a.frame.now === b.frame.now &&
    canonical(a.frame.state) === canonical(b.frame.state) &&
    canonical(a.frame.instances ?? []) === canonical(b.frame.instances ?? []);
  if (!same(currentEntry(replayed), session.entries[0]!))
    diverged = { step: 0, reason: "the start gives a different instance on the edited draft" };
  for (const [index, entry] of session.entries.entries()) {
    if (index === 0 || !entry.step) continue;
    const next = takeStep(draft, replayed, entry.step);
    if (next.problem !== undefined) {
      diverged ??= { step: index, reason: `step ${index} is refused: ${next.problem}` };
      break;
    }
    replayed = next;
    if (!diverged && !same(currentEntry(replayed), entry))
      diverged = { step: index, reason: `step ${index} gives a different instance on the edited draft` };
  }
  const cursor = Math.min(session.cursor, replayed.entries.length - 1);
  if (diverged) return { kind: "diverged", ...diverged, replayed: { ...replayed, cursor } };
  const { failure, ...rest } = session;
  const entries = replayed.entries;
  return {
    kind: "continues",
    session: { ...rest, entries, cursor: session.cursor, ...(failure ? { failure } : {}) },
  };
}
