import type { Point } from "../schema/Diagram";
import { nodeKinds } from "../schema/nodeKinds";
import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Moves a node's box to `position` (top-left); layout only, the meaning is unchanged. */
export function moveNode(model: ProcessModel, nodeId: string, position: Point): EditResult {
  const node = model.nodes.find((n) => n.id === nodeId);
  if (!node) throw new EditError("not-found", `no node "${nodeId}"`);
  const size = model.diagram.nodes[nodeId] ?? nodeKinds[node.kind].size;
  return produceEdit(model, (draft) => {
    draft.diagram.nodes[nodeId] = { x: position.x, y: position.y, width: size.width, height: size.height };
  });
}
