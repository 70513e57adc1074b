/**
 * Model → React Flow nodes and edges, with a cache so an element whose inputs did not change keeps
 * the very same node object (React Flow then skips it, and memoized node components do not
 * re-render while another node is dragged). States are group nodes; their nodes are children with
 * positions relative to the state box (the model's diagram is absolute).
 *
 * The boxes are explicit, so every node carries its size as `measured` and its handles' boxes as
 * `handles` (`nodeHandles`): React Flow neither observes nor re-measures a node (a forced layout per
 * drag frame), and it can place the lines of nodes it has not rendered — the canvas renders only
 * what is in view (`onlyRenderVisibleElements`), and a line to a node out of view still reaches it.
 */
import { Position } from "@xyflow/react";
import type { Edge, Node as FlowNode, NodeHandle } from "@xyflow/react";
import type {
  Action,
  Bounds,
  ConnectKind,
  ControlNode,
  Line,
  ProcessModel,
  State,
  Transition,
} from "@flowstate/model";
import type { SceneIndex } from "../view/sceneIndex";

/** A mark the diff view puts on an element. */
export type DiffMark = "added" | "removed" | "changed";

/** `title`: the state's name as the scene draws it (cut with "…" to fit); `collapsed`: drawn as its title bar only. */
export type StateNodeData = { state: State; mark: DiffMark | undefined; title: string; collapsed: boolean };
/** `nameLines`: the name as the scene draws it (wrapped, cut with "…" to fit the box). */
export type ActionNodeData = {
  action: Action;
  calendarName: string | undefined;
  mark: DiffMark | undefined;
  nameLines: string[];
};
export type ControlNodeData = {
  control: ControlNode;
  mark: DiffMark | undefined;
  nameLines: string[];
  /** Width of the room the scene keeps for the name under the shape (the level of detail cuts the name to it). */
  nameWidth?: number;
};
/** `from`/`to`: the model's ends (the edge's source is the state while the action's state is collapsed). */
export type LineEdgeData = {
  kind: ConnectKind;
  condition: string | undefined;
  order: number | undefined;
  mark: DiffMark | undefined;
  from: string;
  to: string;
};

/** The source handle a collapsed state lends to the transitions of its hidden actions. */
export const COLLAPSED_OUT = "collapsed-out";
/** A collapsed state's height: its title bar (the scene's `SCENE_TEXT.titleBar`). */
const COLLAPSED_HEIGHT = 30;

export type StateFlowNode = FlowNode<StateNodeData, "state">;
export type ActionFlowNode = FlowNode<ActionNodeData, "action">;
export type ControlFlowNode = FlowNode<ControlNodeData, "control">;
export type EditorFlowNode = StateFlowNode | ActionFlowNode | ControlFlowNode;
export type LineFlowEdge = Edge<LineEdgeData, "line">;

/**
 * The source dot of actions and control nodes: size and offset from the right edge (px). `OutHandle`
 * sets its box from these (not editor.css), so `nodeHandles` places lines from the same numbers.
 */
export const OUT_HANDLE = { size: 10, right: -6 } as const;

const FALLBACK: Bounds = { x: 0, y: 0, width: 160, height: 64 };

/**
 * Where editor.css puts a node's handles, relative to its box (at 1 device pixel per CSS pixel;
 * borders round down): the target "in" fills the padding box (inside the border: an action's left
 * border is 4 px, its others 1.5 → 1; a state's 1.5 → 1, an initial state's 2.5 → 2; control nodes
 * have none); the source dot "out" (`OUT_HANDLE`, set by `OutHandle`) sits centred on the right,
 * `OUT_HANDLE.right` from the padding box, moved right by half its width. React Flow places lines from these boxes, also for nodes it
 * has not rendered: keep them in step with the stylesheet.
 */
