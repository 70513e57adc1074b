import { useCallback, useState } from "react";
import { applyNodeChanges, Background, ReactFlow } from "@xyflow/react";
import type { Edge, Node, NodeChange } from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { createFlowMapper } from "../editor/canvas/toFlowElements";

/** The baseline: React Flow's default nodes and edges, controlled the way its docs show. */
export function StockCanvas({ model }: { model: ProcessModel }) {
  const [nodes, setNodes] = useState<Node[]>(() =>
    createFlowMapper()({ model, selected: {} }).nodes.map((n) => ({
      id: n.id,
      position: n.position,
      width: n.width,
      height: n.height,
      ...(n.parentId ? { parentId: n.parentId, extent: "parent" as const } : {}),
      type: n.type === "state" ? "group" : "default",
      data: {
        label:
          "state" in n.data
            ? n.data.state.name
            : "action" in n.data
              ? n.data.action.name
              : n.data.control.name,
      },
    })),
  );
  const [edges] = useState<Edge[]>(() =>
    createFlowMapper()({ model, selected: {} }).edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
    })),
  );
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setNodes((nds) => applyNodeChanges(changes, nds)),
    [],
  );
  return (
    <div className="fs-canvas">
      <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} minZoom={0.05}>
        <Background />
      </ReactFlow>
    </div>
  );
}
