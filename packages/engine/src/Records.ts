import type { Json, JsonObject } from "./Json";

/** Why a state instance was entered. */
export type StateEntryReason = "start" | "flow" | "migration" | "manual";
/** Why a state instance was left. */
export type StateExitReason = "transition" | "migration" | "manual" | "finished" | "cancelled" | "reverted";

/** One stay of the instance in one state. */
export interface StateInstanceRecord {
  id: string;
  stateId: string;
  /** The model version the state instance was evaluated against (history stays on the old version). */
  version: number;
  enteredSeq: number;
  reason: StateEntryReason;
  exitedSeq?: number;
  exitReason?: StateExitReason;
}

/** Lifecycle of an occurrence (one run of an action or control node). */
export type OccurrenceStatus = "scheduled" | "running" | "completed" | "failed" | "cancelled" | "skipped";
/** Why an occurrence exists: unlocked by a flow, after a timer, performed manually, by a migration, by an outside callback (signal). */
export type OccurrenceReason = "flow" | "timer" | "manual" | "migration" | "callback";

/** An occurrence (action instance) of an action or control node. */
export interface OccurrenceRecord {
  id: string;
  nodeId: string;
  stateInstanceId: string;
  version: number;
  status: OccurrenceStatus;
  /** 1 for the first try; a retry or a retried incident takes the next attempt. */
  attempt: number;
  reason: OccurrenceReason;
  /** The `armedAt` of the node when the occurrence was created (a newer arming makes it stale). */
  armedAt: number;
  createdSeq: number;
  /** `scheduled`: when the runtime must deliver `timerDue`. */
  dueAt?: string;
  input?: Json;
  output?: Json;
  error?: Json;
  actor?: Json;
  /** `seq` at which it completed, failed, was skipped or cancelled. */
  closedSeq?: number;
  /** Why it was skipped or cancelled, for people. */
  note?: string;
}

/** A flow line that fired. */
export interface FiringRecord {
  id: string;
  lineId: string;
  from: string;
  to: string;
  stateInstanceId: string;
  /** The occurrence whose completion (or failure) fired the line. */
  occurrenceId: string;
  seq: number;
}

/** One append-only history entry. `type: "event"` entries hold the accepted event and its `now`. */
export interface HistoryEntry {
  seq: number;
  at: string;
  type: string;
  data: JsonObject;
}

/** What the runtime must persist in the same transaction as the new state. */
export interface Records {
  /** New or changed state instances (upsert by id). */
  stateInstances: StateInstanceRecord[];
  /** New or changed occurrences (upsert by id). */
  occurrences: OccurrenceRecord[];
  /** New firings. */
  firings: FiringRecord[];
  /** New history entries, in `seq` order. */
  history: HistoryEntry[];
}
