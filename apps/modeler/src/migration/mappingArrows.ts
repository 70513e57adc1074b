/**
 * Geometry of the mapping arrows drawn over the side-by-side diagrams (pure, no DOM): which
 * arrows to draw for a source version's rows, where an arrow starts and ends, its SVG path, and
 * which state lies under the pointer when a drawn arrow is released.
 *
 * Every rectangle and point is in one coordinate space: the overlay's (screen pixels relative to
 * the box that holds both diagrams). The canvases report their states' boxes in their own
 * coordinates (`flowToScreenPosition` minus the canvas origin); `offsetRect` moves them into the
 * overlay's.
 */
import type { MappingRow } from "./mappingRows";

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A mapping shown as an arrow from a source state (left diagram) to a target state (right diagram). */
export interface MappingArrow {
  sourceStateId: string;
  targetStateId: string;
  /** How the target was found: `choice` is the operator's (removable), the others are proposals. */
  how: "ref" | "name" | "choice";
  /** The source state had no proposed counterpart and running instances: the operator had to choose. */
  forced: boolean;
}

/** One arrow per source state that has a target (the operator's choice over the proposal). */
export function mappingArrows(rows: readonly MappingRow[]): MappingArrow[] {
  return rows.flatMap((r) =>
    r.targetStateId !== null && r.how !== null
      ? [{ sourceStateId: r.stateId, targetStateId: r.targetStateId, how: r.how, forced: r.mustChoose }]
      : [],
  );
}

export const offsetRect = (r: Rect, by: Point): Rect => ({
  x: r.x + by.x,
  y: r.y + by.y,
  width: r.width,
  height: r.height,
});

export const contains = (r: Rect, p: Point): boolean =>
  p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;

/** True when some of `r` shows inside `box` (a state panned out of its canvas gets no arrow: it would run along the canvas edge). */
export const overlaps = (r: Rect, box: Rect): boolean =>
  r.x < box.x + box.width && r.x + r.width > box.x && r.y < box.y + box.height && r.y + r.height > box.y;

/** Draw order: proposals first, then choices, forced ones last (on top, so they win a click where arrows cross). */
const drawOrder = (a: MappingArrow): number => (a.forced ? 2 : a.how === "choice" ? 1 : 0);

/** The rows' arrows in draw order (a stable sort: the rows' order within each rank). */
export function arrowsInDrawOrder(rows: readonly MappingRow[]): MappingArrow[] {
  return mappingArrows(rows).sort((a, b) => drawOrder(a) - drawOrder(b));
}

/** The point moved inside `box` (a state scrolled out of its canvas still gets an arrow, at the canvas edge). */
export function clampPoint(p: Point, box: Rect): Point {
  return {
    x: Math.min(Math.max(p.x, box.x), box.x + box.width),
    y: Math.min(Math.max(p.y, box.y), box.y + box.height),
  };
}

/** Where an arrow leaves a source state: the middle of its right side, kept inside its canvas. */
export const anchorOut = (state: Rect, box: Rect): Point =>
  clampPoint({ x: state.x + state.width, y: state.y + state.height / 2 }, box);

/** Where an arrow enters a target state: the middle of its left side, kept inside its canvas. */
export const anchorIn = (state: Rect, box: Rect): Point =>
  clampPoint({ x: state.x, y: state.y + state.height / 2 }, box);

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A cubic curve from `from` to `to` leaving and arriving horizontally (left to right), bent more
 * the further apart the ends are; a backwards arrow (end left of start) loops out and back.
 */
export function arrowPath(from: Point, to: Point): string {
  const dx = to.x - from.x;
  const bend = Math.max(40, Math.abs(dx) / 2, dx < 0 ? Math.abs(to.y - from.y) / 2 : 0);
  return `M ${r1(from.x)} ${r1(from.y)} C ${r1(from.x + bend)} ${r1(from.y)}, ${r1(to.x - bend)} ${r1(to.y)}, ${r1(to.x)} ${r1(to.y)}`;
}

/**
 * The state under `point`, or null: only inside `box` (the canvas: a state hidden outside it
 * cannot be hit), the smallest matching rectangle first (the innermost when boxes overlap).
 */
export function stateAt(point: Point, states: Readonly<Record<string, Rect>>, box: Rect): string | null {
  if (!contains(box, point)) return null;
  let best: { id: string; area: number } | null = null;
  for (const [id, r] of Object.entries(states)) {
    if (!contains(r, point)) continue;
    const area = r.width * r.height;
    if (best === null || area < best.area) best = { id, area };
  }
  return best?.id ?? null;
}

/** A press becomes a drag once the pointer moved this far (px); less is a click (the pick gesture). */
export const DRAG_THRESHOLD = 4;

export const isDrag = (start: Point, now: Point, threshold = DRAG_THRESHOLD): boolean =>
  Math.hypot(now.x - start.x, now.y - start.y) >= threshold;
