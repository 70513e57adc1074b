import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Renames a state, node or calendar. An empty name is refused (`EditError("invalid-change")`). */
export function renameElement(model: ProcessModel, id: string, name: string): EditResult {
  if (name.trim() === "") throw new EditError("invalid-change", "a name must not be empty");
  const where = model.states.some((s) => s.id === id)
    ? "states"
    : model.nodes.some((n) => n.id === id)
      ? "nodes"
      : model.calendars.some((c) => c.id === id)
        ? "calendars"
        : undefined;
  if (!where) throw new EditError("not-found", `no state, node or calendar "${id}"`);
  return produceEdit(model, (draft) => {
    for (const element of draft[where]) if (element.id === id) element.name = name;
  });
}
