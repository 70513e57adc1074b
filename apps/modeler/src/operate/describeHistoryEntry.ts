import type { ProcessModel } from "@flowstate/model";
import type { RouterOutputs } from "../api/routerTypes";

/** One history row as the runtime returns it. */
export type HistoryRow = RouterOutputs["instance"]["history"][number];

/**
 * A history entry in words, with element names from the model (ids when unknown). `event`
 * entries are the points one can travel back to (the state right after that event).
 */
export function describeHistoryEntry(
  model: ProcessModel,
  row: HistoryRow,
  /** Occurrence id → node id (`occurrenceNodes(history)`), to name the action a result or timer belongs to. */
  nodeOfOccurrence: ReadonlyMap<string, string> = new Map(),
): { text: string; isEvent: boolean } {
  const names = new Map<string, string>([
    ...model.states.map((s) => [s.id, s.name] as const),
    ...model.nodes.map((n) => [n.id, n.name] as const),
  ]);
  const d = (row.data ?? {}) as Record<string, unknown>;
  const name = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? id) : "?");
  const of = (occurrenceId: unknown) => {
    const nodeId = typeof occurrenceId === "string" ? nodeOfOccurrence.get(occurrenceId) : undefined;
    return nodeId ? name(nodeId) : `occurrence ${String(occurrenceId)}`;
  };
  switch (row.type) {
    case "event": {
      const e = (d.event ?? {}) as Record<string, unknown>;
      const by = row.actor ? ` by ${row.actor}` : "";
      if (e.type === "perform")
        return { text: `Performed ${e.actionId ? name(e.actionId) : String(e.code)}${by}`, isEvent: true };
      if (e.type === "start") return { text: `Started${by}`, isEvent: true };
      if (e.type === "signal") return { text: `Signal ${String(e.code)}`, isEvent: true };
      if (e.type === "complete")
        return { text: `${of(e.occurrenceId)} finished (handler result)`, isEvent: true };
      if (e.type === "fail")
        return {
          text: `${of(e.occurrenceId)} failed (attempt ${String(e.attempt)})`,
          isEvent: true,
        };
      if (e.type === "timerDue") return { text: `Timer of ${of(e.occurrenceId)} due`, isEvent: true };
      if (e.type === "move") return { text: `Move to ${name(e.stateId)} asked${by}`, isEvent: true };
      if (e.type === "setVariables")
        return { text: `Variables edited${by}: ${String(e.reason)}`, isEvent: true };
      return { text: `${String(e.type)}${by}`, isEvent: true };
    }
    case "stateEntered":
      return { text: `Entered ${name(d.stateId)}`, isEvent: false };
    case "stateExited":
      return { text: `Left ${name(d.stateId)}`, isEvent: false };
    case "lineFired":
      return { text: `Line ${name(d.from)} → ${name(d.to)} fired`, isEvent: false };
    case "transitionTaken":
      return { text: `Transition to ${name(d.to)}`, isEvent: false };
    case "occurrenceStarted":
      return { text: `${name(d.nodeId)} started (attempt ${String(d.attempt)})`, isEvent: false };
    case "occurrenceScheduled":
      return { text: `${name(d.nodeId)} scheduled for ${String(d.dueAt)}`, isEvent: false };
    case "occurrenceCompleted":
      return { text: `${name(d.nodeId)} completed`, isEvent: false };
    case "occurrenceFailed":
    case "attemptFailed":
      return { text: `${name(d.nodeId)} failed (attempt ${String(d.attempt)})`, isEvent: false };
    case "occurrenceCancelled":
      return { text: `${name(d.nodeId)} cancelled${d.note ? ` (${String(d.note)})` : ""}`, isEvent: false };
    case "occurrenceSkipped":
      return { text: `${name(d.nodeId)} skipped${d.note ? ` (${String(d.note)})` : ""}`, isEvent: false };
    case "timerPassed":
      return { text: `Timer of ${name(d.nodeId)} passed`, isEvent: false };
    case "instanceLocked":
      return { text: `Locked by instance ${String(d.byInstanceId)}`, isEvent: false };
    case "instanceUnlocked":
      return { text: "Unlocked", isEvent: false };
    case "migrated":
      return { text: `Migrated from v${String(d.fromVersion)} to v${String(d.toVersion)}`, isEvent: false };
    case "moved":
      return {
        text: `Moved by hand from ${name(d.fromStateId)} to ${name(d.targetStateId)}${d.by ? ` by ${String(d.by)}` : ""}: ${String(d.reason)}`,
        isEvent: false,
      };
    case "variablesChanged": {
      const changes = Array.isArray(d.changes) ? (d.changes as { name?: unknown; after?: unknown }[]) : [];
      const what = changes.map((c) => `${String(c.name)}${"after" in c ? "" : " (removed)"}`).join(", ");
      return {
        text: `Variables changed${d.by ? ` by ${String(d.by)}` : ""}: ${what} — ${String(d.reason)}`,
        isEvent: false,
      };
    }
    case "incidentOpened":
      return { text: `Incident on ${name(d.nodeId)}`, isEvent: false };
    case "incidentResolved":
      return { text: `Incident ${String(d.resolution)}`, isEvent: false };
    case "instanceFinished":
      return {
        text: `Instance ${String(d.status)}${d.outcome ? ` (${String(d.outcome)})` : ""}${d.reason ? `: ${String(d.reason)}` : ""}`,
        isEvent: false,
      };
    default:
      return { text: row.type, isEvent: false };
  }
}
