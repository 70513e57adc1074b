/**
 * Bend points of lines whose ends were moved (a drag, a nudge), kept sensible (pure):
 * - both ends moved by the same offset (a state with its nodes, a multi-selection): the bend points
 *   move along;
 * - one end moved: the bend point next to it follows across its leaving direction (a line leaving
 *   sideways keeps its first segment straight: the bend takes the node's new y; leaving up or down,
 *   its new x);
 * - bend points that then lie on a node (or its margin) no longer fit: the line's bend points are
 *   dropped and it is routed again.
 * Returns the new bend points per line or transition id (only those that change).
 */
import type { Bounds, EdgeLayout, Point, ProcessModel } from "@flowstate/model";

/** The router keeps lines this far from nodes (`NODE_MARGIN`); a bend point closer does not fit. */
const MARGIN = 10;

const boxOf = (model: ProcessModel, id: string): Bounds | undefined =>
  model.diagram.nodes[id] ?? model.diagram.states[id];

const offset = (before: Bounds | undefined, after: Bounds | undefined): Point | undefined =>
  before && after && (before.x !== after.x || before.y !== after.y)
    ? { x: after.x - before.x, y: after.y - before.y }
    : undefined;

const inside = (p: Point, b: Bounds): boolean =>
  p.x > b.x - MARGIN && p.x < b.x + b.width + MARGIN && p.y > b.y - MARGIN && p.y < b.y + b.height + MARGIN;

/** The bend next to an end that moved by `d` from `box`, following it across its leaving direction. */
function follow(w: Point, box: Bounds, d: Point): Point {
  const besideY = w.y >= box.y && w.y <= box.y + box.height;
  const besideX = w.x >= box.x && w.x <= box.x + box.width;
  if (besideY && !besideX) return { x: w.x, y: w.y + d.y };
  if (besideX && !besideY) return { x: w.x + d.x, y: w.y };
  return w;
}

export function followMovedEnds(before: ProcessModel, after: ProcessModel): Record<string, Point[]> {
  const out: Record<string, Point[]> = {};
  const nodeBoxes = Object.values(after.diagram.nodes);
  const visit = (
    layouts: Record<string, EdgeLayout>,
    edges: readonly { id: string; from: string; to: string }[],
  ) => {
    for (const e of edges) {
      const waypoints = layouts[e.id]?.waypoints ?? [];
      if (waypoints.length === 0) continue;
      const fromBefore = boxOf(before, e.from);
      const toBefore = boxOf(before, e.to);
      const dFrom = offset(fromBefore, boxOf(after, e.from));
      const dTo = offset(toBefore, boxOf(after, e.to));
      if (!dFrom && !dTo) continue;
      let next: Point[];
      if (dFrom && dTo && dFrom.x === dTo.x && dFrom.y === dTo.y) {
        next = waypoints.map((w) => ({ x: w.x + dFrom.x, y: w.y + dFrom.y }));
      } else {
        next = waypoints.map((w) => ({ ...w }));
        if (dFrom && fromBefore) next[0] = follow(next[0] as Point, fromBefore, dFrom);
        const last = next.length - 1;
        if (dTo && toBefore) next[last] = follow(next[last] as Point, toBefore, dTo);
      }
      if (next.some((w) => nodeBoxes.some((b) => inside(w, b)))) next = [];
      out[e.id] = next;
    }
  };
  visit(after.diagram.lines, after.lines);
  visit(after.diagram.transitions, after.transitions);
  return out;
}
