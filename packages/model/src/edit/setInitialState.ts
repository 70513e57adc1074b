import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Makes `stateId` the only initial state (one gesture: the flag moves). */
export function setInitialState(model: ProcessModel, stateId: string): EditResult {
  if (!model.states.some((s) => s.id === stateId)) throw new EditError("not-found", `no state "${stateId}"`);
  return produceEdit(model, (draft) => {
    for (const state of draft.states) {
      if (state.id === stateId) state.initial = true;
      else if (state.initial !== undefined) delete state.initial;
    }
  });
}
