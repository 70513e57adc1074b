import { useEffect } from "react";
import type { EditorStore } from "../store/createEditorStore";
import { connectKindFromModifiers } from "../canvas/connectKindFromModifiers";
import type { LastPointer } from "../canvas/LastPointerContext";
import { shortcutFor } from "./shortcutFor";

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** A focused control that Enter activates itself (a button, a link, a menu item). */
function activatesOnEnter(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    target.closest("button, a, [role=menuitem], [role=menuitemradio]") !== null
  );
}

export interface ShortcutHandlers {
  /** Focuses the find box. */
  onFind: () => void;
  /** Opens the `?` sheet. */
  onHelp: () => void;
  /** Where Ctrl+V pastes. */
  pointer: LastPointer;
}

/**
 * Binds the editor's keyboard shortcuts (`shortcutTable`) while the editor is mounted. Keys typed
 * into form fields stay there (except Escape, which still cancels a gesture). The context pad's
 * letters act on the one selected element.
 */
export function useEditorShortcuts(store: EditorStore, { onFind, onHelp, pointer }: ShortcutHandlers): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      if (isTyping(event.target) && shortcut.command !== "cancel") return;
      if (event.target instanceof HTMLElement && event.target.closest("[role=dialog], [role=menu]")) return;
      const s = store.getState();
      const one = s.selection.length === 1 ? s.selection[0] : undefined;
      const needOne = () => {
        if (!s.readOnly) s.setNotice("Select one node or state first.");
      };
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
          s.paste(pointer.get() ?? undefined);
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
        case "help":
          onHelp();
          break;
        case "fitAll":
        case "fitSelection":
        case "zoomToState":
          return; // the canvas's view shortcuts (useViewShortcuts)
        case "nudge":
          if (s.selection.length === 0) return;
          s.nudge(shortcut.dx, shortcut.dy);
          break;
        case "append":
          if (s.readOnly) return;
          if (!one) return void needOne();
          s.append(one, shortcut.kind);
          break;
        case "connect":
          if (s.readOnly) return;
          if (!one) return void needOne();
          s.beginLink(
            one,
            connectKindFromModifiers(s.connectKind, {
              shiftKey: shortcut.modifier === "shift",
              altKey: shortcut.modifier === "alt",
              ctrlKey: false,
              metaKey: false,
            }),
          );
          break;
        case "changeKind":
          if (s.readOnly) return;
          if (!one) return void needOne();
          s.toggleKind(one);
          break;
        case "rename":
          if (s.readOnly || !one || activatesOnEnter(event.target)) return;
          s.beginRename(one);
          if (!store.getState().renaming) return;
          break;
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store, onFind, onHelp, pointer]);
}