export function nodeHandles(
  kind: "state" | "initialState" | "action" | ControlNode["kind"],
  width: number,
  height: number,
): NodeHandle[] {
  const border =
    kind === "action"
      ? { left: 4, other: 1 }
      : kind === "state"
        ? { left: 1, other: 1 }
        : kind === "initialState"
          ? { left: 2, other: 2 }
          : { left: 0, other: 0 };
  const target: NodeHandle = {
    id: "in",
    type: "target",
    position: Position.Left,
    x: border.left,
    y: border.other,
    width: width - border.left - border.other,
    height: height - 2 * border.other,
  };
  if (kind === "state" || kind === "initialState" || kind === "finalizer") return [target];
  return [
    target,
    {
      id: "out",
      type: "source",
      position: Position.Right,
      x: width - border.other - OUT_HANDLE.right - OUT_HANDLE.size / 2,
      y: height / 2 - OUT_HANDLE.size / 2,
      width: OUT_HANDLE.size,
      height: OUT_HANDLE.size,
    },
  ];
}

/** The connect kind a stored line stands for (a failure flow is a flow on `failed`). */
export function lineConnectKind(line: Line): ConnectKind {
  return line.kind === "flow" && line.on === "failed" ? "failure" : line.kind;
}

/**
 * What a run maps besides the elements and their boxes: the scene, the collapsed states, the
 * calendars and which state each node is in. The same object while none of them changed (every
 * frame of a drag), so an entry built under it is reused after a few identity checks, without
 * computing its node's texts again.
 */
interface MapContext {
  scene: SceneIndex | undefined;
  collapsed: ReadonlySet<string>;
  calendars: ProcessModel["calendars"];
  nodes: ProcessModel["nodes"];
  /** Node id → its state (built once per context). */
  stateOf: ReadonlyMap<string, string>;
  calendarNames: ReadonlyMap<string, string>;
}

interface NodeEntry {
  context: MapContext;
  element: unknown;
  box: Bounds | undefined;
  parentBox: Bounds | undefined;
  selected: boolean;
  mark: DiffMark | undefined;
  extra: string;
  node: EditorFlowNode;
}

interface EdgeEntry {
  context: MapContext;
  element: Line | Transition;
  /** The edge's source and whether it is hidden (both follow collapsed states). */
  extra: string;
  selected: boolean;
  mark: DiffMark | undefined;
  edge: LineFlowEdge;
}

export interface FlowElements {
  nodes: EditorFlowNode[];
  edges: LineFlowEdge[];
}

export interface FlowInput {
  model: ProcessModel;
  selected: Readonly<Record<string, true>>;
  marks?: Readonly<Record<string, DiffMark>>;
  readOnly?: boolean;
  /** The drawn scene: names and titles as it wraps and cuts them, collapsed state heights. */
  scene?: SceneIndex;
  /** States drawn collapsed: title bar only, their nodes hidden, transitions leave from the bar. */
  collapsed?: ReadonlySet<string>;
}

const noneCollapsed: ReadonlySet<string> = new Set();
const noMarks: Readonly<Record<string, DiffMark>> = {};

