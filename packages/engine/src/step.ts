import type { ProcessModel } from "@flowstate/model";
import { Draft } from "./Draft";
import type { EngineEvent } from "./EngineEvent";
import { applyAssign } from "./events/applyAssign";
import { applyCancel } from "./events/applyCancel";
import { applyComplete } from "./events/applyComplete";
import { applyFail } from "./events/applyFail";
import { applyLock, applyUnlock } from "./events/applyLock";
import { applyPerform } from "./events/applyPerform";
import { applySetVariables } from "./events/applySetVariables";
import { applyRetryIncident } from "./events/applyRetryIncident";
import { applySignal } from "./events/applySignal";
import { applySkipIncident } from "./events/applySkipIncident";
import { applyTimerDue } from "./events/applyTimerDue";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import { toJson } from "./Json";
import type { JsonObject } from "./Json";
import { migrate } from "./migrate";
import { move } from "./move";
import { rejectThrown } from "./rejectThrown";
import { revertMigration } from "./revertMigration";
import { settle } from "./settle";
import { refused, refusedTime, rejection } from "./StepResult";
import type { Rejection, StepResult } from "./StepResult";
import { normalizeTime } from "./time/addDuration";

type Applied = Exclude<EngineEvent["type"], "start" | "migrate" | "revertMigration" | "move">;

/** What applies each event type that `step` hands on to a draft. */
const appliers: {
  [T in Applied]: (d: Draft, event: Extract<EngineEvent, { type: T }>) => Rejection | undefined;
} = {
  perform: applyPerform,
  complete: applyComplete,
  fail: applyFail,
  timerDue: applyTimerDue,
  signal: applySignal,
  cancel: applyCancel,
  retryIncident: applyRetryIncident,
  skipIncident: applySkipIncident,
  lock: applyLock,
  unlock: applyUnlock,
  setVariables: applySetVariables,
  assign: applyAssign,
};

function apply(d: Draft, event: EngineEvent): Rejection | undefined {
  const applier = Object.hasOwn(appliers, event.type)
    ? (appliers[event.type as Applied] as (d: Draft, event: EngineEvent) => Rejection | undefined)
    : undefined;
  if (!applier)
    return rejection(
      "INVALID_EVENT",
      `unknown event type ${JSON.stringify((event as { type?: unknown }).type)}`,
    );
  return applier(d, event);
}

/**
 * The pure transition: applies `event` at time `now` (ISO-8601) to `state`, an instance of
 * `model` (the model of `state.version`), cascades to a fixpoint and returns the new state, the
 * effects for the runtime and the records to persist — or a typed rejection with the very same
 * `state` object. Never throws, never mutates its arguments, reads no clock.
 */
export function step(model: ProcessModel, state: InstanceState, event: EngineEvent, now: string): StepResult {
  try {
    if (
      typeof event !== "object" ||
      event === null ||
      typeof (event as { type?: unknown }).type !== "string"
    ) {
      return refused(state, "INVALID_EVENT", "an event is an object with a string type");
    }
    const at = typeof now === "string" ? normalizeTime(now) : undefined;
    if (at === undefined) return refusedTime(state, now);
    if (event.type === "start")
      return refused(state, "ALREADY_STARTED", "the instance exists; use initialState to start one");
    if (event.type === "migrate") {
      if (
        typeof event.toModel !== "object" ||
        event.toModel === null ||
        typeof event.plan !== "object" ||
        event.plan === null
      ) {
        return refused(state, "INVALID_EVENT", "migrate needs toModel and plan");
      }
      return migrate(model, event.toModel, state, event.plan, at);
    }
    if (event.type === "revertMigration") {
      if (typeof event.fromModel !== "object" || event.fromModel === null)
        return refused(state, "INVALID_EVENT", "revertMigration needs fromModel");
      return revertMigration(event.fromModel, model, state, at);
    }
    if (event.type === "move") return move(model, state, event, at);
    const d = new Draft(indexModel(model), state, at);
    // Anything accepted moves `seq` on, so a kept migration can no longer be reverted: drop it.
    delete d.state.migration;
    d.log("event", { event: toJson(event) as JsonObject, now: at });
    const rejected = apply(d, event);
    if (rejected) return { ok: false, state, rejection: rejected };
    settle(d);
    return d.accept();
  } catch (error) {
    return rejectThrown(state, error);
  }
}
