import type { Draft } from "./Draft";
import { CASCADE_LIMIT, CascadeLimitError } from "./Draft";
import type { OccurrenceRecord, StateEntryReason, StateExitReason } from "./Records";

/**
 * Enters `stateId` as a fresh state instance (`s<N>`, reason given): its root nodes are armed at
 * the entry `seq`, `migrationActions` are armed by the migration, its control nodes are queued
 * for the cascade. Earlier occurrences no longer count.
 */
export function enterState(
  d: Draft,
  stateId: string,
  reason: StateEntryReason,
  migrationActions: readonly string[] = [],
): void {
  if (++d.cascadeCount > CASCADE_LIMIT) throw new CascadeLimitError(stateId);
  const id = d.nextId("stateInstance");
  const seq = d.log("stateEntered", { stateInstanceId: id, stateId, reason, version: d.state.version });
  d.putStateInstance({ id, stateId, version: d.state.version, enteredSeq: seq, reason });
  d.setCurrent({ id, stateId, enteredSeq: seq, nodes: {} });
  for (const nodeId of migrationActions) d.writeNode(nodeId).migrationArmedAt = seq;
  d.effects.push({ type: "emit", name: "stateEntered", data: { stateInstanceId: id, stateId, reason } });
  d.worklist = (d.ix.stateControls.get(stateId) ?? []).map((n) => n.id);
}

/** Cancels one open occurrence (next `seq`) with a `cancelSchedule` effect. */
export function cancelOccurrence(d: Draft, occurrence: OccurrenceRecord, note: string): void {
  const seq = d.log("occurrenceCancelled", { occurrenceId: occurrence.id, nodeId: occurrence.nodeId, note });
  d.putOccurrence({ ...occurrence, status: "cancelled", closedSeq: seq, note });
  d.effects.push({ type: "cancelSchedule", occurrenceId: occurrence.id });
}

/**
 * Leaves the current state instance: records the exit, cancels every open occurrence of it
 * (`cancelSchedule` effects) and closes its open incidents. Pending cascade work is dropped.
 */
export function leaveState(d: Draft, reason: StateExitReason): void {
  const current = d.current;
  const seq = d.log("stateExited", { stateInstanceId: current.id, stateId: current.stateId, reason });
  const record = d.currentStateInstance();
  if (record) d.putStateInstance({ ...record, exitedSeq: seq, exitReason: reason });
  for (const occurrence of Object.values(d.state.occurrences)) {
    if (occurrence.stateInstanceId === current.id)
      cancelOccurrence(d, occurrence, `state instance ${current.id} left (${reason})`);
  }
  const open = d.state.incidents.filter((i) => i.stateInstanceId === current.id);
  if (open.length > 0) {
    for (const incident of open) {
      d.log("incidentClosed", {
        incidentId: incident.id,
        occurrenceId: incident.occurrenceId,
        resolution: "stateLeft",
      });
      d.effects.push({
        type: "emit",
        name: "incidentClosed",
        data: { incidentId: incident.id, resolution: "stateLeft" },
      });
    }
    d.setIncidents(d.state.incidents.filter((i) => i.stateInstanceId !== current.id));
  }
  d.worklist = [];
}
