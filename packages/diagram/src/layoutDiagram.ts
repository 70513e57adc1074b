import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkLabel, ElkNode } from "elkjs/lib/elk-api";
import { nodeKinds } from "@flowstate/model";
import type { Bounds, Diagram, Node, ProcessModel } from "@flowstate/model";
import { measureText } from "./measureText";
import { SCENE_TEXT, textWidth, wrapText } from "./sceneText";

/**
 * Auto-layout with ELK's layered algorithm (orthogonal edge routing, ports):
 * 1. each state's nodes and lines, left to right (`RIGHT`), wrapped into rows when wider than
 *    `LAYOUT.wrapWidth` (`elk.layered.wrapping`): actions and control nodes with an in-port on the west and an
 *    out-port on the east, line labels (conditions, "✕ failed") as edge labels so the gap between
 *    two nodes leaves room to show them, room under control nodes for their names;
 * 2. the states, as boxes of that size, in reading order (ELK's layering of the transition graph)
 *    packed into rows like text (`packRows`: short states stacked beside a tall one, row breaks chosen
 *    for the largest zoom on a `LAYOUT.aspectRatio` canvas, 1.6:1) — a 12-state process is a few
 *    rows, not one long row.
 * Every node ends inside its state's box below the title bar. Waypoints are left empty: the renderer
 * routes lines around the boxes. Deterministic (ELK runs in-thread with its fixed seed).
 */
export async function layoutDiagram(model: ProcessModel): Promise<Diagram> {
  const states: StateLayout[] = [];
  const stateIds = new Set<string>();
  for (const s of model.states) {
    if (stateIds.has(s.id)) continue;
    stateIds.add(s.id);
    states.push(await layoutState(model, s.id));
  }
  const order = await readingOrder(model, states);
  const places = packRows(order.map((i) => states[i]!));

  const diagram: Diagram = { nodes: {}, states: {}, lines: {}, transitions: {} };
  order.forEach((index, k) => {
    const inner = states[index]!;
    const at = places[k]!;
    diagram.states[inner.stateId] = { x: at.x, y: at.y, width: inner.width, height: inner.height };
    for (const [id, box] of inner.nodes) diagram.nodes[id] = { ...box, x: at.x + box.x, y: at.y + box.y };
  });
  for (const line of model.lines) diagram.lines[line.id] = { waypoints: [] };
  for (const transition of model.transitions) diagram.transitions[transition.id] = { waypoints: [] };
  return diagram;
}

/** Spacing of the auto-layout, canvas units. */
export const LAYOUT = {
  /** Height of a state's title bar plus the gap below it. */
  stateTop: 30 + 18,
  stateSide: 20,
  stateBottom: 20,
  stateMin: { width: 200, height: 110 },
  /**
   * Action boxes: as wide as their name needs, within these bounds; the height of a one- or two-line
   * name plus the canvas's handler / role line and badges under it.
   */
  action: { minWidth: 128, maxWidth: 176, oneLine: 48, twoLines: 60 },
  /** Room under a control node for its name (two lines, as the renderer wraps it). */
  controlName: 3 + 2 * SCENE_TEXT.controlName.lineHeight + 4,
  /** Widest a control node's name line gets (the renderer's wrap width). */
  controlNameWidth: 140,
  nodeGap: 16,
  layerGap: 32,
  stateGap: 28,
  stateLayerGap: 36,
  /** A state laid out wider than this is wrapped into rows. */
  wrapWidth: 900,
  /**
   * Width over height the layout aims at: what fit view has of the modeler's canvas at 1440×900 with
   * its panels open, above the minimap, legend and zoom controls along its bottom edge.
   */
  aspectRatio: 1.6,
  labelHeight: 18,
  maxLabelWidth: 180,
} as const;

const elk = new ELK();

interface StateLayout {
  stateId: string;
  width: number;
  height: number;
  /** Node boxes relative to the state's top-left corner. */
  nodes: Map<string, Bounds>;
}

