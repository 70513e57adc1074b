import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { removeElements } from "./removeElements";

/** Removes a line or a transition and its diagram entry. */
export function disconnect(model: ProcessModel, id: string): EditResult {
  if (!model.lines.some((l) => l.id === id) && !model.transitions.some((t) => t.id === id))
    throw new EditError("not-found", `no line or transition "${id}"`);
  return removeElements(model, [id]);
}
