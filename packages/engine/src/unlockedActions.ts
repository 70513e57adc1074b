import type { ProcessModel } from "@flowstate/model";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import { armedAt, nodeGate } from "./nodeGate";

/** One action that may run now. */
export interface UnlockedAction {
  nodeId: string;
  ref: string;
  name: string;
  code?: string;
  mode: "manual" | "automatic";
  stateId: string;
  strictness: "strict" | "lax";
  role?: string;
  /** `seq` at which it was armed. */
  armedAt: number;
  /** Completions left for this arming; `null` = unlimited. */
  remaining: number | null;
  /** An automatic action's open occurrence (scheduled or running), if any. */
  occurrence?: { id: string; status: "scheduled" | "running"; attempt: number; dueAt?: string };
}

/**
 * The actions of the current state instance that are unlocked now (semantics §3): armed, not
 * closed, not blocked, not exhausted, instance running; plus the engine's refinements (a
 * timer-gated manual action only after its timer, an automatic one not after a final failure or a
 * satisfied repeatUntil). In model order. O(nodes + lines) of the state, independent of history.
 */
export function unlockedActions(model: ProcessModel, state: InstanceState): UnlockedAction[] {
  if (state.status !== "running") return [];
  const ix = indexModel(model);
  const current = state.current;
  const actions = ix.stateActions.get(current.stateId);
  if (!actions) return [];
  const out: UnlockedAction[] = [];
  let openByNode:
    Map<string, { id: string; status: "scheduled" | "running"; attempt: number; dueAt?: string }> | undefined;
  for (const info of actions) {
    const armed = armedAt(info, current);
    if (nodeGate(info, current, armed) !== undefined || armed === undefined) continue;
    const action = info.action;
    if (!action) continue;
    const summary = current.nodes[info.id];
    const done = summary?.countedFrom === armed ? (summary.completions ?? 0) : 0;
    const entry: UnlockedAction = {
      nodeId: info.id,
      ref: action.ref,
      name: action.name,
      mode: action.mode,
      stateId: info.stateId,
      strictness: action.strictness,
      armedAt: armed,
      remaining: info.maxOccurs === 0 ? null : info.maxOccurs - done,
    };
    if (action.code !== undefined) entry.code = action.code;
    if (action.role !== undefined) entry.role = action.role;
    if (action.mode === "automatic") {
      if (openByNode === undefined) {
        openByNode = new Map();
        for (const o of Object.values(state.occurrences)) {
          if (o.stateInstanceId !== current.id || (o.status !== "scheduled" && o.status !== "running"))
            continue;
          openByNode.set(o.nodeId, {
            id: o.id,
            status: o.status,
            attempt: o.attempt,
            ...(o.dueAt !== undefined ? { dueAt: o.dueAt } : {}),
          });
        }
      }
      const open = openByNode.get(info.id);
      if (open) entry.occurrence = open;
    }
    out.push(entry);
  }
  return out;
}
