/**
 * The editor's only way to change a model: editor-shaped commands over the edit operations of
 * `@flowstate/model` (each returns `{ model, patches, inverse }`), composed where one gesture needs
 * several. Nothing here changes a model by itself: a change the package has no operation for gets
 * one there first. How the results become history: `HistoryEntry`.
 */
import {
  addCalendar as modelAddCalendar,
  addNode as modelAddNode,
  changeLineKind as modelChangeLineKind,
  addState as modelAddState,
  connect as modelConnect,
  moveNode,
  removeElements as modelRemoveElements,
  renameElement,
  resizeNode,
  resizeState,
  setInitialState,
  setWaypoints as modelSetWaypoints,
  updateCalendar,
  updateLine,
  updateNode,
  updateProcess as modelUpdateProcess,
  updateState,
  updateTransition,
} from "@flowstate/model";
import type {
  Bounds,
  Calendar,
  ConnectKind,
  EdgeLayout,
  LineChanges,
  NodeChanges,
  Point,
  ProcessModel,
} from "@flowstate/model";
import type { EditResult } from "./Patch";
import { combineEdits } from "./combineEdits";

type Result = EditResult<ProcessModel>;

function unchanged(model: ProcessModel): Result {
  return { model, patches: [], inverse: [] };
}

/** Runs edits one after the other on the evolving model, as one result. */
function chain(model: ProcessModel, steps: readonly ((m: ProcessModel) => Result)[]): Result {
  let result = unchanged(model);
  for (const step of steps) result = combineEdits(result, step(result.model));
  return result;
}

/** Adds a state box. The first state of a model becomes the initial one. */
export const addState: (...args: Parameters<typeof modelAddState>) => Result & { id: string } = modelAddState;

/** Adds an action or control node inside a state at `position` with the kind's default size. */
export const addNode: (...args: Parameters<typeof modelAddNode>) => Result & { id: string } = modelAddNode;

/** Adds a line or a transition (legality: `canConnect`; an illegal one throws `EditError`). */
export const connect: (...args: Parameters<typeof modelConnect>) => Result & { id: string } = modelConnect;

/**
 * Sets the boxes of nodes and states (absolute coordinates). Behaviour: a state that moves takes
 * its nodes along (their boxes are absolute too), unless their own box is given as well or
 * `carryNodes` is false (resizing, layout).
 */
export function setBounds(
  model: ProcessModel,
  bounds: Readonly<Record<string, Bounds>>,
  options: { carryNodes?: boolean } = {},
): Result {
  const carry = options.carryNodes ?? true;
  const steps: ((m: ProcessModel) => Result)[] = [];
  for (const [id, box] of Object.entries(bounds)) {
    const old = model.diagram.states[id];
    if (old) {
      if (old.x !== box.x || old.y !== box.y || old.width !== box.width || old.height !== box.height)
        steps.push((m) => resizeState(m, id, box));
      const dx = box.x - old.x;
      const dy = box.y - old.y;
      if (!carry || (dx === 0 && dy === 0)) continue;
      for (const node of model.nodes) {
        const nb = model.diagram.nodes[node.id];
        if (node.stateId === id && nb && !(node.id in bounds))
          steps.push((m) => moveNode(m, node.id, { x: nb.x + dx, y: nb.y + dy }));
      }
      continue;
    }
    const nb = model.diagram.nodes[id];
    if (nb && (nb.width !== box.width || nb.height !== box.height)) steps.push((m) => resizeNode(m, id, box));
    else if (nb && (nb.x !== box.x || nb.y !== box.y))
      steps.push((m) => moveNode(m, id, { x: box.x, y: box.y }));
  }
  return chain(model, steps);
}

/**
 * Auto-layout's boxes (states and nodes, moved and sized as given) in one step; lines and transitions
 * with an end among the laid-out elements lose their bend points, which belonged to the old places.
 */
