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

/**
 * The pad's top-left: right of the element, level with its top (as bpmn-js); on the left when the
 * right has no room; inside the element's top-right corner when neither side has (a state wider
 * than the view). Clamped into the canvas. `null` when the element is out of view.
 */
export function padPlacement(
  element: ScreenRect,
  canvas: Size,
  pad: Size,
): { x: number; y: number; side: "right" | "left" | "inside" } | null {
  if (!visible(element, canvas)) return null;
  const right = element.x + element.width + PAD_GAP;
  const left = element.x - PAD_GAP - pad.width;
  const maxX = canvas.width - pad.width - PAD_GAP;
  const y = clamp(element.y, PAD_GAP, canvas.height - pad.height - PAD_GAP);
  if (right <= maxX) return { x: Math.max(right, PAD_GAP), y, side: "right" };
  if (left >= PAD_GAP) return { x: Math.min(left, maxX), y, side: "left" };
  const inside = element.x + element.width - pad.width - PAD_GAP;
  return {
    x: clamp(inside, PAD_GAP, maxX),
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
