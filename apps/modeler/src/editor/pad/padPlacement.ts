/**
 * Where the context pad and the in-place name box go on screen (pure). Rectangles are in pixels
 * relative to the canvas's top-left; both always stay inside the canvas, whatever the zoom and
 * however close the element is to an edge.
 */

export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Space between the element and the pad, and between the pad and the canvas's edges. */
export const PAD_GAP = 8;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, Math.max(lo, hi)));

/** Whether any part of `rect` is inside the canvas. */
function visible(rect: ScreenRect, canvas: Size): boolean {
  return (
    rect.x + rect.width > 0 && rect.y + rect.height > 0 && rect.x < canvas.width && rect.y < canvas.height
  );
}

/** Where the pad goes relative to the element, in the order tried. */
export type PadSide = "right" | "left" | "below" | "above";
const SIDES: readonly PadSide[] = ["right", "left", "below", "above"];

/** The area two rectangles share (0 when they do not overlap). */
function overlap(a: ScreenRect, b: ScreenRect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The pad's top-left on one side of the element, or `null` when that side has no room in the canvas.
 * Right and left: level with the element's top; below and above: aligned with its left edge.
 */
function onSide(
  side: PadSide,
  element: ScreenRect,
  canvas: Size,
  pad: Size,
): { x: number; y: number } | null {
  const maxX = canvas.width - pad.width - PAD_GAP;
  const maxY = canvas.height - pad.height - PAD_GAP;
  if (side === "right" || side === "left") {
    const x = side === "right" ? element.x + element.width + PAD_GAP : element.x - PAD_GAP - pad.width;
    if (x < PAD_GAP || x > maxX) return null;
    return { x, y: clamp(element.y, PAD_GAP, maxY) };
  }
  const y = side === "below" ? element.y + element.height + PAD_GAP : element.y - PAD_GAP - pad.height;
  if (y < PAD_GAP || y > maxY) return null;
  return { x: clamp(element.x, PAD_GAP, maxX), y };
}

/**
 * The pad's top-left: beside the element as in bpmn-js — right of it, level with its top, unless
 * that covers a neighbour (`obstacles`: the other elements on screen, not the element's own state);
 * then left, below and above, the first side that covers none. When every side covers something,
 * the side covering least; when no side has room in the canvas, inside the element's top-right corner
 * (a state wider than the view). Always inside the canvas; `null` when the element is out of view.
 */
export function padPlacement(
  element: ScreenRect,
  canvas: Size,
  pad: Size,
  obstacles: readonly ScreenRect[] = [],
): { x: number; y: number; side: PadSide | "inside" } | null {
  if (!visible(element, canvas)) return null;
  let best: { x: number; y: number; side: PadSide; covered: number } | undefined;
  for (const side of SIDES) {
    const at = onSide(side, element, canvas, pad);
    if (!at) continue;
    const box = { ...at, width: pad.width, height: pad.height };
    const covered = obstacles.reduce((sum, o) => sum + overlap(box, o), 0);
    if (covered === 0) return { ...at, side };
    if (!best || covered < best.covered) best = { ...at, side, covered };
  }
  if (best) return { x: best.x, y: best.y, side: best.side };
  const maxX = canvas.width - pad.width - PAD_GAP;
  return {
    x: clamp(element.x + element.width - pad.width - PAD_GAP, PAD_GAP, maxX),
    y: clamp(element.y + PAD_GAP, PAD_GAP, canvas.height - pad.height - PAD_GAP),
    side: "inside",
  };
}

/** Whether all of `rect` is inside the canvas (keeping `PAD_GAP` from its edges where it fits). */
export function inView(rect: ScreenRect, canvas: Size): boolean {
  const marginX = Math.min(PAD_GAP, Math.max(0, (canvas.width - rect.width) / 2));
  const marginY = Math.min(PAD_GAP, Math.max(0, (canvas.height - rect.height) / 2));
  return (
    rect.x >= marginX &&
    rect.y >= marginY &&
    rect.x + rect.width <= canvas.width - marginX &&
    rect.y + rect.height <= canvas.height - marginY
  );
}

/** The height of the in-place name box. */
export const NAME_BOX_HEIGHT = 30;
/** Its least width: a name is readable while typed even on a small node or far zoomed out. */
export const NAME_BOX_MIN_WIDTH = 200;

/**
 * The in-place name box over the element's label: a state's title bar, an action's middle, a
 * control node's label under its shape. Never narrower than `NAME_BOX_MIN_WIDTH`; inside the canvas.
 */
export function nameBoxPlacement(
  kind: "state" | "action" | "control",
  element: ScreenRect,
  canvas: Size,
): ScreenRect {
  const width = Math.min(Math.max(element.width, NAME_BOX_MIN_WIDTH), canvas.width - 2 * PAD_GAP);
  const cx = element.x + element.width / 2;
  const x = kind === "state" ? element.x : cx - width / 2;
  const y =
    kind === "state"
      ? element.y
      : kind === "action"
        ? element.y + element.height / 2 - NAME_BOX_HEIGHT / 2
        : element.y + element.height + 2;
  return {
    x: clamp(x, PAD_GAP, canvas.width - width - PAD_GAP),
    y: clamp(y, PAD_GAP, canvas.height - NAME_BOX_HEIGHT - PAD_GAP),
    width,
    height: NAME_BOX_HEIGHT,
  };
}
