import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";
import { updateNode } from "./updateNode";

/** What a node can be turned into in place: an action's mode, or the other parallel control node. */
export type NodeKindChange = "manual" | "automatic" | "and" | "or";

/**
 * Turns a node into a sibling kind, keeping its id, ref, name, state, lines and layout: an action
 * switches mode (manual ⇄ automatic; its other fields stay, lint tells what the new mode misses),
 * an `and` becomes an `or` and back. Anything else throws `EditError("invalid-change")`.
 */
export function changeNodeKind(model: ProcessModel, nodeId: string, to: NodeKindChange): EditResult {
  const index = model.nodes.findIndex((n) => n.id === nodeId);
  const node = model.nodes[index];
  if (!node) throw new EditError("not-found", `no node "${nodeId}"`);
  if (node.kind === "action") {
    if (to !== "manual" && to !== "automatic")
      throw new EditError("invalid-change", `an action cannot become "${to}"`);
    return updateNode(model, nodeId, { mode: to });
  }
  if ((node.kind === "and" || node.kind === "or") && (to === "and" || to === "or"))
    return produceEdit(model, (draft) => {
      const target = draft.nodes[index];
      if (target && target.kind !== "action" && target.kind !== "finalizer") target.kind = to;
    });
  throw new EditError("invalid-change", `a ${node.kind} cannot become "${to}"`);
}
