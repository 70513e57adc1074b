import { useContext, useState } from "react";
import { layoutDiagram } from "@flowstate/diagram";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { layoutBounds } from "./layoutBounds";
import { ViewActionsContext } from "../view/DiagramView";

/**
 * Runs auto-layout (`layoutDiagram` of @flowstate/diagram: the whole process, or one state's nodes)
 * as one undoable entry, then fits the view (Shift+1's fit: beside the minimap and legend).
 */
export function LayoutButton({
  stateId,
  className = "btn btn-small",
}: {
  stateId?: string;
  className?: string;
}) {
  const store = useEditorStoreApi();
  const view = useContext(ViewActionsContext);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const model = store.getState().model;
      const laidOut = await layoutDiagram(model);
      if (store.getState().model !== model) return; // edited meanwhile: do not clobber
      const bounds = layoutBounds(model, laidOut, stateId);
      if (Object.keys(bounds).length === 0) return;
      store.getState().applyLayout(bounds, stateId ? "Auto-layout state" : "Auto-layout");
      // after the new scene has rendered
      if (!stateId) requestAnimationFrame(() => view.get()?.fitAll(300));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={className}
      onClick={() => void run()}
      disabled={busy}
      aria-label={stateId ? "Auto-layout this state" : "Auto-layout"}
    >
      {stateId ? "Auto-layout this state" : "Auto-layout"}
    </button>
  );
}
