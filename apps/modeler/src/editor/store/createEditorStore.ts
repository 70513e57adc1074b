/**
 * One store per editor instance (created by `EditorStoreProvider`). It holds the model, the
 * selection, the history, the tools and the save state. How changes are executed, recorded,
 * undone and merged per gesture: the command-stack contract in `HistoryEntry.ts`. No DOM here:
 * tests drive it in Node. The commands live in one module per group, composed here.
 */
import { createStore } from "zustand/vanilla";
import type { ProcessModel } from "@flowstate/model";
import { appendCommands } from "./appendCommands";
import { clipboardCommands } from "./clipboardCommands";
import { connectCommands } from "./connectCommands";
import { editCommands } from "./editCommands";
import { editorCore } from "./EditorCore";
import type { EditorCommands, EditorDeps, EditorState, EditorStore } from "./EditorState";
import { gestureCommands } from "./gestureCommands";
import { historyCommands } from "./historyCommands";
import { placeCommands } from "./placeCommands";
import { saveCommands } from "./saveCommands";
import { selectionCommands } from "./selectionCommands";
import { waypointCommands } from "./waypointCommands";

export type {
  AppendKind,
  EditorCommands,
  EditorDeps,
  EditorState,
  EditorStore,
  PlaceKind,
  SaveStatus,
} from "./EditorState";
export { isDirty } from "./saveCommands";

export function createEditorStore(
  initial: ProcessModel,
  deps: EditorDeps,
  options: { revision?: number; readOnly?: boolean } = {},
): EditorStore {
  return createStore<EditorState & EditorCommands>()((set, get) => {
    const core = editorCore(set, get, deps);
    return {
      model: initial,
      readOnly: options.readOnly ?? false,
      selection: [],
      selected: {},
      past: [],
      future: [],
      gesture: null,
      cancelled: false,
      changeCount: 0,
      savedChangeCount: 0,
      revision: options.revision ?? 0,
      save: { status: "idle" },
      connectKind: "flow",
      place: null,
      connecting: null,
      ...core.problemsOf(initial),
      notice: null,
      pasteCount: 0,
      renaming: null,
      linking: null,

      ...saveCommands(core),
      ...placeCommands(core),
      ...connectCommands(core),
      ...gestureCommands(core),
      ...editCommands(core),
      ...selectionCommands(core),
      ...clipboardCommands(core),
      ...historyCommands(core),
      ...waypointCommands(core),
      ...appendCommands(core),
    };
  });
}
