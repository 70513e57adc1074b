import type { Box, Point } from "./Scene";
import { OUTWARD, type Side, simplify } from "./geometry";

/**
 * Orthogonal routing around boxes: a sparse grid whose lines run along the obstacles' borders, a
 * margin and a few lanes outside them, and along the ports and bend points; A* over (grid point,
 * heading) with a cost per bend and a high cost for running on top of an already routed line.
 * Pure and deterministic. Why hand-written: docs/decisions/0001-orthogonal-line-routing.md.
 */

/** Something routes must keep clear of, by `margin`, with `lanes` parallel channels around it. */
export interface Obstacle {
  box: Box;
  margin: number;
  lanes: number;
  /** `false`: only adds its grid lines and lanes, routes may cross it. Default true. */
  solid?: boolean;
}

/** One end of a route: a point on a box's border and the side it lies on. */
export interface RouteEnd {
  port: Point;
  side: Side;
  /** Length of the straight stub leaving (or entering) the border before the route may turn. */
  stub: number;
}

/** What to route inside one `RouteSpace`. */
export interface RouteRequest {
  source: RouteEnd;
  target: RouteEnd;
  /** Points the route must pass through, in order. */
  waypoints: readonly Point[];
}

/** Distance between lanes. */
export const LANE_GAP = 8;
const BEND = 24;
const OVERLAP = 600;
const MAX_POPS = 250_000;
/** Directions, clockwise from east: indexes into DX / DY. */
const [E, S, W, N] = [0, 1, 2, 3] as const;
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
const SIDE_DIR: Record<Side, number> = { right: E, bottom: S, left: W, top: N };

/** Routed segments by axis and coordinate, to price running on top of them. */
export class Occupancy {
  private readonly horizontal = new Map<number, number[]>();
  private readonly vertical = new Map<number, number[]>();

  private static key(coordinate: number): number {
    return Math.round(coordinate * 4);
  }

  /** Records the segments of a route. */
  add(points: readonly Point[]): void {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as Point;
      const b = points[i] as Point;
      if (Math.abs(a.y - b.y) < 0.01 && Math.abs(a.x - b.x) >= 0.01) {
        push(this.horizontal, Occupancy.key(a.y), Math.min(a.x, b.x), Math.max(a.x, b.x));
      } else if (Math.abs(a.x - b.x) < 0.01 && Math.abs(a.y - b.y) >= 0.01) {
        push(this.vertical, Occupancy.key(a.x), Math.min(a.y, b.y), Math.max(a.y, b.y));
      }
    }
  }

  /** Does a segment on line `coordinate` from `lo` to `hi` run on top of a recorded one? */
  overlaps(horizontal: boolean, coordinate: number, lo: number, hi: number): boolean {
    const list = (horizontal ? this.horizontal : this.vertical).get(Occupancy.key(coordinate));
    if (list === undefined) return false;
    for (let i = 0; i < list.length; i += 2) {
      if (Math.min(hi, list[i + 1] as number) - Math.max(lo, list[i] as number) > 0.5) return true;
    }
    return false;
  }
}

function push(map: Map<number, number[]>, key: number, lo: number, hi: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [lo, hi]);
  else list.push(lo, hi);
}

function sortedUnique(values: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || v - (out[out.length - 1] as number) > 1e-6) out.push(v);
  return out;
}

