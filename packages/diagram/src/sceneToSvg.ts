import {
  FONT_STACK,
  LINE_STYLE_KINDS,
  canvasColors,
  lineStyles,
  modeColors,
  modeGlyphs,
  overlayStyles,
  shapeStyles,
} from "./lineStyles";
import { SCENE_TEXT } from "./sceneText";
import type {
  Box,
  LabelShape,
  LineShape,
  LineStyleKind,
  NodeShape,
  OverlayMark,
  Point,
  Scene,
  SceneOverlay,
  StateShape,
} from "./Scene";

export interface SceneToSvgOptions {
  /** An instance's marks (instance view export) and an optional caption above the drawing. */
  overlay?: SceneOverlay;
  /** Space around the drawing, canvas units. Default 24. */
  padding?: number;
  /** Background colour; `"none"` for a transparent background. Default the canvas colour. */
  background?: string;
}

const CAPTION_SIZE = 14;
const CAPTION_HEIGHT = 28;

/**
 * A standalone SVG 1.1 document of a scene: no foreignObject, no HTML, no external CSS (styles
 * inline), fonts named with fallbacks. Layers bottom to top: states, nodes, lines, labels. Every
 * state, node, line and label carries `data-id`; an overlay adds `mark-<mark>` classes and inline
 * colours. Deterministic: the same scene and options give the same bytes. Never throws.
 */
export function sceneToSvg(scene: Scene, options: SceneToSvgOptions = {}): string {
  const marks = options.overlay?.marks ?? {};
  const markOf = (id: string): OverlayMark | undefined =>
    Object.hasOwn(marks, id) && isMark(marks[id]) ? marks[id] : undefined;
  const padding = finiteOr(options.padding, 24, 0, 1000);
  const caption = options.overlay?.caption;
  const bounds = saneBox(scene.bounds);
  const top = caption ? CAPTION_HEIGHT : 0;
  const view = {
    x: bounds.x - padding,
    y: bounds.y - padding - top,
    width: bounds.width + 2 * padding,
    height: bounds.height + 2 * padding + top,
  };

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="${n(view.x)} ${n(view.y)} ${n(view.width)} ${n(view.height)}" width="${n(view.width)}" height="${n(view.height)}" font-family="${attr(FONT_STACK)}">`,
  );
  out.push(defs(scene, markOf));
  const background = options.background ?? canvasColors.background;
  if (background !== "none")
    out.push(
      `<rect class="background" x="${n(view.x)}" y="${n(view.y)}" width="${n(view.width)}" height="${n(view.height)}" fill="${attr(cssColor(background))}"/>`,
    );
  if (caption) {
    out.push(
      `<text class="caption" x="${n(bounds.x)}" y="${n(bounds.y - padding - top + CAPTION_SIZE + 6)}" font-size="${CAPTION_SIZE}" font-weight="600" fill="${canvasColors.text}">${text(caption)}</text>`,
    );
  }

  const visible = new Set(scene.states.filter((s) => !s.collapsed).map((s) => s.id));
  out.push('<g class="states">');
  for (const s of scene.states) out.push(stateSvg(s, markOf(s.id)));
  out.push("</g>");
  out.push('<g class="nodes">');
  for (const node of scene.nodes)
    if (visible.has(node.stateId) || !scene.states.some((s) => s.id === node.stateId))
      out.push(nodeSvg(node, markOf(node.id)));
  out.push("</g>");
  out.push('<g class="lines">');
  for (const line of scene.lines) out.push(lineSvg(line, markOf(line.id)));
  out.push("</g>");
  out.push('<g class="labels">');
  for (const label of scene.labels) out.push(labelSvg(label, markOf(label.lineId)));
  out.push("</g>");
  out.push("</svg>");
  return out.join("\n") + "\n";
}

// ---- defs: one arrow head per line kind (and per kind × mark used by the overlay) ----

function markerId(kind: LineStyleKind, mark?: OverlayMark): string {
  return mark ? `arrow-${kind}-${mark}` : `arrow-${kind}`;
}

function defs(scene: Scene, markOf: (id: string) => OverlayMark | undefined): string {
  const parts = ["<defs>"];
  for (const kind of LINE_STYLE_KINDS) parts.push(markerSvg(kind, undefined));
  const variants = new Set<string>();
  for (const line of scene.lines) {
    const mark = markOf(line.id);
    if (mark && isKind(line.kind)) variants.add(`${line.kind} ${mark}`);
  }
  for (const variant of [...variants].sort()) {
    const [kind, mark] = variant.split(" ") as [LineStyleKind, OverlayMark];
    parts.push(markerSvg(kind, mark));
  }
  parts.push("</defs>");
  return parts.join("\n");
}

function markerSvg(kind: LineStyleKind, mark: OverlayMark | undefined): string {
  const style = lineStyles[kind];
  const colour = mark ? overlayStyles[mark].stroke : style.stroke;
  const paint = style.marker.open
    ? `fill="none" stroke="${colour}" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"`
    : `fill="${colour}" stroke="none"`;
  return `<marker id="${markerId(kind, mark)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${n(style.marker.size)}" markerHeight="${n(style.marker.size)}" markerUnits="userSpaceOnUse" orient="auto"><path d="${style.marker.path}" ${paint}/></marker>`;
}

