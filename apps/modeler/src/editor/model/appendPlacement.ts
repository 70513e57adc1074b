/**
 * Where the context pad puts what it appends (pure): a node to the right of its source (then in
 * rows above and below, then under it), a node inside a state at its first free spot, a state to
 * the right of its source's state; never over another node or another state's box.
 */
import type { Bounds, Point, ProcessModel } from "@flowstate/model";
import { STATE_PADDING } from "./fitStateToNodes";

/** Space between an appended element and its neighbours. */
export const APPEND_GAP = 60;
const CLEARANCE = 16;

/** The size of what is placed. */
type Size = Pick<Bounds, "width" | "height">;

function overlaps(a: Bounds, b: Bounds, margin: number): boolean {
  return (
    a.x < b.x + b.width + margin &&
    b.x < a.x + a.width + margin &&
    a.y < b.y + b.height + margin &&
    b.y < a.y + a.height + margin
  );
}

/** Boxes a new node of `stateId` must keep clear of: every node, and every other state's box. */
function nodeObstacles(model: ProcessModel, stateId: string): Bounds[] {
  const out: Bounds[] = Object.values(model.diagram.nodes);
  for (const [id, box] of Object.entries(model.diagram.states)) if (id !== stateId) out.push(box);
  return out;
}

function free(box: Bounds, obstacles: readonly Bounds[]): boolean {
  return !obstacles.some((o) => overlaps(box, o, CLEARANCE));
}

/** The top-left of a node of `size` appended after node `fromId` (same state). */
export function placeAfterNode(model: ProcessModel, fromId: string, size: Size): Point {
  const from = model.diagram.nodes[fromId];
  const node = model.nodes.find((n) => n.id === fromId);
  if (!from || !node) return { x: 0, y: 0 };
  const obstacles = nodeObstacles(model, node.stateId);
  const x = from.x + from.width + APPEND_GAP;
  const y = Math.round(from.y + from.height / 2 - size.height / 2);
  const row = size.height + APPEND_GAP / 2;
  for (let i = 0; i < 12; i++) {
    // 0, +1, -1, +2, -2 … rows: the first free row beside the source
    const k = i % 2 === 0 ? i / 2 : -(i + 1) / 2;
    const box = { x, y: y + k * row, ...size };
    if (free(box, obstacles)) return { x: box.x, y: box.y };
  }
  for (let k = 1; k < 50; k++) {
    const box = { x: from.x, y: from.y + from.height + APPEND_GAP / 2 + (k - 1) * row, ...size };
    if (free(box, obstacles)) return { x: box.x, y: box.y };
  }
  return { x, y };
}

/** The top-left of a node of `size` added inside state `stateId`: its first free spot, row by row. */
export function placeInState(model: ProcessModel, stateId: string, size: Size): Point {
  const state = model.diagram.states[stateId];
  if (!state) return { x: 0, y: 0 };
  const obstacles = nodeObstacles(model, stateId);
  const left = state.x + STATE_PADDING.side;
  const top = state.y + STATE_PADDING.top;
  const stepX = size.width + APPEND_GAP;
  const stepY = size.height + APPEND_GAP / 2;
  const rows = Math.max(1, Math.floor((state.height - STATE_PADDING.top) / stepY));
  const cols = Math.max(1, Math.floor((state.width - STATE_PADDING.side) / stepX));
  for (let r = 0; r < rows + 20; r++)
    for (let c = 0; c < (r < rows ? cols : 1); c++) {
      const box = { x: left + c * stepX, y: top + r * stepY, ...size };
      if (free(box, obstacles)) return { x: box.x, y: box.y };
    }
  return { x: left, y: top };
}

/** The box of a state appended after `fromStateId`: to its right, else lower, clear of every state. */
export function placeStateAfter(model: ProcessModel, fromStateId: string, size: Size): Bounds {
  const from = model.diagram.states[fromStateId] ?? { x: 0, y: 0, width: 0, height: 0 };
  const obstacles = [...Object.values(model.diagram.states), ...Object.values(model.diagram.nodes)];
  const x = from.x + from.width + APPEND_GAP * 2;
  for (let k = 0; k < 50; k++) {
    const box = { x, y: from.y + k * (size.height + APPEND_GAP), ...size };
    if (free(box, obstacles)) return box;
  }
  return { x, y: from.y, ...size };
}