const innerOptions: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.spacing.nodeNode": String(LAYOUT.nodeGap),
  "elk.layered.spacing.nodeNodeBetweenLayers": String(LAYOUT.layerGap),
  "elk.spacing.edgeNode": "18",
  "elk.spacing.edgeEdge": "12",
  "elk.layered.spacing.edgeNodeBetweenLayers": "18",
  "elk.spacing.edgeLabel": "6",
  "elk.edgeLabels.placement": "CENTER",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.padding": `[top=${LAYOUT.stateTop},left=${LAYOUT.stateSide},bottom=${LAYOUT.stateBottom},right=${LAYOUT.stateSide}]`,
};

/**
 * The size a node is laid out at: control nodes their kind's fixed shape; actions sized to their
 * name (measured, as the renderer wraps it: one line when it fits `LAYOUT.action.maxWidth`, else two).
 */
function nodeSize(node: Node): { width: number; height: number } {
  if (node.kind !== "action") return nodeKinds[node.kind]?.size ?? { width: 48, height: 48 };
  const { fontSize, inset } = SCENE_TEXT.name;
  const { minWidth, maxWidth, oneLine, twoLines } = LAYOUT.action;
  const name = typeof node.name === "string" ? node.name : "";
  const one = Math.ceil(textWidth(name, fontSize) + 2 * inset + 4);
  if (one <= maxWidth) return { width: Math.max(minWidth, one), height: oneLine };
  const lines = wrapText(name, maxWidth - 2 * inset, 2, fontSize).lines;
  const widest = Math.max(0, ...lines.map((l) => textWidth(l, fontSize)));
  return { width: Math.max(minWidth, Math.ceil(widest + 2 * inset + 4)), height: twoLines };
}

/** An edge label as ELK needs it: measured text, at most `LAYOUT.maxLabelWidth` wide. */
function edgeLabel(text: string | undefined): ElkLabel[] {
  if (!text) return [];
  const width = Math.min(
    LAYOUT.maxLabelWidth,
    Math.ceil(measureText(text, SCENE_TEXT.label.fontSize) + 2 * SCENE_TEXT.label.padding),
  );
  return [{ text, width, height: LAYOUT.labelHeight }];
}

function lineLabel(line: ProcessModel["lines"][number]): string | undefined {
  if (line.kind !== "flow") return undefined;
  if (line.on === "failed") return line.condition ? `✕ failed · ${line.condition}` : "✕ failed";
  return line.condition || undefined;
}

