/** The selection, kept in order and as a lookup; unchanged selections keep their identity. */
import { lookup } from "./EditorCore";
import type { CommandGroup } from "./EditorCore";

export const selectionCommands: CommandGroup<"select" | "selectAll" | "clearSelection"> = ({ set, get }) => {
  return {
    select(ids, mode = "replace") {
      const s = get();
      let next: string[];
      if (mode === "replace") next = [...ids];
      else if (mode === "add") next = [...s.selection, ...ids.filter((id) => !s.selected[id])];
      else {
        const toggled = new Set(ids);
        next = [...s.selection.filter((id) => !toggled.has(id)), ...ids.filter((id) => !s.selected[id])];
      }
      if (next.length === s.selection.length && next.every((id, i) => id === s.selection[i])) return;
      set({ selection: next, selected: lookup(next) });
    },

    selectAll() {
      const { model } = get();
      const ids = [...model.states, ...model.nodes].map((e) => e.id);
      set({ selection: ids, selected: lookup(ids) });
    },

    clearSelection() {
      if (get().selection.length > 0) set({ selection: [], selected: {} });
    },
  };
};
