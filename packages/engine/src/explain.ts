import type { ProcessModel } from "@flowstate/model";
import type { Explanation, Reason } from "./Explanation";
import { indexModel } from "./indexModel";
import type { NodeInfo } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import { armedAt } from "./nodeGate";

function nameOf(info: NodeInfo | undefined, id: string): string {
  return info ? `"${info.node.name}"` : id;
}

function reasonText(r: Reason, name: (id: string) => string): string {
  switch (r.code) {
    case "unknownNode":
      return "there is no such node in this version";
    case "otherState":
      return `it belongs to state ${r.stateId}, the instance is in ${r.currentStateId}`;
    case "armedAtEntry":
      return `armed at the entry of state instance ${r.stateInstanceId} (seq ${r.seq}): it has no incoming flow line`;
    case "armedByMigration":
      return `armed by the migration at seq ${r.seq}`;
    case "armedByFiring":
      return `armed by line ${r.lineId} from ${name(r.from)} (firing ${r.firingId} at seq ${r.seq})`;
    case "notArmed":
      return r.migrationOnly
        ? "it is a migration action and no migration armed it"
        : `not armed: waiting for ${r.waitingFor.map((w) => `line ${w.lineId} from ${name(w.from)}`).join(", ")}`;
    case "closed":
      return `closed: ${name(r.target)} completed at seq ${r.seq} (occurrence ${r.occurrenceId}) after it was armed (${r.lineKind} line ${r.lineId})`;
    case "blocked":
      return `blocked by not line ${r.lineId}: ${name(r.source)} completed at seq ${r.seq} (occurrence ${r.occurrenceId})`;
    case "exhausted":
      return `exhausted: completed ${r.completions} of ${r.maxOccurs} times since it was armed`;
    case "repeatDone":
      return `its repeatUntil condition held after occurrence ${r.occurrenceId}`;
    case "failed":
      return `occurrence ${r.occurrenceId} failed for good at seq ${r.seq}${r.incidentId !== undefined ? ` (incident ${r.incidentId})` : ""}`;
    case "waitingForTimer":
      return r.dueAt !== ""
        ? `waiting for its timer (occurrence ${r.occurrenceId}) due at ${r.dueAt}`
        : "waiting for its timer";
    case "scheduled":
      return `scheduled: occurrence ${r.occurrenceId} attempt ${r.attempt} due at ${r.dueAt}`;
    case "running":
      return `running: occurrence ${r.occurrenceId} attempt ${r.attempt}`;
    case "completions":
      return `completed ${r.completions} of ${r.maxOccurs === 0 ? "unlimited" : r.maxOccurs} times since armed`;
    case "locked":
      return `the instance is locked by instance ${r.byInstanceId}`;
    case "notRunning":
      return `the instance is ${r.status}`;
  }
}

/**
 * Why `nodeId` is or is not unlocked in `state`: the chain of reasons (armed by which firing of
 * which line at which seq, or at entry; closed by which occurrence of which target; blocked by
 * which not line; exhausted after n of maxOccurs; failed; waiting for which timer; locked by which
 * instance / instance not running) and a one-line `summary`. Never throws.
 */
export function explain(model: ProcessModel, state: InstanceState, nodeId: string): Explanation {
  const ix = indexModel(model);
  const info = ix.nodes.get(nodeId);
  const name = (id: string): string => nameOf(ix.nodes.get(id), id);
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
  else explainNode(info, state, reasons);
  const unlocked = !reasons.some((r) => r.blocking);
  const label = info ? name(nodeId) : `node ${nodeId}`;
  const blocking = reasons.filter((r) => r.blocking).map((r) => reasonText(r, name));
  const how = reasons.filter((r) => !r.blocking).map((r) => reasonText(r, name));
  const summary = unlocked
    ? `${label} is unlocked${how.length > 0 ? `: ${how.join("; ")}` : ""}`
    : `${label} is not unlocked: ${blocking.join("; ")}`;
  return { nodeId, ...(info ? { name: info.node.name } : {}), unlocked, reasons, summary };
}

function explainNode(info: NodeInfo, state: InstanceState, reasons: Reason[]): void {
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
    if (last !== undefined && last > armed)
      reasons.push({
        code: "closed",
        blocking: true,
        lineId: line.id,
        lineKind: line.kind,
        target: line.to,
        occurrenceId: target?.lastOccurrenceId ?? "",
        seq: last,
      });
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
