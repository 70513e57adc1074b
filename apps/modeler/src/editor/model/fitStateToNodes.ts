import type { Bounds, ProcessModel } from "@flowstate/model";

/** Space kept between a state's border and its nodes, and above them for the state's title. */
export const STATE_PADDING = { side: 24, top: 40 } as const;

/**
 * Behaviour: a state box grows (never shrinks) so every node of the state fits inside with padding.
 * Returns the new boxes of the states that had to grow (empty when all fit).
 */
export function fitStateToNodes(model: ProcessModel, stateIds: Iterable<string>): Record<string, Bounds> {
  const out: Record<string, Bounds> = {};
  for (const stateId of stateIds) {
    const box = model.diagram.states[stateId];
    if (!box) continue;
    let right = box.x + box.width;
    let bottom = box.y + box.height;
    let left = box.x;
    let top = box.y;
    for (const node of model.nodes) {
      if (node.stateId !== stateId) continue;
      const nb = model.diagram.nodes[node.id];
      if (!nb) continue;
      left = Math.min(left, nb.x - STATE_PADDING.side);
      top = Math.min(top, nb.y - STATE_PADDING.top);
      right = Math.max(right, nb.x + nb.width + STATE_PADDING.side);
      bottom = Math.max(bottom, nb.y + nb.height + STATE_PADDING.side);
    }
    const grown = { x: left, y: top, width: right - left, height: bottom - top };
    if (grown.x !== box.x || grown.y !== box.y || grown.width !== box.width || grown.height !== box.height)
      out[stateId] = grown;
  }
  return out;
}

/** The state whose box contains `point` (the smallest one when boxes overlap). */
export function stateAt(model: ProcessModel, point: { x: number; y: number }): string | undefined {
  let best: { id: string; area: number } | undefined;
  for (const state of model.states) {
    const b = model.diagram.states[state.id];
    if (!b) continue;
    if (point.x < b.x || point.y < b.y || point.x > b.x + b.width || point.y > b.y + b.height) continue;
    const area = b.width * b.height;
    if (!best || area < best.area) best = { id: state.id, area };
  }
  return best?.id;
}

/**
 * Behaviour after a paste into another state: nodes whose box is not inside their state's box move
 * to its top-left inner corner (cascading so they do not cover each other). Returns their new boxes.
 */
export function placeInsideStates(model: ProcessModel, nodeIds: readonly string[]): Record<string, Bounds> {
  const out: Record<string, Bounds> = {};
  const wanted = new Set(nodeIds);
  const perState = new Map<string, number>();
  for (const node of model.nodes) {
    if (!wanted.has(node.id)) continue;
    const box = model.diagram.nodes[node.id];
    const state = model.diagram.states[node.stateId];
    if (!box || !state) continue;
    const fits =
      box.x >= state.x &&
      box.y >= state.y &&
      box.x + box.width <= state.x + state.width &&
      box.y + box.height <= state.y + state.height;
    if (fits) continue;
    const i = perState.get(node.stateId) ?? 0;
    perState.set(node.stateId, i + 1);
    out[node.id] = {
      ...box,
      x: state.x + STATE_PADDING.side + i * 20,
      y: state.y + STATE_PADDING.top + i * 20,
    };
  }
  return out;
}
