import { layoutModel, type ProcessModel } from "@flowstate/model";
import type { Box, DiagramProblem, Point } from "./Scene";

/** Coordinates beyond this magnitude are treated as broken. */
export const MAX_COORDINATE = 1e6;

/** Boxes and bend points the renderer can trust, and what it had to do about the rest. */
export interface ResolvedLayout {
  states: Map<string, Box>;
  nodes: Map<string, Box>;
  /** Usable stored bend points by line or transition id (absent: none stored or unusable). */
  waypoints: Map<string, Point[]>;
  problems: DiagramProblem[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const sane = (n: unknown): n is number =>
  typeof n === "number" && Number.isFinite(n) && Math.abs(n) <= MAX_COORDINATE;

/** A box when `value` is one with sane coordinates and a positive sane size. */
export function usableBox(value: unknown): Box | undefined {
  if (!isRecord(value)) return undefined;
  const { x, y, width, height } = value;
  if (!sane(x) || !sane(y) || !sane(width) || !sane(height) || width <= 0 || height <= 0) return undefined;
  return { x, y, width, height };
}

/** The stored points when every one is sane; `undefined` when one is not. */
export function usablePoints(value: unknown): Point[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Point[] = [];
  for (const p of value) {
    if (!isRecord(p) || !sane(p.x) || !sane(p.y)) return undefined;
    out.push({ x: p.x, y: p.y });
  }
  return out;
}

function entries(record: unknown): [string, unknown][] {
  return isRecord(record) ? Object.entries(record) : [];
}

/** Grid of fallback placements inside a state (canvas units). */
const COLUMN = 220;
const ROW = 110;
const PADDING = 40;
const STATE_GAP = 120;

/**
 * Checks a model's diagram against its elements: entries for nothing (`diagram.dangling-entry`),
 * broken coordinates (`diagram.bad-coordinates`, then placed as if missing), missing boxes
 * (`diagram.missing-box`: states from `layoutModel` in a row below the drawing, nodes in a new row at
 * the bottom of their state, which grows), unusable bend points (`diagram.bad-waypoints`). Never throws.
 */
export function resolveLayout(model: ProcessModel): ResolvedLayout {
  const problems: DiagramProblem[] = [];
  const diagram: unknown = model.diagram;
  const d = isRecord(diagram) ? diagram : {};
  const states = model.states;
  const nodes = model.nodes;
  const stateIds = new Set(states.map((s) => s.id));
  const nodeIds = new Set(nodes.map((n) => n.id));
  const lineIds = new Set(model.lines.map((l) => l.id));
  const transitionIds = new Set(model.transitions.map((t) => t.id));
  const groups: [string, Set<string>, string][] = [
    ["states", stateIds, "state"],
    ["nodes", nodeIds, "node"],
    ["lines", lineIds, "line"],
    ["transitions", transitionIds, "transition"],
  ];
  for (const [key, ids, word] of groups) {
    for (const [id] of entries(d[key])) {
      if (!ids.has(id)) {
        problems.push({
          code: "diagram.dangling-entry",
          elementId: id,
          message: `The diagram has an entry "${id}" under ${key} but the model has no such ${word}; it is ignored.`,
        });
      }
    }
  }

  const storedStates = isRecord(d.states) ? d.states : {};
  const storedNodes = isRecord(d.nodes) ? d.nodes : {};
  const stateBoxes = new Map<string, Box>();
  const nodeBoxes = new Map<string, Box>();
  const missingStates: string[] = [];
  const missingNodes: string[] = [];
  const take = (
    id: string,
    stored: unknown,
    into: Map<string, Box>,
    missing: string[],
    word: string,
  ): void => {
    const box = usableBox(stored);
    if (box !== undefined) {
      into.set(id, box);
      return;
    }
    if (stored !== undefined) {
      problems.push({
        code: "diagram.bad-coordinates",
        elementId: id,
        message: `The ${word} "${id}" has a box with broken coordinates or size; it is ignored and the ${word} is placed automatically.`,
      });
    } else {
      problems.push({
        code: "diagram.missing-box",
        elementId: id,
        message: `The ${word} "${id}" has no box in the diagram; it is placed automatically.`,
      });
    }
    missing.push(id);
  };
  for (const s of states) take(s.id, own(storedStates, s.id), stateBoxes, missingStates, "state");
  for (const n of nodes) take(n.id, own(storedNodes, n.id), nodeBoxes, missingNodes, "node");

  if (missingStates.length > 0 || missingNodes.length > 0)
    placeMissing(model, stateBoxes, nodeBoxes, missingStates, missingNodes);

  const waypoints = new Map<string, Point[]>();
  const edgeGroups: [unknown, Set<string>, string][] = [
    [d.lines, lineIds, "line"],
    [d.transitions, transitionIds, "transition"],
  ];
  for (const [record, ids, word] of edgeGroups) {
    for (const [id, entry] of entries(record)) {
      if (!ids.has(id) || !isRecord(entry) || entry.waypoints === undefined) continue;
      const points = usablePoints(entry.waypoints);
      if (points === undefined) {
        problems.push({
          code: "diagram.bad-waypoints",
          elementId: id,
          message: `The ${word} "${id}" has bend points with broken coordinates; they are ignored and the ${word} is routed instead.`,
        });
      } else if (points.length > 0) {
        waypoints.set(id, points);
      }
    }
  }
  return { states: stateBoxes, nodes: nodeBoxes, waypoints, problems };
}

function placeMissing(
  model: ProcessModel,
  stateBoxes: Map<string, Box>,
  nodeBoxes: Map<string, Box>,
  missingStates: readonly string[],
  missingNodes: readonly string[],
): void {
  let fallback: ReturnType<typeof layoutModel> | undefined;
  try {
    fallback = layoutModel(model);
  } catch {
    fallback = undefined;
  }
  const nothingStored = stateBoxes.size === 0 && nodeBoxes.size === 0;
  // States: the automatic layout's boxes, moved as one row below everything stored.
  const shift = new Map<string, Point>();
  if (missingStates.length > 0) {
    let bottom = -Infinity;
    let left = Infinity;
    for (const b of [...stateBoxes.values(), ...nodeBoxes.values()]) {
      bottom = Math.max(bottom, b.y + b.height);
      left = Math.min(left, b.x);
    }
    const layoutLeft = Math.min(...missingStates.map((id) => fallback?.states[id]?.x ?? 0));
    const dx = nothingStored ? 0 : left - layoutLeft;
    const dy = nothingStored ? 0 : bottom + STATE_GAP;
    let x = 0;
    for (const id of missingStates) {
      const laid = fallback?.states[id];
      const box =
        laid !== undefined
          ? { ...laid, x: laid.x + dx, y: laid.y + dy }
          : {
              x: x + (nothingStored ? 0 : left),
              y: dy,
              width: COLUMN + 2 * PADDING,
              height: ROW + 2 * PADDING,
            };
      x = box.x + box.width + STATE_GAP - (nothingStored ? 0 : left);
      stateBoxes.set(id, box);
      shift.set(id, { x: box.x - (laid?.x ?? box.x), y: box.y - (laid?.y ?? box.y) });
    }
  }
  const stateOf = new Map(model.nodes.map((n) => [n.id, n.stateId]));
  const inStoredState = new Map<string, string[]>();
  for (const id of missingNodes) {
    const stateId = stateOf.get(id) ?? "";
    const laid = fallback?.nodes[id];
    const moved = shift.get(stateId);
    if (laid !== undefined && moved !== undefined) {
      // Its state was placed automatically too: keep the automatic layout's place inside it.
      nodeBoxes.set(id, { ...laid, x: laid.x + moved.x, y: laid.y + moved.y });
    } else if (stateBoxes.has(stateId)) {
      inStoredState.set(stateId, [...(inStoredState.get(stateId) ?? []), id]);
    } // else: a node of no state has nothing to be drawn in
  }
  // Nodes missing from a stored state: a new row at its bottom; the state grows to hold it.
  for (const [stateId, ids] of inStoredState) {
    const state = stateBoxes.get(stateId) as Box;
    const top = state.y + state.height - PADDING / 2;
    let right = state.x + state.width;
    ids.forEach((id, i) => {
      const laid = fallback?.nodes[id];
      const width = laid?.width ?? 160;
      const height = laid?.height ?? 64;
      const x = state.x + PADDING + i * COLUMN + (COLUMN - width) / 2;
      nodeBoxes.set(id, { x, y: top + (ROW - height) / 2, width, height });
      right = Math.max(right, x + width + PADDING);
    });
    stateBoxes.set(stateId, { x: state.x, y: state.y, width: right - state.x, height: state.height + ROW });
  }
}

/** A record's own entry (never one inherited from Object.prototype, whatever the id). */
function own<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}
