import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { MouseEvent as ReactMouseEvent } from "react";
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  ViewportPortal,
} from "@xyflow/react";
import type { Connection, EdgeChange, IsValidConnection, NodeChange, OnConnectStart } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import type { ConnectKind } from "@flowstate/model";
import { ActionNode } from "./ActionNode";
import { ControlNode } from "./ControlNode";
import { StateNode } from "./StateNode";
import { LineEdge } from "./LineEdge";
import { EdgeMarkers } from "./EdgeMarkers";
import { Legend } from "./Legend";
import { boundsFromChanges } from "./boundsFromChanges";
import { createFlowMapper } from "./toFlowElements";
import type { DiffMark, EditorFlowNode, LineFlowEdge } from "./toFlowElements";
import { connectKindFromModifiers } from "./connectKindFromModifiers";
import { LabelLayer } from "./LabelLayer";
import { BendPoints } from "./BendPoints";
import { AlignmentGuides, createGuideHolder } from "./AlignmentGuides";
import { ALIGN_SCREEN_PX, alignDrag } from "./snapping";
import { lassoSelection } from "./lasso";
import { ZoomDetail } from "./ZoomDetail";
import { MinimapNode, minimapClassName } from "./MinimapNode";
import { Icon } from "./Icon";
import { LastPointerContext } from "./LastPointerContext";
import { ContextPad } from "../pad/ContextPad";
import { NameEditor } from "../pad/NameEditor";
import {
  CollapseContext,
  DiagramViewProvider,
  InDiagramView,
  useSceneIndex,
  ViewActionsContext,
} from "../view/DiagramView";
import { MAX_ZOOM, MIN_ZOOM, useViewActions } from "../view/useViewActions";
import { useViewShortcuts } from "../view/useViewShortcuts";
import { sceneTextStyle } from "../view/sceneTextStyle";

const textStyle = sceneTextStyle();
import { viewShortcutLabels } from "../keyboard/shortcutFor";

const nodeTypes = { state: StateNode, action: ActionNode, control: ControlNode };
const edgeTypes = { line: LineEdge };
const SNAP: [number, number] = [10, 10];
const MULTI_SELECT_KEYS = ["Shift", "Meta", "Control"];
/** The legend's offset from the right edge: beside React Flow's minimap (200 px wide, 15 px margins). */
const LEGEND_RIGHT = 15 + 200 + 12;
/** Canvas nodes (states + their nodes) from which only those in view are rendered. */
const RENDER_VISIBLE_ONLY_FROM = 300;

type CanvasProps = {
  marks?: Readonly<Record<string, DiffMark>>;
  /** Without minimap, legend and view shortcuts (small canvases side by side). */
  compact?: boolean;
  /** Remembers collapsed states per process (localStorage) when no `DiagramViewProvider` is around. */
  processKey?: string;
};

/**
 * The React Flow canvas of one editor store. It renders what the store holds and translates React
 * Flow's changes into store commands (one gesture per drag or resize; Escape cancels via the store).
 * Lines, labels, names and collapsed states come from the view's scene (`DiagramViewProvider`,
 * provided here unless a parent provides it for its export).
 */
export function EditorCanvas(props: CanvasProps) {
  const inside = useContext(InDiagramView);
  if (inside) return <Canvas {...props} />;
  return (
    <DiagramViewProvider processKey={props.processKey}>
      <Canvas {...props} />
    </DiagramViewProvider>
  );
}

