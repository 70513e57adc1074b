import type { Diagram } from "../schema/Diagram";
import { nodeKinds } from "../schema/nodeKinds";
import type { Node } from "../schema/Node";
import type { ProcessModel } from "../schema/Process";

/** Grid used by `layoutModel` (canvas units). */
export const LAYOUT_GRID = {
  column: 220,
  row: 110,
  statePadding: 40,
  stateHeader: 48,
  stateGap: 120,
} as const;

/**
 * Column of each node of one state: the longest path from a root over flow lines, ignoring lines
 * that close a cycle (found by depth-first search), so loops do not push nodes to the right forever.
 */
function columns(nodes: readonly Node[], flows: ReadonlyMap<string, string[]>): Map<string, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const incoming = new Map<string, number>();
  for (const n of nodes) incoming.set(n.id, 0);
  const forward = new Map<string, string[]>();
  const state = new Map<string, "open" | "done">();
  const visit = (id: string): void => {
    state.set(id, "open");
    const kept: string[] = [];
    for (const to of flows.get(id) ?? []) {
      if (!ids.has(to)) continue;
      const s = state.get(to);
      if (s === "open") continue; // back edge: closes a loop
      kept.push(to);
      if (s === undefined) visit(to);
    }
    forward.set(id, kept);
    state.set(id, "done");
  };
  const targets = new Set<string>();
  for (const n of nodes) for (const to of flows.get(n.id) ?? []) targets.add(to);
  for (const n of nodes) if (!targets.has(n.id)) visit(n.id);
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);
  for (const kept of forward.values()) for (const to of kept) incoming.set(to, (incoming.get(to) ?? 0) + 1);
  // Longest path over the acyclic forward edges (Kahn order).
  const col = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const to of forward.get(id) ?? []) {
      col.set(to, Math.max(col.get(to) ?? 0, (col.get(id) ?? 0) + 1));
      const left = (incoming.get(to) ?? 0) - 1;
      incoming.set(to, left);
      if (left === 0) queue.push(to);
    }
  }
  return col;
}

/**
 * A fresh layered layout: state boxes left to right in model order, each state's nodes in columns
 * by their longest flow path from a root and in rows by model order, each node box centred in its
 * grid cell inside its state box; every line and transition gets an entry without waypoints
 * (straight). Deterministic;
 * does not read the existing diagram. Used to lay out generated and imported models.
 */
export function layoutModel(
  model: Pick<ProcessModel, "states" | "nodes" | "lines" | "transitions">,
): Diagram {
  const diagram: Diagram = { nodes: {}, states: {}, lines: {}, transitions: {} };
  for (const line of model.lines) diagram.lines[line.id] = { waypoints: [] };
  for (const transition of model.transitions) diagram.transitions[transition.id] = { waypoints: [] };
  const flows = new Map<string, string[]>();
  for (const line of model.lines) {
    if (line.kind !== "flow") continue;
    const list = flows.get(line.from) ?? [];
    list.push(line.to);
    flows.set(line.from, list);
  }
  const { column, row, statePadding, stateHeader, stateGap } = LAYOUT_GRID;
  let x = 0;
  for (const state of model.states) {
    const nodes = model.nodes.filter((n) => n.stateId === state.id);
    const col = columns(nodes, flows);
    const rowsUsed = new Map<number, number>();
    let maxCol = 0;
    let maxRow = 0;
    for (const node of nodes) {
      const c = col.get(node.id) ?? 0;
      const r = rowsUsed.get(c) ?? 0;
      rowsUsed.set(c, r + 1);
      maxCol = Math.max(maxCol, c);
      maxRow = Math.max(maxRow, r);
      const size = nodeKinds[node.kind].size;
      diagram.nodes[node.id] = {
        x: x + statePadding + c * column + (column - size.width) / 2,
        y: stateHeader + r * row + (row - size.height) / 2,
        width: size.width,
        height: size.height,
      };
    }
    const width = 2 * statePadding + (nodes.length > 0 ? (maxCol + 1) * column : column);
    const height = stateHeader + (nodes.length > 0 ? (maxRow + 1) * row : row) + statePadding;
    diagram.states[state.id] = { x, y: 0, width, height };
    x += width + stateGap;
  }
  return diagram;
}
