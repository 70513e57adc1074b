/**
 * Auto-layout with ELK (layered, left to right). Whole process: states are compound nodes laid
 * out with their nodes and lines inside, transitions between them; one state: only its nodes,
 * the state keeps its place and fits around them. Returns absolute boxes for `applyLayout` (one
 * undoable entry). Pure apart from ELK itself (which runs in-thread).
 */
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import { nodeKinds } from "@flowstate/model";
import type { Bounds, ProcessModel } from "@flowstate/model";
import { STATE_PADDING } from "../model/fitStateToNodes";

const elk = new ELK();

const baseOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.spacing.nodeNode": "40",
  "elk.layered.spacing.nodeNodeBetweenLayers": "60",
  "elk.spacing.edgeNode": "20",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
};

function stateGraph(model: ProcessModel, stateId: string): { children: ElkNode[]; edges: ElkExtendedEdge[] } {
  const nodes = model.nodes.filter((n) => n.stateId === stateId);
  const ids = new Set(nodes.map((n) => n.id));
  const children = nodes.map((n) => {
    const b = model.diagram.nodes[n.id];
    const size = nodeKinds[n.kind].size;
    return { id: n.id, width: b?.width ?? size.width, height: b?.height ?? size.height };
  });
  const edges = model.lines.filter((l) => ids.has(l.from) && ids.has(l.to) && l.kind === "flow").map((l) => ({ id: l.id, sources: [l.from], targets: [l.to] }));
  return { children, edges };
}

const padding = `[top=${STATE_PADDING.top + 8},left=${STATE_PADDING.side + 8},bottom=${STATE_PADDING.side + 8},right=${STATE_PADDING.side + 8}]`;

/** New boxes for every state and node of the process. */
export async function layoutProcess(model: ProcessModel): Promise<Record<string, Bounds>> {
  const graph: ElkNode = {
    id: "root",
    layoutOptions: { ...baseOptions, "elk.hierarchyHandling": "INCLUDE_CHILDREN", "elk.layered.spacing.nodeNodeBetweenLayers": "90", "elk.spacing.nodeNode": "60" },
    children: model.states.map((s) => ({ id: s.id, layoutOptions: { "elk.padding": padding, "elk.nodeSize.minimum": "(200,120)", "elk.nodeSize.constraints": "MINIMUM_SIZE" }, ...stateGraph(model, s.id) })),
    edges: model.transitions.map((t) => ({ id: t.id, sources: [t.from], targets: [t.to] })),
  };
  const out: ElkNode = await elk.layout(graph);
  const bounds: Record<string, Bounds> = {};
  for (const s of out.children ?? []) {
    const sx = s.x ?? 0;
    const sy = s.y ?? 0;
    bounds[s.id] = { x: Math.round(sx), y: Math.round(sy), width: Math.round(s.width ?? 200), height: Math.round(s.height ?? 120) };
    for (const n of s.children ?? []) bounds[n.id] = { x: Math.round(sx + (n.x ?? 0)), y: Math.round(sy + (n.y ?? 0)), width: n.width ?? 160, height: n.height ?? 64 };
  }
  return bounds;
}

/** New boxes for the nodes of one state and the state itself (same top-left, fitted size). */
export async function layoutState(model: ProcessModel, stateId: string): Promise<Record<string, Bounds>> {
  const box = model.diagram.states[stateId];
  if (!box) return {};
  const graph: ElkNode = { id: stateId, layoutOptions: { ...baseOptions, "elk.padding": padding }, ...stateGraph(model, stateId) };
  const out: ElkNode = await elk.layout(graph);
  const bounds: Record<string, Bounds> = {};
  for (const n of out.children ?? []) bounds[n.id] = { x: Math.round(box.x + (n.x ?? 0)), y: Math.round(box.y + (n.y ?? 0)), width: n.width ?? 160, height: n.height ?? 64 };
  bounds[stateId] = { x: box.x, y: box.y, width: Math.max(200, Math.round(out.width ?? box.width)), height: Math.max(120, Math.round(out.height ?? box.height)) };
  return bounds;
}
