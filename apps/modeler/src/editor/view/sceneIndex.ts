/**
 * The scene of a canvas, indexed by element id, and which of its lines a gesture has made stale.
 * Pure: the canvas computes the scene once per model (never per drag frame) and looks shapes up here.
 */
import type { LabelShape, LineShape, NodeShape, Scene, StateShape } from "@flowstate/diagram";
import type { Bounds, ProcessModel } from "@flowstate/model";

export interface SceneIndex {
  scene: Scene;
  /** The model the scene was drawn from (boxes are compared by identity to find moved ends). */
  model: ProcessModel;
  /** The collapsed states it was drawn with. */
  collapsed: ReadonlySet<string>;
  states: ReadonlyMap<string, StateShape>;
  nodes: ReadonlyMap<string, NodeShape>;
  lines: ReadonlyMap<string, LineShape>;
  labels: ReadonlyMap<string, LabelShape>;
}

const none: ReadonlySet<string> = new Set();

export function indexScene(
  scene: Scene,
  model: ProcessModel,
  collapsed: ReadonlySet<string> = none,
): SceneIndex {
  return {
    scene,
    model,
    collapsed,
    states: new Map(scene.states.map((s) => [s.id, s])),
    nodes: new Map(scene.nodes.map((n) => [n.id, n])),
    lines: new Map(scene.lines.map((l) => [l.id, l])),
    labels: new Map(scene.labels.map((l) => [l.id, l])),
  };
}

const boxOf = (model: ProcessModel, id: string): Bounds | undefined =>
  model.diagram.nodes[id] ?? model.diagram.states[id];

/**
 * True when an end of a line (node or state) has another box in `current` than in the scene's
 * model: during a drag its routed path no longer meets its ends, so the canvas draws a provisional
 * one until the gesture ends and the scene is drawn again. Edits replace only the boxes they change,
 * so comparing identities is enough (and cheap enough to run for every line on every frame).
 */
export function lineIsStale(index: SceneIndex, current: ProcessModel, from: string, to: string): boolean {
  if (current === index.model) return false;
  return boxOf(current, from) !== boxOf(index.model, from) || boxOf(current, to) !== boxOf(index.model, to);
}

/** The ids of the lines `lineIsStale` says are stale, sorted and joined (a stable selector value). */
export function staleLineKey(index: SceneIndex, current: ProcessModel): string {
  if (current === index.model) return "";
  const out: string[] = [];
  for (const l of index.scene.lines) if (lineIsStale(index, current, l.from, l.to)) out.push(l.id);
  return out.join("\n");
}
