import { useEffect } from "react";
import { useReactFlow } from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { createFrameRecorder } from "./frameRecorder";

declare global {
  interface Window {
    __bench?: {
      nodes: number;
      edges: number;
      focus(nodeId: string): Promise<{ x: number; y: number }>;
      start(): void;
      stop(): number[];
    };
  }
}

/** What the benchmark drives from outside: graph size, centring a node, recording frames. */
export function BenchProbe({ model }: { model: ProcessModel }) {
  const flow = useReactFlow();
  useEffect(() => {
    const recorder = createFrameRecorder();
    window.__bench = {
      nodes: model.nodes.length + model.states.length,
      edges: model.lines.length + model.transitions.length,
      async focus(nodeId) {
        const box = model.diagram.nodes[nodeId];
        if (!box) throw new Error(`no node ${nodeId}`);
        await flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: 1 });
        await new Promise((r) => setTimeout(r, 200));
        const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
        const rect = el?.getBoundingClientRect();
        if (!rect) throw new Error(`node ${nodeId} is not rendered`);
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      },
      start: () => recorder.start(),
      stop: () => recorder.stop(),
    };
  }, [flow, model]);
  return null;
}
