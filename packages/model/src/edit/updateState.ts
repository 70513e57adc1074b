import type { ProcessModel } from "../schema/Process";
import { StateSchema } from "../schema/State";
import { assignChanges, withChanges } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Changes a state's name or description (`undefined` removes the description). Use `setInitialState` to move the initial flag. */
export function updateState(
  model: ProcessModel,
  stateId: string,
  changes: { name?: string; description?: string | undefined },
): EditResult {
  const state = model.states.find((s) => s.id === stateId);
  if (!state) throw new EditError("not-found", `no state "${stateId}"`);
  const parsed = StateSchema.safeParse(withChanges(state, { ...changes }));
  if (!parsed.success)
    throw new EditError("invalid-change", parsed.error.issues.map((i) => i.message).join("; "));
  return produceEdit(model, (draft) => {
    const target = draft.states.find((s) => s.id === stateId);
    if (target) assignChanges(target as Record<string, unknown>, parsed.data as Record<string, unknown>);
  });
}
