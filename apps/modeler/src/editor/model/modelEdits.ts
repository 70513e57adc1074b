/**
 * The editor's only way to change a model. Every function is pure and returns `{ model, patches,
 * inverse }` (immer patch format), so the store can record one history entry per gesture.
 *
 * Stand-in: these mirror the edit-operation contract of `@flowstate/model` (`src/edit/`), which
 * was not exported yet when this was written. Swap each body for the package's operation as it
 * lands; callers do not change.
 */
import { nodeKinds } from "@flowstate/model";
import type { Bounds, Calendar, Line, Node, NodeKind, ProcessModel, State, Transition } from "@flowstate/model";
import type { ConnectKind } from "./ConnectKind";
import type { EditContext } from "./EditContext";
import type { EditResult } from "./Patch";
import { diffPatches } from "./diffPatches";

function result(before: ProcessModel, after: ProcessModel): EditResult<ProcessModel> {
  return { model: after, patches: diffPatches(before, after), inverse: diffPatches(after, before) };
}

function withoutKeys<T extends Record<string, unknown>>(record: T, drop: ReadonlySet<string>): T {
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (drop.has(k)) changed = true;
    else out[k] = v;
  }
  return changed ? (out as T) : record;
}

/** Adds a state box. The first state of a model becomes the initial one. */
export function addState(model: ProcessModel, ctx: EditContext, args: { name: string; bounds: Bounds; id?: string }): EditResult<ProcessModel> & { id: string } {
  const id = args.id ?? ctx.newId("state");
  const state: State = { id, ref: `r.${id}`, name: args.name, ...(model.states.length === 0 ? { initial: true } : {}) };
  const after: ProcessModel = {
    ...model,
    states: [...model.states, state],
    diagram: { ...model.diagram, states: { ...model.diagram.states, [id]: args.bounds } },
  };
  return { ...result(model, after), id };
}

/** The defaults of a freshly created node of `kind`. */
export function newNode(kind: NodeKind, id: string, stateId: string, name: string, mode: "manual" | "automatic" = "manual"): Node {
  const base = { id, ref: `r.${id}`, stateId, name };
  switch (kind) {
    case "action":
      return { ...base, kind, mode, maxOccurs: 1, singleton: false, captures: [], strictness: "strict" };
    case "finalizer":
      return { ...base, kind, outcome: "succeeded", compensate: false };
    case "and":
      return { ...base, kind };
    case "or":
      return { ...base, kind };
  }
}

/** Adds an action or control node inside a state, at absolute `position` with the kind's default size. */
export function addNode(
  model: ProcessModel,
  ctx: EditContext,
  args: { kind: NodeKind; stateId: string; position: { x: number; y: number }; name: string; mode?: "manual" | "automatic" },
): EditResult<ProcessModel> & { id: string } {
  const id = ctx.newId(args.kind);
  const node = newNode(args.kind, id, args.stateId, args.name, args.mode);
  const size = nodeKinds[args.kind].size;
  const after: ProcessModel = {
    ...model,
    nodes: [...model.nodes, node],
    diagram: { ...model.diagram, nodes: { ...model.diagram.nodes, [id]: { ...args.position, ...size } } },
  };
  return { ...result(model, after), id };
}

/** Adds a line (`flow`, `failure`, `limit`, `not`) between two nodes, or a transition action → state. Legality is `canConnect`'s job. */
export function connect(model: ProcessModel, ctx: EditContext, args: { kind: ConnectKind; from: string; to: string }): EditResult<ProcessModel> & { id: string } {
  if (args.kind === "transition") {
    const id = ctx.newId("transition");
    const order = model.transitions.filter((t) => t.from === args.from).length;
    const transition: Transition = { id, ref: `r.${id}`, from: args.from, to: args.to, order };
    const after: ProcessModel = {
      ...model,
      transitions: [...model.transitions, transition],
      diagram: { ...model.diagram, transitions: { ...model.diagram.transitions, [id]: { waypoints: [] } } },
    };
    return { ...result(model, after), id };
  }
  const id = ctx.newId("line");
  const base = { id, ref: `r.${id}`, from: args.from, to: args.to };
  const line: Line =
    args.kind === "flow" || args.kind === "failure"
      ? { ...base, kind: "flow", on: args.kind === "failure" ? "failed" : "completed" }
      : { ...base, kind: args.kind };
  const after: ProcessModel = {
    ...model,
    lines: [...model.lines, line],
    diagram: { ...model.diagram, lines: { ...model.diagram.lines, [id]: { waypoints: [] } } },
  };
  return { ...result(model, after), id };
}

/**
 * Sets the boxes of nodes and states (absolute coordinates). Behaviour: a state that moves takes
 * its nodes along (their boxes are absolute too), unless their own box is given as well.
 */
export function setBounds(model: ProcessModel, bounds: Readonly<Record<string, Bounds>>, options: { carryNodes?: boolean } = {}): EditResult<ProcessModel> {
  const carry = options.carryNodes ?? true;
  const nodes = { ...model.diagram.nodes };
  const states = { ...model.diagram.states };
  for (const [id, box] of Object.entries(bounds)) {
    const old = states[id];
    if (old) {
      states[id] = box;
      const dx = box.x - old.x;
      const dy = box.y - old.y;
      if (!carry || (dx === 0 && dy === 0)) continue;
      for (const node of model.nodes) {
        const nb = nodes[node.id];
        if (node.stateId === id && nb && !(node.id in bounds)) nodes[node.id] = { ...nb, x: nb.x + dx, y: nb.y + dy };
      }
    } else if (model.diagram.nodes[id]) {
      nodes[id] = box;
    }
  }
  return result(model, { ...model, diagram: { ...model.diagram, nodes, states } });
}

