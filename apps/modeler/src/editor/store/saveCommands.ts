/** The model's life with the server: loading (never recorded), save state, read-only, notices. */
import type { CommandGroup } from "./EditorCore";
import type { EditorState } from "./EditorState";

export const saveCommands: CommandGroup<
  "load" | "setReadOnly" | "markSaving" | "markSaved" | "markConflict" | "markSaveError" | "setNotice"
> = ({ set, problemsOf }) => {
  return {
    load(model, revision) {
      set({
        model,
        ...problemsOf(model),
        revision,
        past: [],
        future: [],
        gesture: null,
        changeCount: 0,
        savedChangeCount: 0,
        selection: [],
        selected: {},
        save: { status: "idle" },
        connecting: null,
        pasteCount: 0,
      });
    },
    setReadOnly(readOnly) {
      set({ readOnly, place: null });
    },

    markSaving() {
      set({ save: { status: "saving" } });
    },
    markSaved(revision, changeCount) {
      set({ revision, savedChangeCount: changeCount, save: { status: "idle" } });
    },
    markConflict(currentRevision) {
      set({ save: { status: "conflict", currentRevision } });
    },
    markSaveError(message) {
      set({ save: { status: "error", message } });
    },
    setNotice(notice) {
      set({ notice });
    },
  };
};

/** True when there are edits the server has not seen. */
export function isDirty(s: Pick<EditorState, "changeCount" | "savedChangeCount">): boolean {
  return s.changeCount !== s.savedChangeCount;
}
