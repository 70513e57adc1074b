import type { Bounds } from "../schema/Diagram";
import type { ProcessModel } from "../schema/Process";
import type { State } from "../schema/State";
import { EditError } from "./EditContext";
import type { EditContext, EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Adds a state box at `bounds`. The first state of a model becomes the initial one (or pass
 * `initial`). The id comes from `ctx.newId("state")` unless given; the ref is `r.` + id.
 */
export function addState(
  model: ProcessModel,
  ctx: EditContext,
  args: { name: string; bounds: Bounds; id?: string; description?: string; initial?: boolean },
): EditResult & { id: string } {
  const id = args.id ?? ctx.newId("state");
  if (model.states.some((s) => s.id === id) || model.nodes.some((n) => n.id === id))
    throw new EditError("invalid-change", `id "${id}" is taken`);
  const initial = args.initial ?? model.states.length === 0;
  const state: State = {
    id,
    ref: `r.${id}`,
    name: args.name,
    ...(initial ? { initial: true } : {}),
    ...(args.description === undefined ? {} : { description: args.description }),
  };
  const result = produceEdit(model, (draft) => {
    draft.states.push(state);
    draft.diagram.states[id] = { ...args.bounds };
  });
  return { ...result, id };
}
