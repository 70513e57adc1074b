import type { Bounds } from "../schema/Diagram";
import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Sets a node's box (position and size, absolute coordinates); layout only, the meaning is
 * unchanged. Auto-layout sizes actions to their names; a box without a positive size is refused.
 */
export function resizeNode(model: ProcessModel, nodeId: string, bounds: Bounds): EditResult {
  if (!model.nodes.some((n) => n.id === nodeId)) throw new EditError("not-found", `no node "${nodeId}"`);
  if (!(bounds.width > 0 && bounds.height > 0))
    throw new EditError("invalid-change", "a node's box needs a positive width and height");
  return produceEdit(model, (draft) => {
    draft.diagram.nodes[nodeId] = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
  });
}
