import type { Node } from "../schema/Node";
import type { NodeKind } from "../schema/nodeKinds";

/**
 * A fresh node of `kind` with the schema's defaults written out (so it deep-equals what
 * `parseModel` would produce). Its ref is `r.` + id: new elements get a new ref.
 */
export function createNode(
  kind: NodeKind,
  id: string,
  stateId: string,
  name: string,
  mode: "manual" | "automatic" = "manual",
): Node {
  const base = { id, ref: `r.${id}`, stateId, name };
  switch (kind) {
    case "action":
      return { ...base, kind, mode, maxOccurs: 1, singleton: false, captures: [], strictness: "strict" };
    case "finalizer":
      return { ...base, kind, outcome: "succeeded", compensate: false };
    case "and":
      return { ...base, kind };
    case "or":
      return { ...base, kind };
  }
}
