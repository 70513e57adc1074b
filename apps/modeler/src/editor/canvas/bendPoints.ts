/**
 * Editing a line's route by hand (pure): where its handles are (bends, segment midpoints) and the
 * bend points (`diagram.lines[id].waypoints`) a drag of one of them leaves. A route is the scene's
 * orthogonal polyline from the source port to the target port; the bend points are its inner
 * corners, which the router passes through. The ports stay where the router puts them.
 */
import { pathData, simplify } from "@flowstate/diagram";
import type { Point } from "@flowstate/model";

export interface BendHandle {
  /** Index of the corner in the route's points (never the first or last: those are the ports). */
  index: number;
  point: Point;
}
export interface SegmentHandle {
  /** The segment from `points[index]` to `points[index + 1]`. */
  index: number;
  mid: Point;
  horizontal: boolean;
}

/** A jog put into a segment that ends at a port keeps this far from the node (the router's margins). */
const PORT_CLEARANCE = 20;

/** The point on the segment from a port towards `to` where a jog goes in (clear of the node's margin). */
function toward(from: Point, to: Point): Point {
  const length = Math.abs(to.x - from.x) + Math.abs(to.y - from.y);
  const d = Math.min(PORT_CLEARANCE, Math.max(length / 2, 12));
  return { x: from.x + Math.sign(to.x - from.x) * d, y: from.y + Math.sign(to.y - from.y) * d };
}

const isHorizontal = (a: Point, b: Point): boolean => Math.abs(a.y - b.y) < Math.abs(a.x - b.x);
const round = (p: Point): Point => ({ x: Math.round(p.x), y: Math.round(p.y) });
const inner = (points: readonly Point[]): Point[] => simplify(points).slice(1, -1).map(round);

/** The handles of a route: one per inner corner, one per segment long enough to grab. */
export function routeHandles(
  points: readonly Point[],
  minSegment = 16,
): { bends: BendHandle[]; segments: SegmentHandle[] } {
  const bends: BendHandle[] = [];
  const segments: SegmentHandle[] = [];
  for (let i = 1; i < points.length - 1; i++) bends.push({ index: i, point: points[i] as Point });
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i] as Point;
    const b = points[i + 1] as Point;
    if (Math.abs(a.x - b.x) + Math.abs(a.y - b.y) < minSegment) continue;
    segments.push({
      index: i,
      mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
      horizontal: isHorizontal(a, b),
    });
  }
  return { bends, segments };
}

/**
 * The bend points after dragging segment `index` by `delta`: it moves across its own direction only
 * (its neighbours stretch, the route stays orthogonal). A segment at a port keeps the port: a jog
 * is put in at `PORT_CLEARANCE` from it.
 */
export function moveSegment(points: readonly Point[], index: number, delta: Point): Point[] {
  const a = points[index];
  const b = points[index + 1];
  if (a === undefined || b === undefined) return inner(points);
  const horizontal = isHorizontal(a, b);
  const shift = (p: Point): Point =>
    horizontal ? { x: p.x, y: p.y + delta.y } : { x: p.x + delta.x, y: p.y };
  const last = points.length - 1;
  const out: Point[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    if (i !== index && i !== index + 1) {
      out.push(p);
      continue;
    }
    if (i === 0) out.push(p, toward(p, b), shift(toward(p, b)));
    else if (i === last) out.push(shift(toward(p, a)), toward(p, a), p);
    else out.push(shift(p));
  }
  return inner(out);
}

/**
 * The bend points after dragging corner `index` to `to`: its neighbours follow along their segments
 * (the one across a horizontal segment takes the new y, across a vertical one the new x), so the
 * route stays orthogonal; a neighbour that is a port stays, and a jog is put in near it.
 */
export function moveBend(points: readonly Point[], index: number, to: Point): Point[] {
  const p = points[index];
  const last = points.length - 1;
  if (p === undefined || index === 0 || index === last) return inner(points);
  const out = points.map((q) => ({ ...q }));
  out[index] = { ...to };
  for (const n of [index - 1, index + 1]) {
    if (n <= 0 || n >= last) continue;
    const q = points[n] as Point;
    out[n] = isHorizontal(p, q) ? { x: q.x, y: to.y } : { x: to.x, y: q.y };
  }
  /** From the port towards the moved corner: the jog that keeps the port where it is. */
  const jog = (port: Point): Point[] => {
    const horizontal = isHorizontal(port, p);
    if (horizontal ? to.y === port.y : to.x === port.x) return [];
    const j = toward(port, p);
    return [j, horizontal ? { x: j.x, y: to.y } : { x: to.x, y: j.y }];
  };
  const head = index - 1 === 0 ? jog(points[0] as Point) : [];
  const tail = index + 1 === last ? jog(points[last] as Point).reverse() : [];
  return inner([out[0] as Point, ...head, ...out.slice(1, last), ...tail, out[last] as Point]);
}

/** The bend points without corner `index` (the router finds its own way between the others). */
export function removeBend(points: readonly Point[], index: number): Point[] {
  if (index <= 0 || index >= points.length - 1) return inner(points);
  return inner(points.filter((_, i) => i !== index));
}

/**
 * The path drawn while a route is edited (before the router draws it again): from the old source
 * port through the bend points to the old target port, each step as one elbow (horizontal first).
 */
export function previewPath(route: readonly Point[], waypoints: readonly Point[]): string {
  const start = route[0];
  const end = route[route.length - 1];
  if (start === undefined || end === undefined) return "";
  const points: Point[] = [start];
  for (const w of [...waypoints, end]) {
    const prev = points[points.length - 1] as Point;
    points.push({ x: w.x, y: prev.y }, w);
  }
  return pathData(simplify(points));
}
