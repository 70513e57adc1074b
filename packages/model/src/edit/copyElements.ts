import type { Bounds, Point } from "../schema/Diagram";
import type { Line } from "../schema/Line";
import type { Node } from "../schema/Node";
import type { ProcessModel } from "../schema/Process";
import type { State } from "../schema/State";
import type { Transition } from "../schema/Transition";

/** A copied selection: elements with their layout, and the process key they came from (decides whether refs survive a paste). */
export interface ClipboardContent {
  processKey: string;
  states: State[];
  nodes: Node[];
  lines: Line[];
  transitions: Transition[];
  /** Boxes of the copied states and nodes. */
  bounds: Record<string, Bounds>;
  /** Waypoints of the copied lines and transitions. */
  waypoints: Record<string, Point[]>;
}

/**
 * Copies a selection: selected states with all their nodes, selected nodes, every line between two
 * copied nodes, every transition from a copied action, and their layout. `undefined` when the
 * selection holds no state or node. The result is a deep copy (JSON data).
 */
export function copyElements(model: ProcessModel, ids: readonly string[]): ClipboardContent | undefined {
  const selected = new Set(ids);
  const states = model.states.filter((s) => selected.has(s.id));
  const stateIds = new Set(states.map((s) => s.id));
  const nodes = model.nodes.filter((n) => selected.has(n.id) || stateIds.has(n.stateId));
  if (states.length === 0 && nodes.length === 0) return undefined;
  const nodeIds = new Set(nodes.map((n) => n.id));
  const lines = model.lines.filter((l) => nodeIds.has(l.from) && nodeIds.has(l.to));
  const transitions = model.transitions.filter((t) => nodeIds.has(t.from));
  const bounds: Record<string, Bounds> = {};
  for (const s of states) if (model.diagram.states[s.id]) bounds[s.id] = model.diagram.states[s.id] as Bounds;
  for (const n of nodes) if (model.diagram.nodes[n.id]) bounds[n.id] = model.diagram.nodes[n.id] as Bounds;
  const waypoints: Record<string, Point[]> = {};
  for (const l of lines) waypoints[l.id] = model.diagram.lines[l.id]?.waypoints ?? [];
  for (const t of transitions) waypoints[t.id] = model.diagram.transitions[t.id]?.waypoints ?? [];
  const content: ClipboardContent = {
    processKey: model.key,
    states,
    nodes,
    lines,
    transitions,
    bounds,
    waypoints,
  };
  return JSON.parse(JSON.stringify(content)) as ClipboardContent;
}