// ---- states ----

function stateSvg(s: StateShape, mark: OverlayMark | undefined): string {
  const st = shapeStyles.state;
  const box = saneBox(s.box);
  const ov = mark ? overlayStyles[mark] : undefined;
  const stroke = ov?.stroke ?? st.stroke;
  const width = ov?.strokeWidth ?? (s.initial ? st.initialStrokeWidth : st.strokeWidth);
  const radius = Math.min(st.radius, box.width / 2, box.height / 2);
  const classes = classNames(["state", s.initial ? "initial" : "", s.collapsed ? "collapsed" : ""], mark);
  const parts = [openGroup(classes, s.id, s.name, mark)];
  if (ov?.halo)
    parts.push(
      `<rect class="halo" ${rectAttrs(box)} rx="${n(radius)}" fill="none" stroke="${ov.halo}" stroke-width="7"/>`,
    );
  const titleBox = saneBox(s.titleBox);
  const barBottom = s.collapsed
    ? box.y + box.height
    : clamp(titleBox.y + titleBox.height, box.y, box.y + box.height);
  const fill = ov?.fill && mark !== "current" ? ov.fill : st.fill;
  parts.push(`<rect class="state-box" ${rectAttrs(box)} rx="${n(radius)}" fill="${fill}" stroke="none"/>`);
  if (barBottom > box.y) {
    const headFill = mark === "current" && ov?.fill ? ov.fill : st.headFill;
    parts.push(
      `<path class="state-title-bar" d="${topRoundedPath(box, barBottom - box.y, radius, s.collapsed)}" fill="${headFill}" stroke="none"/>`,
    );
    if (!s.collapsed)
      parts.push(
        `<path class="state-title-rule" d="M${n(box.x)} ${n(barBottom)}H${n(box.x + box.width)}" stroke="${st.stroke}" stroke-width="1" fill="none"/>`,
      );
  }
  parts.push(
    `<rect class="state-border" ${rectAttrs(box)} rx="${n(radius)}" fill="none" stroke="${stroke}" stroke-width="${n(width)}"${dash(ov?.dashArray)}/>`,
  );
  const size = Math.min(SCENE_TEXT.title.fontSize, titleBox.height);
  if (size > 0 && s.title) {
    parts.push(
      `<text class="state-title" x="${n(titleBox.x)}" y="${n(baseline(titleBox.y, titleBox.height, size))}" font-size="${n(size)}" font-weight="${SCENE_TEXT.title.weight}" fill="${st.titleColor}">${text(s.title)}</text>`,
    );
  }
  parts.push("</g>");
  return parts.join("");
}