/** Removes elements. Cascade: a state takes its nodes, a node its lines and transitions, a state its incoming transitions. */
export function removeElements(model: ProcessModel, ids: readonly string[]): EditResult<ProcessModel> {
  const gone = new Set(ids);
  for (const node of model.nodes) if (gone.has(node.stateId)) gone.add(node.id);
  for (const line of model.lines) if (gone.has(line.from) || gone.has(line.to)) gone.add(line.id);
  for (const t of model.transitions) if (gone.has(t.from) || gone.has(t.to)) gone.add(t.id);
  const keep = <T extends { id: string }>(list: T[]): T[] => (list.some((e) => gone.has(e.id)) ? list.filter((e) => !gone.has(e.id)) : list);
  const removedCalendars = new Set(model.calendars.filter((c) => gone.has(c.id)).map((c) => c.id));
  const after: ProcessModel = {
    ...model,
    states: keep(model.states),
    nodes: keep(model.nodes).map((n) => (n.kind === "action" && n.calendar && removedCalendars.has(n.calendar) ? withoutKeys(n, new Set(["calendar"])) : n)),
    lines: keep(model.lines),
    transitions: keep(model.transitions),
    calendars: keep(model.calendars),
    diagram: {
      nodes: withoutKeys(model.diagram.nodes, gone),
      states: withoutKeys(model.diagram.states, gone),
      lines: withoutKeys(model.diagram.lines, gone),
      transitions: withoutKeys(model.diagram.transitions, gone),
    },
  };
  return result(model, after);
}

type AnyElement = State | Node | Line | Transition | Calendar;

/**
 * Sets (or, with `undefined`, removes) properties of one element found by id in any collection.
 * Making a state initial clears the flag on the others.
 */
export function updateElement(model: ProcessModel, id: string, changes: Readonly<Record<string, unknown>>): EditResult<ProcessModel> {
  const apply = <T extends AnyElement>(element: T): T => {
    const next: Record<string, unknown> = { ...element };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    return next as T;
  };
  const patchList = <T extends AnyElement>(list: T[]): T[] => (list.some((e) => e.id === id) ? list.map((e) => (e.id === id ? apply(e) : e)) : list);
  let states = patchList(model.states);
  if (changes.initial === true && states !== model.states) {
    states = states.map((s) => (s.id !== id && s.initial ? withoutKeys(s, new Set(["initial"])) : s));
  }
  const after: ProcessModel = {
    ...model,
    states,
    nodes: patchList(model.nodes),
    lines: patchList(model.lines),
    transitions: patchList(model.transitions),
    calendars: patchList(model.calendars),
  };
  return result(model, after);
}

/** Sets process-level fields (name, description). */
export function updateProcess(model: ProcessModel, changes: { name?: string; description?: string | undefined }): EditResult<ProcessModel> {
  const next: Record<string, unknown> = { ...model };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return result(model, next as ProcessModel);
}

/** Adds a calendar (Mon–Fri 09:00–17:00 in `timezone` unless given). */
export function addCalendar(model: ProcessModel, ctx: EditContext, args: { name: string; timezone?: string }): EditResult<ProcessModel> & { id: string } {
  const id = ctx.newId("calendar");
  const weekly = [1, 2, 3, 4, 5].map((day) => ({ day, from: "09:00", to: "17:00" }));
  const calendar: Calendar = { id, name: args.name, timezone: args.timezone ?? "Europe/Brussels", weekly, holidays: [] };
  return { ...result(model, { ...model, calendars: [...model.calendars, calendar] }), id };
}

/** What `insertElements` adds: complete elements with ids already fresh, and their boxes. */
export interface ElementBundle {
  states: State[];
  nodes: Node[];
  lines: Line[];
  transitions: Transition[];
  bounds: Record<string, Bounds>;
}

/** Inserts a bundle of elements (paste). */
export function insertElements(model: ProcessModel, bundle: ElementBundle): EditResult<ProcessModel> {
  const nodes = { ...model.diagram.nodes };
  const states = { ...model.diagram.states };
  const lines = { ...model.diagram.lines };
  const transitions = { ...model.diagram.transitions };
  for (const s of bundle.states) {
    const b = bundle.bounds[s.id];
    if (b) states[s.id] = b;
  }
  for (const n of bundle.nodes) {
    const b = bundle.bounds[n.id];
    if (b) nodes[n.id] = b;
  }
  for (const l of bundle.lines) lines[l.id] = { waypoints: [] };
  for (const t of bundle.transitions) transitions[t.id] = { waypoints: [] };
  const after: ProcessModel = {
    ...model,
    states: [...model.states, ...bundle.states],
    nodes: [...model.nodes, ...bundle.nodes],
    lines: [...model.lines, ...bundle.lines],
    transitions: [...model.transitions, ...bundle.transitions],
    diagram: { nodes, states, lines, transitions },
  };
  return result(model, after);
}
