/**
 * Legality of a connection gesture (rules, kept apart from the edits). Stand-in for
 * `canConnect(model, kind, from, to)` of `@flowstate/model` until it is exported; a failure flow is
 * a flow whose source must be an action.
 */
import type { ProcessModel } from "@flowstate/model";
import type { ConnectKind } from "./ConnectKind";

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

export function canConnectKind(model: ProcessModel, kind: ConnectKind, from: string, to: string): ConnectCheck {
  const source = model.nodes.find((n) => n.id === from);
  if (!source) return { ok: false, reason: "lines start at an action or control node" };
  if (kind === "transition") {
    if (source.kind !== "action") return { ok: false, reason: "only actions have transitions" };
    if (!model.states.some((s) => s.id === to)) return { ok: false, reason: "a transition ends at a state" };
    if (model.transitions.some((t) => t.from === from && t.to === to)) return { ok: false, reason: "this transition exists already" };
    return { ok: true };
  }
  const target = model.nodes.find((n) => n.id === to);
  if (!target) return { ok: false, reason: "a line ends at an action or control node; drop on a state box for a transition" };
  if (from === to) return { ok: false, reason: "a line cannot start and end at the same node" };
  if (source.stateId !== target.stateId) return { ok: false, reason: "lines stay inside one state; use a transition" };
  if (source.kind === "finalizer") return { ok: false, reason: "nothing follows a finalizer" };
  if (kind === "failure" && source.kind !== "action") return { ok: false, reason: "only actions fail" };
  if (target.kind === "action" && target.migration && (kind === "flow" || kind === "failure")) {
    return { ok: false, reason: "a migration action has no incoming lines" };
  }
  const lineKind = kind === "failure" ? "flow" : kind;
  const on = kind === "failure" ? "failed" : "completed";
  const duplicate = model.lines.some(
    (l) => l.from === from && l.to === to && l.kind === lineKind && (l.kind !== "flow" || l.on === on),
  );
  if (duplicate) return { ok: false, reason: "this line exists already" };
  return { ok: true };
}
