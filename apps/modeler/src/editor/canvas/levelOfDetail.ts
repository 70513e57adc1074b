import { LAYOUT, SCENE_TEXT } from "@flowstate/diagram";

/**
 * Level of detail: the smallest on-screen size (px) of state titles and node names. Below the zoom
 * at which the scene's own sizes reach it (a whole long process at fit view), the canvas draws them
 * at this size instead — larger in diagram units, cut with "…" inside the very boxes the scene
 * reserved for them (never over anything else); the whole name stays on hover.
 */
export const MIN_SCREEN_TEXT = 9;
/** Line height of scaled text, in font sizes. */
export const DETAIL_LINE_HEIGHT = 1.1;

export interface Detail {
  /** Font size (diagram units) that shows as `MIN_SCREEN_TEXT` at the zoom. */
  textPx: number;
  /** Lines of an action's name that fit its smallest box (badges hidden). */
  nameLines: 1 | 2;
  /** Lines of a control node's name that fit the room the layout keeps under it. */
  controlLines: 1 | 2;
}

const smallest = Math.min(
  SCENE_TEXT.title.fontSize,
  SCENE_TEXT.name.fontSize,
  SCENE_TEXT.controlName.fontSize,
);
/** Room for an action's name: its one-line box less the border. */
const actionRoom = LAYOUT.action.oneLine - 4;
/** Room for a control node's name: what the layout keeps under the shape less the gap above it. */
const controlRoom = LAYOUT.controlName - 3;

const linesIn = (room: number, textPx: number): 1 | 2 => (2 * textPx * DETAIL_LINE_HEIGHT <= room ? 2 : 1);

/** The detail to draw at `zoom`; null when every text already reads at `MIN_SCREEN_TEXT` or more. */
export function levelOfDetail(zoom: number): Detail | null {
  if (!Number.isFinite(zoom) || zoom <= 0 || smallest * zoom >= MIN_SCREEN_TEXT) return null;
  // rounded up (to 1/100 unit) so that size × zoom never falls under the minimum
  const textPx = Math.ceil((MIN_SCREEN_TEXT / zoom) * 100) / 100;
  return { textPx, nameLines: linesIn(actionRoom, textPx), controlLines: linesIn(controlRoom, textPx) };
}
