import { useEffect } from "react";
import { isTyping } from "../keyboard/useEditorShortcuts";
import { shortcutFor } from "../keyboard/shortcutFor";
import type { ViewActions } from "./useViewActions";

/** Binds the view shortcuts (Shift+1 fit all, Shift+2 fit selection, Shift+3 zoom to state) while the canvas is mounted. */
export function useViewShortcuts(actions: ViewActions, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut || isTyping(event.target)) return;
      if (event.target instanceof HTMLElement && event.target.closest("[role=dialog]")) return;
      if (shortcut.command === "fitAll") actions.fitAll();
      else if (shortcut.command === "fitSelection") actions.fitSelection();
      else if (shortcut.command === "zoomToState") actions.zoomToState();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [actions, enabled]);
}
