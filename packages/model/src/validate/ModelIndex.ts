import type { Action } from "../schema/Action";
import type { Calendar } from "../schema/Calendar";
import type { FlowLine, Line } from "../schema/Line";
import type { Node } from "../schema/Node";
import type { ProcessModel } from "../schema/Process";
import type { State } from "../schema/State";
import type { Transition } from "../schema/Transition";

/** What an id names. */
export type ElementCategory = "state" | "node" | "line" | "transition" | "calendar";

/**
 * Lookup tables over one model, built once in O(size) so every rule runs in linear time. Only
 * well-formed references are indexed: a line whose endpoint does not exist is in `lines` but in no
 * adjacency list, so rules never need to re-check dangling references. With duplicate ids the first
 * element wins.
 */
export interface ModelIndex {
  readonly model: ProcessModel;
  readonly states: ReadonlyMap<string, State>;
  readonly nodes: ReadonlyMap<string, Node>;
  readonly lines: ReadonlyMap<string, Line>;
  readonly transitions: ReadonlyMap<string, Transition>;
  readonly calendars: ReadonlyMap<string, Calendar>;
  /** Every id with what it names (first occurrence). */
  readonly ids: ReadonlyMap<string, ElementCategory>;
  /** Nodes per state id, in model order (nodes whose state does not exist are left out). */
  readonly nodesByState: ReadonlyMap<string, readonly Node[]>;
  /** Lines whose two endpoints exist and lie in the same state, by source and by target. */
  readonly flowOut: ReadonlyMap<string, readonly FlowLine[]>;
  readonly flowIn: ReadonlyMap<string, readonly FlowLine[]>;
  readonly limitOut: ReadonlyMap<string, readonly Line[]>;
  readonly notIn: ReadonlyMap<string, readonly Line[]>;
  readonly notOut: ReadonlyMap<string, readonly Line[]>;
  /** Every line (any kind, any state) by target node, for "no incoming lines" checks. */
  readonly anyIn: ReadonlyMap<string, readonly Line[]>;
  /** Transitions whose source is an existing action and whose target an existing state. */
  readonly transitionsFrom: ReadonlyMap<string, readonly Transition[]>;
  readonly transitionsInto: ReadonlyMap<string, readonly Transition[]>;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byId<T extends { id: string }>(
  items: readonly T[],
  category: ElementCategory,
  ids: Map<string, ElementCategory>,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (!map.has(item.id)) map.set(item.id, item);
    if (!ids.has(item.id)) ids.set(item.id, category);
  }
  return map;
}

/** True when `node` is an action (type guard). */
export function isAction(node: Node | undefined): node is Action {
  return node?.kind === "action";
}

/** Builds the lookup tables of a (schema-valid) model. Pure; O(size of the model). */
export function indexModel(model: ProcessModel): ModelIndex {
  const ids = new Map<string, ElementCategory>();
  const states = byId(model.states, "state", ids);
  const nodes = byId(model.nodes, "node", ids);
  const lines = byId(model.lines, "line", ids);
  const transitions = byId(model.transitions, "transition", ids);
  const calendars = byId(model.calendars, "calendar", ids);

  const nodesByState = new Map<string, Node[]>();
  for (const node of model.nodes)
    if (states.has(node.stateId) && nodes.get(node.id) === node) push(nodesByState, node.stateId, node);

  const flowOut = new Map<string, FlowLine[]>();
  const flowIn = new Map<string, FlowLine[]>();
  const limitOut = new Map<string, Line[]>();
  const notIn = new Map<string, Line[]>();
  const notOut = new Map<string, Line[]>();
  const anyIn = new Map<string, Line[]>();
  for (const line of model.lines) {
    const from = nodes.get(line.from);
    const to = nodes.get(line.to);
    if (to) push(anyIn, line.to, line);
    if (!from || !to || from.stateId !== to.stateId || !states.has(from.stateId)) continue;
    if (line.kind === "flow") {
      push(flowOut, line.from, line);
      push(flowIn, line.to, line);
    } else if (line.kind === "limit") {
      push(limitOut, line.from, line);
    } else {
      push(notOut, line.from, line);
      push(notIn, line.to, line);
    }
  }

  const transitionsFrom = new Map<string, Transition[]>();
  const transitionsInto = new Map<string, Transition[]>();
  for (const transition of model.transitions) {
    if (!isAction(nodes.get(transition.from)) || !states.has(transition.to)) continue;
    push(transitionsFrom, transition.from, transition);
    push(transitionsInto, transition.to, transition);
  }

  return {
    model,
    states,
    nodes,
    lines,
    transitions,
    calendars,
    ids,
    nodesByState,
    flowOut,
    flowIn,
    limitOut,
    notIn,
    notOut,
    anyIn,
    transitionsFrom,
    transitionsInto,
  };
}
