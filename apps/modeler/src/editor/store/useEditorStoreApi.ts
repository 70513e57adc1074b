import { useContext } from "react";
import { EditorStoreContext } from "./EditorStoreContext";
import type { EditorStore } from "./EditorState";

/** The store itself, for event handlers that read the latest state without subscribing. */
export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditorStoreApi outside EditorStoreProvider");
  return store;
}