async function layoutState(model: ProcessModel, stateId: string): Promise<StateLayout> {
  const seen = new Set<string>();
  const nodes = model.nodes.filter((n) => n.stateId === stateId && !seen.has(n.id) && seen.add(n.id));
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const sizes = new Map(nodes.map((n) => [n.id, nodeSize(n)]));
  // ELK gets its own ids (n<i>, e<j>), so no model id can clash with another or with a port's.
  const children: ElkNode[] = nodes.map((n, i) => {
    const size = sizes.get(n.id)!;
    const control = n.kind !== "action";
    const height = control ? size.height + LAYOUT.controlName : size.height;
    const portY = size.height / 2;
    return {
      id: `n${i}`,
      width: size.width,
      height,
      layoutOptions: { "elk.portConstraints": "FIXED_POS" },
      ports: [
        {
          id: `n${i}:in`,
          x: -1,
          y: portY - 1,
          width: 1,
          height: 2,
          layoutOptions: { "elk.port.side": "WEST" },
        },
        {
          id: `n${i}:out`,
          x: size.width,
          y: portY - 1,
          width: 1,
          height: 2,
          layoutOptions: { "elk.port.side": "EAST" },
        },
      ],
    };
  });
  const edges: ElkExtendedEdge[] = model.lines
    .filter((l) => index.has(l.from) && index.has(l.to) && l.from !== l.to)
    .map((l, j) => ({
      id: `e${j}`,
      sources: [`n${index.get(l.from)}:out`],
      targets: [`n${index.get(l.to)}:in`],
      labels: edgeLabel(lineLabel(l)),
    }));
  if (children.length === 0)
    return { stateId, width: LAYOUT.stateMin.width, height: LAYOUT.stateMin.height, nodes: new Map() };
  const graph: ElkNode = { id: "state", layoutOptions: innerOptions, children, edges };
  let out: ElkNode;
  try {
    out = await elk.layout(graph);
    if ((out.width ?? 0) > LAYOUT.wrapWidth) {
      // A long state: wrap its layers into rows (wrapped lines go back to the row's start).
      const wrapping = {
        ...innerOptions,
        "elk.layered.wrapping.strategy": "MULTI_EDGE",
        "elk.aspectRatio": String(LAYOUT.aspectRatio),
      };
      out = await elk.layout({ ...graph, layoutOptions: wrapping });
    }
  } catch {
    out = gridLayout(children);
  }
  const boxes = new Map<string, Bounds>();
  for (const child of out.children ?? []) {
    const node = nodes[Number(child.id.slice(1))];
    if (!node) continue;
    const size = sizes.get(node.id)!;
    boxes.set(node.id, {
      x: Math.round(child.x ?? 0),
      y: Math.round(child.y ?? 0),
      width: size.width,
      height: size.height,
    });
  }
  // Control nodes' names hang below the shape and may be wider than it: keep them inside the state.
  let right = LAYOUT.stateMin.width - LAYOUT.stateSide;
  let bottom = LAYOUT.stateMin.height - LAYOUT.stateBottom;
  for (const n of nodes) {
    const box = boxes.get(n.id);
    if (!box) continue;
    let extentRight = box.x + box.width;
    let extentBottom = box.y + box.height;
    if (n.kind !== "action") {
      const lines = wrapText(n.name, LAYOUT.controlNameWidth, 2, SCENE_TEXT.controlName.fontSize).lines;
      const nameWidth = Math.max(
        0,
        ...lines.map((line) => measureText(line, SCENE_TEXT.controlName.fontSize)),
      );
      extentRight = Math.max(extentRight, box.x + box.width / 2 + nameWidth / 2);
      extentBottom += LAYOUT.controlName;
      if (box.x + box.width / 2 - nameWidth / 2 < LAYOUT.stateSide) {
        // Shift everything right so a wide name on the left edge stays inside.
        const shift = Math.ceil(LAYOUT.stateSide - (box.x + box.width / 2 - nameWidth / 2));
        for (const b of boxes.values()) b.x += shift;
        right += shift;
        extentRight += shift;
      }
    }
    right = Math.max(right, extentRight);
    bottom = Math.max(bottom, extentBottom);
  }
  const width = Math.max(
    LAYOUT.stateMin.width,
    Math.round(out.width ?? 0),
    Math.ceil(right + LAYOUT.stateSide),
  );
  const height = Math.max(
    LAYOUT.stateMin.height,
    Math.round(out.height ?? 0),
    Math.ceil(bottom + LAYOUT.stateBottom),
  );
  return { stateId, width, height, nodes: boxes };
}

/** Where ELK fails (it should not): the nodes in a plain grid, four to a row. */
function gridLayout(children: readonly ElkNode[]): ElkNode {
  const columnWidth = Math.max(...children.map((c) => c.width ?? 0)) + LAYOUT.layerGap;
  const rowHeight = Math.max(...children.map((c) => c.height ?? 0)) + LAYOUT.nodeGap;
  const placed = children.map((c, i) => ({
    ...c,
    x: LAYOUT.stateSide + (i % 4) * columnWidth,
    y: LAYOUT.stateTop + Math.floor(i / 4) * rowHeight,
  }));
  return { id: "state", children: placed, width: 0, height: 0 };
}

/**
 * The states in reading order: ELK's layered layout of the state graph (left to right along the
 * transitions, crossings minimised), read layer by layer, top to bottom within a layer.
 */
