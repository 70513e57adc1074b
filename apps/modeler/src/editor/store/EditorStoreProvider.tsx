import type { ReactNode } from "react";
import { EditorStoreContext } from "./EditorStoreContext";
import type { EditorStore } from "./EditorState";

/** Makes one editor store available to the canvas and panels below it. */
export function EditorStoreProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}
