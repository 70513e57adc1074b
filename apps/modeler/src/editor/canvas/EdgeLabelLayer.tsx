import { createContext, useContext } from "react";
import type { ReactNode } from "react";
import { createPortal } from "react-dom";
import { useStore } from "@xyflow/react";
import type { ReactFlowState } from "@xyflow/react";

/**
 * Edge labels rendered into React Flow's label layer through ONE store subscription per canvas.
 * React Flow's own `EdgeLabelRenderer` looks the layer up with a `querySelector` in a store selector,
 * so with a label on hundreds of edges every store update (each drag frame) ran hundreds of DOM
 * queries. The canvas provides the layer element; each edge label portals into it.
 */
const LabelLayerContext = createContext<HTMLElement | null>(null);

const layerOf = (s: ReactFlowState) => s.domNode?.querySelector<HTMLElement>(".react-flow__edgelabel-renderer") ?? null;

/** Wraps a `<ReactFlow>` (inside its provider) so its edges can render labels with `EdgeLabel`. */
export function EdgeLabelLayer({ children }: { children: ReactNode }) {
  const layer = useStore(layerOf);
  return <LabelLayerContext.Provider value={layer}>{children}</LabelLayerContext.Provider>;
}

/** A label in the canvas's edge label layer (nothing until the layer exists). */
export function EdgeLabel({ children }: { children: ReactNode }) {
  const layer = useContext(LabelLayerContext);
  return layer ? createPortal(children, layer) : null;
}
