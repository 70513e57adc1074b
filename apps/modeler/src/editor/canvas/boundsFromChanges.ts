import type { NodeChange } from "@xyflow/react";
import type { Bounds, ProcessModel } from "@flowstate/model";

/**
 * Turns React Flow's position and resize changes into absolute boxes for the model. Node
 * positions are relative to their state box, so state boxes changed in the same batch are
 * applied first (resizing a state from its left edge also moves its children's relative places).
 * Measurement-only changes are ignored.
 */
export function boundsFromChanges(
  model: ProcessModel,
  changes: readonly NodeChange[],
): Record<string, Bounds> {
  const out: Record<string, Bounds> = {};
  const apply = (id: string, box: Bounds | undefined, change: NodeChange): void => {
    if (!box) return;
    const current = out[id] ?? box;
    if (change.type === "position" && change.position)
      out[id] = { ...current, ...relativeToAbsolute(model, id, change.position, out) };
    else if (change.type === "dimensions" && change.resizing && change.dimensions)
      out[id] = { ...current, width: change.dimensions.width, height: change.dimensions.height };
  };
  for (const change of changes) {
    if ((change.type === "position" || change.type === "dimensions") && model.diagram.states[change.id])
      apply(change.id, model.diagram.states[change.id], change);
  }
  for (const change of changes) {
    if ((change.type === "position" || change.type === "dimensions") && model.diagram.nodes[change.id])
      apply(change.id, model.diagram.nodes[change.id], change);
  }
  return out;
}

function relativeToAbsolute(
  model: ProcessModel,
  id: string,
  position: { x: number; y: number },
  pending: Record<string, Bounds>,
): { x: number; y: number } {
  const node = model.nodes.find((n) => n.id === id);
  if (!node) return position;
  const parent = pending[node.stateId] ?? model.diagram.states[node.stateId];
  return parent ? { x: parent.x + position.x, y: parent.y + position.y } : position;
}
