import { nodeKinds } from "../schema/nodeKinds";
import type { ProcessModel } from "../schema/Process";
import type { ConnectKind } from "./ConnectKind";

/** Answer of `canConnect`: allowed, or refused with a reason to show the user. */
export type ConnectCheck = { ok: true } | { ok: false; reason: string };

/**
 * May a connection of `kind` go from `from` to `to`? The rules (kept apart from `connect`, which
 * enforces them): lines join two nodes of the same state, never a node to itself, never leave a
 * finalizer, never enter a migration action; failure flows leave actions only; a transition goes
 * from an action to a state; no duplicate of the same kind between the same endpoints (a failure
 * flow and a flow are different kinds here). A `flow` also accepts `on: "failed"` through `connect`'s
 * options, checked as `failure`.
 */
export function canConnect(model: ProcessModel, kind: ConnectKind, from: string, to: string): ConnectCheck {
  const source = model.nodes.find((n) => n.id === from);
  if (!source) return { ok: false, reason: "connections start at an action or a control node" };
  if (kind === "transition") {
    if (source.kind !== "action") return { ok: false, reason: "only actions have transitions" };
    if (!model.states.some((s) => s.id === to)) return { ok: false, reason: "a transition ends at a state" };
    if (model.transitions.some((t) => t.from === from && t.to === to))
      return { ok: false, reason: "this transition exists already" };
    return { ok: true };
  }
  const target = model.nodes.find((n) => n.id === to);
  if (!target) {
    const state = model.states.some((s) => s.id === to);
    return {
      ok: false,
      reason: state
        ? "lines end at a node; use a transition to go to a state"
        : "a line ends at an action or a control node",
    };
  }
  if (from === to) return { ok: false, reason: "a line cannot start and end at the same node" };
  if (source.stateId !== target.stateId)
    return { ok: false, reason: "lines stay inside one state; use a transition to move to another state" };
  if (!nodeKinds[source.kind].hasOutgoing) return { ok: false, reason: "nothing follows a finalizer" };
  if (kind === "failure" && source.kind !== "action")
    return { ok: false, reason: "only actions fail; control nodes have no failure flows" };
  if (target.kind === "action" && target.migration !== undefined)
    return { ok: false, reason: "a migration action has no incoming lines" };
  const lineKind = kind === "failure" ? "flow" : kind;
  const on = kind === "failure" ? "failed" : "completed";
  const duplicate = model.lines.some(
    (l) => l.from === from && l.to === to && l.kind === lineKind && (l.kind !== "flow" || l.on === on),
  );
  if (duplicate) return { ok: false, reason: "this line exists already" };
  return { ok: true };
}
