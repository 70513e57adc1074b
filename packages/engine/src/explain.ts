import type { ProcessModel } from "@flowstate/model";
import { describeExplanation } from "./describeExplanation";
import type { Explanation, Reason } from "./Explanation";
import { indexModel } from "./indexModel";
import type { ModelIndex, NodeInfo } from "./indexModel";
import type { InstanceState, NodeSummary } from "./InstanceState";
import { armedAt } from "./nodeGate";

/**
 * Why `nodeId` is or is not unlocked in `state`: the chain of reasons (armed by which firing of
 * which line at which seq, or at entry; closed by which occurrence of which target; blocked by
 * which not line; exhausted after n of maxOccurs; failed; waiting for which timer; locked by which
 * instance / instance not running) and a one-line `summary` in the user's words
 * (`describeExplanation` without moments: callers with the history re-word it with times). Never throws.
 */
export function explain(model: ProcessModel, state: InstanceState, nodeId: string): Explanation {
  const ix = indexModel(model);
  const info = ix.nodes.get(nodeId);
  const reasons: Reason[] = [];
  if (state.status === "locked")
    reasons.push({ code: "locked", blocking: true, byInstanceId: state.lockedBy ?? "unknown" });
  else if (state.status !== "running")
    reasons.push({ code: "notRunning", blocking: true, status: state.status });
  if (!info) reasons.push({ code: "unknownNode", blocking: true });
  else if (info.stateId !== state.current.stateId)
    reasons.push({
      code: "otherState",
      blocking: true,
      stateId: info.stateId,
      currentStateId: state.current.stateId,
    });
  else explainNode(ix, info, state, reasons);
  const unlocked = !reasons.some((r) => r.blocking);
  const summary = describeExplanation(model, { nodeId, unlocked, reasons });
  return { nodeId, ...(info ? { name: info.node.name } : {}), unlocked, reasons, summary };
}

/** The source of the `or`'s incoming line that fired last before the `or` completed at `last`: what fired it. */
function firstIn(ix: ModelIndex, orId: string, summary: NodeSummary | undefined, last: number) {
  let best: { from: string; seq: number } | undefined;
  for (const line of ix.nodes.get(orId)?.incoming ?? []) {
    const seq = summary?.fired?.[line.id]?.seq;
    if (seq !== undefined && seq < last && (best === undefined || seq > best.seq))
      best = { from: line.from, seq };
  }
  return best?.from;
}

function explainNode(ix: ModelIndex, info: NodeInfo, state: InstanceState, reasons: Reason[]): void {
  const current = state.current;
  const summary = current.nodes[info.id];
  const armed = armedAt(info, current);
  if (armed === undefined) {
    const last = info.node.kind === "and" ? (summary?.lastCompletedSeq ?? -1) : -1;
    const waitingFor = info.incoming
      .filter((l) => (summary?.fired?.[l.id]?.seq ?? -1) <= last)
      .map((l) => ({ lineId: l.id, from: l.from }));
    reasons.push({
      code: "notArmed",
      blocking: true,
      waitingFor,
      migrationOnly: info.migration && info.incoming.length === 0,
    });
    return;
  }
  if (info.migration && summary?.migrationArmedAt === armed)
    reasons.push({ code: "armedByMigration", blocking: false, seq: armed });
  else if (info.incoming.length === 0)
    reasons.push({ code: "armedAtEntry", blocking: false, seq: armed, stateInstanceId: current.id });
  else {
    const line = info.incoming.find((l) => summary?.fired?.[l.id]?.seq === armed);
    const firing = line ? summary?.fired?.[line.id] : undefined;
    if (line && firing)
      reasons.push({
        code: "armedByFiring",
        blocking: false,
        lineId: line.id,
        from: line.from,
        firingId: firing.firingId,
        seq: firing.seq,
      });
  }
  for (const line of info.closers) {
    const target = current.nodes[line.to];
    const last = target?.lastCompletedSeq;
    if (last !== undefined && last > armed) {
      const by = ix.nodes.get(line.to)?.node.kind === "or" ? firstIn(ix, line.to, target, last) : undefined;
      reasons.push({
        code: "closed",
        blocking: true,
        lineId: line.id,
        lineKind: line.kind,
        target: line.to,
        occurrenceId: target?.lastOccurrenceId ?? "",
        seq: last,
        ...(by !== undefined ? { by } : {}),
      });
    }
  }
  for (const line of info.blockers) {
    const source = current.nodes[line.from];
    if (source?.lastCompletedSeq !== undefined)
      reasons.push({
        code: "blocked",
        blocking: true,
        lineId: line.id,
        source: line.from,
        occurrenceId: source.lastOccurrenceId ?? "",
        seq: source.lastCompletedSeq,
      });
  }
  const completions = summary?.countedFrom === armed ? (summary.completions ?? 0) : 0;
  if (info.maxOccurs > 0 && completions >= info.maxOccurs)
    reasons.push({ code: "exhausted", blocking: true, completions, maxOccurs: info.maxOccurs });
  else if (completions > 0)
    reasons.push({ code: "completions", blocking: false, completions, maxOccurs: info.maxOccurs });
  if (summary?.repeatDoneFor === armed)
    reasons.push({ code: "repeatDone", blocking: true, occurrenceId: summary.lastOccurrenceId ?? "" });
  if (summary?.failedSeq !== undefined && summary.failedSeq > armed) {
    const occurrenceId = summary.failedOccurrenceId ?? "";
    const incident = state.incidents.find((i) => i.occurrenceId === occurrenceId);
    reasons.push({
      code: "failed",
      blocking: true,
      occurrenceId,
      seq: summary.failedSeq,
      ...(incident ? { incidentId: incident.id } : {}),
    });
  }
  const open = Object.values(state.occurrences).find(
    (o) => o.nodeId === info.id && o.stateInstanceId === current.id,
  );
  if (info.timerGated && summary?.timerPassedFor !== armed) {
    reasons.push({
      code: "waitingForTimer",
      blocking: true,
      occurrenceId: open?.id ?? "",
      dueAt: open?.dueAt ?? "",
    });
  } else if (open?.status === "scheduled")
    reasons.push({
      code: "scheduled",
      blocking: false,
      occurrenceId: open.id,
      dueAt: open.dueAt ?? "",
      attempt: open.attempt,
    });
  else if (open?.status === "running" && info.action?.mode === "automatic")
    reasons.push({ code: "running", blocking: false, occurrenceId: open.id, attempt: open.attempt });
}
