import { useCallback, useMemo, useState } from "react";
import type { MouseEvent as ReactMouseEvent } from "react";
import { Background, BackgroundVariant, Controls, MiniMap, Panel, ReactFlow, useReactFlow, ViewportPortal } from "@xyflow/react";
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
import { EdgeLabelLayer } from "./EdgeLabelLayer";
import { MinimapNode } from "./MinimapNode";

const nodeTypes = { state: StateNode, action: ActionNode, control: ControlNode };
const edgeTypes = { line: LineEdge };
const SNAP: [number, number] = [10, 10];
const MULTI_SELECT_KEYS = ["Shift", "Meta", "Control"];
/** Canvas nodes (states + their nodes) from which only those in view are rendered. */
const RENDER_VISIBLE_ONLY_FROM = 300;

/**
 * The React Flow canvas of one editor store. It renders what the store holds and translates React
 * Flow's changes into store commands (one gesture per drag or resize; Escape cancels via the store).
 */
export function EditorCanvas({ marks, compact = false }: { marks?: Readonly<Record<string, DiffMark>>; /** Without minimap and legend (small canvases side by side). */ compact?: boolean }) {
  const store = useEditorStoreApi();
  const model = useEditorStore((s) => s.model);
  const selected = useEditorStore((s) => s.selected);
  const readOnly = useEditorStore((s) => s.readOnly);
  const placing = useEditorStore((s) => s.place !== null);
  const connecting = useEditorStore((s) => s.connecting !== null);
  const [mapper] = useState(createFlowMapper);
  const { nodes, edges } = useMemo(() => mapper({ model, selected, ...(marks ? { marks } : {}), readOnly }), [mapper, model, selected, marks, readOnly]);
  const flow = useReactFlow<EditorFlowNode, LineFlowEdge>();

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
      if (Object.keys(bounds).length > 0) s.setBounds(bounds);
    },
    [store, mergeSelection],
  );
  const onEdgesChange = useCallback((changes: EdgeChange<LineFlowEdge>[]) => mergeSelection(changes), [mergeSelection]);

  const onInit = useCallback((instance: { fitView: (options: { padding: number; maxZoom: number }) => Promise<boolean> }) => {
    // After the first layout pass, so the canvas has its final size.
    requestAnimationFrame(() => void instance.fitView({ padding: 0.1, maxZoom: 1 }));
  }, []);
  const beginMove = useCallback(() => store.getState().beginGesture("Move"), [store]);
  const endMove = useCallback(() => store.getState().commitGesture(), [store]);

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
      if (store.getState().place) placeAtEvent(event);
    },
    [store, placeAtEvent],
  );
  const onNodeClick = useCallback(
    (event: ReactMouseEvent) => {
      if (store.getState().place) {
        event.stopPropagation();
        placeAtEvent(event);
      }
    },
    [store, placeAtEvent],
  );
  // EdgeLabelLayer: one lookup of React Flow's label layer for all edge labels (see EdgeLabelLayer.tsx).
  return (
    <EdgeLabelLayer>
    <div className={`fs-canvas ${placing ? "is-placing" : ""} ${connecting ? "is-connecting" : ""}`}>
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
        onConnectStart={onConnectStart}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onPaneClick={onPaneClick}
        onNodeClick={onNodeClick}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        snapToGrid
        snapGrid={SNAP}
        minZoom={0.1}
        maxZoom={2.5}
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
        <ViewportPortal>
          <EdgeMarkers />
        </ViewportPortal>
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        {!compact && <MiniMap pannable zoomable nodeComponent={MinimapNode} ariaLabel="Minimap" />}
        <Controls showInteractive={false} aria-label="Zoom controls" />
        {!compact && (
          <Panel position="bottom-center">
            <Legend />
          </Panel>
        )}
      </ReactFlow>
    </div>
    </EdgeLabelLayer>
  );
}
