/**
 * Copy and paste as pure functions. Copy takes the selected elements with what belongs to them (a
 * state takes its nodes; lines come along when both ends do; transitions when their action does).
 * Paste gives every element a fresh id. Across processes only what was copied is referenced;
 * within the same process key references to elements outside the copy (transition targets,
 * calendars) are kept, and so is an element's `ref` when no element of the target still carries
 * it (cut and paste, or pasting into a new draft, keeps version matching intact).
 */
import type { Bounds, Line, Node, ProcessModel, State, Transition } from "@flowstate/model";
import type { EditContext } from "./EditContext";
import type { ElementBundle } from "./modelEdits";

/** What the clipboard holds: JSON, so it can travel between tabs. */
export interface ClipboardContent {
  processKey: string;
  states: State[];
  nodes: Node[];
  lines: Line[];
  transitions: Transition[];
  bounds: Record<string, Bounds>;
}

/** The clipboard content for a selection; `undefined` when nothing copyable is selected. */
export function copyElements(model: ProcessModel, ids: readonly string[]): ClipboardContent | undefined {
  const selected = new Set(ids);
  const states = model.states.filter((s) => selected.has(s.id));
  const stateIds = new Set(states.map((s) => s.id));
  const nodes = model.nodes.filter((n) => selected.has(n.id) || stateIds.has(n.stateId));
  const nodeIds = new Set(nodes.map((n) => n.id));
  if (states.length === 0 && nodes.length === 0) return undefined;
  const lines = model.lines.filter((l) => nodeIds.has(l.from) && nodeIds.has(l.to));
  const transitions = model.transitions.filter((t) => nodeIds.has(t.from));
  const bounds: Record<string, Bounds> = {};
  for (const s of states) {
    const b = model.diagram.states[s.id];
    if (b) bounds[s.id] = b;
  }
  for (const n of nodes) {
    const b = model.diagram.nodes[n.id];
    if (b) bounds[n.id] = b;
    const sb = model.diagram.states[n.stateId];
    // Loose nodes remember where their state was, to keep their place inside another state.
    if (sb && !stateIds.has(n.stateId)) bounds[n.stateId] = sb;
  }
  return structuredClone({ processKey: model.key, states, nodes, lines, transitions, bounds });
}

/** Where pasted elements go: shifted by `offset`; loose nodes into `targetStateId` when given. */
export interface PasteOptions {
  offset: { x: number; y: number };
  targetStateId?: string;
}

/** Builds the elements to insert for a paste into `model`, or `undefined` when nothing can be placed. */
export function pasteBundle(model: ProcessModel, content: ClipboardContent, ctx: EditContext, options: PasteOptions): { bundle: ElementBundle; ids: string[] } | undefined {
  const sameProcess = content.processKey === model.key;
  const usedRefs = new Set<string>([...model.states, ...model.nodes, ...model.lines, ...model.transitions].map((e) => e.ref));
  const idMap = new Map<string, string>();
  const fresh = (old: string, prefix: string): string => {
    const id = ctx.newId(prefix);
    idMap.set(old, id);
    return id;
  };
  const refFor = (oldRef: string, id: string): string => {
    if (sameProcess && !usedRefs.has(oldRef)) {
      usedRefs.add(oldRef);
      return oldRef;
    }
    return `r.${id}`;
  };
  const shift = (b: Bounds): Bounds => ({ ...b, x: b.x + options.offset.x, y: b.y + options.offset.y });
  const bounds: Record<string, Bounds> = {};
  const states: State[] = content.states.map((s) => {
    const id = fresh(s.id, "state");
    const b = content.bounds[s.id];
    if (b) bounds[id] = shift(b);
    const { initial: _initial, ...rest } = s;
    return { ...rest, id, ref: refFor(s.ref, id) };
  });
  const copiedStates = new Set(content.states.map((s) => s.id));
  const existingStates = new Set(model.states.map((s) => s.id));
  const fallbackState = options.targetStateId ?? model.states[0]?.id;
  const nodes: Node[] = [];
  for (const n of content.nodes) {
    let stateId: string | undefined;
    let box = content.bounds[n.id];
    if (copiedStates.has(n.stateId)) {
      stateId = idMap.get(n.stateId);
      if (box) box = shift(box);
    } else {
      const target = options.targetStateId ?? (sameProcess && existingStates.has(n.stateId) ? n.stateId : fallbackState);
      if (!target) continue;
      stateId = target;
      const from = content.bounds[n.stateId];
      const to = model.diagram.states[target];
      if (box && from && to && target !== n.stateId) box = { ...box, x: to.x + (box.x - from.x), y: to.y + (box.y - from.y) };
      else if (box) box = shift(box);
    }
    if (!stateId) continue;
    const id = fresh(n.id, n.kind);
    if (box) bounds[id] = box;
    const node = { ...n, id, ref: refFor(n.ref, id), stateId } as Node;
    if (node.kind === "action" && node.calendar && !(sameProcess && model.calendars.some((c) => c.id === node.calendar))) delete node.calendar;
    nodes.push(node);
  }
  if (states.length === 0 && nodes.length === 0) return undefined;
  const lines: Line[] = [];
  for (const l of content.lines) {
    const from = idMap.get(l.from);
    const to = idMap.get(l.to);
    if (!from || !to) continue;
    const id = fresh(l.id, "line");
    lines.push({ ...l, id, ref: refFor(l.ref, id), from, to });
  }
  const transitions: Transition[] = [];
  for (const t of content.transitions) {
    const from = idMap.get(t.from);
    const to = idMap.get(t.to) ?? (sameProcess && existingStates.has(t.to) ? t.to : undefined);
    if (!from || !to) continue;
    const id = fresh(t.id, "transition");
    transitions.push({ ...t, id, ref: refFor(t.ref, id), from, to });
  }
  const ids = [...states, ...nodes].map((e) => e.id);
  return { bundle: { states, nodes, lines, transitions, bounds }, ids };
}
