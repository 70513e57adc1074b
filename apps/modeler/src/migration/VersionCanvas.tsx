import { useCallback, useEffect } from "react";
import {
  ReactFlowProvider,
  useNodesInitialized,
  useOnViewportChange,
  useReactFlow,
  useStore as useFlowStore,
} from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { EditorStoreProvider } from "../editor/store/EditorStoreProvider";
import { useReadOnlyStore } from "../editor/store/useReadOnlyStore";
import { EditorCanvas } from "../editor/canvas/EditorCanvas";
import type { DiffMark } from "../editor/canvas/toFlowElements";
import type { Rect } from "./mappingArrows";

/** Where a canvas shows its states: each state's box relative to the canvas element (screen pixels). */
export interface CanvasGeometry {
  /** The React Flow element the boxes are relative to. */
  element: HTMLElement;
  states: Record<string, Rect>;
}

/**
 * One version on the modeler's read-only canvas, with marks; clicking a state (or a node inside
 * it) reports that state, so a mapping can be drawn by picking a source state, then a target.
 */
export function VersionCanvas({
  model,
  marks,
  label,
  focus = [],
  onPickState,
  onGeometry,
}: {
  model: ProcessModel;
  marks: Readonly<Record<string, DiffMark>>;
  label: string;
  focus?: readonly string[];
  onPickState?: (stateId: string) => void;
  /** Called whenever the states' boxes on screen change (layout, pan, zoom, resize). */
  onGeometry?: (geometry: CanvasGeometry) => void;
}) {
  const store = useReadOnlyStore(model);
  useEffect(() => {
    if (!onPickState) return undefined;
    return store.subscribe((s, prev) => {
      if (s.selection === prev.selection || s.selection.length !== 1) return;
      const id = s.selection[0]!;
      const stateId = s.model.states.some((st) => st.id === id)
        ? id
        : s.model.nodes.find((n) => n.id === id)?.stateId;
      if (stateId) onPickState(stateId);
    });
  }, [store, onPickState]);
  return (
    <section className="canvas-box" aria-label={label}>
      <ReactFlowProvider>
        <EditorStoreProvider store={store}>
          <div className="editor-center">
            <EditorCanvas marks={marks} compact />
          </div>
          <ZoomTo ids={focus} />
          {onGeometry && (
            <ReportGeometry stateIds={model.states.map((st) => st.id).join(",")} onGeometry={onGeometry} />
          )}
        </EditorStoreProvider>
      </ReactFlowProvider>
    </section>
  );
}

/** Once the diagram is laid out, zooms to the given states (without selecting them: a selection is a pick). */
function ZoomTo({ ids }: { ids: readonly string[] }) {
  const flow = useReactFlow();
  const ready = useNodesInitialized();
  const key = ids.join(",");
  useEffect(() => {
    if (!ready || key === "") return undefined;
    const timer = setTimeout(
      () => void flow.fitView({ nodes: key.split(",").map((id) => ({ id })), padding: 0.15, maxZoom: 1 }),
      50,
    );
    return () => clearTimeout(timer);
  }, [ready, key, flow]);
  return null;
}

/**
 * Reports the states' boxes relative to the canvas: React Flow's own positions (`getInternalNode`:
 * absolute position and measured size) through `flowToScreenPosition`, minus the canvas origin.
 * Recomputed when the nodes are first measured, on every viewport change (`useOnViewportChange`:
 * pan, zoom and programmatic moves such as `fitView`) and when the canvas is resized.
 */
function ReportGeometry({
  stateIds,
  onGeometry,
}: {
  stateIds: string;
  onGeometry: (geometry: CanvasGeometry) => void;
}) {
  const flow = useReactFlow();
  const ready = useNodesInitialized();
  const element = useFlowStore((s) => s.domNode);
  const report = useCallback(() => {
    if (!element) return;
    const origin = element.getBoundingClientRect();
    const states: Record<string, Rect> = {};
    for (const id of stateIds.split(",")) {
      const node = flow.getInternalNode(id);
      if (!node) continue;
      const { x, y } = node.internals.positionAbsolute;
      const width = node.measured.width ?? node.width ?? 0;
      const height = node.measured.height ?? node.height ?? 0;
      const a = flow.flowToScreenPosition({ x, y });
      const b = flow.flowToScreenPosition({ x: x + width, y: y + height });
      states[id] = { x: a.x - origin.left, y: a.y - origin.top, width: b.x - a.x, height: b.y - a.y };
    }
    onGeometry({ element, states });
  }, [element, flow, stateIds, onGeometry]);
  useEffect(() => {
    if (ready) report();
  }, [ready, report]);
  useOnViewportChange({ onChange: report, onEnd: report });
  useEffect(() => {
    if (!element) return undefined;
    const observer = new ResizeObserver(() => report());
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, report]);
  return null;
}