function Canvas({ marks, compact = false }: CanvasProps) {
  const store = useEditorStoreApi();
  const model = useEditorStore((s) => s.model);
  const selected = useEditorStore((s) => s.selected);
  const readOnly = useEditorStore((s) => s.readOnly);
  const placing = useEditorStore((s) => s.place !== null);
  const connecting = useEditorStore((s) => s.connecting !== null);
  const scene = useSceneIndex();
  const { collapsed } = useContext(CollapseContext);
  const [mapper] = useState(createFlowMapper);
  const { nodes, edges } = useMemo(
    () =>
      mapper({
        model,
        selected,
        ...(marks ? { marks } : {}),
        readOnly,
        ...(scene ? { scene } : {}),
        collapsed,
      }),
    [mapper, model, selected, marks, readOnly, scene, collapsed],
  );
  const flow = useReactFlow<EditorFlowNode, LineFlowEdge>();
  const [guides] = useState(createGuideHolder);
  const canvasRef = useRef<HTMLDivElement>(null);
  const view = useViewActions(canvasRef);
  useViewShortcuts(view, !compact);
  const holder = useContext(ViewActionsContext);
  useEffect(() => {
    if (compact) return;
    holder.set(view);
    return () => {
      if (holder.get() === view) holder.set(null);
    };
  }, [holder, view, compact]);

  const mergeSelection = useCallback(
    (changes: readonly (NodeChange | EdgeChange)[]) => {
      let touched = false;
      const next = new Set(store.getState().selection);
      for (const c of changes) {
        if (c.type !== "select") continue;
        touched = true;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      if (touched) store.getState().select([...next]);
    },
    [store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<EditorFlowNode>[]) => {
      mergeSelection(changes);
      const s = store.getState();
      if (s.readOnly) return;
      const bounds = boundsFromChanges(s.model, changes);
      if (Object.keys(bounds).length === 0) return;
      // A drag snaps to the edges and centres of the boxes around (guides), else to the grid.
      // (its drop too, which repeats the pointer's unaligned place; not a resize from the left edge).
      const moving =
        changes.some((c) => c.type === "position") && !changes.some((c) => c.type === "dimensions");
      const aligned = moving
        ? alignDrag(s.model, bounds, ALIGN_SCREEN_PX / flow.getZoom(), SNAP[0])
        : undefined;
      const dragging = changes.some((c) => c.type === "position" && c.dragging);
      guides.set(dragging ? (aligned?.guides ?? []) : []);
      s.setBounds(aligned?.bounds ?? bounds);
    },
    [store, mergeSelection, flow, guides],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<LineFlowEdge>[]) => mergeSelection(changes),
    [mergeSelection],
  );

  const onSelectionEnd = useCallback(() => {
    const s = store.getState();
    const kept = lassoSelection(s.model, s.selection);
    if (kept.length !== s.selection.length) s.select(kept);
  }, [store]);

  const fitAll = view.fitAll;
  const onInit = useCallback(() => {
    // After the first layout pass, so the canvas and its overlays have their final size.
    requestAnimationFrame(() => fitAll(0));
  }, [fitAll]);
  // React Flow snaps to the grid (resizing) except while dragging, where `alignDrag` snaps.
  const [dragging, setDragging] = useState(false);
  const beginMove = useCallback(() => {
    setDragging(true);
    store.getState().beginGesture("Move");
  }, [store]);
  const endMove = useCallback(() => {
    setDragging(false);
    guides.set([]);
    store.getState().commitGesture();
  }, [store, guides]);

  const onConnectStart: OnConnectStart = useCallback(
    (event, params) => {
      if (!params.nodeId || params.handleType !== "source") return;
      const s = store.getState();
      const modifiers = "shiftKey" in event ? event : undefined;
      s.startConnecting(params.nodeId, connectKindFromModifiers(s.connectKind, modifiers));
    },
    [store],
  );
  const onConnect = useCallback(
    (connection: Connection) => {
      const s = store.getState();
      const toState = s.model.states.some((st) => st.id === connection.target);
      const kind: ConnectKind = toState ? "transition" : (s.connecting?.kind ?? s.connectKind);
      s.connect(kind, connection.source, connection.target);
    },
    [store],
  );
  const onConnectEnd = useCallback(() => store.getState().stopConnecting(), [store]);
  const isValidConnection: IsValidConnection<LineFlowEdge> = useCallback(
    (c) => {
      const targets = store.getState().connecting?.targets;
      return c.source !== c.target && targets?.[c.target] === true;
    },
    [store],
  );

  const placeAtEvent = useCallback(
    (event: ReactMouseEvent) => {
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      return store.getState().placeAt(position);
    },
    [flow, store],
  );
  const onPaneClick = useCallback(
    (event: ReactMouseEvent) => {
      const s = store.getState();
      if (s.linking) s.cancelGesture();
      else if (s.place) placeAtEvent(event);
    },
    [store, placeAtEvent],
  );
  const onNodeClick = useCallback(
    (event: ReactMouseEvent, node: EditorFlowNode) => {
      const s = store.getState();
      if (s.linking) {
        // connect by click (context pad): the clicked node or state is the target
        event.stopPropagation();
        s.linkTo(node.id);
      } else if (s.place) {
        event.stopPropagation();
        placeAtEvent(event);
      }
    },
    [store, placeAtEvent],
  );
  const onNodeDoubleClick = useCallback(
    (_event: ReactMouseEvent, node: EditorFlowNode) => store.getState().beginRename(node.id),
    [store],
  );
  // Paste (Ctrl+V) lands at the last pointer position over the canvas.
  const pointer = useContext(LastPointerContext);
  const trackPointer = useCallback(
    (event: ReactMouseEvent) => {
      pointer.set(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [pointer, flow],
  );
  const forgetPointer = useCallback(() => {
    pointer.set(null);
  }, [pointer]);
  // A click on the minimap centres the view there (a drag pans: `pannable`).
  const onMinimapClick = useCallback(
    (_event: ReactMouseEvent, at: { x: number; y: number }) =>
      void flow.setCenter(at.x, at.y, { zoom: flow.getZoom(), duration: 200 }),
    [flow],
  );
  // What the canvas draws over React Flow's nodes and edges. None of it depends on the model: as
  // one memoized element it is not rendered again for every frame of a drag (the canvas is).
  const overlays = useMemo(
    () => (
      <>
        <ViewportPortal>
          <EdgeMarkers />
        </ViewportPortal>
        <LabelLayer />
        {!compact && <BendPoints />}
        <AlignmentGuides holder={guides} />
        <ZoomDetail canvasRef={canvasRef} />
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        {!compact && (
          <MiniMap
            pannable
            zoomable
            onClick={onMinimapClick}
            nodeComponent={MinimapNode}
            nodeClassName={minimapClassName}
            ariaLabel="Minimap"
          />
        )}
        {!compact && <ContextPad />}
        {!compact && <NameEditor />}
        <Controls showInteractive={false} showFitView={false} aria-label="Zoom controls">
          <ControlButton
            onClick={() => view.fitAll()}
            title={`Fit view (${viewShortcutLabels.fitAll})`}
            aria-label="Fit view"
          >
            <Icon name="fit" />
          </ControlButton>
          <ControlButton
            onClick={() => view.fitSelection()}
            title={`Fit selection (${viewShortcutLabels.fitSelection})`}
            aria-label="Fit selection"
          >
            <Icon name="fitSelection" />
          </ControlButton>
          <ControlButton
            onClick={() => view.zoomToState()}
            title={`Zoom to state (${viewShortcutLabels.zoomToState})`}
            aria-label="Zoom to state"
          >
            <Icon name="zoomState" />
          </ControlButton>
        </Controls>
        {!compact && (
          // along the bottom edge beside the minimap: fit view then leaves one strip out, not two
          <Panel position="bottom-right" style={{ marginRight: LEGEND_RIGHT }}>
            <Legend />
          </Panel>
        )}
      </>
    ),
    [compact, guides, view, onMinimapClick],
  );
  return (
    <div
      ref={canvasRef}
      style={textStyle}
      className={`fs-canvas ${placing ? "is-placing" : ""} ${connecting ? "is-connecting" : ""}`}
      onPointerMove={compact ? undefined : trackPointer}
      onPointerLeave={compact ? undefined : forgetPointer}
    >
      <ReactFlow<EditorFlowNode, LineFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={beginMove}
        onNodeDragStop={endMove}
        onSelectionDragStart={beginMove}
        onSelectionDragStop={endMove}
        onSelectionEnd={onSelectionEnd}
        onConnectStart={onConnectStart}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onPaneClick={onPaneClick}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={compact ? undefined : onNodeDoubleClick}
        zoomOnDoubleClick={false}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        snapToGrid={!dragging}
        snapGrid={SNAP}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        onInit={onInit}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        connectionRadius={30}
        elevateNodesOnSelect={false}
        // Large models: only what is in view is in the DOM, so a drag repaints and re-layers what
        // the eye sees, not the whole model (nodes carry their handle boxes: lines to nodes out of
        // view still draw). Small ones stay whole in the DOM (cheap either way).
        onlyRenderVisibleElements={nodes.length >= RENDER_VISIBLE_ONLY_FROM}
        disableKeyboardA11y
        aria-label="Process diagram"
      >
        {overlays}
      </ReactFlow>
    </div>
  );
}
