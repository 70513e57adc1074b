import { useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { layoutProcess, layoutState } from "./layoutWithElk";

/** Runs auto-layout (the whole process, or one state) as one undoable entry, then fits the view. */
export function LayoutButton({ stateId, className = "btn btn-small" }: { stateId?: string; className?: string }) {
  const store = useEditorStoreApi();
  const flow = useReactFlow();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const model = store.getState().model;
      const bounds = stateId ? await layoutState(model, stateId) : await layoutProcess(model);
      if (store.getState().model !== model) return; // edited meanwhile: do not clobber
      store.getState().applyLayout(bounds, stateId ? "Auto-layout state" : "Auto-layout");
      if (!stateId) requestAnimationFrame(() => void flow.fitView({ padding: 0.15, duration: 300 }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className={className} onClick={() => void run()} disabled={busy} aria-label={stateId ? "Auto-layout this state" : "Auto-layout"}>
      {stateId ? "Auto-layout this state" : "Auto-layout"}
    </button>
  );
}
