/** Deleting and editing properties of elements, the process and its calendars. */
import { EditError } from "@flowstate/model";
import * as edits from "../model/modelEdits";
import type { CommandGroup } from "./EditorCore";

export const editCommands: CommandGroup<
  "deleteSelection" | "updateElement" | "updateProcess" | "addCalendar"
> = ({ get, deps, commit, refuse }) => {
  return {
    deleteSelection() {
      const { model, selection } = get();
      if (selection.length === 0) return;
      commit("Delete", edits.removeElements(model, selection), []);
    },

    updateElement(id, changes, label = "Edit properties") {
      try {
        commit(label, edits.updateElement(get().model, id, changes));
      } catch (error) {
        if (!(error instanceof EditError)) throw error;
        refuse(error.message);
      }
    },

    updateProcess(changes) {
      commit("Edit process", edits.updateProcess(get().model, changes));
    },

    addCalendar(name) {
      if (get().readOnly) return undefined;
      const r = edits.addCalendar(get().model, deps.ctx, { name });
      commit("Add calendar", r);
      return r.id;
    },
  };
};
