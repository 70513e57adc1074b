import type { Box, Point } from "./Scene";

/** Sides of a box, clockwise from the right; also the outward direction leaving through it. */
export type Side = "right" | "bottom" | "left" | "top";

/** Unit step outward through each side. */
export const OUTWARD: Record<Side, Point> = {
  right: { x: 1, y: 0 },
  bottom: { x: 0, y: 1 },
  left: { x: -1, y: 0 },
  top: { x: 0, y: -1 },
};

/** Do the interiors of two boxes overlap (touching edges do not count)? */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The box grown by `margin` on every side. */
export function inflate(box: Box, margin: number): Box {
  return {
    x: box.x - margin,
    y: box.y - margin,
    width: box.width + 2 * margin,
    height: box.height + 2 * margin,
  };
}

/** Centre of a box. */
export function centre(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Smallest box holding all `boxes` (an empty list gives a zero box at the origin). */
export function unionBoxes(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Does the segment a–b (axis-parallel) pass through the interior of `box`? */
export function segmentCrossesBox(a: Point, b: Point, box: Box): boolean {
  const x0 = Math.min(a.x, b.x);
  const x1 = Math.max(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const y1 = Math.max(a.y, b.y);
  const eps = 0.01;
  return (
    x0 < box.x + box.width - eps && x1 > box.x + eps && y0 < box.y + box.height - eps && y1 > box.y + eps
  );
}

/** Drops repeated points and the middle of three collinear points. */
export function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last !== undefined && Math.abs(last.x - p.x) < 0.01 && Math.abs(last.y - p.y) < 0.01) continue;
    const prev = out[out.length - 2];
    if (prev !== undefined && last !== undefined) {
      const vertical = Math.abs(prev.x - last.x) < 0.01 && Math.abs(last.x - p.x) < 0.01;
      const horizontal = Math.abs(prev.y - last.y) < 0.01 && Math.abs(last.y - p.y) < 0.01;
      if (vertical || horizontal) out.pop();
    }
    out.push({ x: p.x, y: p.y });
  }
  return out;
}

const round = (n: number): string => String(Math.round(n * 100) / 100);

/** SVG path data through `points`, corners rounded with a radius of at most `radius`. */
export function pathData(points: readonly Point[], radius = 4): string {
  const first = points[0];
  if (first === undefined) return "";
  let d = `M${round(first.x)} ${round(first.y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as Point;
    const next = points[i + 1];
    if (next === undefined) {
      d += ` L${round(p.x)} ${round(p.y)}`;
      break;
    }
    const prev = points[i - 1] as Point;
    const inLen = Math.abs(p.x - prev.x) + Math.abs(p.y - prev.y);
    const outLen = Math.abs(next.x - p.x) + Math.abs(next.y - p.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r < 0.5) {
      d += ` L${round(p.x)} ${round(p.y)}`;
      continue;
    }
    const before = { x: p.x - Math.sign(p.x - prev.x) * r, y: p.y - Math.sign(p.y - prev.y) * r };
    const after = { x: p.x + Math.sign(next.x - p.x) * r, y: p.y + Math.sign(next.y - p.y) * r };
    d += ` L${round(before.x)} ${round(before.y)} Q${round(p.x)} ${round(p.y)} ${round(after.x)} ${round(after.y)}`;
  }
  return d;
}

/**
 * Boxes in a uniform grid of buckets, for "does this box overlap any stored box?" in about constant
 * time (labels against nodes, title bars and other labels).
 */
export class BoxIndex {
  private readonly buckets = new Map<number, Box[]>();
  /** Boxes spanning too many buckets: checked every time. */
  private readonly large: Box[] = [];
  constructor(private readonly cell = 96) {}

  private keys(box: Box): number[] | undefined {
    const x0 = Math.floor(box.x / this.cell);
    const x1 = Math.floor((box.x + box.width) / this.cell);
    const y0 = Math.floor(box.y / this.cell);
    const y1 = Math.floor((box.y + box.height) / this.cell);
    if (!((x1 - x0 + 1) * (y1 - y0 + 1) <= 256)) return undefined;
    const keys: number[] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push(x * 1_000_003 + y);
    return keys;
  }

  add(box: Box): void {
    const keys = this.keys(box);
    if (keys === undefined) {
      this.large.push(box);
      return;
    }
    for (const key of keys) {
      const list = this.buckets.get(key);
      if (list === undefined) this.buckets.set(key, [box]);
      else list.push(box);
    }
  }

  /** Does `box` overlap (interior) a stored box? */
  hits(box: Box): boolean {
    for (const other of this.large) if (boxesOverlap(box, other)) return true;
    const keys = this.keys(box);
    if (keys === undefined) {
      for (const list of this.buckets.values())
        for (const other of list) if (boxesOverlap(box, other)) return true;
      return false;
    }
    for (const key of keys) {
      for (const other of this.buckets.get(key) ?? []) if (boxesOverlap(box, other)) return true;
    }
    return false;
  }
}
