import { memo } from "react";
import { Handle, NodeResizer, Position } from "@xyflow/react";
import type { NodeProps } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import type { StateFlowNode } from "./toFlowElements";
import { useNodeStatus } from "./useNodeStatus";

/** A state: a resizable box with a title bar; its actions and control nodes are child nodes. */
export const StateNode = memo(function StateNode({ id, data, selected }: NodeProps<StateFlowNode>) {
  const s = data.state;
  const status = useNodeStatus(id);
  const readOnly = useEditorStore((st) => st.readOnly);
  const store = useEditorStoreApi();
  return (
    <div className={`fs-state ${s.initial ? "is-initial" : ""} ${status.className} ${data.mark ? `mark-${data.mark}` : ""} ${selected ? "is-selected" : ""}`} data-testid={`state-${s.name}`}>
      <NodeResizer
        isVisible={selected && !readOnly}
        minWidth={160}
        minHeight={100}
        lineClassName="fs-resize-line"
        handleClassName="fs-resize-handle"
        onResizeStart={() => store.getState().beginGesture("Resize")}
        onResizeEnd={() => store.getState().commitGesture()}
      />
      <Handle type="target" position={Position.Left} id="in" className="handle-state-in" isConnectableStart={false} />
      <div className="fs-state-head">
        {s.initial && (
          <span className="fs-initial" title="Initial state" aria-label="initial state">
            ▶
          </span>
        )}
        <span className="fs-state-name">{s.name}</span>
        {status.marker}
      </div>
    </div>
  );
});