/** A box's top band of `height` with the box's rounded top corners (all four when `whole`). */
function topRoundedPath(box: Box, height: number, r: number, whole: boolean): string {
  const { x, y, width } = box;
  const bottom = y + height;
  if (whole) {
    return `M${n(x + r)} ${n(y)}H${n(x + width - r)}A${n(r)} ${n(r)} 0 0 1 ${n(x + width)} ${n(y + r)}V${n(bottom - r)}A${n(r)} ${n(r)} 0 0 1 ${n(x + width - r)} ${n(bottom)}H${n(x + r)}A${n(r)} ${n(r)} 0 0 1 ${n(x)} ${n(bottom - r)}V${n(y + r)}A${n(r)} ${n(r)} 0 0 1 ${n(x + r)} ${n(y)}Z`;
  }
  const rr = Math.min(r, height);
  return `M${n(x)} ${n(bottom)}V${n(y + rr)}A${n(rr)} ${n(rr)} 0 0 1 ${n(x + rr)} ${n(y)}H${n(x + width - rr)}A${n(rr)} ${n(rr)} 0 0 1 ${n(x + width)} ${n(y + rr)}V${n(bottom)}Z`;
}

// ---- nodes ----

function nodeSvg(node: NodeShape, mark: OverlayMark | undefined): string {
  const kind = isNodeKind(node.kind) ? node.kind : "action";
  const mode = kind === "action" ? `mode-${node.mode === "automatic" ? "automatic" : "manual"}` : "";
  const classes = classNames(["node", `node-${kind}`, mode, node.failed ? "failed" : ""], mark);
  const parts = [openGroup(classes, node.id, node.name, mark)];
  const box = saneBox(node.box);
  const ov = mark ? overlayStyles[mark] : undefined;
  if (kind === "action") parts.push(actionSvg(node, box, ov));
  else parts.push(controlSvg(node, kind, box, ov));
  parts.push(nameSvg(node, kind));
  parts.push("</g>");
  return parts.join("");
}

function actionSvg(node: NodeShape, box: Box, ov: (typeof overlayStyles)[OverlayMark] | undefined): string {
  const st = shapeStyles.action;
  const accent = modeColors[node.mode === "automatic" ? "automatic" : "manual"];
  const r = Math.min(st.radius, box.width / 2, box.height / 2);
  const parts: string[] = [];
  if (ov?.halo)
    parts.push(
      `<rect class="halo" ${rectAttrs(box)} rx="${n(r)}" fill="none" stroke="${ov.halo}" stroke-width="7"/>`,
    );
  parts.push(
    `<rect class="node-box" ${rectAttrs(box)} rx="${n(r)}" fill="${ov?.fill ?? st.fill}" stroke="${ov?.stroke ?? st.stroke}" stroke-width="${n(ov?.strokeWidth ?? st.strokeWidth)}"${dash(ov?.dashArray)}/>`,
  );
  // The left edge in the mode's colour (the modeler's thick left border): the box's first
  // `accentWidth` units, following its rounded corners.
  const { x, y, height } = box;
  const w = Math.min(st.accentWidth, r > 0 ? r : st.accentWidth, box.width);
  if (w > 0 && height > 0) {
    const inset = r > 0 ? r - Math.sqrt(r * r - (r - w) * (r - w)) : 0;
    const arc = r > 0 ? `A${n(r)} ${n(r)} 0 0 1 ` : "L";
    parts.push(
      `<path class="mode-edge" d="M${n(x + w)} ${n(y + inset)}V${n(y + height - inset)}${arc}${n(x)} ${n(y + height - r)}V${n(y + r)}${arc}${n(x + w)} ${n(y + inset)}Z" fill="${accent}" stroke="none"/>`,
    );
  }
  // The mode glyph in the top-left corner, unless the name's text reaches there.
  const glyph = Math.min(12, box.height - 8);
  const glyphBox = { x: x + 7, y: y + 4, width: glyph, height: glyph };
  if (glyph > 4 && !overlaps(glyphBox, saneBox(node.nameBox))) {
    const scale = glyph / 24;
    parts.push(
      `<path class="mode-glyph" d="${modeGlyphs[node.mode === "automatic" ? "automatic" : "manual"]}" transform="translate(${n(glyphBox.x)} ${n(glyphBox.y)}) scale(${n(scale, 4)})" fill="none" stroke="${accent}" stroke-width="${n(2 / scale, 3)}" stroke-linecap="round" stroke-linejoin="round"/>`,
    );
  }
  return parts.join("");
}