async function readingOrder(model: ProcessModel, states: readonly StateLayout[]): Promise<number[]> {
  const stateOf = new Map(model.nodes.map((n) => [n.id, n.stateId]));
  const index = new Map(states.map((s, i) => [s.stateId, i]));
  const edges: ElkExtendedEdge[] = [];
  for (const t of model.transitions) {
    const from = index.get(stateOf.get(t.from) ?? "");
    const to = index.get(t.to);
    if (from === undefined || to === undefined || from === to) continue;
    edges.push({ id: `t${edges.length}`, sources: [`s${from}`], targets: [`s${to}`] });
  }
  const graph: ElkNode = {
    id: "process",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    },
    // Small equal boxes: only the order matters here, not the sizes.
    children: states.map((_, i) => ({ id: `s${i}`, width: 100, height: 60 })),
    edges,
  };
  const out: ElkNode = await elk.layout(graph).catch(() => ({ id: "process" }) as ElkNode);
  const at = new Map((out.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  return states
    .map((_, i) => ({ index: i, ...(at.get(`s${i}`) ?? { x: Number.MAX_SAFE_INTEGER, y: i }) }))
    .sort((a, b) => a.x - b.x || a.y - b.y || a.index - b.index)
    .map((s) => s.index);
}

/**
 * Top-left corners for boxes placed in rows like text (left to right, then the next row). Within a
 * row, a box that fits under the previous one (the column stays no taller than the row's tallest box
 * so far) is stacked there instead of widening the row, so short states fill the space beside a tall
 * one. The row width is chosen among every possible break so the drawing fits a screen of
 * `aspectRatio` at the largest zoom (smallest max(width / aspectRatio, height)). Boxes keep their order.
 */
export function packRows(
  boxes: readonly { width: number; height: number }[],
  aspectRatio: number = LAYOUT.aspectRatio,
): { x: number; y: number }[] {
  if (boxes.length === 0) return [];
  const gapX = LAYOUT.stateGap;
  const gapY = LAYOUT.stateLayerGap;
  const place = (limit: number) => {
    const places: { x: number; y: number }[] = [];
    let rowTop = 0;
    let rowHeight = 0;
    let columnX = 0;
    let columnWidth = 0;
    let columnBottom = 0; // below the last box of the current column
    let width = 0;
    boxes.forEach((box, i) => {
      if (i > 0 && columnBottom - rowTop + gapY + box.height <= rowHeight) {
        // Stack under the current column.
        places.push({ x: columnX, y: columnBottom + gapY });
        columnBottom += gapY + box.height;
        columnWidth = Math.max(columnWidth, box.width);
      } else {
        let x = i === 0 ? 0 : columnX + columnWidth + gapX;
        if (i > 0 && x + box.width > limit) {
          rowTop += rowHeight + gapY;
          rowHeight = 0;
          x = 0;
        }
        places.push({ x, y: rowTop });
        columnX = x;
        columnWidth = box.width;
        columnBottom = rowTop + box.height;
        rowHeight = Math.max(rowHeight, box.height);
      }
      width = Math.max(width, columnX + columnWidth);
    });
    return { places, width, height: rowTop + rowHeight };
  };
  // Candidate row widths: every prefix width of a row starting at any box (breaks happen there).
  const candidates = new Set<number>();
  for (let i = 0; i < boxes.length; i++) {
    let w = 0;
    for (let j = i; j < boxes.length; j++) {
      w += (j > i ? gapX : 0) + boxes[j]!.width;
      candidates.add(w);
    }
  }
  let best: ReturnType<typeof place> | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const limit of [...candidates].sort((a, b) => a - b)) {
    const result = place(limit);
    const score = Math.max(result.width / aspectRatio, result.height);
    if (score < bestScore - 1e-9) {
      best = result;
      bestScore = score;
    }
  }
  return best!.places;
}
