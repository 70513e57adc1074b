import { createContext } from "react";
import type { EditorStore } from "./EditorState";

/** The store of the editor instance around a component (set by `EditorStoreProvider`). */
export const EditorStoreContext = createContext<EditorStore | null>(null);