function controlSvg(
  node: NodeShape,
  kind: "and" | "or" | "finalizer",
  box: Box,
  ov: (typeof overlayStyles)[OverlayMark] | undefined,
): string {
  const st = shapeStyles.control;
  const size = Math.min(box.width, box.height);
  const k = size / 48; // the shapes are drawn in a 48-unit square, like the modeler's icons
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const stroke = ov?.stroke ?? st.stroke;
  const parts: string[] = [];
  if (kind === "finalizer") {
    const failed = node.failed === true;
    parts.push(
      `<circle class="node-shape" cx="${n(cx)}" cy="${n(cy)}" r="${n(19 * k)}" fill="${failed ? st.failedFill : (ov?.fill ?? st.fill)}" stroke="${failed ? st.failedStroke : stroke}" stroke-width="${n(st.finalizerStrokeWidth * k)}"${dash(ov?.dashArray)}/>`,
    );
    return parts.join("");
  }
  const h = 21 * k;
  parts.push(
    `<path class="node-shape" d="M${n(cx)} ${n(cy - h)}L${n(cx + h)} ${n(cy)}L${n(cx)} ${n(cy + h)}L${n(cx - h)} ${n(cy)}Z" fill="${ov?.fill ?? st.fill}" stroke="${stroke}" stroke-width="${n(st.strokeWidth * k)}" stroke-linejoin="round"${dash(ov?.dashArray)}/>`,
  );
  if (kind === "and") {
    const g = 10 * k;
    parts.push(
      `<path class="node-glyph" d="M${n(cx)} ${n(cy - g)}V${n(cy + g)}M${n(cx - g)} ${n(cy)}H${n(cx + g)}" fill="none" stroke="${stroke}" stroke-width="${n(st.glyphWidth * k)}" stroke-linecap="round"/>`,
    );
  } else {
    parts.push(
      `<circle class="node-glyph" cx="${n(cx)}" cy="${n(cy)}" r="${n(8 * k)}" fill="${st.fill}" stroke="${stroke}" stroke-width="${n(st.glyphWidth * k)}"/>`,
    );
  }
  return parts.join("");
}

function nameSvg(node: NodeShape, kind: NodeShape["kind"]): string {
  const lines = (Array.isArray(node.nameLines) ? node.nameLines : []).filter(
    (l) => typeof l === "string" && l.length > 0,
  );
  if (lines.length === 0) return "";
  const box = saneBox(node.nameBox);
  const action = kind === "action";
  const st = action ? shapeStyles.action : shapeStyles.control;
  const textStyle = action ? SCENE_TEXT.name : SCENE_TEXT.controlName;
  const lineHeight = Math.min(textStyle.lineHeight, box.height / lines.length);
  const size = Math.min(textStyle.fontSize, lineHeight);
  if (!(size > 0)) return "";
  // Lines are centred in the name box (the renderer sizes it to the widest line).
  const x = box.x + box.width / 2;
  const top = box.y + (box.height - lines.length * lineHeight) / 2;
  const spans = lines
    .map(
      (line, i) =>
        `<tspan x="${n(x)}" y="${n(baseline(top + i * lineHeight, lineHeight, size))}">${text(line)}</tspan>`,
    )
    .join("");
  return `<text class="node-name" font-size="${n(size)}" font-weight="${st.nameWeight}" fill="${st.nameColor}" text-anchor="middle">${spans}</text>`;
}

