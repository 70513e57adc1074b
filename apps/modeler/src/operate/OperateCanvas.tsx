import { useEffect, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { createEditorStore } from "../editor/store/createEditorStore";
import { EditorStoreProvider } from "../editor/store/EditorStoreProvider";
import { memoryClipboard } from "../editor/store/ClipboardStore";
import { createEditContext } from "../editor/model/EditContext";
import { EditorCanvas } from "../editor/canvas/EditorCanvas";
import { CanvasOverlayContext, createCanvasOverlayStore } from "../editor/canvas/CanvasOverlayContext";
import type { ElementOverlay } from "../editor/canvas/ElementOverlay";
import { FocusOnElements } from "./FocusOnElements.tsx";

/**
 * A version's diagram, read-only, with an operate overlay on top (the editor's own canvas and
 * memoized nodes; each element reads only its overlay entry). Reports the selected element.
 */
export function OperateCanvas({
  model,
  overlay,
  onPerform,
  onSelect,
  focus = [],
}: {
  model: ProcessModel;
  overlay: Readonly<Record<string, ElementOverlay>>;
  onPerform?: (nodeId: string) => void;
  onSelect?: (elementId: string | null) => void;
  /** Elements to zoom to (e.g. the current state); the whole diagram when empty. */
  focus?: readonly string[];
}) {
  const [store] = useState(() =>
    createEditorStore(
      model,
      { ctx: createEditContext(), clipboard: memoryClipboard(), validate: () => [] },
      { readOnly: true },
    ),
  );
  const [overlayStore] = useState(() =>
    createCanvasOverlayStore({ byElement: overlay, onPerform: onPerform ?? null }),
  );
  useEffect(() => {
    overlayStore.setState({ byElement: overlay, onPerform: onPerform ?? null });
  }, [overlayStore, overlay, onPerform]);
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.selection !== prev.selection) onSelect?.(s.selection[0] ?? null);
      }),
    [store, onSelect],
  );
  return (
    <ReactFlowProvider>
      <EditorStoreProvider store={store}>
        <CanvasOverlayContext.Provider value={overlayStore}>
          <EditorCanvas />
          <FocusOnElements ids={focus} />
        </CanvasOverlayContext.Provider>
      </EditorStoreProvider>
    </ReactFlowProvider>
  );
}
