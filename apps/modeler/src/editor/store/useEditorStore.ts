import { useStore } from "zustand";
import type { EditorCommands, EditorState } from "./EditorState";
import { useEditorStoreApi } from "./useEditorStoreApi";

/** Subscribes to one slice of the editor store; re-renders only when that slice changes. */
export function useEditorStore<T>(selector: (state: EditorState & EditorCommands) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