// ---- lines and labels ----

function lineSvg(line: LineShape, mark: OverlayMark | undefined): string {
  const kind = isKind(line.kind) ? line.kind : "flow";
  const style = lineStyles[kind];
  const ov = mark ? overlayStyles[mark] : undefined;
  const classes = classNames(["line", `line-${kind}`], mark);
  const d = pathData(line);
  const stroke = ov?.stroke ?? style.stroke;
  const width = ov?.strokeWidth ? Math.max(ov.strokeWidth, style.strokeWidth) : style.strokeWidth;
  const dashArray = style.dashArray ?? ov?.dashArray;
  const opacity = ov?.opacity !== undefined ? ` opacity="${n(ov.opacity)}"` : "";
  return `<path class="${classes}" data-id="${attr(line.id)}" d="${d}" fill="none" stroke="${stroke}" stroke-width="${n(width)}"${dash(dashArray)} stroke-linecap="${style.lineCap}" stroke-linejoin="round" marker-end="url(#${markerId(kind, mark)})"${opacity}/>`;
}

/** The scene's path data when it is plain SVG path syntax, else one built from the points. */
function pathData(line: LineShape): string {
  if (
    typeof line.path === "string" &&
    line.path.length > 0 &&
    line.path.length < 100_000 &&
    /^[MLHVCSQTAZmlhvcsqtaz0-9.,eE+\-\s]+$/.test(line.path) &&
    /^\s*[Mm]/.test(line.path)
  ) {
    return line.path.trim().replace(/\s+/g, " ");
  }
  const points = (Array.isArray(line.points) ? line.points : []).filter(
    (p: Point) => p && Number.isFinite(p.x) && Number.isFinite(p.y),
  );
  if (points.length === 0) return "M0 0";
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${n(p.x)} ${n(p.y)}`).join("");
}

function labelSvg(label: LabelShape, mark: OverlayMark | undefined): string {
  const kind = isKind(label.kind) ? label.kind : "flow";
  const st = shapeStyles.label;
  const box = saneBox(label.box);
  const size = Math.min(SCENE_TEXT.label.fontSize, box.height);
  const colour = mark ? overlayStyles[mark].stroke : lineStyles[kind].labelColor;
  const classes = classNames(["label", `label-${kind}`], mark);
  const full = typeof label.fullText === "string" ? label.fullText : String(label.text ?? "");
  const parts = [
    `<g class="${classes}" data-id="${attr(label.id)}" data-line="${attr(label.lineId)}"><title>${text(full)}</title>`,
  ];
  const anchor = label.anchor;
  if (anchor && Number.isFinite(anchor.x) && Number.isFinite(anchor.y)) {
    // The label sits away from its line: a short leader from the line to the box.
    const to = {
      x: clamp(anchor.x, box.x, box.x + box.width),
      y: clamp(anchor.y, box.y, box.y + box.height),
    };
    parts.push(
      `<path class="label-leader" d="M${n(anchor.x)} ${n(anchor.y)}L${n(to.x)} ${n(to.y)}" fill="none" stroke="${colour}" stroke-width="1" stroke-dasharray="2 2"/>`,
    );
  }
  parts.push(
    `<rect ${rectAttrs(box)} rx="${st.radius}" fill="${st.fill}" fill-opacity="${st.fillOpacity}" stroke="none"/>`,
  );
  if (size > 0) {
    parts.push(
      `<text x="${n(box.x + box.width / 2)}" y="${n(baseline(box.y, box.height, size))}" font-size="${n(size)}" font-weight="${st.fontWeight}" fill="${colour}" text-anchor="middle">${text(String(label.text ?? ""))}</text>`,
    );
  }
  parts.push("</g>");
  return parts.join("");
}

// ---- helpers ----

/** The baseline that centres a line of Inter of `size` in a band (cap height ≈ 0.73 em, so +0.36 em). */
function baseline(top: number, height: number, size: number): number {
  return top + height / 2 + size * 0.36;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** An element's classes: `names` without the empty ones, then `mark-<mark>` when it is marked. */
function classNames(names: readonly string[], mark: OverlayMark | undefined): string {
  return [...names, mark ? `mark-${mark}` : ""].filter(Boolean).join(" ");
}

/** The opening of a state's or node's group: its classes and id, the mark's opacity, its name as the tooltip. */
function openGroup(classes: string, id: string, name: string, mark: OverlayMark | undefined): string {
  return `<g class="${classes}" data-id="${attr(id)}"${groupStyle(mark)}><title>${text(name)}</title>`;
}

function groupStyle(mark: OverlayMark | undefined): string {
  const opacity = mark ? overlayStyles[mark].opacity : undefined;
  return opacity !== undefined ? ` opacity="${n(opacity)}"` : "";
}

function dash(dashArray: string | undefined): string {
  return dashArray ? ` stroke-dasharray="${attr(dashArray)}"` : "";
}

function rectAttrs(box: Box): string {
  return `x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}"`;
}

