import type { Box, Point } from "./Scene";
import type { BoxIndex } from "./geometry";

/** A label to place along its route. */
export interface LabelToPlace {
  width: number;
  height: number;
  route: readonly Point[];
}

/** Where a label went; `anchor` is the point on its line when it sits away from the line (draw a leader). */
export interface PlacedLabel {
  box: Box;
  anchor?: Point;
}

const GAP = 2;
const OFFSETS = [8, 16, 26, 38, 52, 68, 86];
const POSITIONS = [0.5, 0.3, 0.7, 0.15, 0.85];

/**
 * Places a label at the first free spot along its route: beside each segment (longest first) at its
 * middle and further along it, then at growing distances from the line, finally anywhere free near
 * the route's middle. Free means overlapping nothing in `taken` (nodes, title bars, placed labels);
 * spots that also cover no segment in `lines` (the routes) are tried first. The chosen box is added
 * to `taken`. Deterministic.
 */
export function placeLabel(label: LabelToPlace, taken: BoxIndex, lines?: BoxIndex): PlacedLabel {
  const { width: w, height: h, route } = label;
  const segments: { a: Point; b: Point; length: number; index: number }[] = [];
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1] as Point;
    const b = route[i] as Point;
    const length = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    if (length > 0.5) segments.push({ a, b, length, index: i });
  }
  segments.sort((s, t) => t.length - s.length || s.index - t.index);
  let clearOfLines = lines !== undefined;
  const fits = (box: Box): boolean => !taken.hits(box) && !(clearOfLines && (lines as BoxIndex).hits(box));
  const accept = (box: Box, anchor?: Point): PlacedLabel => {
    taken.add(box);
    return anchor === undefined ? { box } : { box, anchor };
  };
  // Beside the line, then at growing distances from it: first where it covers no other line, then anywhere free.
  for (const offset of [...(clearOfLines ? [GAP, ...OFFSETS] : []), Number.NaN, GAP, ...OFFSETS]) {
    if (Number.isNaN(offset)) {
      clearOfLines = false;
      continue;
    }
    for (const { a, b } of segments) {
      const horizontal = Math.abs(a.y - b.y) < 0.01;
      for (const t of POSITIONS) {
        const p = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
        const boxes: Box[] = horizontal
          ? [
              { x: p.x - w / 2, y: p.y - offset - h, width: w, height: h },
              { x: p.x - w / 2, y: p.y + offset, width: w, height: h },
              { x: p.x - 4, y: p.y - offset - h, width: w, height: h },
              { x: p.x - w + 4, y: p.y - offset - h, width: w, height: h },
            ]
          : [
              { x: p.x + offset, y: p.y - h / 2, width: w, height: h },
              { x: p.x - offset - w, y: p.y - h / 2, width: w, height: h },
            ];
        for (const box of boxes) if (fits(box)) return accept(box, offset > GAP ? p : undefined);
      }
    }
  }
  // Anywhere free near the route's middle, rings of growing size.
  const mid = route[Math.floor(route.length / 2)] ?? { x: 0, y: 0 };
  for (let ring = 1; ring <= 30; ring++) {
    const r = ring * 16;
    for (let k = -ring; k <= ring; k++) {
      const d = k * 16;
      for (const [dx, dy] of [
        [d, -r],
        [d, r],
        [-r, d],
        [r, d],
      ] as const) {
        const box = { x: mid.x + dx - w / 2, y: mid.y + dy - h / 2, width: w, height: h };
        if (fits(box)) return accept(box, mid);
      }
    }
  }
  return accept({ x: mid.x - w / 2, y: mid.y - GAP - h, width: w, height: h }, mid);
}
