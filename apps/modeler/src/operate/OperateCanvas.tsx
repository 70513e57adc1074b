import { useCallback, useEffect, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { EditorStoreProvider } from "../editor/store/EditorStoreProvider";
import { useReadOnlyStore } from "../editor/store/useReadOnlyStore";
import { EditorCanvas } from "../editor/canvas/EditorCanvas";
import { CanvasOverlayContext, createCanvasOverlayStore } from "../editor/canvas/CanvasOverlayContext";
import type { ElementOverlay } from "../editor/canvas/ElementOverlay";
import { FocusOnElements } from "./FocusOnElements.tsx";
import { DiagramViewProvider } from "../editor/view/DiagramView";
import { ExportMenu } from "../editor/toolbar/ExportMenu";
import { sceneOverlayOf } from "./sceneOverlay";

/**
 * A version's diagram, read-only, with an operate overlay on top (the editor's own canvas and
 * memoized nodes; each element reads only its overlay entry). Reports the selected element.
 * With `exportAs`, an Export menu draws the scene with the overlay's marks (SVG, PNG).
 */
export function OperateCanvas({
  model,
  overlay,
  onPerform,
  onSelect,
  focus = [],
  exportAs,
}: {
  model: ProcessModel;
  overlay: Readonly<Record<string, ElementOverlay>>;
  onPerform?: (nodeId: string) => void;
  onSelect?: (elementId: string | null) => void;
  /** Elements to zoom to (e.g. the current state); the whole diagram when empty. */
  focus?: readonly string[];
  /** File name (without extension) and caption of the exported drawing. */
  exportAs?: { fileBase: string; caption: string };
}) {
  const store = useReadOnlyStore(model);
  // A new model (play following the edited draft) is loaded into the same canvas: the view stays.
  useEffect(() => {
    if (store.getState().model !== model) store.getState().load(model, 0);
  }, [store, model]);
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
  const caption = exportAs?.caption;
  const exportOverlay = useCallback(
    () => sceneOverlayOf(overlayStore.getState().byElement, caption),
    [overlayStore, caption],
  );
  return (
    <ReactFlowProvider>
      <EditorStoreProvider store={store}>
        <CanvasOverlayContext.Provider value={overlayStore}>
          <DiagramViewProvider processKey={model.key}>
            <EditorCanvas />
            {exportAs && (
              <div className="operate-export">
                <ExportMenu fileBase={exportAs.fileBase} overlay={exportOverlay} json={false} />
              </div>
            )}
          </DiagramViewProvider>
          <FocusOnElements ids={focus} />
        </CanvasOverlayContext.Provider>
      </EditorStoreProvider>
    </ReactFlowProvider>
  );
}
