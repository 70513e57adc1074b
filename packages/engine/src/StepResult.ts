import type { Effect } from "./Effect";
import type { Explanation } from "./Explanation";
import type { InstanceState } from "./InstanceState";
import type { Records } from "./Records";

/** Why an event was not accepted. */
export type RejectionCode =
  | "INVALID_EVENT"
  | "INVALID_TIME"
  | "ALREADY_STARTED"
  | "NO_INITIAL_STATE"
  | "INSTANCE_NOT_RUNNING"
  | "INSTANCE_LOCKED"
  | "UNKNOWN_ACTION"
  | "NOT_MANUAL"
  | "NOT_UNLOCKED"
  | "ROLE_REQUIRED"
  | "ASSIGNED_TO_OTHER"
  | "ALREADY_ASSIGNED"
  | "IDENTIFIER_MISMATCH"
  | "DUPLICATE_MESSAGE"
  | "UNKNOWN_OCCURRENCE"
  | "OCCURRENCE_NOT_RUNNING"
  | "OCCURRENCE_NOT_SCHEDULED"
  | "STALE_ATTEMPT"
  | "TIMER_NOT_DUE"
  | "UNKNOWN_INCIDENT"
  | "ALREADY_LOCKED"
  | "NOT_LOCKED"
  | "MIGRATION_INVALID"
  | "NOT_REVERTIBLE"
  | "UNKNOWN_STATE"
  | "ALREADY_IN_STATE"
  | "CANNOT_SETTLE"
  | "STALE_SEQ"
  | "NOTHING_CHANGED"
  | "CASCADE_LIMIT"
  | "INTERNAL_ERROR";

/** A typed rejection; `explanation` is the explainer's answer when a node was involved. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  explanation?: Explanation;
}

/** An accepted step: the new state, the effects for the runtime, and what to persist. */
export interface StepAccepted {
  ok: true;
  state: InstanceState;
  effects: Effect[];
  records: Records;
  /**
   * True when the step evaluated no expression and compared nothing with the instance's id, so it
   * read the id and business key only to copy them (into the state, records, effects, idempotency keys): an instance with the
   * same state but for those two steps the same way, with its own id and key in their places.
   */
  contextFree: boolean;
}

/** A rejected step: `state` is the very object that was passed in, unchanged. */
export interface StepRejected {
  ok: false;
  state: InstanceState;
  rejection: Rejection;
}

/** Result of `step`, `migrate`, `revertMigration`. Never thrown. */
export type StepResult = StepAccepted | StepRejected;

/** Result of `initialState`: like `StepResult`, but a rejection has no state to return. */
export type StartResult = StepAccepted | { ok: false; rejection: Rejection };

/** Builds a rejection (the explanation only when given). */
export function rejection(code: RejectionCode, message: string, explanation?: Explanation): Rejection {
  return explanation ? { code, message, explanation } : { code, message };
}

/** A refused step: `state` unchanged, the rejection `code` with `message`. */
export function refused(state: InstanceState, code: RejectionCode, message: string): StepRejected {
  return { ok: false, state, rejection: rejection(code, message) };
}

/** A step refused because `now` is not an ISO-8601 time. */
export function refusedTime(state: InstanceState, now: unknown): StepRejected {
  return refused(state, "INVALID_TIME", `now must be an ISO-8601 time, got ${JSON.stringify(now)}`);
}
