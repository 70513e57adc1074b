/**
 * A visual diff of two versions of one process. Elements are matched by `ref` (stable across
 * versions): present only in `to` = added, only in `from` = removed, in both with different
 * content (ignoring ids and layout) = changed. The canvas shows `to` plus the removed elements
 * (ids prefixed `removed:` so they never clash), each marked.
 */
import type { Line, Node, ProcessModel, State, Transition } from "@flowstate/model";
import type { DiffMark } from "../canvas/toFlowElements";

export interface DiffEntry {
  id: string;
  mark: DiffMark;
  type: "state" | "node" | "line" | "transition";
  name: string;
}

export interface CanvasDiff {
  model: ProcessModel;
  marks: Record<string, DiffMark>;
  entries: DiffEntry[];
}

type Element = State | Node | Line | Transition;

/** The element's meaning for comparison: everything but ids and ids of what it points at (refs replace them). */
function meaning(element: Element, refOf: (id: string) => string | undefined): string {
  const out: Record<string, unknown> = { ...element };
  delete out.id;
  for (const k of ["stateId", "from", "to"] as const)
    if (typeof out[k] === "string") out[k] = refOf(out[k] as string) ?? out[k];
  return stable(out);
}

/** JSON with object keys sorted at every depth, so key order never counts as a change. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function diffForCanvas(from: ProcessModel, to: ProcessModel): CanvasDiff {
  const marks: Record<string, DiffMark> = {};
  const entries: DiffEntry[] = [];
  const refsFrom = new Map<string, string>();
  const refsTo = new Map<string, string>();
  for (const e of [...from.states, ...from.nodes, ...from.lines, ...from.transitions])
    refsFrom.set(e.id, e.ref);
  for (const e of [...to.states, ...to.nodes, ...to.lines, ...to.transitions]) refsTo.set(e.id, e.ref);
  const toByRef = new Map<string, Element>(
    [...to.states, ...to.nodes, ...to.lines, ...to.transitions].map((e) => [e.ref, e]),
  );
  const fromByRef = new Map<string, Element>(
    [...from.states, ...from.nodes, ...from.lines, ...from.transitions].map((e) => [e.ref, e]),
  );
  const nameOf = (e: Element, model: ProcessModel): string => {
    if ("name" in e) return e.name;
    const ends = (id: string) => [...model.states, ...model.nodes].find((x) => x.id === id)?.name ?? id;
    return `${ends(e.from)} → ${ends(e.to)}`;
  };
  const typeOf = (e: Element, model: ProcessModel): DiffEntry["type"] =>
    model.states.includes(e as State)
      ? "state"
      : model.nodes.includes(e as Node)
        ? "node"
        : model.lines.includes(e as Line)
          ? "line"
          : "transition";

  for (const e of [...to.states, ...to.nodes, ...to.lines, ...to.transitions]) {
    const old = fromByRef.get(e.ref);
    const mark: DiffMark | undefined = !old
      ? "added"
      : meaning(old, (id) => refsFrom.get(id)) !== meaning(e, (id) => refsTo.get(id))
        ? "changed"
        : undefined;
    if (!mark) continue;
    marks[e.id] = mark;
    entries.push({ id: e.id, mark, type: typeOf(e, to), name: nameOf(e, to) });
  }

  // Removed elements join the picture, re-pointed at their counterparts in `to` where those exist.
  const removedId = (id: string) => `removed:${id}`;
  const mapId = (id: string): string => {
    const ref = refsFrom.get(id);
    const counterpart = ref ? toByRef.get(ref) : undefined;
    return counterpart ? counterpart.id : removedId(id);
  };
  const gone = <T extends Element>(list: T[]) => list.filter((e) => !toByRef.has(e.ref));
  const states = gone(from.states).map((s): State => {
    const { initial: _initial, ...rest } = s;
    return { ...rest, id: removedId(s.id) };
  });
  const nodes = gone(from.nodes).map(
    (n) => ({ ...n, id: removedId(n.id), stateId: mapId(n.stateId) }) as Node,
  );
  const lines = gone(from.lines).map(
    (l) => ({ ...l, id: removedId(l.id), from: mapId(l.from), to: mapId(l.to) }) as Line,
  );
  const transitions = gone(from.transitions).map(
    (t) => ({ ...t, id: removedId(t.id), from: mapId(t.from), to: mapId(t.to) }) as Transition,
  );
  const diagram = {
    nodes: { ...to.diagram.nodes },
    states: { ...to.diagram.states },
    lines: { ...to.diagram.lines },
    transitions: { ...to.diagram.transitions },
  };
  for (const s of gone(from.states)) {
    const b = from.diagram.states[s.id];
    if (b) diagram.states[removedId(s.id)] = b;
  }
  for (const n of gone(from.nodes)) {
    const b = from.diagram.nodes[n.id];
    const oldState = from.diagram.states[n.stateId];
    const newStateId = mapId(n.stateId);
    const newState = diagram.states[newStateId];
    // keep the node's place relative to its state, wherever that state is now
    if (b && oldState && newState)
      diagram.nodes[removedId(n.id)] = {
        ...b,
        x: newState.x + (b.x - oldState.x),
        y: newState.y + (b.y - oldState.y),
      };
    else if (b) diagram.nodes[removedId(n.id)] = b;
  }
  for (const e of [...states, ...nodes, ...lines, ...transitions]) marks[e.id] = "removed";
  for (const s of gone(from.states))
    entries.push({ id: removedId(s.id), mark: "removed", type: "state", name: s.name });
  for (const n of gone(from.nodes))
    entries.push({ id: removedId(n.id), mark: "removed", type: "node", name: n.name });
  for (const l of gone(from.lines))
    entries.push({ id: removedId(l.id), mark: "removed", type: "line", name: nameOf(l, from) });
  for (const t of gone(from.transitions))
    entries.push({ id: removedId(t.id), mark: "removed", type: "transition", name: nameOf(t, from) });

  const model: ProcessModel = {
    ...to,
    states: [...to.states, ...states],
    nodes: [...to.nodes, ...nodes],
    lines: [...to.lines, ...lines],
    transitions: [...to.transitions, ...transitions],
    diagram,
  };
  return { model, marks, entries };
}
