import type { NodeInfo } from "./indexModel";
import type { CurrentStateInstance, InstanceState } from "./InstanceState";

/** Why a node of the current state is not unlocked (instance-level reasons aside), or `undefined`. */
export type NodeGate =
  "notArmed" | "closed" | "blocked" | "exhausted" | "repeatDone" | "failed" | "waitingForTimer";

/**
 * `armedAt(n)` of semantics §3.1: a root node is armed at the state instance's entry; otherwise at
 * the latest firing of an incoming flow line; an `and` only once every incoming line fired since it
 * last completed (at the latest of those firings). A migration action is armed only by the
 * migration that entered the state. O(incoming lines).
 */
export function armedAt(info: NodeInfo, current: CurrentStateInstance): number | undefined {
  const summary = current.nodes[info.id];
  if (info.migration) {
    if (summary?.migrationArmedAt !== undefined || info.incoming.length === 0)
      return summary?.migrationArmedAt;
  } else if (info.incoming.length === 0) return current.enteredSeq;
  const fired = summary?.fired;
  if (fired === undefined) return undefined;
  let max = -1;
  if (info.node.kind === "and") {
    const last = summary?.lastCompletedSeq ?? -1;
    for (const line of info.incoming) {
      const f = fired[line.id];
      if (f === undefined || f.seq <= last) return undefined;
      if (f.seq > max) max = f.seq;
    }
    return max;
  }
  for (const line of info.incoming) {
    const f = fired[line.id];
    if (f !== undefined && f.seq > max) max = f.seq;
  }
  return max < 0 ? undefined : max;
}

/**
 * The first reason (semantics §3.2–3.4 plus the engine's refinements) why a node of the current
 * state instance is not unlocked, given its `armed` seq; `undefined` = unlocked as far as the node
 * goes (the caller checks the instance status). O(lines of the node), no allocation.
 * `ignoreTimer` skips the timer gate of manual actions (used when the timer itself is due).
 */
export function nodeGate(
  info: NodeInfo,
  current: CurrentStateInstance,
  armed: number | undefined,
  ignoreTimer = false,
): NodeGate | undefined {
  if (armed === undefined) return "notArmed";
  const nodes = current.nodes;
  for (const line of info.closers) {
    const last = nodes[line.to]?.lastCompletedSeq;
    if (last !== undefined && last > armed) return "closed";
  }
  for (const line of info.blockers) {
    if (nodes[line.from]?.lastCompletedSeq !== undefined) return "blocked";
  }
  const summary = nodes[info.id];
  if (summary !== undefined) {
    if (info.maxOccurs > 0 && summary.countedFrom === armed && (summary.completions ?? 0) >= info.maxOccurs)
      return "exhausted";
    if (summary.repeatDoneFor === armed) return "repeatDone";
    if (summary.failedSeq !== undefined && summary.failedSeq > armed) return "failed";
  }
  if (info.timerGated && !ignoreTimer && summary?.timerPassedFor !== armed) return "waitingForTimer";
  return undefined;
}

/** True when the node is in the current state, the instance is running and the node has no gate. */
export function isUnlocked(info: NodeInfo, state: InstanceState): boolean {
  if (state.status !== "running" || info.stateId !== state.current.stateId) return false;
  return nodeGate(info, state.current, armedAt(info, state.current)) === undefined;
}
