import type { Effect } from "./Effect";
import type { ModelIndex } from "./indexModel";
import type {
  CompensationEntry,
  CurrentStateInstance,
  IdCounters,
  Incident,
  InstanceState,
  NodeSummary,
} from "./InstanceState";
import type { JsonObject } from "./Json";
import type { FiringRecord, HistoryEntry, OccurrenceRecord, StateInstanceRecord } from "./Records";
import type { StepAccepted } from "./StepResult";
import { expressionContext } from "./expressionContext";

const ID_PREFIX: Record<keyof IdCounters, string> = {
  occurrence: "o",
  stateInstance: "s",
  firing: "f",
  incident: "i",
};

/** Thrown inside a step when control nodes keep firing; `step` turns it into a `CASCADE_LIMIT` rejection. */
export class CascadeLimitError extends Error {
  constructor(readonly nodeId: string) {
    super(`cascade limit reached at node ${nodeId}`);
  }
}

/** Most control-node firings and state entries one step may cause before it is rejected as a loop. */
export const CASCADE_LIMIT = 1000;

/**
 * The working copy of one step. Copy-on-write over the input state (which is never mutated):
 * only the parts a step touches are copied, so a step costs O(what changed), not O(state). Also
 * collects effects, records and history. Internal to the engine.
 */
export class Draft {
  readonly state: InstanceState;
  readonly effects: Effect[] = [];
  readonly firings: FiringRecord[] = [];
  readonly history: HistoryEntry[] = [];
  /** Control nodes to look at before the step settles (FIFO). */
  worklist: string[] = [];
  cascadeCount = 0;
  /** Set once an expression context is made (`context`) or the id compared (`idToCompare`): the step's result may depend on the instance's identity. */
  private contextRead = false;
  private readonly occurrenceRecords = new Map<string, OccurrenceRecord>();
  private readonly stateInstanceRecords = new Map<string, StateInstanceRecord>();
  private ownCurrent = false;
  private readonly ownNodes = new Set<string>();
  private ownOccurrences = false;
  private ownCounters = false;
  private ownStateInstances = false;

  constructor(
    readonly ix: ModelIndex,
    base: InstanceState,
    readonly now: string,
  ) {
    this.state = { ...base };
  }

  get current(): CurrentStateInstance {
    return this.state.current;
  }

  /** Appends a history entry with the next `seq` and returns that `seq`. */
  log(type: string, data: JsonObject): number {
    const seq = ++this.state.seq;
    this.history.push({ seq, at: this.now, type, data });
    return seq;
  }

  /** The next deterministic id of a kind: `o<N>`, `s<N>`, `f<N>`, `i<N>`. */
  nextId(kind: keyof IdCounters): string {
    if (!this.ownCounters) {
      this.state.counters = { ...this.state.counters };
      this.ownCounters = true;
    }
    const n = ++this.state.counters[kind];
    return `${ID_PREFIX[kind]}${n}`;
  }

  /** A writable summary of a node of the current state instance (created when absent). */
  writeNode(id: string): NodeSummary {
    if (!this.ownCurrent) {
      const c = this.state.current;
      this.state.current = { ...c, nodes: { ...c.nodes } };
      this.ownCurrent = true;
    }
    const nodes = this.state.current.nodes;
    let summary = nodes[id];
    if (!this.ownNodes.has(id) || summary === undefined) {
      summary =
        summary === undefined
          ? {}
          : summary.fired === undefined
            ? { ...summary }
            : { ...summary, fired: { ...summary.fired } };
      nodes[id] = summary;
      this.ownNodes.add(id);
    }
    return summary;
  }

  /** Replaces the current state instance (entering a state). */
  setCurrent(current: CurrentStateInstance): void {
    this.state.current = current;
    this.ownCurrent = true;
    this.ownNodes.clear();
  }

  /** Restores a whole current state instance object (revert): it is shared, so copied again on write. */
  restoreCurrent(current: CurrentStateInstance): void {
    this.state.current = current;
    this.ownCurrent = false;
    this.ownNodes.clear();
  }

  /** Stores an occurrence: open ones (scheduled, running) stay in the state, every change becomes a record. */
  putOccurrence(occurrence: OccurrenceRecord): void {
    if (!this.ownOccurrences) {
      this.state.occurrences = { ...this.state.occurrences };
      this.ownOccurrences = true;
    }
    if (occurrence.status === "scheduled" || occurrence.status === "running")
      this.state.occurrences[occurrence.id] = occurrence;
    else delete this.state.occurrences[occurrence.id];
    this.occurrenceRecords.set(occurrence.id, occurrence);
  }

  /** Replaces all open occurrences (migration, revert). */
  setOccurrences(occurrences: Record<string, OccurrenceRecord>): void {
    this.state.occurrences = occurrences;
    this.ownOccurrences = false;
  }

  /** Records a changed occurrence without touching the open set (used when restoring). */
  recordOccurrence(occurrence: OccurrenceRecord): void {
    this.occurrenceRecords.set(occurrence.id, occurrence);
  }

  /** Adds or replaces a state instance record (by id). */
  putStateInstance(record: StateInstanceRecord): void {
    if (!this.ownStateInstances) {
      this.state.stateInstances = [...this.state.stateInstances];
      this.ownStateInstances = true;
    }
    const list = this.state.stateInstances;
    let i = list.length - 1;
    while (i >= 0 && list[i]?.id !== record.id) i--;
    if (i >= 0) list[i] = record;
    else list.push(record);
    this.stateInstanceRecords.set(record.id, record);
  }

  /**
   * Makes an earlier state instance current again (reverting a migration): it moves to the end of
   * `stateInstances`, which keeps the current one last (semantics E2), and is recorded as changed.
   */
  reopenStateInstance(record: StateInstanceRecord): void {
    this.state.stateInstances = [...this.state.stateInstances.filter((s) => s.id !== record.id), record];
    this.ownStateInstances = true;
    this.stateInstanceRecords.set(record.id, record);
  }

  /** The record of the current state instance. */
  currentStateInstance(): StateInstanceRecord | undefined {
    const list = this.state.stateInstances;
    for (let i = list.length - 1; i >= 0; i--) if (list[i]?.id === this.state.current.id) return list[i];
    return undefined;
  }

  /** Merges values into the variables (a new object). */
  setVariables(values: JsonObject): void {
    if (Object.keys(values).length > 0) this.state.variables = { ...this.state.variables, ...values };
  }

  /** Merges values into the identifiers (a new object). */
  setIdentifiers(values: JsonObject): void {
    if (Object.keys(values).length > 0) this.state.identifiers = { ...this.state.identifiers, ...values };
  }

  setIncidents(incidents: Incident[]): void {
    this.state.incidents = incidents;
  }

  setCompensation(entries: CompensationEntry[]): void {
    this.state.compensation = entries;
  }

  /** The accepted result: new state, effects and records. */
  /** The FEEL context of the instance as it is now (`expressionContext`), for an expression the step evaluates. */
  context(extra?: Record<string, unknown>): Record<string, unknown> {
    this.contextRead = true;
    return expressionContext(this.state, extra);
  }

  /** The instance's id for a comparison that decides the step (which then depends on it: not `contextFree`). */
  idToCompare(): string {
    this.contextRead = true;
    return this.state.instanceId;
  }

  accept(): StepAccepted {
    return {
      ok: true,
      contextFree: !this.contextRead,
      state: this.state,
      effects: this.effects,
      records: {
        stateInstances: [...this.stateInstanceRecords.values()],
        occurrences: [...this.occurrenceRecords.values()],
        firings: this.firings,
        history: this.history,
      },
    };
  }
}
