import type { ProcessModel } from "@flowstate/model";
import type { MoveEvent } from "./EngineEvent";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import type { JsonObject } from "./Json";
import { applyPlan } from "./migrate";
import type { MigrationPlan } from "./MigrationPlan";
import { planMigration } from "./planMigration";
import { refused } from "./StepResult";
import type { RejectionCode, StepResult } from "./StepResult";

/** Why an instance cannot be moved to the asked state. */
export type MoveProblem = Extract<
  RejectionCode,
  "INSTANCE_NOT_RUNNING" | "UNKNOWN_STATE" | "ALREADY_IN_STATE" | "CANNOT_SETTLE" | "INVALID_EVENT"
>;

/** Result of `planMove`: the migration plan within the instance's own version, or why not. */
export type MovePlanResult = MigrationPlan | { ok: false; reason: MoveProblem; message: string };

/**
 * Plans (dry-runs, unless `preview: false`) moving an instance to another state of its own
 * version: `planMigration` with the version as source and target and the mapping current state →
 * `stateId`. The plan says which migration actions of the target state run and what is unlocked
 * after. Refused: a finished instance, an unknown state, the state it is in (a "restart" would
 * re-run the state's automatic actions and re-arm its timers; retry or skip the incident instead).
 */
export function planMove(
  model: ProcessModel,
  state: InstanceState,
  stateId: string,
  options: { now?: string; preview?: boolean } = {},
): MovePlanResult {
  const fail = (reason: MoveProblem, message: string): MovePlanResult => ({ ok: false, reason, message });
  if (state.status !== "running" && state.status !== "locked")
    return fail("INSTANCE_NOT_RUNNING", `the instance is ${state.status}`);
  if (typeof stateId !== "string" || !indexModel(model).states.has(stateId))
    return fail("UNKNOWN_STATE", `version ${state.version} has no state ${JSON.stringify(stateId)}`);
  if (stateId === state.current.stateId)
    return fail("ALREADY_IN_STATE", `the instance is in state ${stateId} already`);
  const plan = planMigration(model, model, state, {
    mapping: { [state.current.stateId]: stateId },
    sourceVersion: state.version,
    targetVersion: state.version,
    ...(options.now !== undefined ? { now: options.now } : {}),
    preview: options.preview ?? true,
  });
  if (plan.ok) return plan;
  // Otherwise the model is not the instance's (another process or version).
  return fail(plan.reason === "CANNOT_SETTLE" ? "CANNOT_SETTLE" : "INVALID_EVENT", plan.message);
}

/**
 * The `move` step: the current state instance is left (reason `manual`, its open occurrences —
 * scheduled timers too — cancelled) and a new one of `event.stateId` entered (reason `manual`)
 * with the target state's migration actions armed; one `moved` record says who and why. Not
 * revertible like a migration (the way back is another move).
 */
export function move(model: ProcessModel, state: InstanceState, event: MoveEvent, now: string): StepResult {
  if (typeof event.reason !== "string" || event.reason.trim() === "" || event.reason.length > 1000)
    return refused(state, "INVALID_EVENT", "a move needs a reason (1 to 1000 characters)");
  if (event.actor !== undefined && typeof event.actor !== "string")
    return refused(state, "INVALID_EVENT", "actor must be a string");
  if (event.expectedSeq !== undefined && event.expectedSeq !== state.seq)
    return refused(
      state,
      "STALE_SEQ",
      `the instance changed since the dry run (seq ${String(event.expectedSeq)}, now ${state.seq})`,
    );
  const plan = planMove(model, state, event.stateId, { preview: false });
  if (!plan.ok) return refused(state, plan.reason, plan.message);
  const logged: JsonObject = { type: "move", stateId: event.stateId, reason: event.reason };
  if (event.actor !== undefined) logged.actor = event.actor;
  return applyPlan(model, model, state, plan, now, {
    kind: "move",
    event: logged,
    reason: event.reason,
    ...(event.actor !== undefined ? { actor: event.actor } : {}),
  });
}
