/** Undo and redo (contract: `HistoryEntry.ts`). */
import { applyPatches } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { lookup } from "./EditorCore";
import type { CommandGroup } from "./EditorCore";

function existingIds(model: ProcessModel, ids: readonly string[]): string[] {
  const all = new Set<string>(
    [...model.states, ...model.nodes, ...model.lines, ...model.transitions].map((e) => e.id),
  );
  return ids.filter((id) => all.has(id));
}

export const historyCommands: CommandGroup<"undo" | "redo"> = ({ set, get, withModel }) => {
  return {
    undo() {
      const s = get();
      if (s.readOnly || s.gesture) return;
      const entry = s.past.at(-1);
      if (!entry) return;
      const model = applyPatches(s.model, entry.inverse);
      const selection = existingIds(model, entry.selectionBefore);
      set({
        ...withModel(model),
        past: s.past.slice(0, -1),
        future: [entry, ...s.future],
        changeCount: s.changeCount + 1,
        selection,
        selected: lookup(selection),
      });
    },

    redo() {
      const s = get();
      if (s.readOnly || s.gesture) return;
      const [entry, ...rest] = s.future;
      if (!entry) return;
      const model = applyPatches(s.model, entry.patches);
      const selection = existingIds(model, entry.selectionAfter);
      set({
        ...withModel(model),
        past: [...s.past, entry],
        future: rest,
        changeCount: s.changeCount + 1,
        selection,
        selected: lookup(selection),
      });
    },
  };
};
