import { useEffect, useState } from "react";
import { ReactFlowProvider, useNodesInitialized, useReactFlow } from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { createEditorStore } from "../editor/store/createEditorStore";
import { EditorStoreProvider } from "../editor/store/EditorStoreProvider";
import { memoryClipboard } from "../editor/store/ClipboardStore";
import { createEditContext } from "../editor/model/EditContext";
import { EditorCanvas } from "../editor/canvas/EditorCanvas";
import type { DiffMark } from "../editor/canvas/toFlowElements";

/**
 * One version on the modeler's read-only canvas, with marks; clicking a state (or a node inside
 * it) reports that state, so a mapping can be drawn by picking a source state, then a target.
 */
export function VersionCanvas({ model, marks, label, focus = [], onPickState }: { model: ProcessModel; marks: Readonly<Record<string, DiffMark>>; label: string; focus?: readonly string[]; onPickState?: (stateId: string) => void }) {
  const [store] = useState(() => createEditorStore(model, { ctx: createEditContext(), clipboard: memoryClipboard(), validate: () => [] }, { readOnly: true }));
  useEffect(() => {
    if (!onPickState) return undefined;
    return store.subscribe((s, prev) => {
      if (s.selection === prev.selection || s.selection.length !== 1) return;
      const id = s.selection[0]!;
      const stateId = s.model.states.some((st) => st.id === id) ? id : s.model.nodes.find((n) => n.id === id)?.stateId;
      if (stateId) onPickState(stateId);
    });
  }, [store, onPickState]);
  return (
    <section className="canvas-box" aria-label={label}>
      <ReactFlowProvider>
        <EditorStoreProvider store={store}>
          <div className="editor-center">
            <EditorCanvas marks={marks} compact />
          </div>
          <ZoomTo ids={focus} />
        </EditorStoreProvider>
      </ReactFlowProvider>
    </section>
  );
}

/** Once the diagram is laid out, zooms to the given states (without selecting them: a selection is a pick). */
function ZoomTo({ ids }: { ids: readonly string[] }) {
  const flow = useReactFlow();
  const ready = useNodesInitialized();
  const key = ids.join(",");
  useEffect(() => {
    if (!ready || key === "") return undefined;
    const timer = setTimeout(() => void flow.fitView({ nodes: key.split(",").map((id) => ({ id })), padding: 0.15, maxZoom: 1 }), 50);
    return () => clearTimeout(timer);
  }, [ready, key, flow]);
  return null;
}
