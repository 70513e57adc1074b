/**
 * Alignment while dragging (pure): when the dragged boxes' left edge, centre or right edge (top,
 * middle, bottom) comes within `threshold` of another box's, they snap to it and a guide line is
 * drawn along it. Nodes align with nodes, states with states. An axis without a guide snaps to the
 * grid (React Flow's own grid snapping is off during a drag: it would move the box away from an
 * alignment before this could see it).
 */
import type { Bounds, ProcessModel } from "@flowstate/model";

/** A guide line in diagram coordinates: vertical at `x = at` (from y `from` to `to`) or horizontal. */
export interface Guide {
  orientation: "vertical" | "horizontal";
  at: number;
  from: number;
  to: number;
}

/** How close (in screen pixels) an edge or centre must come to snap. */
export const ALIGN_SCREEN_PX = 6;

const EPS = 0.5;

function union(boxes: readonly Bounds[]): Bounds {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

const xLines = (b: Bounds) => [b.x, b.x + b.width / 2, b.x + b.width];
const yLines = (b: Bounds) => [b.y, b.y + b.height / 2, b.y + b.height];

/** The shift (≤ threshold, smallest first) that puts one of `mine` on one of the others' lines, if any. */
function nearest(mine: number[], others: readonly number[][], threshold: number): number | undefined {
  let best: number | undefined;
  for (const lines of others)
    for (const theirs of lines)
      for (const m of mine) {
        const d = theirs - m;
        if (Math.abs(d) <= threshold && (best === undefined || Math.abs(d) < Math.abs(best))) best = d;
      }
  return best;
}

/**
 * Snaps a moving box to `others`: the shift to apply and the guides to draw (one per aligned line,
 * spanning the moving box and every box on that line).
 */
export function alignBox(
  moving: Bounds,
  others: readonly Bounds[],
  threshold: number,
): { dx: number; dy: number; guides: Guide[] } {
  const dx = nearest(xLines(moving), others.map(xLines), threshold) ?? 0;
  const dy = nearest(yLines(moving), others.map(yLines), threshold) ?? 0;
  const moved = { ...moving, x: moving.x + dx, y: moving.y + dy };
  const guides: Guide[] = [];
  for (const at of xLines(moved)) {
    const on = others.filter((o) => xLines(o).some((x) => Math.abs(x - at) < EPS));
    if (on.length === 0) continue;
    const span = union([moved, ...on]);
    guides.push({ orientation: "vertical", at, from: span.y, to: span.y + span.height });
  }
  for (const at of yLines(moved)) {
    const on = others.filter((o) => yLines(o).some((y) => Math.abs(y - at) < EPS));
    if (on.length === 0) continue;
    const span = union([moved, ...on]);
    guides.push({ orientation: "horizontal", at, from: span.x, to: span.x + span.width });
  }
  return { dx, dy, guides };
}

/**
 * Aligns a drag's new boxes (absolute, as `boundsFromChanges` gives them) with the boxes that stay:
 * nodes with the other nodes of their states, states with the other states. Returns the shifted
 * boxes and the guides.
 */
export function alignDrag(
  model: ProcessModel,
  bounds: Readonly<Record<string, Bounds>>,
  threshold: number,
  grid = 0,
): { bounds: Record<string, Bounds>; guides: Guide[] } {
  const ids = Object.keys(bounds);
  if (ids.length === 0) return { bounds: { ...bounds }, guides: [] };
  const moving = union(ids.map((id) => bounds[id] as Bounds));
  const movesStates = ids.some((id) => model.diagram.states[id]);
  let others: Bounds[];
  if (movesStates) {
    others = model.states.filter((s) => !(s.id in bounds)).flatMap((s) => model.diagram.states[s.id] ?? []);
  } else {
    const states = new Set(model.nodes.filter((n) => n.id in bounds).map((n) => n.stateId));
    others = model.nodes
      .filter((n) => states.has(n.stateId) && !(n.id in bounds))
      .flatMap((n) => model.diagram.nodes[n.id] ?? []);
  }
  const aligned = alignBox(moving, others, threshold);
  const { guides } = aligned;
  const onGrid = (n: number) => (grid > 0 ? Math.round(n / grid) * grid - n : 0);
  const alignedX = guides.some((g) => g.orientation === "vertical");
  const alignedY = guides.some((g) => g.orientation === "horizontal");
  const dx = alignedX ? aligned.dx : onGrid(moving.x);
  const dy = alignedY ? aligned.dy : onGrid(moving.y);
  if (dx === 0 && dy === 0) return { bounds: { ...bounds }, guides };
  const out: Record<string, Bounds> = {};
  for (const id of ids) {
    const b = bounds[id] as Bounds;
    out[id] = { ...b, x: b.x + dx, y: b.y + dy };
  }
  return { bounds: out, guides };
}
