import type { Bounds } from "../schema/Diagram";
import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Sets a state box's bounds (move and/or resize); layout only. Nodes keep their own boxes. */
export function resizeState(model: ProcessModel, stateId: string, bounds: Bounds): EditResult {
  if (!model.states.some((s) => s.id === stateId)) throw new EditError("not-found", `no state "${stateId}"`);
  return produceEdit(model, (draft) => {
    draft.diagram.states[stateId] = { ...bounds };
  });
}
