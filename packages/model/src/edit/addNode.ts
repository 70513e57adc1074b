import type { Bounds, Point } from "../schema/Diagram";
import { nodeKinds } from "../schema/nodeKinds";
import type { NodeKind } from "../schema/nodeKinds";
import type { ProcessModel } from "../schema/Process";
import { createNode } from "./createNode";
import { EditError } from "./EditContext";
import type { EditContext, EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Adds a node of `kind` to a state. Its box is `bounds`, or the kind's default size at `position`,
 * or (neither given) at the state box's top-left inner corner. The id comes from
 * `ctx.newId(kind)`. Throws `EditError("not-found")` when the state does not exist.
 */
export function addNode(
  model: ProcessModel,
  ctx: EditContext,
  args: {
    kind: NodeKind;
    stateId: string;
    name: string;
    mode?: "manual" | "automatic";
    position?: Point;
    bounds?: Bounds;
  },
): EditResult & { id: string } {
  if (!model.states.some((s) => s.id === args.stateId))
    throw new EditError("not-found", `no state "${args.stateId}"`);
  const id = ctx.newId(args.kind);
  const node = createNode(args.kind, id, args.stateId, args.name, args.mode);
  const size = nodeKinds[args.kind].size;
  const state = model.diagram.states[args.stateId];
  const at = args.position ?? (state ? { x: state.x + 40, y: state.y + 48 } : { x: 0, y: 0 });
  const bounds = args.bounds ?? { x: at.x, y: at.y, width: size.width, height: size.height };
  const result = produceEdit(model, (draft) => {
    draft.nodes.push(node);
    draft.diagram.nodes[id] = { ...bounds };
  });
  return { ...result, id };
}
