import type { ProcessModel } from "../schema/Process";
import { TransitionSchema } from "../schema/Transition";
import { assignChanges, withChanges } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Changes a transition's condition (`undefined` removes it) or order. */
export function updateTransition(
  model: ProcessModel,
  transitionId: string,
  changes: { condition?: string | undefined; order?: number },
): EditResult {
  const transition = model.transitions.find((t) => t.id === transitionId);
  if (!transition) throw new EditError("not-found", `no transition "${transitionId}"`);
  const parsed = TransitionSchema.safeParse(withChanges(transition, { ...changes }));
  if (!parsed.success)
    throw new EditError("invalid-change", parsed.error.issues.map((i) => i.message).join("; "));
  return produceEdit(model, (draft) => {
    const target = draft.transitions.find((t) => t.id === transitionId);
    if (target) assignChanges(target as Record<string, unknown>, parsed.data as Record<string, unknown>);
  });
}
