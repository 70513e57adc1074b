import type { Box, GeometryProblem, LineShape, Point, Scene } from "./Scene";

/**
 * Geometry defects of a rendered scene (pure; the unit tests run it on every fixture and on generated
 * models):
 * - `line-through-node`: a segment enters the interior of a node or state box that is not one of its
 *   ends. A line may run inside its own state; a transition may leave its source's state and ends on its
 *   target state's border (without entering it). A line's own source (target) box may only be touched by
 *   its first (last) segment.
 * - `label-over-node`: a label box overlaps a node box, a control node's name or a state's title bar.
 * - `label-over-label`: two label boxes overlap.
 * - `lines-share-segment`: two lines run on top of each other (collinear) for more than a few units.
 * - `nodes-overlap`: two node boxes, a node and a state it is not in, or two state boxes overlap.
 * Nodes of collapsed states are not drawn and not checked. "Overlap" and "enter" allow
 * `GEOMETRY_TOLERANCE` units, so shapes that merely touch are fine.
 */
export function checkGeometry(scene: Scene): GeometryProblem[] {
  const ctx = new Context(scene);
  return [
    ...ctx.linesThroughBoxes(),
    ...ctx.labelsOverNodes(),
    ...ctx.labelsOverLabels(),
    ...ctx.sharedSegments(),
    ...ctx.overlappingBoxes(),
  ];
}

/** How far (canvas units) a segment may enter a box, or two boxes overlap, before it counts. */
export const GEOMETRY_TOLERANCE = 1.5;
/** Collinear overlap (canvas units) of two lines above which they share a segment. */
export const SHARED_SEGMENT_MIN = 4;

interface Item {
  id: string;
  box: Box;
  kind: "node" | "state" | "title" | "name";
  /** The state a node belongs to (nodes, names); the state itself for states and titles. */
  stateId: string;
}

interface Segment {
  a: Point;
  b: Point;
  index: number;
  count: number;
}

class Context {
  private readonly visibleNodes: Item[] = [];
  private readonly states: Item[] = [];
  private readonly stateOf = new Map<string, string>();
  private readonly hidden = new Set<string>();
  private readonly obstacles: Grid<Item>;

  constructor(private readonly scene: Scene) {
    const collapsed = new Set(scene.states.filter((s) => s.collapsed).map((s) => s.id));
    for (const s of scene.states)
      if (finiteBox(s.box)) this.states.push({ id: s.id, box: s.box, kind: "state", stateId: s.id });
    for (const n of scene.nodes) {
      this.stateOf.set(n.id, n.stateId);
      if (collapsed.has(n.stateId)) this.hidden.add(n.id);
      else if (finiteBox(n.box))
        this.visibleNodes.push({ id: n.id, box: n.box, kind: "node", stateId: n.stateId });
    }
    this.obstacles = new Grid<Item>();
    for (const item of [...this.visibleNodes, ...this.states]) this.obstacles.add(item.box, item);
  }

  *linesThroughBoxes(): Iterable<GeometryProblem> {
    for (const line of this.scene.lines) {
      if (this.hidden.has(line.from) && this.hidden.has(line.to)) continue;
      const segments = segmentsOf(line);
      const sourceState = this.stateOf.get(line.from);
      const reported = new Set<string>();
      for (const seg of segments) {
        for (const item of this.obstacles.query(segmentBox(seg))) {
          if (reported.has(item.id)) continue;
          if (item.kind === "node") {
            if (item.id === line.from && seg.index === 0) continue;
            if (item.id === line.to && seg.index === seg.count - 1) continue;
          } else if (item.id === sourceState) {
            continue; // a line runs inside its own state; a transition leaves its source's state
          } else if (line.element === "line" && item.id === this.stateOf.get(line.to)) {
            continue;
          }
          if (!segmentEntersBox(seg.a, seg.b, item.box, GEOMETRY_TOLERANCE)) continue;
          reported.add(item.id);
          const what = item.kind === "node" ? "node" : "state";
          yield {
            code: "line-through-node",
            ids: [line.id, item.id],
            message: `${line.element === "transition" ? "Transition" : "Line"} ${line.id} passes through ${what} ${item.id}.`,
          };
        }
      }
    }
  }

