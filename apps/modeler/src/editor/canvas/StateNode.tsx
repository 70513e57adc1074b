import { memo, useContext } from "react";
import { Handle, NodeResizer, Position } from "@xyflow/react";
import type { NodeProps } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { CollapseContext } from "../view/DiagramView";
import { COLLAPSED_OUT } from "./toFlowElements";
import type { StateFlowNode } from "./toFlowElements";
import { useNodeStatus } from "./useNodeStatus";

/**
 * A state: a resizable box with a title bar (its title as the scene cuts it, the whole name on
 * hover) and a collapse toggle; its actions and control nodes are child nodes. Collapsed, it is
 * its title bar only and lends its transitions a source handle.
 */
export const StateNode = memo(function StateNode({ id, data, selected }: NodeProps<StateFlowNode>) {
  const s = data.state;
  const status = useNodeStatus(id);
  const readOnly = useEditorStore((st) => st.readOnly);
  const store = useEditorStoreApi();
  const { toggle } = useContext(CollapseContext);
  const collapsed = data.collapsed;
  return (
    <div
      className={`fs-state ${s.initial ? "is-initial" : ""} ${collapsed ? "is-collapsed" : ""} ${status.className} ${data.mark ? `mark-${data.mark}` : ""} ${selected ? "is-selected" : ""}`}
      data-testid={`state-${s.name}`}
    >
      <NodeResizer
        isVisible={selected && !readOnly && !collapsed}
        minWidth={160}
        minHeight={100}
        lineClassName="fs-resize-line"
        handleClassName="fs-resize-handle"
        onResizeStart={() => store.getState().beginGesture("Resize")}
        onResizeEnd={() => store.getState().commitGesture()}
      />
      <Handle
        type="target"
        position={Position.Left}
        id="in"
        className="handle-state-in"
        isConnectableStart={false}
      />
      {collapsed && (
        <Handle
          type="source"
          position={Position.Right}
          id={COLLAPSED_OUT}
          className="handle-collapsed-out"
          isConnectable={false}
        />
      )}
      <div className="fs-state-head">
        <button
          type="button"
          className="fs-collapse nodrag"
          aria-label={collapsed ? `Expand ${s.name}` : `Collapse ${s.name}`}
          aria-expanded={!collapsed}
          title={collapsed ? "Expand state" : "Collapse state"}
          onClick={(event) => {
            event.stopPropagation();
            toggle(id);
          }}
        >
          {collapsed ? "▸" : "▾"}
        </button>
        {s.initial && (
          <span className="fs-initial" title="Initial state" aria-label="initial state">
            ▶
          </span>
        )}
        <span className="fs-state-name" title={s.name}>
          {data.title}
        </span>
        {status.marker}
      </div>
    </div>
  );
});
