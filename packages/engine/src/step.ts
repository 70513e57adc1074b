import type { ProcessModel } from "@flowstate/model";
import { Draft } from "./Draft";
import type { EngineEvent } from "./EngineEvent";
import { applyCancel } from "./events/applyCancel";
import { applyComplete } from "./events/applyComplete";
import { applyFail } from "./events/applyFail";
import { applyLock, applyUnlock } from "./events/applyLock";
import { applyPerform } from "./events/applyPerform";
import { applyRetryIncident } from "./events/applyRetryIncident";
import { applySignal } from "./events/applySignal";
import { applySkipIncident } from "./events/applySkipIncident";
import { applyTimerDue } from "./events/applyTimerDue";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import { toJson } from "./Json";
import type { JsonObject } from "./Json";
import { migrate } from "./migrate";
import { rejectThrown } from "./rejectThrown";
import { revertMigration } from "./revertMigration";
import { settle } from "./settle";
import { rejection } from "./StepResult";
import type { Rejection, StepResult } from "./StepResult";
import { normalizeTime } from "./time/addDuration";

function apply(d: Draft, event: EngineEvent): Rejection | undefined {
  switch (event.type) {
    case "perform":
      return applyPerform(d, event);
    case "complete":
      return applyComplete(d, event);
    case "fail":
      return applyFail(d, event);
    case "timerDue":
      return applyTimerDue(d, event);
    case "signal":
      return applySignal(d, event);
    case "cancel":
      return applyCancel(d, event);
    case "retryIncident":
      return applyRetryIncident(d, event);
    case "skipIncident":
      return applySkipIncident(d, event);
    case "lock":
      return applyLock(d, event);
    case "unlock":
      return applyUnlock(d, event);
    default:
      return rejection(
        "INVALID_EVENT",
        `unknown event type ${JSON.stringify((event as { type?: unknown }).type)}`,
      );
  }
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
      return {
        ok: false,
        state,
        rejection: rejection("INVALID_EVENT", "an event is an object with a string type"),
      };
    }
    const at = typeof now === "string" ? normalizeTime(now) : undefined;
    if (at === undefined)
      return {
        ok: false,
        state,
        rejection: rejection("INVALID_TIME", `now must be an ISO-8601 time, got ${JSON.stringify(now)}`),
      };
    if (event.type === "start")
      return {
        ok: false,
        state,
        rejection: rejection("ALREADY_STARTED", "the instance exists; use initialState to start one"),
      };
    if (event.type === "migrate") {
      if (
        typeof event.toModel !== "object" ||
        event.toModel === null ||
        typeof event.plan !== "object" ||
        event.plan === null
      ) {
        return { ok: false, state, rejection: rejection("INVALID_EVENT", "migrate needs toModel and plan") };
      }
      return migrate(model, event.toModel, state, event.plan, at);
    }
    if (event.type === "revertMigration") {
      if (typeof event.fromModel !== "object" || event.fromModel === null)
        return { ok: false, state, rejection: rejection("INVALID_EVENT", "revertMigration needs fromModel") };
      return revertMigration(event.fromModel, model, state, at);
    }
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
