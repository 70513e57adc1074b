import { useEffect } from "react";
import type { EditorStore } from "../store/createEditorStore";
import { shortcutFor } from "./shortcutFor";

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Binds the editor's keyboard shortcuts while the editor is mounted. Keys typed into form fields
 * stay there (except Escape, which still cancels a gesture). `onFind` focuses the find box.
 */
export function useEditorShortcuts(store: EditorStore, onFind: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      if (isTyping(event.target) && shortcut.command !== "cancel") return;
      if (event.target instanceof HTMLElement && event.target.closest("[role=dialog]")) return;
      const s = store.getState();
      switch (shortcut.command) {
        case "delete":
          s.deleteSelection();
          break;
        case "undo":
          s.undo();
          break;
        case "redo":
          s.redo();
          break;
        case "copy":
          if (!s.copy()) return;
          break;
        case "cut":
          if (!s.cut()) return;
          break;
        case "paste":
          s.paste();
          break;
        case "selectAll":
          s.selectAll();
          break;
        case "cancel":
          if (!s.gesture && !s.connecting && !s.place) {
            if (isTyping(event.target)) return;
            s.clearSelection();
          } else s.cancelGesture();
          break;
        case "find":
          onFind();
          break;
        case "fitAll":
        case "fitSelection":
        case "zoomToState":
          return; // the canvas's view shortcuts (useViewShortcuts)
        case "nudge":
          if (s.selection.length === 0) return;
          s.nudge(shortcut.dx, shortcut.dy);
          break;
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store, onFind]);
}