  *labelsOverNodes(): Iterable<GeometryProblem> {
    const things = new Grid<Item>();
    for (const item of this.visibleNodes) things.add(item.box, item);
    for (const n of this.scene.nodes) {
      if (this.hidden.has(n.id) || n.kind === "action" || !finiteBox(n.nameBox) || n.nameLines.length === 0)
        continue;
      things.add(n.nameBox, { id: n.id, box: n.nameBox, kind: "name", stateId: n.stateId });
    }
    for (const s of this.scene.states) {
      const bar = titleBar(s.box, s.titleBox, s.collapsed);
      if (finiteBox(bar)) things.add(bar, { id: s.id, box: bar, kind: "title", stateId: s.id });
    }
    for (const label of this.scene.labels) {
      if (!finiteBox(label.box)) continue;
      const seen = new Set<string>();
      for (const item of things.query(label.box)) {
        if (seen.has(item.id) || !boxesOverlap(label.box, item.box, GEOMETRY_TOLERANCE)) continue;
        seen.add(item.id);
        const what =
          item.kind === "title"
            ? `the title bar of state ${item.id}`
            : item.kind === "name"
              ? `the name of node ${item.id}`
              : `node ${item.id}`;
        yield {
          code: "label-over-node",
          ids: [label.id, item.id],
          message: `Label ${label.id} covers ${what}.`,
        };
      }
    }
  }

  *labelsOverLabels(): Iterable<GeometryProblem> {
    const grid = new Grid<number>();
    const labels = this.scene.labels;
    labels.forEach((label, i) => {
      if (finiteBox(label.box)) grid.add(label.box, i);
    });
    for (let i = 0; i < labels.length; i++) {
      const a = labels[i]!;
      if (!finiteBox(a.box)) continue;
      for (const j of grid.query(a.box)) {
        if (j <= i) continue;
        const b = labels[j]!;
        if (boxesOverlap(a.box, b.box, GEOMETRY_TOLERANCE))
          yield {
            code: "label-over-label",
            ids: [a.id, b.id],
            message: `Labels ${a.id} and ${b.id} overlap.`,
          };
      }
    }
  }

  *sharedSegments(): Iterable<GeometryProblem> {
    const lines = this.scene.lines.filter((l) => !(this.hidden.has(l.from) && this.hidden.has(l.to)));
    const grid = new Grid<{ line: number; seg: Segment }>();
    const segmentsPerLine = lines.map(segmentsOf);
    segmentsPerLine.forEach((segs, line) => segs.forEach((seg) => grid.add(segmentBox(seg), { line, seg })));
    const pairs = new Set<string>();
    for (let i = 0; i < lines.length; i++) {
      for (const seg of segmentsPerLine[i]!) {
        for (const other of grid.query(segmentBox(seg))) {
          if (other.line <= i) continue;
          const key = `${i}:${other.line}`;
          if (pairs.has(key)) continue;
          const shared = collinearOverlap(seg.a, seg.b, other.seg.a, other.seg.b);
          if (shared <= SHARED_SEGMENT_MIN) continue;
          pairs.add(key);
          const a = lines[i]!;
          const b = lines[other.line]!;
          yield {
            code: "lines-share-segment",
            ids: [a.id, b.id],
            message: `Lines ${a.id} and ${b.id} run on top of each other for ${Math.round(shared)} units.`,
          };
        }
      }
    }
  }

  *overlappingBoxes(): Iterable<GeometryProblem> {
    const grid = new Grid<number>();
    const items = [...this.visibleNodes, ...this.states];
    items.forEach((item, i) => grid.add(item.box, i));
    for (let i = 0; i < items.length; i++) {
      const a = items[i]!;
      for (const j of grid.query(a.box)) {
        if (j <= i) continue;
        const b = items[j]!;
        // A node lies inside its own state; any other node/state or state/state overlap is a defect.
        if (a.kind === "node" && b.kind === "state" && a.stateId === b.id) continue;
        if (!boxesOverlap(a.box, b.box, GEOMETRY_TOLERANCE)) continue;
        const what = (x: Item) => `${x.kind} ${x.id}`;
        yield {
          code: "nodes-overlap",
          ids: [a.id, b.id],
          message: `${capitalise(what(a))} and ${what(b)} overlap.`,
        };
      }
    }
  }
}

/** The title bar: the top band of a state down to its title box's bottom (the whole box when collapsed). */
function titleBar(box: Box, titleBox: Box, collapsed: boolean): Box {
  if (collapsed) return box;
  const bottom = Math.min(box.y + box.height, Math.max(titleBox.y + titleBox.height, box.y));
  return { x: box.x, y: box.y, width: box.width, height: bottom - box.y };
}

function segmentsOf(line: LineShape): Segment[] {
  const points = line.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const segments: Segment[] = [];
  const count = Math.max(0, points.length - 1);
  for (let i = 0; i < count; i++) segments.push({ a: points[i]!, b: points[i + 1]!, index: i, count });
  return segments;
}

