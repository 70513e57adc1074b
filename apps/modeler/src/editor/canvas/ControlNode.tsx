import { memo } from "react";
import type { CSSProperties } from "react";
import type { NodeProps } from "@xyflow/react";
import { NameLines } from "./NameLines";
import { InHandle, OutHandle } from "./NodeHandles";
import type { ControlFlowNode } from "./toFlowElements";
import { useNodeStatus } from "./useNodeStatus";

/** `and` (diamond with +), `or` (diamond with ○), `finalizer` (thick circle; red when it fails the instance). */
export const ControlNode = memo(function ControlNode({ id, data, selected }: NodeProps<ControlFlowNode>) {
  const c = data.control;
  const status = useNodeStatus(id);
  const failed = c.kind === "finalizer" && c.outcome === "failed";
  const compensates = c.kind === "finalizer" && c.compensate;
  return (
    <div
      className={`fs-node fs-control kind-${c.kind} ${failed ? "outcome-failed" : ""} ${status.className} ${data.mark ? `mark-${data.mark}` : ""} ${selected ? "is-selected" : ""}`}
      data-testid={`node-${c.name}`}
      title={c.name}
    >
      <InHandle />
      <svg viewBox="0 0 48 48" className="fs-control-shape" aria-hidden="true">
        {c.kind === "finalizer" ? (
          <circle cx="24" cy="24" r="19" />
        ) : (
          <>
            <path d="M24 3 45 24 24 45 3 24Z" />
            {c.kind === "and" ? (
              <path d="M24 14v20M14 24h20" className="glyph" />
            ) : (
              <circle cx="24" cy="24" r="8" className="glyph" />
            )}
          </>
        )}
        {compensates && <path d="M17 27a7 7 0 1 0 2-8m-2-3v4h4" className="glyph" />}
      </svg>
      <span
        className="fs-control-label"
        style={data.nameWidth ? ({ "--name-width": `${data.nameWidth}px` } as CSSProperties) : undefined}
      >
        <NameLines lines={data.nameLines} />
      </span>
      {status.marker}
      {c.kind !== "finalizer" && <OutHandle name={c.name} />}
    </div>
  );
});
