import type { LineStyleKind, OverlayMark } from "./Scene";

/**
 * How lines, nodes, states and labels look, the modeler's notation (`apps/modeler/src/styles/tokens.css`,
 * `--canvas-*`) as plain values, so the canvas, the SVG export and the server draw alike.
 */

/** The font stack every drawing names: Inter (shipped by the modeler) first, then common fallbacks. */
export const FONT_STACK = 'Inter, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export const canvasColors = {
  background: "#fbfcfd",
  stateFill: "#f3f5f9",
  stateBorder: "#b9c2d0",
  stateHead: "#e8ecf3",
  nodeFill: "#ffffff",
  nodeBorder: "#9aa6b8",
  manual: "#2f5bea",
  automatic: "#7b5cf0",
  line: "#475266",
  failure: "#c8283c",
  limit: "#475266",
  not: "#d6334a",
  transition: "#1d2430",
  text: "#1d2430",
  muted: "#5e6878",
  labelBackground: "#ffffff",
  labelBackgroundOpacity: 0.92,
  initial: "#1f8a4c",
  dangerSoft: "#fbe7ea",
} as const;

/** An arrow head at a line's end. `open` heads are a stroked chevron, the others a filled triangle. */
export interface MarkerStyle {
  /** Shape in a 10×10 box pointing right, tip at (10, 5). */
  path: string;
  open: boolean;
  /** Size in canvas units. */
  size: number;
}

export interface LineStyle {
  stroke: string;
  strokeWidth: number;
  /** SVG `stroke-dasharray`, absent for solid lines. */
  dashArray?: string;
  lineCap: "butt" | "round";
  marker: MarkerStyle;
  /** Colour of the line's label text. */
  labelColor: string;
  /** A symbol that leads the line's label ("✕" on failure lines). */
  labelSymbol?: string;
}

const filledArrow = (size: number): MarkerStyle => ({ path: "M0 0L10 5L0 10Z", open: false, size });
const openArrow = (size: number): MarkerStyle => ({ path: "M1 1L9 5L1 9", open: true, size });

/** Stroke, width, dash and arrow head per line kind. */
export const lineStyles: Readonly<Record<LineStyleKind, LineStyle>> = {
  flow: {
    stroke: canvasColors.line,
    strokeWidth: 1.5,
    lineCap: "butt",
    marker: filledArrow(9),
    labelColor: canvasColors.line,
  },
  failure: {
    stroke: canvasColors.failure,
    strokeWidth: 1.5,
    lineCap: "butt",
    marker: filledArrow(9),
    labelColor: canvasColors.failure,
    labelSymbol: "✕",
  },
  limit: {
    stroke: canvasColors.limit,
    strokeWidth: 2,
    dashArray: "2 4",
    lineCap: "round",
    marker: openArrow(9),
    labelColor: canvasColors.limit,
  },
  not: {
    stroke: canvasColors.not,
    strokeWidth: 2,
    dashArray: "2 4",
    lineCap: "round",
    marker: openArrow(9),
    labelColor: canvasColors.not,
  },
  transition: {
    stroke: canvasColors.transition,
    strokeWidth: 2.75,
    lineCap: "butt",
    marker: filledArrow(11),
    labelColor: canvasColors.transition,
  },
};

export const LINE_STYLE_KINDS: readonly LineStyleKind[] = ["flow", "failure", "limit", "not", "transition"];

/**
 * States, nodes and labels. Sizes and weights are the ones text is drawn in (measure with `measureText`
 * at the same size and weight); the SVG shrinks a font only when the scene's box is too low for it.
 */
export const shapeStyles = {
  state: {
    fill: canvasColors.stateFill,
    stroke: canvasColors.stateBorder,
    strokeWidth: 1.5,
    initialStrokeWidth: 2.5,
    radius: 10,
    headFill: canvasColors.stateHead,
    titleColor: canvasColors.text,
    titleSize: 12,
    titleWeight: 600 as const,
  },
  action: {
    fill: canvasColors.nodeFill,
    stroke: canvasColors.nodeBorder,
    strokeWidth: 1.5,
    radius: 8,
    accentWidth: 4,
    nameColor: canvasColors.text,
    nameSize: 12,
    nameWeight: 400 as const,
    lineHeight: 1.2,
  },
  control: {
    fill: canvasColors.nodeFill,
    stroke: canvasColors.line,
    strokeWidth: 2,
    glyphWidth: 3,
    finalizerStrokeWidth: 5,
    failedStroke: canvasColors.failure,
    failedFill: canvasColors.dangerSoft,
    nameColor: canvasColors.muted,
    nameSize: 11,
    nameWeight: 400 as const,
  },
  label: {
    fill: canvasColors.labelBackground,
    fillOpacity: canvasColors.labelBackgroundOpacity,
    radius: 4,
    fontSize: 11,
    fontWeight: 400 as const,
    paddingX: 4,
  },
} as const;

/** Accent colour of an action per mode (its left edge and mode glyph). */
export const modeColors = { manual: canvasColors.manual, automatic: canvasColors.automatic } as const;

/** The mode glyphs of actions, in a 24×24 box, stroked (the modeler's icons). */
export const modeGlyphs = {
  manual: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0",
  automatic:
    "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm0-11v2m0 12v2m8-8h-2M6 12H4m13.66-5.66-1.41 1.41M7.75 16.25l-1.41 1.41m11.32 0-1.41-1.41M7.75 7.75 6.34 6.34",
} as const;

/** How an instance's marks are drawn (instance view and its export). */
export interface OverlayStyle {
  stroke: string;
  /** Fill of boxes (states, actions); absent keeps the shape's own. */
  fill?: string;
  /** A halo around boxes, absent for none. */
  halo?: string;
  strokeWidth?: number;
  opacity?: number;
  dashArray?: string;
}

export const overlayStyles: Readonly<Record<OverlayMark, OverlayStyle>> = {
  current: { stroke: "#2f5bea", fill: "#e8eefd", halo: "#e8eefd", strokeWidth: 2.5 },
  completed: { stroke: "#1f8a4c", fill: "#e3f4ea", strokeWidth: 2 },
  taken: { stroke: "#2f5bea", strokeWidth: 2.5 },
  unlocked: { stroke: "#2f5bea", halo: "#e8eefd", strokeWidth: 2 },
  locked: { stroke: "#9aa6b8", opacity: 0.45, dashArray: "4 3" },
  incident: { stroke: "#c8283c", fill: "#fbe7ea", halo: "#fbe7ea", strokeWidth: 2.5 },
  failed: { stroke: "#c8283c", fill: "#fbe7ea", strokeWidth: 2.5 },
};
