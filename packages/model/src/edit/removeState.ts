import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { removeElements } from "./removeElements";

/** Removes a state with its nodes, their lines, the transitions into and out of it, and their diagram entries (one undo step). */
export function removeState(model: ProcessModel, stateId: string): EditResult {
  if (!model.states.some((s) => s.id === stateId)) throw new EditError("not-found", `no state "${stateId}"`);
  return removeElements(model, [stateId]);
}
