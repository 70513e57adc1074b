/**
 * The scene: everything a drawing of a process shows, in absolute canvas units, computed by
 * `renderDiagram` (pure) from a model and its diagram. The canvas, the SVG export and the server's
 * `diagram.svg` all draw from a scene, so they cannot disagree.
 */

/** A point in canvas units. */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned box: top-left corner and size, canvas units. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a line is drawn as: the model's line kinds, a failure flow, or a transition between states. */
export type LineStyleKind = "flow" | "failure" | "limit" | "not" | "transition";

/** A state box: title bar on top; `collapsed` draws only the title bar (its transitions stay). */
export interface StateShape {
  id: string;
  name: string;
  box: Box;
  /** Where the title text sits (inside the box, never wider than it; `title` may end in "…"). */
  titleBox: Box;
  title: string;
  initial: boolean;
  collapsed: boolean;
}

/** An action or control node. */
export interface NodeShape {
  id: string;
  stateId: string;
  kind: "action" | "and" | "or" | "finalizer";
  /** Actions only. */
  mode?: "manual" | "automatic";
  /** Finalizers only: a finalizer that fails the instance is drawn red. */
  failed?: boolean;
  name: string;
  box: Box;
  /** The name as drawn: wrapped / cut with "…" to fit (actions inside the box, control nodes below it). */
  nameLines: string[];
  /** Where the name lines are drawn (for control nodes: under the shape). */
  nameBox: Box;
}

/** A routed line or transition. */
export interface LineShape {
  id: string;
  /** `line` for a model line (inside a state), `transition` for action → state. */
  element: "line" | "transition";
  kind: LineStyleKind;
  from: string;
  to: string;
  /** The orthogonal route, first point on the source's border, last on the target's border. */
  points: Point[];
  /** SVG path data of `points` (rounded corners allowed). */
  path: string;
  /** The label's id in `Scene.labels`, when the line has one. */
  labelId?: string;
}

/** A line's label (condition, "✕ failed", transition order). Never over a node or another label. */
export interface LabelShape {
  id: string;
  lineId: string;
  /** As drawn (cut with "…" beyond the maximum width). */
  text: string;
  /** The whole text (shown on hover). */
  fullText: string;
  box: Box;
  kind: LineStyleKind;
  /**
   * Set when the label had to sit away from its line: the point on the line it belongs to (draw a
   * short leader from it to the box).
   */
  anchor?: Point;
}

/** Something the renderer could not draw as stored and what it did instead. */
export interface DiagramProblem {
  code:
    | "diagram.missing-box" // an element without a box: drawn at a fallback place
    | "diagram.dangling-entry" // a diagram entry for an element that does not exist: ignored
    | "diagram.bad-coordinates" // NaN / infinite / huge coordinates or sizes: ignored
    | "diagram.bad-waypoints" // unusable bend points: the line was routed instead
    | "diagram.long-label" // a label or name cut to fit
    | "diagram.render-failed"; // a bug in the renderer: nothing drawn (the message says what failed)
  elementId: string;
  message: string;
}

export interface Scene {
  /** Extent of everything drawn (states, nodes, lines, labels), canvas units. */
  bounds: Box;
  states: StateShape[];
  nodes: NodeShape[];
  lines: LineShape[];
  labels: LabelShape[];
  problems: DiagramProblem[];
}

/** Options of `renderDiagram`. */
export interface RenderOptions {
  /** States drawn collapsed (title bar only, their nodes hidden, transitions attached to the bar). */
  collapsed?: ReadonlySet<string>;
  /** Widest a label may be before it is cut with "…" (canvas units). Default 180. */
  maxLabelWidth?: number;
}

/** A geometry defect found by `checkGeometry`. */
export interface GeometryProblem {
  code:
    | "line-through-node" // a segment passes through a node or state that is not its end (or its end's state)
    | "label-over-node" // a label box overlaps a node box or a state's title bar
    | "label-over-label" // two label boxes overlap
    | "lines-share-segment" // two lines run on top of each other for a stretch
    | "nodes-overlap"; // two node boxes (or two state boxes) overlap
  ids: string[];
  message: string;
}

/** How an element looks on an instance's drawing (instance view, its export). */
export type OverlayMark = "current" | "completed" | "taken" | "unlocked" | "locked" | "incident" | "failed";

/** An instance's marks per element id (states, nodes, lines, transitions), for `sceneToSvg`. */
export interface SceneOverlay {
  marks: Readonly<Record<string, OverlayMark>>;
  /** A caption drawn above the diagram (e.g. "Instance 1042 · in Review · 2026-12-04 15:00"). */
  caption?: string;
}
