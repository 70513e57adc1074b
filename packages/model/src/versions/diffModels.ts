import { jsonEqual } from "../json/jsonEqual";
import type { Calendar } from "../schema/Calendar";
import type { Line } from "../schema/Line";
import type { Node } from "../schema/Node";
import type { ProcessModel } from "../schema/Process";
import type { State } from "../schema/State";
import type { Transition } from "../schema/Transition";

/** An element present in both versions (same `ref`) whose meaning changed. */
export interface ElementChange<T> {
  ref: string;
  before: T;
  after: T;
  /** The fields that differ (references compared by the ref they point at; `id` is ignored). */
  fields: string[];
}

/** Added, removed and changed elements of one kind. */
export interface CollectionDiff<T> {
  added: T[];
  removed: T[];
  changed: ElementChange<T>[];
}

/** What changed between two versions of a process, matched by `ref` (calendars by id). */
export interface ModelDiff {
  /** Changed top-level fields: `key`, `name`, `description`, `formatVersion`. */
  process: string[];
  states: CollectionDiff<State>;
  nodes: CollectionDiff<Node>;
  lines: CollectionDiff<Line>;
  transitions: CollectionDiff<Transition>;
  calendars: CollectionDiff<Calendar>;
  /** The diagram differs (compared by element ref); never counts as a change of meaning. */
  layoutChanged: boolean;
  /** No change of meaning at all (layout may still have changed). */
  same: boolean;
}

type Refs = ReadonlyMap<string, string>;

/** Element id → ref for every element of a model. */
function refsOf(model: ProcessModel): Map<string, string> {
  const refs = new Map<string, string>();
  for (const e of [...model.states, ...model.nodes, ...model.lines, ...model.transitions])
    if (!refs.has(e.id)) refs.set(e.id, e.ref);
  return refs;
}

/** The element with its references replaced by the refs they point at and without its id, for comparison across versions. */
function normalize(element: object, refs: Refs, referenceFields: readonly string[]): Record<string, unknown> {
  const { id: _id, ...rest } = element as Record<string, unknown>;
  for (const field of referenceFields) {
    const value = rest[field];
    if (typeof value === "string") rest[field] = `ref:${refs.get(value) ?? `?${value}`}`;
  }
  return rest;
}

function diffCollection<T extends { id: string }>(
  a: readonly T[],
  b: readonly T[],
  key: (e: T) => string,
  refsA: Refs,
  refsB: Refs,
  referenceFields: readonly string[],
): CollectionDiff<T> {
  const before = new Map(a.map((e) => [key(e), e]));
  const after = new Map(b.map((e) => [key(e), e]));
  const diff: CollectionDiff<T> = { added: [], removed: [], changed: [] };
  for (const [k, old] of before) {
    const next = after.get(k);
    if (!next) {
      diff.removed.push(old);
      continue;
    }
    const x = normalize(old, refsA, referenceFields);
    const y = normalize(next, refsB, referenceFields);
    const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])]
      .filter((f) => !jsonEqual(x[f], y[f]))
      .sort();
    if (fields.length > 0) diff.changed.push({ ref: k, before: old, after: next, fields });
  }
  for (const [k, next] of after) if (!before.has(k)) diff.added.push(next);
  return diff;
}

/** The diagram keyed by element ref instead of id, so version-local ids do not count as a layout change. */
function layoutByRef(model: ProcessModel, refs: Refs): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const section of ["states", "nodes", "lines", "transitions"] as const) {
    const entries: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(model.diagram[section]))
      entries[refs.get(id) ?? `?${id}`] = value;
    out[section] = entries;
  }
  return out;
}

/**
 * Compares two versions of a process: states, nodes, lines and transitions are matched by `ref`,
 * calendars by id. A changed element lists its changed fields; references (`stateId`, `from`, `to`)
 * are compared by the ref of the element they point at, so renumbered ids are not changes. Layout
 * is compared separately (`layoutChanged`) and never counts as a change of meaning (`same`).
 */
export function diffModels(a: ProcessModel, b: ProcessModel): ModelDiff {
  const refsA = refsOf(a);
  const refsB = refsOf(b);
  const byRef = <T extends { ref: string }>(e: T): string => e.ref;
  const process = (["formatVersion", "key", "name", "description"] as const).filter(
    (f) => !jsonEqual(a[f], b[f]),
  );
  const diff: ModelDiff = {
    process,
    states: diffCollection(a.states, b.states, byRef, refsA, refsB, []),
    nodes: diffCollection(a.nodes, b.nodes, byRef, refsA, refsB, ["stateId"]),
    lines: diffCollection(a.lines, b.lines, byRef, refsA, refsB, ["from", "to"]),
    transitions: diffCollection(a.transitions, b.transitions, byRef, refsA, refsB, ["from", "to"]),
    calendars: diffCollection(a.calendars, b.calendars, (c) => c.id, refsA, refsB, []),
    layoutChanged: !jsonEqual(layoutByRef(a, refsA), layoutByRef(b, refsB)),
    same: false,
  };
  const collections = [diff.states, diff.nodes, diff.lines, diff.transitions, diff.calendars];
  diff.same =
    process.length === 0 &&
    collections.every((c) => c.added.length + c.removed.length + c.changed.length === 0);
  return diff;
}
