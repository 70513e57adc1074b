import type { ProcessModel } from "@flowstate/model";
import type { EngineEvent } from "./EngineEvent";
import { initialState } from "./initialState";
import type { StartOptions } from "./initialState";
import type { InstanceState } from "./InstanceState";
import { step } from "./step";

/** One recorded input of `step`. */
export interface RecordedEvent {
  event: EngineEvent;
  now: string;
}

/**
 * Rebuilds an instance from its inputs: `initialState(model, init)` then every recorded event in
 * order (rejected ones change nothing, as they did the first time; a `migrate` switches to its
 * `toModel`, a `revertMigration` back to its `fromModel`). Equal to the stored state because
 * `step` is deterministic. Throws only if `init` itself is rejected (it was accepted once).
 */
export function replay(
  model: ProcessModel,
  history: readonly RecordedEvent[],
  init: StartOptions,
): InstanceState {
  const started = initialState(model, init);
  if (!started.ok) throw new Error(`replay: start rejected: ${started.rejection.message}`);
  let state = started.state;
  let current = model;
  for (const { event, now } of history) {
    const result = step(current, state, event, now);
    if (!result.ok) continue;
    state = result.state;
    if (event.type === "migrate") current = event.toModel;
    else if (event.type === "revertMigration") current = event.fromModel;
  }
  return state;
}
