import { useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import { generateModel } from "@flowstate/model";
import { createEditorStore } from "../editor/store/createEditorStore";
import { EditorStoreProvider } from "../editor/store/EditorStoreProvider";
import { memoryClipboard } from "../editor/store/ClipboardStore";
import { createEditContext } from "../editor/model/EditContext";
import { EditorCanvas } from "../editor/canvas/EditorCanvas";
import { StockCanvas } from "./StockCanvas";
import { BenchProbe } from "./BenchProbe";

/** Mounts either our editor canvas or a stock React Flow canvas on the same generated model. */
export function BenchApp({
  variant,
  states,
  nodesPerState,
}: {
  variant: "ours" | "stock";
  states: number;
  nodesPerState: number;
}) {
  const [model] = useState(() => generateModel({ states, nodesPerState }));
  const [store] = useState(() =>
    createEditorStore(model, { ctx: createEditContext(), clipboard: memoryClipboard(), validate: () => [] }),
  );
  return (
    <ReactFlowProvider>
      <div style={{ width: "100%", height: "100%", display: "flex" }}>
        {variant === "ours" ? (
          <EditorStoreProvider store={store}>
            <EditorCanvas />
          </EditorStoreProvider>
        ) : (
          <StockCanvas model={model} />
        )}
      </div>
      <BenchProbe model={model} />
    </ReactFlowProvider>
  );
}
