import type { ProcessModel } from "../schema/Process";
import { StateSchema } from "../schema/State";
import { changeElement } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";

/** Changes a state's name or description (`undefined` removes the description). Use `setInitialState` to move the initial flag. */
export function updateState(
  model: ProcessModel,
  stateId: string,
  changes: { name?: string; description?: string | undefined },
): EditResult {
  const state = model.states.find((s) => s.id === stateId);
  if (!state) throw new EditError("not-found", `no state "${stateId}"`);
  return changeElement(model, "states", state, StateSchema, { ...changes });
}
