import { useEffect } from "react";
import type { EditorStore } from "../store/createEditorStore";
import { isDirty } from "../store/createEditorStore";
import { saveDraftNow } from "./saveDraftNow";

const DEBOUNCE_MS = 800;

/**
 * Saves a draft a moment after the last change (never mid-gesture, never over a conflict; one
 * request at a time). Also warns before leaving the page with unsaved changes.
 */
export function useAutosave(store: EditorStore, versionId: string, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const flush = async () => {
      const s = store.getState();
      if (inFlight || s.gesture || s.save.status === "conflict" || !isDirty(s)) return;
      inFlight = true;
      const ok = await saveDraftNow(store, versionId);
      inFlight = false;
      if (ok && isDirty(store.getState())) schedule();
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), DEBOUNCE_MS);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.changeCount !== prev.changeCount || (prev.gesture && !s.gesture)) schedule();
    });
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (isDirty(store.getState())) event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [store, versionId, enabled]);
}
