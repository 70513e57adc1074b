import { Handle, Position } from "@xyflow/react";
import { OUT_HANDLE } from "./toFlowElements";

/** A node's "in" handle: the drop target over its whole box (first child, under the content). */
export function InHandle() {
  return (
    <Handle type="target" position={Position.Left} id="in" className="handle-in" isConnectableStart={false} />
  );
}

/** A node's "out" handle: the dot on its right edge that starts a line (last child, above the content). */
export function OutHandle({ name }: { name: string }) {
  return (
    <Handle
      type="source"
      position={Position.Right}
      id="out"
      className="handle-out nokey"
      style={{ width: OUT_HANDLE.size, height: OUT_HANDLE.size, right: OUT_HANDLE.right }}
      aria-label={`Connect from ${name}`}
    />
  );
}