const MAX_COORDINATE = 1e7;

/** A box with finite, bounded coordinates and non-negative size (bad input drawn as an empty box). */
function saneBox(box: Box | undefined): Box {
  if (!box) return { x: 0, y: 0, width: 0, height: 0 };
  return {
    x: finiteOr(box.x, 0, -MAX_COORDINATE, MAX_COORDINATE),
    y: finiteOr(box.y, 0, -MAX_COORDINATE, MAX_COORDINATE),
    width: finiteOr(box.width, 0, 0, MAX_COORDINATE),
    height: finiteOr(box.height, 0, 0, MAX_COORDINATE),
  };
}

function finiteOr(value: number | undefined, fallback: number, min: number, max: number): number {
  return typeof value === "number" && Number.isFinite(value) ? clamp(value, min, max) : fallback;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A number as SVG text: rounded to `digits` decimals, no trailing zeros, no "-0". */
function n(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "0";
  const f = 10 ** digits;
  const rounded = Math.round(value * f) / f;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

const MARKS: ReadonlySet<string> = new Set([
  "current",
  "completed",
  "taken",
  "unlocked",
  "locked",
  "incident",
  "failed",
]);
function isMark(value: unknown): value is OverlayMark {
  return typeof value === "string" && MARKS.has(value);
}
function isKind(value: unknown): value is LineStyleKind {
  return typeof value === "string" && (LINE_STYLE_KINDS as readonly string[]).includes(value);
}
function isNodeKind(value: unknown): value is NodeShape["kind"] {
  return value === "action" || value === "and" || value === "or" || value === "finalizer";
}

/** A colour for an attribute: CSS colour syntax only (names, #hex, rgb()/hsl()), else the canvas colour. */
function cssColor(value: string): string {
  return /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30}|(rgb|rgba|hsl|hsla)\([0-9.,%\s]+\))$/.test(value)
    ? value
    : canvasColors.background;
}

/**
 * Text XML 1.0 can carry: characters outside its Char production (NUL and other C0 controls but tab,
 * newline and carriage return; lone surrogates; U+FFFE, U+FFFF) become U+FFFD.
 */
export function xmlSafe(value: string): string {
  let out = "";
  for (const char of value) {
    const c = char.codePointAt(0)!;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    out += ok ? char : "\uFFFD";
  }
  return out;
}

/** Escaped character data. */
function text(value: unknown): string {
  return xmlSafe(String(value ?? ""))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Escaped attribute value (for double quotes; tabs and newlines kept as references). */
function attr(value: unknown): string {
  return text(value)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;");
}
