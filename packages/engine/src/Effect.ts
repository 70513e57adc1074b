import type { Json, JsonObject } from "./Json";
import type { InstanceStatus, Outcome } from "./InstanceState";

/**
 * A timer job: at `dueAt` the runtime delivers `{ type: "timerDue", occurrenceId }`. Used for
 * delays, calendars, retry backoff and timer-gated manual actions. The engine re-checks the
 * occurrence then and answers with `callHandler` (automatic) or makes the manual action
 * performable. `input` is a preview evaluated now; the handler gets `callHandler.input`.
 */
export interface ScheduleEffect {
  type: "schedule";
  occurrenceId: string;
  nodeId: string;
  /** Absent for a timer-gated manual action. */
  handler?: string;
  dueAt: string;
  attempt: number;
  idempotencyKey: string;
  input: Json;
}

/**
 * Run `handler` now, outside the transaction, with `idempotencyKey`
 * (`<instanceId>:<actionId>:<occurrenceId>:<attempt>`), then report `complete` or `fail` with the
 * same occurrence id and attempt.
 */
export interface CallHandlerEffect {
  type: "callHandler";
  occurrenceId: string;
  nodeId: string;
  handler: string;
  attempt: number;
  idempotencyKey: string;
  input: Json;
}

/** Drop the timer or handler job of an occurrence that was cancelled. */
export interface CancelScheduleEffect {
  type: "cancelSchedule";
  occurrenceId: string;
}

/**
 * Run a compensation handler (saga rollback). A compensating finalizer emits one per completed
 * action with a compensation, `order` 1, 2, … = reverse completion order; run them one after the
 * other in that order.
 */
export interface CompensateEffect {
  type: "compensate";
  occurrenceId: string;
  actionId: string;
  handler: string;
  input: Json;
  order: number;
  idempotencyKey: string;
}

/**
 * A singleton action completed: lock every other running instance of `processKey` that holds at
 * least one of these identifier name/value pairs (identifiers are unique per subject, so sharing
 * one means the same subject: a login captures `userId` and `sessionId`; other sessions share the
 * `userId`, never the `sessionId`). Deliver `{ type: "lock", byInstanceId: exceptInstanceId }` to each.
 */
export interface LockInstancesEffect {
  type: "lockInstances";
  processKey: string;
  identifiers: JsonObject;
  exceptInstanceId: string;
}

/** A domain event for listeners (state entered, incident opened, manual action ready, …). */
export interface EmitEffect {
  type: "emit";
  name: string;
  data: JsonObject;
}

/** The instance ended (finalizer or cancel). */
export interface InstanceFinishedEffect {
  type: "instanceFinished";
  status: InstanceStatus;
  outcome: Outcome;
}

/** What the runtime must do after a step, as data. The engine performs none of it. */
export type Effect =
  | ScheduleEffect
  | CallHandlerEffect
  | CancelScheduleEffect
  | CompensateEffect
  | LockInstancesEffect
  | EmitEffect
  | InstanceFinishedEffect;
