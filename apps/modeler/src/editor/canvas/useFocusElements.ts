import { useCallback } from "react";
import { useReactFlow } from "@xyflow/react";
import { useEditorStoreApi } from "../store/useEditorStoreApi";

/** Selects elements and zooms the canvas to them (lines and transitions: to their ends). */
export function useFocusElements(): (ids: readonly string[]) => void {
  const store = useEditorStoreApi();
  const flow = useReactFlow();
  return useCallback(
    (ids) => {
      const { model } = store.getState();
      const nodeIds = new Set<string>();
      for (const id of ids) {
        if (model.diagram.nodes[id] || model.diagram.states[id]) nodeIds.add(id);
        const edge = model.lines.find((l) => l.id === id) ?? model.transitions.find((t) => t.id === id);
        if (edge) {
          nodeIds.add(edge.from);
          nodeIds.add(edge.to);
        }
      }
      const selectable = ids.filter(
        (id) =>
          nodeIds.has(id) ||
          model.lines.some((l) => l.id === id) ||
          model.transitions.some((t) => t.id === id),
      );
      store.getState().select(selectable);
      if (nodeIds.size > 0)
        void flow.fitView({
          nodes: [...nodeIds].map((id) => ({ id })),
          duration: 300,
          padding: 0.4,
          maxZoom: 1.2,
        });
    },
    [store, flow],
  );
}
