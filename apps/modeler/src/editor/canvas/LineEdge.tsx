import { memo } from "react";
import { BaseEdge, getSmoothStepPath } from "@xyflow/react";
import type { EdgeProps } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";
import type { LineFlowEdge } from "./toFlowElements";
import { EdgeLabel } from "./EdgeLabelLayer";

/** A line or transition, styled by kind; conditions (and a failure mark) as labels. */
export const LineEdge = memo(function LineEdge(props: EdgeProps<LineFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const kind = data?.kind ?? "flow";
  const severity = useEditorStore((s) => s.problemsByElement[id]);
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10, offset: kind === "transition" ? 24 : 16 });
  const parts: string[] = [];
  if (kind === "failure") parts.push("✕ failed");
  if (data?.condition) parts.push(`[${data.condition}]`);
  if (kind === "transition" && data?.order) parts.push(`#${data.order}`);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={`url(#fs-arrow-${kind})`}
        className={`fs-edge fs-edge-${kind} ${selected ? "is-selected" : ""} ${severity ? `has-${severity}` : ""} ${data?.mark ? `mark-${data.mark}` : ""}`}
        interactionWidth={14}
      />
      {parts.length > 0 && (
        <EdgeLabel>
          <div className={`fs-edge-label label-${kind} ${data?.mark ? `mark-${data.mark}` : ""}`} style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {parts.join(" ")}
          </div>
        </EdgeLabel>
      )}
    </>
  );
});
