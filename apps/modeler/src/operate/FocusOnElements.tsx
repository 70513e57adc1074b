import { useEffect } from "react";
import { useNodesInitialized, useReactFlow } from "@xyflow/react";

/**
 * Zooms the canvas to the given elements once the nodes are measured, and again whenever the set
 * changes (e.g. the instance entered another state); panning in between is left alone.
 */
export function FocusOnElements({ ids }: { ids: readonly string[] }) {
  const flow = useReactFlow();
  const initialized = useNodesInitialized();
  const key = ids.join("|");
  useEffect(() => {
    if (!initialized || key === "") return;
    // after the canvas's own first fit (next frame), so ours wins
    const timer = setTimeout(
      () =>
        void flow.fitView({
          nodes: key.split("|").map((id) => ({ id })),
          padding: 0.15,
          maxZoom: 1,
          duration: 200,
        }),
      60,
    );
    return () => clearTimeout(timer);
  }, [initialized, key, flow]);
  return null;
}
