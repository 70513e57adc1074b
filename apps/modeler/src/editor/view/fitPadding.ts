/**
 * Fit-view padding per side that keeps the fitted diagram out from under the canvas's overlays
 * (minimap, legend, zoom controls). Each overlay sits against an edge of the canvas; it is avoided
 * either by a strip along its vertical edge (top/bottom) or along its horizontal one (left/right).
 * Every combination is tried and the one that lets the content be drawn largest wins. Pure.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SidePadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

type Side = keyof SidePadding;

/** The two strips (side, depth in px) that would each keep `r` clear, on the sides it is nearest to. */
function stripsFor(canvas: { width: number; height: number }, r: Rect): [[Side, number], [Side, number]] {
  const vertical: [Side, number] =
    r.y + r.height / 2 < canvas.height / 2 ? ["top", r.y + r.height] : ["bottom", canvas.height - r.y];
  const horizontal: [Side, number] =
    r.x + r.width / 2 < canvas.width / 2 ? ["left", r.x + r.width] : ["right", canvas.width - r.x];
  return [vertical, horizontal];
}

/**
 * @param canvas the canvas's size in px
 * @param content the size of what is fitted, in diagram units
 * @param obstacles overlays, in px relative to the canvas's top-left corner
 * @param margin space kept on every side besides the overlays (px)
 * @param maxZoom the zoom fit-view will not exceed (beyond it all choices are equally good)
 */
export function fitPadding(
  canvas: { width: number; height: number },
  content: { width: number; height: number },
  obstacles: readonly Rect[],
  margin = 24,
  maxZoom = 1,
): SidePadding {
  const visible = obstacles.filter((o) => o.width > 0 && o.height > 0);
  let best: SidePadding = { top: margin, right: margin, bottom: margin, left: margin };
  let bestZoom = -1;
  for (let mask = 0; mask < 1 << visible.length; mask++) {
    const pad: SidePadding = { top: 0, right: 0, bottom: 0, left: 0 };
    visible.forEach((o, i) => {
      const [side, depth] = stripsFor(canvas, o)[(mask >> i) & 1] as [Side, number];
      pad[side] = Math.max(pad[side], depth);
    });
    for (const side of ["top", "right", "bottom", "left"] as const)
      pad[side] = Math.round(pad[side] + margin);
    const w = canvas.width - pad.left - pad.right;
    const h = canvas.height - pad.top - pad.bottom;
    if (w <= 0 || h <= 0) continue;
    const zoom = Math.min(maxZoom, w / Math.max(1, content.width), h / Math.max(1, content.height));
    if (zoom > bestZoom + 1e-9) {
      bestZoom = zoom;
      best = pad;
    }
  }
  return best;
}

/** `fitPadding`'s result as React Flow 12's per-side padding (pixel strings). */
export function toFlowPadding(p: SidePadding): {
  top: `${number}px`;
  right: `${number}px`;
  bottom: `${number}px`;
  left: `${number}px`;
} {
  return { top: `${p.top}px`, right: `${p.right}px`, bottom: `${p.bottom}px`, left: `${p.left}px` };
}

/**
 * The viewport (React Flow's x, y, zoom) that shows `box` (diagram units) as large as fits inside
 * the canvas less `padding`, centred there, with the zoom kept within [minZoom, maxZoom].
 */
export function viewportFor(
  box: Rect,
  canvas: { width: number; height: number },
  padding: SidePadding,
  minZoom: number,
  maxZoom: number,
): { x: number; y: number; zoom: number } {
  const w = Math.max(1, canvas.width - padding.left - padding.right);
  const h = Math.max(1, canvas.height - padding.top - padding.bottom);
  const fit = Math.min(w / Math.max(1, box.width), h / Math.max(1, box.height));
  const zoom = Math.min(maxZoom, Math.max(minZoom, fit));
  return {
    x: padding.left + (w - box.width * zoom) / 2 - box.x * zoom,
    y: padding.top + (h - box.height * zoom) / 2 - box.y * zoom,
    zoom,
  };
}
