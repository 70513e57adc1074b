import type { OccurrenceRecord, Records } from "./Records";

/** An occurrence as an instance view shows it: its status at the viewed point. */
export interface ViewOccurrence {
  id: string;
  nodeId: string;
  stateInstanceKey: string;
  status: string;
  attempt: number;
  dueAt: string | null;
}

/** A flow line that fired, with the `seq` that orders the path taken. */
export interface ViewFiring {
  key: string;
  lineId: string;
  stateInstanceKey: string;
  seq: number;
}

/**
 * The occurrences (the last record of each) and the firings of a run of records, shaped as an
 * instance view gives them: the runtime's `instance.view` and the modeler's play mode both use it.
 */
export function viewRecords(records: Iterable<Pick<Records, "occurrences" | "firings">>): {
  occurrences: ViewOccurrence[];
  firings: ViewFiring[];
} {
  const occurrences = new Map<string, OccurrenceRecord>();
  const firings: ViewFiring[] = [];
  for (const r of records) {
    for (const o of r.occurrences) occurrences.set(o.id, o);
    for (const f of r.firings)
      firings.push({ key: f.id, lineId: f.lineId, stateInstanceKey: f.stateInstanceId, seq: f.seq });
  }
  return {
    occurrences: [...occurrences.values()].map((o) => ({
      id: o.id,
      nodeId: o.nodeId,
      stateInstanceKey: o.stateInstanceId,
      status: o.status,
      attempt: o.attempt,
      dueAt: o.dueAt ?? null,
    })),
    firings,
  };
}
