import type { Node, ProcessModel } from "@flowstate/model";
import type {
  Box,
  DiagramProblem,
  LabelShape,
  LineShape,
  LineStyleKind,
  NodeShape,
  Point,
  RenderOptions,
  Scene,
  StateShape,
} from "./Scene";
import { BoxIndex, pathData, unionBoxes } from "./geometry";
import { placeLabel } from "./placeLabels";
import { resolveLayout } from "./resolveLayout";
import { type EdgeToRoute, type RegionInfo, routeEdges } from "./routeScene";
import { fitText, LONG_TEXT, SCENE_TEXT, textWidth, wrapText } from "./sceneText";

/** Widest a label may be before it is cut, when the options do not say. */
export const DEFAULT_MAX_LABEL_WIDTH = 180;
/** Widest a control node's name may be drawn under its shape. */
const CONTROL_NAME_WIDTH = 140;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const text = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The drawing of a model: state and node shapes, orthogonal routes of lines and transitions around
 * the boxes, label boxes at free spots, and the problems met on the way (see `DiagramProblem`).
 * Pure, synchronous and deterministic; never throws — whatever the input, it draws what it can.
 */
export function renderDiagram(model: ProcessModel, options: RenderOptions = {}): Scene {
  try {
    return render(model, options);
  } catch (error) {
    // A bug, not an input: draw nothing rather than break the caller, and say so.
    const message = `the diagram could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
    return {
      bounds: { x: 0, y: 0, width: 0, height: 0 },
      states: [],
      nodes: [],
      lines: [],
      labels: [],
      problems: [{ code: "diagram.render-failed", elementId: "", message }],
    };
  }
}

/** The parts of a model the renderer reads, with malformed elements dropped. */
function readable(model: unknown): ProcessModel {
  const m = isRecord(model) ? model : {};
  const withId = (items: Record<string, unknown>[]): Record<string, unknown>[] =>
    items.filter((i) => typeof i.id === "string");
  return {
    ...m,
    states: withId(list(m.states)),
    nodes: withId(list(m.nodes)).filter((n) => typeof n.stateId === "string" && typeof n.kind === "string"),
    lines: withId(list(m.lines)).filter((l) => typeof l.from === "string" && typeof l.to === "string"),
    transitions: withId(list(m.transitions)).filter(
      (t) => typeof t.from === "string" && typeof t.to === "string",
    ),
    diagram: isRecord(m.diagram) ? m.diagram : {},
  } as unknown as ProcessModel;
}

function render(input: ProcessModel, options: RenderOptions): Scene {
  const model = readable(input);
  const collapsed = options.collapsed ?? new Set<string>();
  const maxLabelWidth =
    typeof options.maxLabelWidth === "number" &&
    options.maxLabelWidth >= 24 &&
    options.maxLabelWidth <= 10_000
      ? options.maxLabelWidth
      : DEFAULT_MAX_LABEL_WIDTH;
  const layout = resolveLayout(model);
  const problems: DiagramProblem[] = [...layout.problems];
  const longText = (id: string, what: string, value: string): void => {
    if (value.length > LONG_TEXT) {
      problems.push({
        code: "diagram.long-label",
        elementId: id,
        message: `The ${what} of "${id}" has ${value.length} characters; it is drawn cut with "…".`,
      });
    }
  };

  // States.
  const states: StateShape[] = [];
  const regions = new Map<string, RegionInfo>();
  const titleBars: Box[] = [];
  for (const s of model.states) {
    const stored = layout.states.get(s.id);
    if (stored === undefined) continue;
    const isCollapsed = collapsed.has(s.id);
    const bar = Math.min(SCENE_TEXT.titleBar, stored.height);
    const box = isCollapsed ? { ...stored, height: bar } : stored;
    const name = text(s.name);
    longText(s.id, "name", name);
    const { fontSize, weight, lineHeight } = SCENE_TEXT.title;
    const title = fitText(name, Math.max(0, box.width - 16), fontSize, weight).text;
    const titleBox = {
      x: box.x + 8,
      y: box.y + Math.max(0, (bar - lineHeight) / 2),
      width: Math.min(Math.max(0, box.width - 16), textWidth(title, fontSize, weight)),
      height: Math.min(lineHeight, bar),
    };
    states.push({
      id: s.id,
      name,
      box,
      titleBox,
      title,
      initial: s.initial === true,
      collapsed: isCollapsed,
    });
    const titleBar = { x: box.x, y: box.y, width: box.width, height: bar };
    titleBars.push(titleBar);
    regions.set(s.id, { box, titleBar, nodes: [], names: [] });
  }

  // Nodes (not those of collapsed states).
  const nodes: NodeShape[] = [];
  const nodeById = new Map<string, NodeShape>();
  const stateOfNode = new Map<string, string>();
  for (const n of model.nodes) stateOfNode.set(n.id, n.stateId);
  for (const n of model.nodes) {
    const box = layout.nodes.get(n.id);
    if (box === undefined || collapsed.has(n.stateId)) continue;
    const shape = nodeShape(n, box);
    longText(n.id, "name", text(n.name));
    nodes.push(shape);
    nodeById.set(n.id, shape);
    regions.get(n.stateId)?.nodes.push(box);
    if (shape.kind !== "action" && shape.nameLines.length > 0)
      regions.get(n.stateId)?.names.push(shape.nameBox);
  }

  // Lines and transitions to route, with their label texts.
  const edges: EdgeToRoute[] = [];
  const kinds: LineStyleKind[] = [];
  const ends: [string, string][] = [];
  const labelTexts: string[] = [];
  for (const l of model.lines) {
    const from = nodeById.get(l.from);
    const to = nodeById.get(l.to);
    if (from === undefined || to === undefined) continue;
    const failure = l.kind === "flow" && l.on === "failed";
    const condition = l.kind === "flow" ? text(l.condition).trim() : "";
    const kind: LineStyleKind = failure
      ? "failure"
      : l.kind === "limit" || l.kind === "not"
        ? l.kind
        : "flow";
    const label = failure
      ? `✕ failed${condition === "" ? "" : ` [${condition}]`}`
      : condition === ""
        ? ""
        : `[${condition}]`;
    edges.push({
      id: l.id,
      element: "line",
      sourceBox: from.box,
      sourceKey: from.id,
      targetBox: to.box,
      targetKey: to.id,
      regionId: from.stateId,
      reentry: false,
      waypoints: layout.waypoints.get(l.id) ?? [],
      sourceNamed: from.kind !== "action" && from.nameLines.length > 0,
      targetNamed: to.kind !== "action" && to.nameLines.length > 0,
      sourceControl: from.kind !== "action",
      targetControl: to.kind !== "action",
    });
    kinds.push(kind);
    ends.push([l.from, l.to]);
    labelTexts.push(label);
  }
  const stateById = new Map(states.map((s) => [s.id, s]));
  for (const t of model.transitions) {
    const fromState = stateOfNode.get(t.from);
    const target = stateById.get(t.to);
    if (fromState === undefined || target === undefined) continue;
    const node = nodeById.get(t.from);
    const bar = collapsed.has(fromState) ? stateById.get(fromState) : undefined;
    const sourceBox = node?.box ?? bar?.box;
    if (sourceBox === undefined) continue;
    const order = typeof t.order === "number" && t.order !== 0 ? `#${t.order}` : "";
    const condition = text(t.condition).trim();
    edges.push({
      id: t.id,
      element: "transition",
      sourceBox,
      sourceKey: node !== undefined ? node.id : `state:${fromState}`,
      targetBox: target.box,
      targetKey: `state:${target.id}`,
      regionId: fromState,
      reentry: target.id === fromState,
      waypoints: layout.waypoints.get(t.id) ?? [],
      sourceNamed: node !== undefined && node.kind !== "action" && node.nameLines.length > 0,
      sourceControl: node !== undefined && node.kind !== "action",
    });
    kinds.push("transition");
    ends.push([t.from, t.to]);
    labelTexts.push([order, condition === "" ? "" : `[${condition}]`].filter((p) => p !== "").join(" "));
  }
  const routes = routeEdges(edges, regions, problems);

  // Labels: at free spots along their routes, clear of nodes, names, title bars and each other.
  const taken = new BoxIndex();
  for (const n of nodes) {
    taken.add(n.box);
    if (n.kind !== "action") taken.add(n.nameBox);
  }
  for (const bar of titleBars) taken.add(bar);
  // The routes, as thin boxes: labels prefer spots that cover no line.
  const routed = new BoxIndex();
  for (const points of routes) {
    for (let k = 1; k < points.length; k++) {
      const a = points[k - 1] as Point;
      const b = points[k] as Point;
      routed.add({
        x: Math.min(a.x, b.x) - 1,
        y: Math.min(a.y, b.y) - 1,
        width: Math.abs(a.x - b.x) + 2,
        height: Math.abs(a.y - b.y) + 2,
      });
    }
  }
  const { fontSize, lineHeight, padding } = SCENE_TEXT.label;
  const lines: LineShape[] = [];
  const labels: LabelShape[] = [];
  edges.forEach((e, i) => {
    const points = routes[i] as Point[];
    const kind = kinds[i] as LineStyleKind;
    const shape: LineShape = {
      id: e.id,
      element: e.element,
      kind,
      from: (ends[i] as [string, string])[0],
      to: (ends[i] as [string, string])[1],
      points,
      path: pathData(points),
    };
    const fullText = labelTexts[i] as string;
    if (fullText !== "") {
      longText(e.id, "label", fullText);
      const cut = fitText(fullText, maxLabelWidth - 2 * padding, fontSize).text;
      const width = textWidth(cut, fontSize) + 2 * padding;
      const placed = placeLabel({ width, height: lineHeight, route: points }, taken, routed);
      const id = `${e.id}:label`;
      const label: LabelShape = { id, lineId: e.id, text: cut, fullText, box: placed.box, kind };
      if (placed.anchor !== undefined) label.anchor = placed.anchor;
      labels.push(label);
      shape.labelId = id;
    }
    lines.push(shape);
  });

  const extents: Box[] = [
    ...states.map((s) => s.box),
    ...nodes.flatMap((n) => [n.box, n.nameBox]),
    ...labels.map((l) => l.box),
    ...lines.flatMap((l) => l.points.map((p) => ({ x: p.x, y: p.y, width: 0, height: 0 }))),
  ];
  return { bounds: unionBoxes(extents), states, nodes, lines, labels, problems };
}

