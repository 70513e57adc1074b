import type { ProcessModel } from "@flowstate/model";
import type { Json, JsonObject } from "./Json";
import type { Assignee } from "./InstanceState";
import type { MigrationPlan } from "./MigrationPlan";

/** Perform a manual action (by node id or by `code`). `input` is what the person or system submitted. */
export interface PerformEvent {
  type: "perform";
  actionId?: string;
  code?: string;
  input?: Json;
  /** Who performed it (kept on the occurrence). An `EngineActor` that carries `groups` must have the action's `role` among them (`mayPerformRole`). */
  actor?: Json;
}

/** A handler finished an attempt of a running occurrence. */
export interface CompleteEvent {
  type: "complete";
  occurrenceId: string;
  attempt: number;
  output?: Json;
}

/** A handler attempt failed. Not `final` and the action has retries left: the next attempt is scheduled with backoff. */
export interface FailEvent {
  type: "fail";
  occurrenceId: string;
  attempt: number;
  error: Json;
  final?: boolean;
}

/** A scheduled occurrence is due (its `schedule` effect's `dueAt` has passed). */
export interface TimerDueEvent {
  type: "timerDue";
  occurrenceId: string;
}

/**
 * An outside event for the manual action with `code` in this instance (the runtime correlates it by
 * identifiers first). `identifiers` must agree with the instance's captured ones; `messageId`
 * drops redeliveries.
 */
export interface SignalEvent {
  type: "signal";
  code: string;
  identifiers?: JsonObject;
  payload?: Json;
  messageId?: string;
}

/** Stop the instance (no compensation: model an abort path to a compensating finalizer for that). */
export interface CancelEvent {
  type: "cancel";
  reason?: string;
}

/** Re-open the failed occurrence of an incident with a new attempt, run now. */
export interface RetryIncidentEvent {
  type: "retryIncident";
  incidentId: string;
}

/** Give up on the failed occurrence of an incident and move on as if it completed with no output. */
export interface SkipIncidentEvent {
  type: "skipIncident";
  incidentId: string;
}

/** Another instance's singleton action locked this one. */
export interface LockEvent {
  type: "lock";
  byInstanceId: string;
}

/** An operator lifts a lock. */
export interface UnlockEvent {
  type: "unlock";
}

/** Apply a migration plan (from `planMigration`); `step`'s model is the source version's. */
export interface MigrateEvent {
  type: "migrate";
  toModel: ProcessModel;
  plan: MigrationPlan;
}

/** Undo the latest migration while nothing happened since; `step`'s model is the target version's. */
export interface RevertMigrationEvent {
  type: "revertMigration";
  fromModel: ProcessModel;
}

/** An operator moves the instance to another state of its version (`move.ts`); `reason` is required; refused (STALE_SEQ) when the seq is no longer `expectedSeq` (the dry run's). */
export interface MoveEvent {
  type: "move";
  stateId: string;
  reason: string;
  actor?: string;
  expectedSeq?: number;
}

/** An operator replaces the variables; refused (STALE_SEQ) when the instance's seq is no longer `expectedSeq`. */
export interface SetVariablesEvent {
  type: "setVariables";
  variables: JsonObject;
  reason: string;
  actor?: string;
  expectedSeq?: number;
}

/**
 * Assign an unlocked manual action of the current state instance to `assignee` (`null`: unassign)
 * and/or set its follow-up time (`null`: clear). `claim`: refused with `ALREADY_ASSIGNED` when the
 * action is assigned to somebody else. See `events/applyAssign.ts`.
 */
export interface AssignEvent {
  type: "assign";
  actionId: string;
  assignee?: Assignee | null;
  followUp?: string | null;
  claim?: boolean;
}

/** Starting is not a `step`: use `initialState`. Given to `step` it is rejected (`ALREADY_STARTED`). */
export interface StartEvent {
  type: "start";
}

/** Everything that can happen to an instance, discriminated on `type`. */
export type EngineEvent =
  | StartEvent
  | PerformEvent
  | CompleteEvent
  | FailEvent
  | TimerDueEvent
  | SignalEvent
  | CancelEvent
  | RetryIncidentEvent
  | SkipIncidentEvent
  | LockEvent
  | UnlockEvent
  | MigrateEvent
  | RevertMigrationEvent
  | MoveEvent
  | SetVariablesEvent
  | AssignEvent;
