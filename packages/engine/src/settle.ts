import { completeNode } from "./completeNode";
import type { Draft } from "./Draft";
import { CASCADE_LIMIT, CascadeLimitError } from "./Draft";
import { cancelOccurrence } from "./enterState";
import { armedAt, isUnlocked, nodeGate } from "./nodeGate";
import type { OccurrenceRecord } from "./Records";
import { dueAtFor, isDue, scheduleOccurrence, startOccurrence } from "./startOccurrence";

/**
 * Runs the cascade of one step to its fixpoint: queued control nodes that are unlocked fire
 * (`and`/`or` complete and fire their outgoing lines, a finalizer ends the instance), FIFO, at most
 * `CASCADE_LIMIT` firings; then the scheduling pass. Throws `CascadeLimitError` for a model that
 * would loop forever (`step` turns it into a rejection).
 */
export function settle(d: Draft): void {
  for (let i = 0; i < d.worklist.length; i++) {
    if (d.state.status !== "running") break;
    const id = d.worklist[i];
    const info = id === undefined ? undefined : d.ix.nodes.get(id);
    if (!info || info.action || info.stateId !== d.current.stateId || !isUnlocked(info, d.state)) continue;
    if (++d.cascadeCount > CASCADE_LIMIT) throw new CascadeLimitError(info.id);
    const occurrenceId = d.nextId("occurrence");
    completeNode(
      d,
      info,
      {
        id: occurrenceId,
        nodeId: info.id,
        stateInstanceId: d.current.id,
        version: d.state.version,
        attempt: 1,
        reason: "flow",
        armedAt: armedAt(info, d.current) ?? d.current.enteredSeq,
      },
      { status: "completed", applyOutput: false },
    );
  }
  d.worklist = [];
  if (d.state.status === "running") schedulePass(d);
}

/**
 * Gives every automatic action of the current state instance that is unlocked and has no open
 * occurrence for its current arming an occurrence: started now (`callHandler`) when due now,
 * otherwise scheduled (`schedule`). Timer-gated manual actions get their timer. A scheduled
 * occurrence left from an older arming is cancelled and replaced (its delay counts from the new
 * arming). O(schedulable nodes + open occurrences).
 */
export function schedulePass(d: Draft): void {
  const list = d.ix.stateSchedulable.get(d.current.stateId);
  if (!list || list.length === 0) return;
  const current = d.current;
  const open = new Map<string, OccurrenceRecord>();
  for (const o of Object.values(d.state.occurrences))
    if (o.stateInstanceId === current.id) open.set(o.nodeId, o);
  for (const info of list) {
    const armed = armedAt(info, d.current);
    if (armed === undefined || nodeGate(info, d.current, armed, true) !== undefined) continue;
    if (info.timerGated && d.current.nodes[info.id]?.timerPassedFor === armed) continue;
    const existing = open.get(info.id);
    if (existing) {
      if (existing.armedAt === armed) continue;
      if (existing.status === "running" && info.action?.mode === "automatic") continue;
      cancelOccurrence(d, existing, "superseded: the action was armed again");
    }
    const dueAt = dueAtFor(d, info);
    if (info.timerGated && isDue(d, dueAt)) {
      d.writeNode(info.id).timerPassedFor = armed;
      d.log("timerPassed", { nodeId: info.id, armedAt: armed });
      continue;
    }
    const base = {
      id: d.nextId("occurrence"),
      attempt: 1,
      armedAt: armed,
      reason: info.migration
        ? ("migration" as const)
        : dueAt === d.now
          ? ("flow" as const)
          : ("timer" as const),
    };
    if (!info.timerGated && isDue(d, dueAt)) startOccurrence(d, info, base);
    else scheduleOccurrence(d, info, base, dueAt);
  }
}
