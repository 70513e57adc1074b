import type { ProcessModel } from "@flowstate/model";
import { indexModel } from "./indexModel";

/**
 * The manual actions that a new instance offers right after starting (roots of the initial state,
 * not migration-only), with their codes: a `signal` whose code is one of these and that matches no
 * running instance may start a new instance (semantics §4, the runtime's correlation). Model order.
 */
export function startActions(model: ProcessModel): { nodeId: string; code?: string }[] {
  const ix = indexModel(model);
  if (ix.initialStateId === undefined) return [];
  return (ix.stateActions.get(ix.initialStateId) ?? [])
    .filter((n) => n.action?.mode === "manual" && n.incoming.length === 0 && !n.migration)
    .map((n) => (n.action?.code !== undefined ? { nodeId: n.id, code: n.action.code } : { nodeId: n.id }));
}
