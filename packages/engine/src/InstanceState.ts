import type { Json, JsonObject } from "./Json";
import type { OccurrenceRecord, StateInstanceRecord } from "./Records";

/** Lifecycle of an instance. `locked`: another instance's singleton action locked it (see `lock`). */
export type InstanceStatus = "running" | "completed" | "failed" | "cancelled" | "locked";

/** How a finished instance ended: the finalizer's outcome, or `cancelled`. */
export type Outcome = "succeeded" | "failed" | "cancelled";

/** The latest firing of one incoming flow line of a node (what armed it). */
export interface LineFiring {
  firingId: string;
  seq: number;
}

/**
 * Everything the engine needs to know about one node in the current state instance, kept up to
 * date by `step` so that evaluating a node is O(its lines), never a scan of history. Absent keys
 * mean "never" (the summary of an untouched node is absent altogether).
 */
export interface NodeSummary {
  /** Incoming flow line id → its latest firing in this state instance. */
  fired?: Record<string, LineFiring>;
  /** `seq` of the latest completion in this state instance (`last(n)` of semantics §3). */
  lastCompletedSeq?: number;
  /** The occurrence that completed at `lastCompletedSeq`. */
  lastOccurrenceId?: string;
  /** Completions counted since the node was armed at `countedFrom`. */
  completions?: number;
  /** The `armedAt` the `completions` count belongs to; a newer arming resets the count. */
  countedFrom?: number;
  /** `seq` at which an occurrence of the node failed for good (retries exhausted). */
  failedSeq?: number;
  failedOccurrenceId?: string;
  /** A manual action with `delay`/`calendar`: the `armedAt` for which its timer has elapsed. */
  timerPassedFor?: number;
  /** An automatic action with `repeatUntil`: the `armedAt` for which the condition held. */
  repeatDoneFor?: number;
  /** A migration action: the `seq` at which a migration armed it. */
  migrationArmedAt?: number;
  /** A manual action: who it is assigned to (`assign`); cleared when it is performed. */
  assignee?: Assignee;
  /** A manual action: when to look at it again (`assign` with `followUp`); cleared with the assignee. */
  followUpAt?: string;
}

/** Who a task (an unlocked manual action) is assigned to: the runtime's user id and name. */
export interface Assignee {
  id: string;
  name: string;
}

/** The state instance the instance is in now, with per-node summaries. */
export interface CurrentStateInstance {
  id: string;
  stateId: string;
  enteredSeq: number;
  /** Node id → summary; only nodes something happened to have one. */
  nodes: Record<string, NodeSummary>;
}

/** An occurrence that failed for good with no failure flow to take: waits for an operator. */
export interface Incident {
  id: string;
  occurrenceId: string;
  nodeId: string;
  stateInstanceId: string;
  openedSeq: number;
  attempt: number;
  error: Json;
  /** The failed occurrence as it was, so `retryIncident` can re-open it. */
  occurrence: OccurrenceRecord;
}

/** A completed action with a compensation handler, kept for a compensating finalizer. */
export interface CompensationEntry {
  occurrenceId: string;
  actionId: string;
  completedSeq: number;
  /** The compensation as the action's version defined it (the instance may have migrated since). */
  handler: string;
  /** Its input mapping, evaluated when compensating (context: variables, `result`, `input`). */
  mapping?: Record<string, string>;
  input: Json;
  output: Json;
}

/** What a migration changed, kept until anything else happens so it can be reverted. */
export interface MigrationStash {
  /** `seq` right after the migration; revertible while `state.seq` still equals it. */
  seqAfter: number;
  fromVersion: number;
  toVersion: number;
  /** The state instance the migration entered. */
  stateInstanceId: string;
  previous: {
    current: CurrentStateInstance;
    stateInstance: StateInstanceRecord;
    occurrences: Record<string, OccurrenceRecord>;
    incidents: Incident[];
    variables: JsonObject;
    identifiers: JsonObject;
  };
}

/** Id counters: ids are `o<N>`, `s<N>`, `f<N>`, `i<N>` with N taken from here. */
export interface IdCounters {
  occurrence: number;
  stateInstance: number;
  firing: number;
  incident: number;
}

/**
 * The persisted state of one process instance: plain JSON (ISO-8601 strings for times), fully
 * deterministic, never mutated by the engine (every step returns a new object, sharing untouched
 * parts). Its size does not grow with the number of completed occurrences: history goes to
 * `Records`, the state keeps summaries.
 */
export interface InstanceState {
  instanceId: string;
  processKey: string;
  /** Published version of the process model this instance runs on. */
  version: number;
  status: InstanceStatus;
  outcome?: Outcome;
  businessKey: string;
  variables: JsonObject;
  /** Monotonic counter: every history entry (accepted event, entry, completion, firing, …) takes the next value. */
  seq: number;
  counters: IdCounters;
  /** Captured identifiers (captures with `identifier: true`): name → latest value. */
  identifiers: JsonObject;
  /** Set while `status` is `locked`: the instance whose singleton action locked this one. */
  lockedBy?: string;
  /** Every state instance of this instance, in entry order; the last one is the current one. */
  stateInstances: StateInstanceRecord[];
  current: CurrentStateInstance;
  /** Open occurrences (`scheduled` or `running`) of the current state instance, by id. */
  occurrences: Record<string, OccurrenceRecord>;
  /** Open incidents. */
  incidents: Incident[];
  /** Completed actions with a compensation handler, in completion order (not yet compensated). */
  compensation: CompensationEntry[];
  /** The latest signal message ids (bounded), to drop redelivered signals. */
  messageIds: string[];
  /** The latest migration, while it can still be reverted. */
  migration?: MigrationStash;
}