export function applyLayout(model: ProcessModel, bounds: Readonly<Record<string, Bounds>>): Result {
  const placed = setBounds(model, bounds, { carryNodes: false });
  const laidOut = (id: string) => id in bounds;
  const m = placed.model;
  const stale = (
    entries: Record<string, EdgeLayout>,
    edges: readonly { id: string; from: string; to: string }[],
  ) =>
    edges
      .filter((e) => (entries[e.id]?.waypoints.length ?? 0) > 0 && (laidOut(e.from) || laidOut(e.to)))
      .map((e) => e.id);
  const ids = [...stale(m.diagram.lines, m.lines), ...stale(m.diagram.transitions, m.transitions)];
  return chain(model, [() => placed, ...ids.map((id) => (next: ProcessModel) => setWaypoints(next, id, []))]);
}

/** Removes elements with their cascade (a state's nodes, a node's lines and transitions) in one step. */
export function removeElements(model: ProcessModel, ids: readonly string[]): Result {
  const known = new Set<string>(
    [...model.states, ...model.nodes, ...model.lines, ...model.transitions, ...model.calendars].map(
      (e) => e.id,
    ),
  );
  const existing = ids.filter((id) => known.has(id));
  return existing.length === 0 ? unchanged(model) : modelRemoveElements(model, existing);
}

/**
 * Turns a line into another kind between the same nodes (one step), keeping its id, ref and bend
 * points, so a version diff shows a changed kind. Throws `EditError` when `canConnect` refuses.
 */
export function changeLineKind(
  model: ProcessModel,
  lineId: string,
  kind: ConnectKind,
): Result & { id: string } {
  if (kind === "transition" || !model.lines.some((l) => l.id === lineId))
    return { ...unchanged(model), id: lineId };
  return { ...modelChangeLineKind(model, lineId, kind), id: lineId };
}

/** Sets the bend points of a line or transition (empty: routed again); unknown ids change nothing. */
export function setWaypoints(model: ProcessModel, id: string, waypoints: readonly Point[]): Result {
  const known = model.lines.some((l) => l.id === id) || model.transitions.some((t) => t.id === id);
  return known ? modelSetWaypoints(model, id, waypoints) : unchanged(model);
}

/**
 * Sets (or, with `undefined`, removes) properties of one element found by id: nodes through
 * `updateNode`, lines through `updateLine`, transitions through `updateTransition`, names through
 * `renameElement`, the initial flag through `setInitialState`. Throws `EditError` for a change the
 * schema refuses.
 */
export function updateElement(
  model: ProcessModel,
  id: string,
  changes: Readonly<Record<string, unknown>>,
): Result {
  if (model.nodes.some((n) => n.id === id)) return updateNode(model, id, changes as NodeChanges);
  if (model.lines.some((l) => l.id === id)) return updateLine(model, id, changes as LineChanges);
  if (model.transitions.some((t) => t.id === id))
    return updateTransition(model, id, changes as { condition?: string; order?: number });
  const state = model.states.find((s) => s.id === id);
  if (state) {
    const steps: ((m: ProcessModel) => Result)[] = [];
    if (typeof changes.name === "string" && changes.name !== state.name)
      steps.push((m) => renameElement(m, id, changes.name as string));
    if (changes.initial === true && !state.initial) steps.push((m) => setInitialState(m, id));
    if ("description" in changes) {
      const description =
        changes.description === "" ? undefined : (changes.description as string | undefined);
      steps.push((m) => updateState(m, id, { description }));
    }
    return chain(model, steps);
  }
  if (model.calendars.some((c) => c.id === id))
    return updateCalendar(model, id, changes as Partial<Omit<Calendar, "id">>);
  return unchanged(model);
}

/** Sets process-level fields (name, description; `""` removes the description). Throws `EditError` for an empty name. */
export const updateProcess: (...args: Parameters<typeof modelUpdateProcess>) => Result = modelUpdateProcess;

/** Adds a calendar (Mon–Fri 09:00–17:00 in `timezone`, Europe/Brussels by default). */
export const addCalendar: (...args: Parameters<typeof modelAddCalendar>) => Result & { id: string } =
  modelAddCalendar;
