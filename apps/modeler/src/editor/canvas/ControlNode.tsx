import { memo } from "react";
import type { CSSProperties } from "react";
import type { NodeProps } from "@xyflow/react";
import { ControlShape } from "../notation/ControlShape";
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
        <ControlShape kind={c.kind} compensates={compensates} />
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
