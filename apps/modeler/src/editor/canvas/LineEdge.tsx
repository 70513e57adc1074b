import { memo, useContext } from "react";
import { BaseEdge, getSmoothStepPath } from "@xyflow/react";
import type { EdgeProps } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";
import type { LineFlowEdge } from "./toFlowElements";
import { useElementOverlay } from "./useElementOverlay";
import { CollapseContext, SceneContext } from "../view/DiagramView";
import { lineIsStale } from "../view/sceneIndex";
import { previewPath } from "./bendPoints";

/**
 * A line or transition, styled by kind, along the scene's routed path (the same path the export
 * draws). While a gesture moves one of its ends it follows them on a provisional path until the
 * drop draws the scene again. Its label is drawn by the label layer, above states and nodes.
 */
export const LineEdge = memo(function LineEdge(props: EdgeProps<LineFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const kind = data?.kind ?? "flow";
  const severity = useEditorStore((s) => s.problemsByElement[id]);
  const overlay = useElementOverlay(id);
  const index = useContext(SceneContext);
  const from = data?.from ?? props.source;
  const to = data?.to ?? props.target;
  const { collapsed } = useContext(CollapseContext);
  const stale = useEditorStore(
    (s) => index === null || index.collapsed !== collapsed || lineIsStale(index, s.model, from, to),
  );
  // Bend points edited since the scene was drawn (a drag of a bend or segment): a preview through them.
  const edited = useEditorStore((s) => {
    if (stale || index === null) return undefined;
    const now = s.model.diagram.lines[id] ?? s.model.diagram.transitions[id];
    return now === (index.model.diagram.lines[id] ?? index.model.diagram.transitions[id]) ? undefined : now;
  });
  const shape = stale ? undefined : index?.lines.get(id);
  const routed = shape && edited ? previewPath(shape.points, edited.waypoints) : shape?.path;
  const path =
    routed ??
    getSmoothStepPath({
      sourceX,
      sourceY,
      targetX,
      targetY,
      sourcePosition,
      targetPosition,
      borderRadius: 10,
      offset: kind === "transition" ? 24 : 16,
    })[0];
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={`url(#fs-arrow-${kind})`}
      className={`fs-edge fs-edge-${kind} ${routed && !edited ? "" : "is-provisional"} ${selected ? "is-selected" : ""} ${severity ? `has-${severity}` : ""} ${data?.mark ? `mark-${data.mark}` : ""} ${overlay?.className ?? ""}`}
      interactionWidth={14}
    />
  );
});
