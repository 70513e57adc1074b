import type { Bounds, Point } from "../schema/Diagram";
import type { Line } from "../schema/Line";
import { nodeKinds } from "../schema/nodeKinds";
import type { Node } from "../schema/Node";
import type { ProcessModel } from "../schema/Process";
import type { State } from "../schema/State";
import type { Transition } from "../schema/Transition";
import type { ClipboardContent } from "./copyElements";
import { EditError } from "./EditContext";
import type { EditContext, EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Where a paste goes: shifted by `offset`; nodes copied without their state land in `targetStateId`. */
export interface PasteOptions {
  offset?: Point;
  targetStateId?: string;
}

/**
 * Pastes copied elements as new elements with fresh ids from `ctx.newId` (one undo step). Rules:
 * - copied states come with their nodes and are never initial unless the model has no state yet;
 * - nodes copied without their state go into `targetStateId`, else back into their own state when
 *   it exists in this model; nodes with nowhere to go are skipped;
 * - lines are kept when both ends were pasted into the same state; transitions when their action was
 *   pasted and their target state was pasted or exists here;
 * - refs are kept only when pasting into the same process key and the ref is not used yet
 *   (otherwise `r.` + new id), so pasted elements match their originals across versions only when
 *   that is true;
 * - an action code already used here is dropped (codes are unique per process); a calendar that does
 *   not exist here is dropped.
 * Returns the new ids. Throws `EditError("invalid-change")` when nothing can be placed.
 */
export function pasteElements(
  model: ProcessModel,
  ctx: EditContext,
  content: ClipboardContent,
  options: PasteOptions = {},
): EditResult & { ids: string[] } {
  const offset = options.offset ?? { x: 0, y: 0 };
  if (options.targetStateId !== undefined && !model.states.some((s) => s.id === options.targetStateId)) {
    throw new EditError("not-found", `no state "${options.targetStateId}"`);
  }
  const sameProcess = content.processKey === model.key;
  const usedRefs = new Set(
    [...model.states, ...model.nodes, ...model.lines, ...model.transitions].map((e) => e.ref),
  );
  const usedCodes = new Set(
    model.nodes.flatMap((n) => (n.kind === "action" && n.code !== undefined ? [n.code] : [])),
  );
  const calendars = new Set(model.calendars.map((c) => c.id));
  const idMap = new Map<string, string>();
  const fresh = (old: string, prefix: string): string => {
    const id = ctx.newId(prefix);
    idMap.set(old, id);
    return id;
  };
  const ref = (oldRef: string, id: string): string => {
    const keep = sameProcess && !usedRefs.has(oldRef);
    const next = keep ? oldRef : `r.${id}`;
    usedRefs.add(next);
    return next;
  };
  const shift = (b: Bounds): Bounds => ({ ...b, x: b.x + offset.x, y: b.y + offset.y });

  const states: State[] = [];
  const boxes: Record<string, Bounds> = {};
  const copiedStates = new Set(content.states.map((s) => s.id));
  for (const s of content.states) {
    const id = fresh(s.id, "state");
    const { initial: _initial, ...rest } = s;
    states.push({
      ...rest,
      id,
      ref: ref(s.ref, id),
      ...(model.states.length === 0 && states.length === 0 && s.initial ? { initial: true } : {}),
    });
    const box = content.bounds[s.id];
    if (box) boxes[id] = shift(box);
  }
  const existingStates = new Set(model.states.map((s) => s.id));
  const nodes: Node[] = [];
  for (const n of content.nodes) {
    const stateId = copiedStates.has(n.stateId)
      ? (idMap.get(n.stateId) as string)
      : (options.targetStateId ?? (existingStates.has(n.stateId) ? n.stateId : undefined));
    if (stateId === undefined) continue;
    const id = fresh(n.id, n.kind);
    const node: Node = { ...n, id, ref: ref(n.ref, id), stateId };
    if (node.kind === "action") {
      if (node.code !== undefined && usedCodes.has(node.code)) delete node.code;
      else if (node.code !== undefined) usedCodes.add(node.code);
      if (node.calendar !== undefined && !calendars.has(node.calendar)) delete node.calendar;
    }
    nodes.push(node);
    const box = content.bounds[n.id] ?? { x: 0, y: 0, ...nodeKinds[n.kind].size };
    boxes[id] = shift(box);
  }
  if (states.length === 0 && nodes.length === 0)
    throw new EditError("invalid-change", "nothing in the clipboard can be placed here");
  const stateOf = new Map(nodes.map((n) => [n.id, n.stateId]));
  const lines: Line[] = [];
  for (const l of content.lines) {
    const from = idMap.get(l.from);
    const to = idMap.get(l.to);
    if (from === undefined || to === undefined || stateOf.get(from) !== stateOf.get(to)) continue;
    const id = fresh(l.id, l.kind);
    lines.push({ ...l, id, ref: ref(l.ref, id), from, to });
  }
  const transitions: Transition[] = [];
  for (const t of content.transitions) {
    const from = idMap.get(t.from);
    const to = copiedStates.has(t.to) ? idMap.get(t.to) : existingStates.has(t.to) ? t.to : undefined;
    if (from === undefined || to === undefined) continue;
    const id = fresh(t.id, "transition");
    transitions.push({ ...t, id, ref: ref(t.ref, id), from, to });
  }
  const waypoints = (old: string): { waypoints: Point[] } => ({
    waypoints: (content.waypoints[old] ?? []).map((p) => ({ x: p.x + offset.x, y: p.y + offset.y })),
  });
  const result = produceEdit(model, (draft) => {
    for (const s of states) {
      draft.states.push(s);
      if (boxes[s.id]) draft.diagram.states[s.id] = boxes[s.id] as Bounds;
    }
    for (const n of nodes) {
      draft.nodes.push(n);
      draft.diagram.nodes[n.id] = boxes[n.id] as Bounds;
    }
    const oldOf = new Map([...idMap].map(([old, id]) => [id, old]));
    for (const l of lines) {
      draft.lines.push(l);
      draft.diagram.lines[l.id] = waypoints(oldOf.get(l.id) as string);
    }
    for (const t of transitions) {
      draft.transitions.push(t);
      draft.diagram.transitions[t.id] = waypoints(oldOf.get(t.id) as string);
    }
  });
  return { ...result, ids: [...states, ...nodes, ...lines, ...transitions].map((e) => e.id) };
}