function nodeShape(n: Node, box: Box): NodeShape {
  const name = text(n.name);
  const { fontSize, lineHeight } = SCENE_TEXT.name;
  const cx = box.x + box.width / 2;
  let nameLines: string[];
  let nameBox: Box;
  if (n.kind === "action") {
    const maxLines = Math.max(1, Math.min(2, Math.floor((box.height - 4) / lineHeight)));
    // Clear of the mode accent on the left and the mode glyph in the top-left corner.
    nameLines = wrapText(name, Math.max(8, box.width - 2 * SCENE_TEXT.name.inset), maxLines, fontSize).lines;
    const width = Math.max(0, ...nameLines.map((l) => textWidth(l, fontSize)));
    const height = nameLines.length * lineHeight;
    nameBox = {
      x: cx - width / 2,
      y: box.y + Math.max(0, (box.height - height) / 2 + 4),
      width,
      height: Math.min(height, box.height),
    };
  } else {
    const control = SCENE_TEXT.controlName;
    nameLines = wrapText(name, Math.max(box.width, CONTROL_NAME_WIDTH), 2, control.fontSize).lines;
    const width = Math.max(0, ...nameLines.map((l) => textWidth(l, control.fontSize)));
    nameBox = {
      x: cx - width / 2,
      y: box.y + box.height + 3,
      width,
      height: nameLines.length * control.lineHeight,
    };
  }
  const shape: NodeShape = { id: n.id, stateId: n.stateId, kind: n.kind, name, box, nameLines, nameBox };
  if (n.kind === "action") shape.mode = n.mode === "automatic" ? "automatic" : "manual";
  if (n.kind === "finalizer") shape.failed = n.outcome === "failed";
  return shape;
}