function segmentBox(seg: Segment): Box {
  const x = Math.min(seg.a.x, seg.b.x);
  const y = Math.min(seg.a.y, seg.b.y);
  return { x, y, width: Math.abs(seg.a.x - seg.b.x), height: Math.abs(seg.a.y - seg.b.y) };
}

function finiteBox(box: Box | undefined): box is Box {
  return (
    !!box && [box.x, box.y, box.width, box.height].every(Number.isFinite) && box.width >= 0 && box.height >= 0
  );
}

/** Whether two boxes overlap by more than `tolerance` in both directions. */
export function boxesOverlap(a: Box, b: Box, tolerance = 0): boolean {
  const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return dx > tolerance && dy > tolerance;
}

/**
 * Whether the segment a–b runs through the interior of `box` shrunk by `tolerance` on every side
 * (Liang–Barsky clipping: some stretch of positive length lies strictly inside).
 */
export function segmentEntersBox(a: Point, b: Point, box: Box, tolerance: number): boolean {
  const minX = box.x + tolerance;
  const maxX = box.x + box.width - tolerance;
  const minY = box.y + tolerance;
  const maxY = box.y + box.height - tolerance;
  if (minX >= maxX || minY >= maxY) return false;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    // p·t < q must hold (strictly inside the open box).
    if (p === 0) return q > 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  if (!clip(-dx, a.x - minX) || !clip(dx, maxX - a.x) || !clip(-dy, a.y - minY) || !clip(dy, maxY - a.y))
    return false;
  const length = Math.hypot(dx, dy);
  if (length === 0) return a.x > minX && a.x < maxX && a.y > minY && a.y < maxY;
  return (t1 - t0) * length > 1e-6;
}

/** Length over which segments a–b and c–d lie on one line (within half a unit), 0 when they do not. */
export function collinearOverlap(a: Point, b: Point, c: Point, d: Point): number {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  if (length === 0) return 0;
  const ux = (b.x - a.x) / length;
  const uy = (b.y - a.y) / length;
  // Distance of c and d from the line through a–b.
  const offC = Math.abs((c.x - a.x) * uy - (c.y - a.y) * ux);
  const offD = Math.abs((d.x - a.x) * uy - (d.y - a.y) * ux);
  if (offC > 0.5 || offD > 0.5) return 0;
  const tc = (c.x - a.x) * ux + (c.y - a.y) * uy;
  const td = (d.x - a.x) * ux + (d.y - a.y) * uy;
  return Math.max(0, Math.min(length, Math.max(tc, td)) - Math.max(0, Math.min(tc, td)));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A uniform grid over boxes, so the checks stay near-linear on 500-node scenes. */
class Grid<T> {
  private readonly cells = new Map<string, { value: T; order: number }[]>();
  /** Entries with boxes too large (bad coordinates) for cells: found by every query. */
  private readonly everywhere: { value: T; order: number }[] = [];
  private readonly all: { value: T; order: number }[] = [];
  private order = 0;
  constructor(private readonly cell = 160) {}

  add(box: Box, value: T): void {
    const entry = { value, order: this.order++ };
    this.all.push(entry);
    const keys = this.keys(box);
    if (!keys) {
      this.everywhere.push(entry);
      return;
    }
    for (const key of keys) {
      let list = this.cells.get(key);
      if (!list) this.cells.set(key, (list = []));
      list.push(entry);
    }
  }

  /** Values whose box shares a cell with `box`, each once, in insertion order. */
  query(box: Box): T[] {
    const keys = this.keys(box);
    if (!keys) return this.all.map((e) => e.value);
    const found = new Map<number, T>();
    for (const entry of this.everywhere) found.set(entry.order, entry.value);
    for (const key of keys)
      for (const entry of this.cells.get(key) ?? []) found.set(entry.order, entry.value);
    return [...found.entries()].sort((x, y) => x[0] - y[0]).map(([, value]) => value);
  }

  /** The cells a box covers, or undefined when it covers too many (or has no finite extent). */
  private keys(box: Box): string[] | undefined {
    const x0 = Math.floor(box.x / this.cell);
    const y0 = Math.floor(box.y / this.cell);
    const x1 = Math.floor((box.x + box.width) / this.cell);
    const y1 = Math.floor((box.y + box.height) / this.cell);
    if (!Number.isFinite(x0 + x1 + y0 + y1) || (x1 - x0 + 1) * (y1 - y0 + 1) > 4096) return undefined;
    const keys: string[] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push(`${x},${y}`);
    return keys;
  }
}
