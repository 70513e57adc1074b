/**
 * The boxes auto-layout applies (one undoable `applyLayout`), from `layoutDiagram`'s diagram. Pure.
 * Whole process: every state and node box. One state: its nodes as laid out inside it, moved so
 * the state keeps its place (it takes the laid-out size); other states and their nodes stay.
 */
import type { Bounds, Diagram, ProcessModel } from "@flowstate/model";

export function layoutBounds(
  model: ProcessModel,
  laidOut: Diagram,
  stateId?: string,
): Record<string, Bounds> {
  if (stateId === undefined) return { ...laidOut.states, ...laidOut.nodes };
  const from = laidOut.states[stateId];
  const to = model.diagram.states[stateId];
  if (!from || !to) return {};
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const out: Record<string, Bounds> = {
    [stateId]: { x: to.x, y: to.y, width: from.width, height: from.height },
  };
  for (const node of model.nodes) {
    const box = node.stateId === stateId ? laidOut.nodes[node.id] : undefined;
    if (box) out[node.id] = { ...box, x: box.x + dx, y: box.y + dy };
  }
  return out;
}
