import type { Action } from "../schema/Action";
import type { AndNode, Finalizer, OrNode } from "../schema/ControlNode";
import { nodeKinds } from "../schema/nodeKinds";
import type { ProcessModel } from "../schema/Process";
import { changeElement } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";

type Changes<T> = { [K in Exclude<keyof T, "id" | "kind" | "stateId">]?: T[K] | undefined };

/** Property changes for a node: any field of its kind but `id`, `kind` and `stateId`; `undefined` removes a field. */
export type NodeChanges = Changes<Action> | Changes<AndNode> | Changes<OrNode> | Changes<Finalizer>;

/**
 * Changes a node's properties (partial). A field set to `undefined` is removed (a defaulted field
 * returns to its default). The result is checked against the kind's schema, so an edit never makes
 * the model schema-invalid: a wrong value, a field the kind does not have, or an attempt to change
 * `id`, `kind` or `stateId` throws `EditError("invalid-change")`. Lint problems (a missing handler, a
 * bad FEEL expression) are allowed: drafts are edited through invalid states.
 */
export function updateNode(model: ProcessModel, nodeId: string, changes: NodeChanges): EditResult {
  const node = model.nodes.find((n) => n.id === nodeId);
  if (!node) throw new EditError("not-found", `no node "${nodeId}"`);
  for (const key of ["id", "kind", "stateId"]) {
    if (key in changes)
      throw new EditError("invalid-change", `a node's ${key} cannot be changed by updateNode`);
  }
  return changeElement(
    model,
    "nodes",
    node,
    nodeKinds[node.kind].schema,
    changes,
    (i) => `${i.path.join(".") || node.kind}: ${i.message}`,
  );
}
