import type { ProcessModel } from "../schema/Process";
import { TransitionSchema } from "../schema/Transition";
import { changeElement } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";

/** Changes a transition's condition (`undefined` removes it) or order. */
export function updateTransition(
  model: ProcessModel,
  transitionId: string,
  changes: { condition?: string | undefined; order?: number },
): EditResult {
  const transition = model.transitions.find((t) => t.id === transitionId);
  if (!transition) throw new EditError("not-found", `no transition "${transitionId}"`);
  return changeElement(model, "transitions", transition, TransitionSchema, { ...changes });
}
