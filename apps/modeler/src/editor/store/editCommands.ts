/** Deleting and editing properties of elements, the process and its calendars. */
import { EditError } from "@flowstate/model";
import * as edits from "../model/modelEdits";
import type { CommandGroup } from "./EditorCore";

export const editCommands: CommandGroup<
  "deleteSelection" | "updateElement" | "updateProcess" | "addCalendar"
> = ({ get, deps, commit, refuse }) => {
  /** Commits an edit; one the model package refuses (`EditError`) becomes a notice instead. */
  const attempt = (label: string, edit: () => Parameters<typeof commit>[1]) => {
    try {
      commit(label, edit());
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      refuse(error.message);
    }
  };

  return {
    deleteSelection() {
      const { model, selection } = get();
      if (selection.length === 0) return;
      commit("Delete", edits.removeElements(model, selection), []);
    },

    updateElement(id, changes, label = "Edit properties") {
      attempt(label, () => edits.updateElement(get().model, id, changes));
    },

    updateProcess(changes) {
      attempt("Edit process", () => edits.updateProcess(get().model, changes));
    },

    addCalendar(name) {
      if (get().readOnly) return undefined;
      const r = edits.addCalendar(get().model, deps.ctx, { name });
      commit("Add calendar", r);
      return r.id;
    },
  };
};
