import type { Draft } from "./Draft";
import { fireFlows } from "./fireLine";
import type { NodeInfo } from "./indexModel";
import type { Json } from "./Json";
import type { OccurrenceRecord } from "./Records";

/**
 * An occurrence failed for good (next `seq`): it is closed as `failed`, the node is marked failed
 * for its current arming, its failure flows (`on: "failed"`) whose condition holds fire (the
 * context has `error`); with none, an incident is opened and the instance keeps running.
 * `flows: false` opens the incident without trying the failure flows (a failure found while the
 * scheduling pass runs, which must not move the instance under it).
 */
export function failNode(
  d: Draft,
  info: NodeInfo,
  occurrence: OccurrenceRecord,
  error: Json,
  flows = true,
): void {
  const seq = d.log("occurrenceFailed", {
    occurrenceId: occurrence.id,
    nodeId: info.id,
    attempt: occurrence.attempt,
    error,
  });
  const record: OccurrenceRecord = { ...occurrence, status: "failed", closedSeq: seq, error };
  d.putOccurrence(record);
  const summary = d.writeNode(info.id);
  summary.failedSeq = seq;
  summary.failedOccurrenceId = record.id;
  if (flows && fireFlows(d, info, record.id, "failed", { error }) > 0) return;
  const id = d.nextId("incident");
  const openedSeq = d.log("incidentOpened", {
    incidentId: id,
    occurrenceId: record.id,
    nodeId: info.id,
    error,
  });
  d.setIncidents([
    ...d.state.incidents,
    {
      id,
      occurrenceId: record.id,
      nodeId: info.id,
      stateInstanceId: record.stateInstanceId,
      openedSeq,
      attempt: record.attempt,
      error,
      occurrence: record,
    },
  ]);
  d.effects.push({
    type: "emit",
    name: "incidentOpened",
    data: { incidentId: id, occurrenceId: record.id, nodeId: info.id, error },
  });
}
