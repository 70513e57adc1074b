import { memo } from "react";
import { BaseEdge, getSmoothStepPath } from "@xyflow/react";
import type { EdgeProps } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";
import type { LineFlowEdge } from "./toFlowElements";
import { EdgeLabel } from "./EdgeLabelLayer";
import { useElementOverlay } from "./useElementOverlay";

/** A line or transition, styled by kind; conditions (and a failure mark) as labels. */
export const LineEdge = memo(function LineEdge(props: EdgeProps<LineFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const kind = data?.kind ?? "flow";
  const severity = useEditorStore((s) => s.problemsByElement[id]);
  const overlay = useElementOverlay(id);
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10, offset: kind === "transition" ? 24 : 16 });
  const parts: string[] = [];
  if (kind === "failure") parts.push("✕ failed");
  if (data?.condition) parts.push(`[${data.condition}]`);
  if (kind === "transition" && data?.order) parts.push(`#${data.order}`);
  const fired = overlay?.order?.length ? overlay.order : undefined;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={`url(#fs-arrow-${kind})`}
        className={`fs-edge fs-edge-${kind} ${selected ? "is-selected" : ""} ${severity ? `has-${severity}` : ""} ${data?.mark ? `mark-${data.mark}` : ""} ${overlay?.className ?? ""}`}
        interactionWidth={14}
      />
      {parts.length > 0 && (
        <EdgeLabel>
          <div className={`fs-edge-label label-${kind} ${data?.mark ? `mark-${data.mark}` : ""}`} style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {parts.join(" ")}
          </div>
        </EdgeLabel>
      )}
      {fired && (
        <EdgeLabel>
          <div className="ov-edge-order" data-testid={`fired-${id}`} title={overlay?.title} style={{ transform: `translate(-50%, -50%) translate(${(sourceX + labelX) / 2}px, ${(sourceY + labelY) / 2}px)` }}>
            {fired.join(", ")}
          </div>
        </EdgeLabel>
      )}
    </>
  );
});