/** Index of the grid coordinate nearest `value` (the list is sorted). */
function nearest(coords: readonly number[], value: number): number {
  let lo = 0;
  let hi = coords.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((coords[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((coords[lo - 1] as number) - value) <= Math.abs((coords[lo] as number) - value))
    return lo - 1;
  return lo;
}

/** First index whose coordinate is > value. */
function firstAbove(coords: readonly number[], value: number): number {
  let lo = 0;
  let hi = coords.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((coords[mid] as number) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A min-heap of (priority, tie, value) triples in flat arrays (no allocation per operation). */
class Heap {
  private keys = new Float64Array(1024);
  private ties = new Float64Array(1024);
  private values = new Int32Array(1024);
  size = 0;
  clear(): void {
    this.size = 0;
  }
  private less(i: number, j: number): boolean {
    const a = this.keys[i] as number;
    const b = this.keys[j] as number;
    return a < b || (a === b && (this.ties[i] as number) < (this.ties[j] as number));
  }
  private swap(i: number, j: number): void {
    const k = this.keys[i] as number;
    this.keys[i] = this.keys[j] as number;
    this.keys[j] = k;
    const t = this.ties[i] as number;
    this.ties[i] = this.ties[j] as number;
    this.ties[j] = t;
    const v = this.values[i] as number;
    this.values[i] = this.values[j] as number;
    this.values[j] = v;
  }
  push(key: number, tie: number, value: number): void {
    if (this.size === this.values.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.keys = grow(this.keys, (n) => new Float64Array(n));
      this.ties = grow(this.ties, (n) => new Float64Array(n));
      this.values = grow(this.values, (n) => new Int32Array(n));
    }
    let i = this.size++;
    this.keys[i] = key;
    this.ties[i] = tie;
    this.values[i] = value;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): number {
    const top = this.values[0] as number;
    const last = --this.size;
    this.swap(0, last);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

/**
 * Working memory of the searches, per (grid point, heading): best cost, predecessor and the search
 * that wrote them (so nothing is cleared between searches). Shared by the spaces of one drawing.
 */
export class SearchScratch {
  cost = new Float64Array(0);
  came = new Int32Array(0);
  stamp = new Uint32Array(0);
  generation = 0;
  readonly heap = new Heap();

  reserve(size: number): void {
    if (this.stamp.length >= size) return;
    const n = Math.max(size, this.stamp.length * 2);
    this.cost = new Float64Array(n);
    this.came = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.generation = 0;
  }
}

/**
 * The routing grid of one region (a state's inside, or the canvas around one state's transitions):
 * built once for its obstacles and every port and bend point of the routes it will carry.
 */
export class RouteSpace {
  private readonly xs: number[];
  private readonly ys: number[];
  private readonly blocked: Uint8Array;

  constructor(
    obstacles: readonly Obstacle[],
    requests: readonly RouteRequest[],
    private readonly occupancy: Occupancy,
    private readonly scratch: SearchScratch,
    /** Grid lines outside this box are dropped (ports and bend points are kept). */
    clip?: Box,
  ) {
    const xs: number[] = [];
    const ys: number[] = [];
    const inX = (v: number): boolean =>
      clip === undefined || (v > clip.x + 0.5 && v < clip.x + clip.width - 0.5);
    const inY = (v: number): boolean =>
      clip === undefined || (v > clip.y + 0.5 && v < clip.y + clip.height - 0.5);
    for (const { box, margin, lanes } of obstacles) {
      const candidatesX = [box.x, box.x + box.width];
      const candidatesY = [box.y, box.y + box.height];
      for (let k = 0; k < lanes; k++) {
        const d = margin + k * LANE_GAP;
        candidatesX.push(box.x - d, box.x + box.width + d);
        candidatesY.push(box.y - d, box.y + box.height + d);
      }
      // Whole units, so lanes of different obstacles that nearly coincide become one grid line.
      for (const x of candidatesX) if (inX(x)) xs.push(Math.round(x));
      for (const y of candidatesY) if (inY(y)) ys.push(Math.round(y));
    }
    for (const r of requests) {
      for (const end of [r.source, r.target]) {
        const out = stubEnd(end);
        xs.push(end.port.x, out.x);
        ys.push(end.port.y, out.y);
      }
      for (const w of r.waypoints) {
        xs.push(w.x);
        ys.push(w.y);
      }
    }
    this.xs = sortedUnique(xs);
    this.ys = sortedUnique(ys);
    const nx = this.xs.length;
    const ny = this.ys.length;
    this.blocked = new Uint8Array(nx * ny);
    scratch.reserve(nx * ny * 4);
    for (const { box, margin, solid } of obstacles) {
      if (solid === false) continue;
      const x0 = firstAbove(this.xs, box.x - margin + 0.5);
      const x1 = firstAbove(this.xs, box.x + box.width + margin - 0.5);
      const y0 = firstAbove(this.ys, box.y - margin + 0.5);
      const y1 = firstAbove(this.ys, box.y + box.height + margin - 0.5);
      for (let xi = x0; xi < x1; xi++) this.blocked.fill(1, xi * ny + y0, xi * ny + y1);
    }
  }

  /** Is `p` inside an obstacle's margin (off the grid counts as free)? */
  isBlocked(p: Point): boolean {
    const xi = nearest(this.xs, p.x);
    const yi = nearest(this.ys, p.y);
    if (Math.abs((this.xs[xi] as number) - p.x) > 0.5 || Math.abs((this.ys[yi] as number) - p.y) > 0.5)
      return false;
    return this.blocked[xi * this.ys.length + yi] === 1;
  }

  /**
   * The route from the source port to the target port through the waypoints, first and last point
   * on the borders; `undefined` when the obstacles leave no way. Records it in the occupancy.
   */
  route(request: RouteRequest): Point[] | undefined {
    const start = stubEnd(request.source);
    const end = stubEnd(request.target);
    const stops = [...request.waypoints, end];
    const points: Point[] = [request.source.port, start];
    let from = start;
    let heading = SIDE_DIR[request.source.side];
    for (let i = 0; i < stops.length; i++) {
      const stop = stops[i] as Point;
      const last = i === stops.length - 1;
      // The last leg must arrive heading into the target (never turning back on the stub).
      const arrive = last ? (SIDE_DIR[request.target.side] + 2) % 4 : -1;
      const leg = this.search(from, heading, stop, arrive);
      if (leg === undefined) return undefined;
      points.push(...leg.points.slice(1));
      heading = leg.heading;
      from = stop;
    }
    points.push(request.target.port);
    const route = simplify(points);
    this.occupancy.add(route);
    return route;
  }

  private search(
    from: Point,
    heading: number,
    to: Point,
    arrive: number,
  ): { points: Point[]; heading: number } | undefined {
    const { xs, ys, blocked } = this;
    const ny = ys.length;
    const sx = nearest(xs, from.x);
    const sy = nearest(ys, from.y);
    const tx = nearest(xs, to.x);
    const ty = nearest(ys, to.y);
    const goal = tx * ny + ty;
    const tX = xs[tx] as number;
    const tY = ys[ty] as number;
    const { cost: g, came, stamp, heap } = this.scratch;
    const gen = ++this.scratch.generation;
    heap.clear();
    const startKey = (sx * ny + sy) * 4 + heading;
    g[startKey] = 0;
    came[startKey] = -1;
    stamp[startKey] = gen;
    heap.push(0, 0, startKey);
    let pops = 0;
    let found = -1;
    while (heap.size > 0 && pops++ < MAX_POPS) {
      const key = heap.pop();
      const dir = key & 3;
      const cell = key >> 2;
      if (cell === goal && (arrive < 0 || dir !== (arrive + 2) % 4)) {
        found = key;
        break;
      }
      const base = g[key] as number;
      const xi = Math.floor(cell / ny);
      const yi = cell - xi * ny;
      const x = xs[xi] as number;
      const y = ys[yi] as number;
      for (let nd = 0; nd < 4; nd++) {
        if (nd === (dir + 2) % 4) continue;
        const nxi = xi + (DX[nd] as number);
        const nyi = yi + (DY[nd] as number);
        if (nxi < 0 || nyi < 0 || nxi >= xs.length || nyi >= ny) continue;
        const next = nxi * ny + nyi;
        // A blocked point is entered only on the way out of one (a port squeezed into a margin).
        const escaping = blocked[cell] === 1;
        if (blocked[next] === 1 && next !== goal && !escaping) continue;
        const px = xs[nxi] as number;
        const py = ys[nyi] as number;
        const length = Math.abs(px - x) + Math.abs(py - y);
        let cost =
          base + length + (nd === dir ? 0 : BEND) + (blocked[next] === 1 && next !== goal ? 10 * OVERLAP : 0);
        const horizontal = nd === E || nd === W;
        if (
          this.occupancy.overlaps(
            horizontal,
            horizontal ? y : x,
            horizontal ? Math.min(x, px) : Math.min(y, py),
            horizontal ? Math.max(x, px) : Math.max(y, py),
          )
        ) {
          cost += OVERLAP + length * 4;
        }
        if (next === goal && arrive >= 0) {
          if (nd === (arrive + 2) % 4) continue;
          if (nd !== arrive) cost += BEND;
        }
        const nkey = next * 4 + nd;
        if (stamp[nkey] === gen && (g[nkey] as number) <= cost) continue;
        stamp[nkey] = gen;
        g[nkey] = cost;
        came[nkey] = key;
        // Distance, plus a bend when the target is off both axes (never more than the true cost).
        const ddx = Math.abs(px - tX);
        const ddy = Math.abs(py - tY);
        const h = ddx + ddy + (ddx > 0.01 && ddy > 0.01 ? BEND : 0);
        heap.push(cost + h, h, nkey);
      }
    }
    if (found < 0) return undefined;
    const cells: number[] = [];
    for (let k = found; k >= 0; k = came[k] as number) cells.push(k >> 2);
    cells.reverse();
    const points = cells.map((c) => {
      const xi = Math.floor(c / ny);
      return { x: xs[xi] as number, y: ys[c - xi * ny] as number };
    });
    points[0] = { x: from.x, y: from.y };
    return { points, heading: found & 3 };
  }
}

/** Where the straight stub leaving a port ends. */
export function stubEnd(end: RouteEnd): Point {
  const out = OUTWARD[end.side];
  return { x: end.port.x + out.x * end.stub, y: end.port.y + out.y * end.stub };
}

/**
 * A route that ignores obstacles (the last resort when a region leaves no way): out of the source
 * stub, one or two bends, into the target stub.
 */
export function directRoute(request: RouteRequest): Point[] {
  const a = stubEnd(request.source);
  const b = stubEnd(request.target);
  const points: Point[] = [request.source.port, a];
  for (const w of [...request.waypoints, b]) {
    const last = points[points.length - 1] as Point;
    points.push({ x: w.x, y: last.y }, w);
  }
  points.push(request.target.port);
  return simplify(points);
}

/** Shifts tried, in order, for a segment that lies on top of another route's (less than any margin). */
const NUDGES = [4, -4, 8, -8];

/**
 * The last guard against lines drawn on top of each other (the search already avoids it; a route
 * from `directRoute` may not): each inner segment that runs on an earlier route's segment is moved
 * sideways by a few units, its neighbours stretched to stay orthogonal. First and last segments
 * stay (they hold the ports, which are never shared). Returns new routes; the input is unchanged.
 */
export function nudgeApart(routes: readonly (readonly Point[])[]): Point[][] {
  const taken = new Occupancy();
  return routes.map((route) => {
    const points = route.map((p) => ({ x: p.x, y: p.y }));
    for (let i = 1; i + 2 < points.length; i++) {
      const a = points[i] as Point;
      const b = points[i + 1] as Point;
      const horizontal = Math.abs(a.y - b.y) < 0.01;
      const on = (shift: number): boolean =>
        horizontal
          ? taken.overlaps(true, a.y + shift, Math.min(a.x, b.x), Math.max(a.x, b.x))
          : taken.overlaps(false, a.x + shift, Math.min(a.y, b.y), Math.max(a.y, b.y));
      if (!on(0)) continue;
      const shift = NUDGES.find((d) => !on(d));
      if (shift === undefined) continue;
      if (horizontal) {
        a.y += shift;
        b.y += shift;
      } else {
        a.x += shift;
        b.x += shift;
      }
    }
    const result = simplify(points);
    taken.add(result);
    return result;
  });
}