/** Returns a mapping function that remembers its previous output. One per canvas. */
export function createFlowMapper(): (input: FlowInput) => FlowElements {
  let nodeCache = new Map<string, NodeEntry>();
  let edgeCache = new Map<string, EdgeEntry>();
  let lastNodes: EditorFlowNode[] = [];
  let lastEdges: LineFlowEdge[] = [];
  let lastContext: MapContext | undefined;
  let lastStates: ProcessModel["states"] | undefined;
  /** What the edges were last mapped from: while all of it is the same, so are the edges. */
  let lastEdgeInput: readonly unknown[] = [];
  /** The previous array itself when every element is the same object: React Flow then skips its whole update for that array. */
  const same = <T>(next: T[], prev: T[]): T[] =>
    next.length === prev.length && next.every((x, i) => x === prev[i]) ? prev : next;
  return ({ model, selected, marks = noMarks, readOnly = false, scene, collapsed = noneCollapsed }) => {
    // The same states and nodes (a drag frame): entries are replaced in place, none goes away.
    const nextNodes =
      model.states === lastStates && model.nodes === lastContext?.nodes
        ? nodeCache
        : new Map<string, NodeEntry>();
    lastStates = model.states;
    const nodes: EditorFlowNode[] = [];
    const context: MapContext =
      lastContext &&
      lastContext.scene === scene &&
      lastContext.collapsed === collapsed &&
      lastContext.calendars === model.calendars &&
      lastContext.nodes === model.nodes
        ? lastContext
        : {
            scene,
            collapsed,
            calendars: model.calendars,
            nodes: model.nodes,
            stateOf: new Map(model.nodes.map((n) => [n.id, n.stateId])),
            calendarNames: new Map(model.calendars.map((c) => [c.id, c.name])),
          };
    lastContext = context;
    const { stateOf, calendarNames: calendars } = context;

    const nameLines = (id: string, name: string): string[] => scene?.nodes.get(id)?.nameLines ?? [name];
    const hiddenIn = (nodeId: string): string | undefined => {
      const stateId = stateOf.get(nodeId);
      return stateId !== undefined && collapsed.has(stateId) ? stateId : undefined;
    };

    /** Keeps the node built under this context from the same element, box, selection and mark. */
    const reused = (
      id: string,
      element: unknown,
      box: Bounds | undefined,
      parentBox: Bounds | undefined,
    ): boolean => {
      const old = nodeCache.get(id);
      if (
        !old ||
        old.context !== context ||
        old.element !== element ||
        old.box !== box ||
        old.parentBox !== parentBox ||
        old.selected !== (selected[id] === true) ||
        old.mark !== marks[id]
      )
        return false;
      nextNodes.set(id, old);
      nodes.push(old.node);
      return true;
    };

    const reuse = (
      id: string,
      element: unknown,
      box: Bounds | undefined,
      parentBox: Bounds | undefined,
      extra: string,
      build: () => EditorFlowNode,
    ): void => {
      const isSelected = selected[id] === true;
      const mark = marks[id];
      const old = nodeCache.get(id);
      const entry =
        old &&
        old.element === element &&
        old.box === box &&
        old.parentBox === parentBox &&
        old.selected === isSelected &&
        old.mark === mark &&
        old.extra === extra
          ? { ...old, context }
          : { context, element, box, parentBox, selected: isSelected, mark, extra, node: build() };
      nextNodes.set(id, entry);
      nodes.push(entry.node);
    };

    for (const state of model.states) {
      const box = model.diagram.states[state.id];
      if (reused(state.id, state, box, undefined)) continue;
      const b = box ?? FALLBACK;
      const isCollapsed = collapsed.has(state.id);
      const shape = scene?.states.get(state.id);
      const title = shape?.title ?? state.name;
      const height = isCollapsed ? Math.min(COLLAPSED_HEIGHT, b.height) : b.height;
      reuse(state.id, state, box, undefined, `${isCollapsed}\u0000${title}\u0000${height}`, () => ({
        id: state.id,
        type: "state",
        position: { x: b.x, y: b.y },
        width: b.width,
        height,
        measured: { width: b.width, height },
        handles: nodeHandles(state.initial ? "initialState" : "state", b.width, height),
        selected: selected[state.id] === true,
        draggable: !readOnly,
        connectable: !readOnly,
        zIndex: 0,
        data: { state, mark: marks[state.id], title, collapsed: isCollapsed },
        ariaLabel: `State ${state.name}${isCollapsed ? " (collapsed)" : ""}`,
      }));
    }
    for (const element of model.nodes) {
      const box = model.diagram.nodes[element.id];
      const parentBox = model.diagram.states[element.stateId];
      if (reused(element.id, element, box, parentBox)) continue;
      const b = box ?? FALLBACK;
      const p = parentBox ?? { x: 0, y: 0 };
      const hidden = hiddenIn(element.id) !== undefined;
      const common = {
        id: element.id,
        parentId: element.stateId,
        extent: "parent" as const,
        position: { x: b.x - p.x, y: b.y - p.y },
        width: b.width,
        height: b.height,
        measured: { width: b.width, height: b.height },
        handles: nodeHandles(element.kind, b.width, b.height),
        selected: selected[element.id] === true,
        draggable: !readOnly,
        connectable: !readOnly,
        zIndex: 1,
        ...(hidden ? { hidden: true } : {}),
      };
      const lines = nameLines(element.id, element.name);
      const text = `${hidden}\u0000${lines.join("\n")}`;
      if (element.kind === "action") {
        const calendarName = element.calendar ? calendars.get(element.calendar) : undefined;
        reuse(element.id, element, box, parentBox, `${calendarName ?? ""}\u0000${text}`, () => ({
          ...common,
          type: "action",
          data: { action: element, calendarName, mark: marks[element.id], nameLines: lines },
          ariaLabel: `Action ${element.name}`,
        }));
      } else {
        const nameWidth = scene?.nodes.get(element.id)?.nameBox.width;
        reuse(element.id, element, box, parentBox, `${nameWidth ?? ""}\u0000${text}`, () => ({
          ...common,
          type: "control",
          data: {
            control: element,
            mark: marks[element.id],
            nameLines: lines,
            ...(nameWidth !== undefined ? { nameWidth } : {}),
          },
          ariaLabel: `${element.kind} ${element.name}`,
        }));
      }
    }

    nodeCache = nextNodes;
    lastNodes = same(nodes, lastNodes);

    // The same lines, context, selection and marks (a drag frame): the very same edges.
    const edgeInput = [model.lines, model.transitions, context, selected, marks];
    if (!edgeInput.every((x, i) => x === lastEdgeInput[i])) {
      lastEdgeInput = edgeInput;
      const nextEdges = new Map<string, EdgeEntry>();
      const edges: LineFlowEdge[] = [];
      const edgeFor = (element: Line | Transition, extra: string, build: () => LineFlowEdge): void => {
        const isSelected = selected[element.id] === true;
        const mark = marks[element.id];
        const old = edgeCache.get(element.id);
        const entry =
          old &&
          old.element === element &&
          old.extra === extra &&
          old.selected === isSelected &&
          old.mark === mark
            ? { ...old, context }
            : { context, element, extra, selected: isSelected, mark, edge: build() };
        nextEdges.set(element.id, entry);
        edges.push(entry.edge);
      };
      /** Keeps the edge built under this context from the same element, selection and mark. */
      const edgeReused = (element: Line | Transition): boolean => {
        const old = edgeCache.get(element.id);
        if (
          !old ||
          old.context !== context ||
          old.element !== element ||
          old.selected !== (selected[element.id] === true) ||
          old.mark !== marks[element.id]
        )
          return false;
        nextEdges.set(element.id, old);
        edges.push(old.edge);
        return true;
      };
      for (const line of model.lines) {
        if (edgeReused(line)) continue;
        const hidden = hiddenIn(line.from) !== undefined || hiddenIn(line.to) !== undefined;
        edgeFor(line, String(hidden), () => {
          const kind = lineConnectKind(line);
          return {
            id: line.id,
            type: "line",
            source: line.from,
            target: line.to,
            sourceHandle: "out",
            targetHandle: "in",
            selected: selected[line.id] === true,
            zIndex: 0,
            className: `edge-${kind}`,
            ...(hidden ? { hidden: true } : {}),
            data: {
              kind,
              condition: line.kind === "flow" ? line.condition : undefined,
              order: undefined,
              mark: marks[line.id],
              from: line.from,
              to: line.to,
            },
            ariaLabel: `${kind} line`,
          };
        });
      }
      for (const t of model.transitions) {
        if (edgeReused(t)) continue;
        const bar = hiddenIn(t.from);
        edgeFor(t, bar ?? "", () => ({
          id: t.id,
          type: "line",
          source: bar ?? t.from,
          target: t.to,
          sourceHandle: bar ? COLLAPSED_OUT : "out",
          targetHandle: "in",
          selected: selected[t.id] === true,
          zIndex: 0,
          className: "edge-transition",
          data: {
            kind: "transition",
            condition: t.condition,
            order: t.order,
            mark: marks[t.id],
            from: t.from,
            to: t.to,
          },
          ariaLabel: "transition",
        }));
      }
      edgeCache = nextEdges;
      lastEdges = same(edges, lastEdges);
    }
    return { nodes: lastNodes, edges: lastEdges };
  };
}
