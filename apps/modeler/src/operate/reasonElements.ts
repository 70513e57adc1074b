/**
 * What each reason of an explanation names on the canvas (pure): the elements a person looks for
 * when reading it — the line that fired or closed the node and the node at its other end, the Or
 * that was fired first, the not line and its source, the states of "not in the current state".
 * Reasons that speak only of the node itself (a timer, a failure, its count) name the node.
 * Ids the model does not hold (another version) are left out.
 */
import type { Reason } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { ElementOverlay } from "../editor/canvas/ElementOverlay";

function named(nodeId: string, r: Reason, model: ProcessModel): string[] {
  switch (r.code) {
    case "otherState":
      return [r.stateId, r.currentStateId];
    case "armedAtEntry":
      return [model.nodes.find((n) => n.id === nodeId)?.stateId ?? "", nodeId];
    case "armedByFiring":
      return [r.from, r.lineId, nodeId];
    case "notArmed":
      return r.waitingFor.length > 0 ? r.waitingFor.flatMap((w) => [w.from, w.lineId]) : [nodeId];
    case "closed":
      return [nodeId, r.lineId, r.target, ...(r.by !== undefined ? [r.by] : [])];
    case "blocked":
      return [r.source, r.lineId, nodeId];
    default:
      return [nodeId];
  }
}

/** The ids of the elements reason `r` (of node `nodeId`'s explanation) names, each once. */
export function reasonElements(model: ProcessModel, nodeId: string, r: Reason): string[] {
  const known = new Set<string>(
    [...model.states, ...model.nodes, ...model.lines, ...model.transitions].map((e) => e.id),
  );
  return [...new Set(named(nodeId, r, model))].filter((id) => known.has(id));
}

/** The class that marks the elements of the reason being read. */
export const REASON_HIGHLIGHT = "ov-reason-named";

/** `overlay` with `ids` marked by `REASON_HIGHLIGHT` (a new object; entries not named are shared). */
export function withReasonHighlight(
  overlay: Readonly<Record<string, ElementOverlay>>,
  ids: readonly string[],
): Record<string, ElementOverlay> {
  if (ids.length === 0) return overlay as Record<string, ElementOverlay>;
  const out: Record<string, ElementOverlay> = { ...overlay };
  for (const id of ids) {
    const entry = out[id] ?? { className: "", badges: [] };
    out[id] = { ...entry, className: `${entry.className} ${REASON_HIGHLIGHT}`.trim() };
  }
  return out;
}
