import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { removeElements } from "./removeElements";

/** Removes a node with its lines, its transitions and their diagram entries (one undo step). */
export function removeNode(model: ProcessModel, nodeId: string): EditResult {
  if (!model.nodes.some((n) => n.id === nodeId)) throw new EditError("not-found", `no node "${nodeId}"`);
  return removeElements(model, [nodeId]);
}
