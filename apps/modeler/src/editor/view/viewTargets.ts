/** What "fit selection" and "zoom to state" zoom to, from the scene (pure). */
import type { Box, Point } from "@flowstate/diagram";
import type { ProcessModel } from "@flowstate/model";
import type { SceneIndex } from "./sceneIndex";

function union(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

const around = (points: readonly Point[]): Box[] =>
  points.map((p) => ({ x: p.x, y: p.y, width: 0, height: 0 }));

/** The box around the selected states, nodes (with their names) and lines (their routes and labels). */
export function selectionBox(index: SceneIndex, ids: readonly string[]): Box | undefined {
  const boxes: Box[] = [];
  for (const id of ids) {
    const state = index.states.get(id);
    if (state) boxes.push(state.box);
    const node = index.nodes.get(id);
    if (node) boxes.push(node.box, node.nameBox);
    const line = index.lines.get(id);
    if (line) {
      boxes.push(...around(line.points));
      const label = line.labelId ? index.labels.get(line.labelId) : undefined;
      if (label) boxes.push(label.box);
    }
  }
  return union(boxes);
}

/** The state "zoom to state" shows: the selected state, else the state of the first selected node or line. */
export function stateToZoom(model: ProcessModel, ids: readonly string[]): string | undefined {
  const stateOf = new Map(model.nodes.map((n) => [n.id, n.stateId]));
  for (const id of ids) {
    if (model.states.some((s) => s.id === id)) return id;
    const inState = stateOf.get(id);
    if (inState) return inState;
    const edge = model.lines.find((l) => l.id === id) ?? model.transitions.find((t) => t.id === id);
    if (edge) return stateOf.get(edge.from);
  }
  return undefined;
}
