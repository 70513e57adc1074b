import type { Draft } from "../Draft";
import type { RetryIncidentEvent } from "../EngineEvent";
import { explain } from "../explain";
import type { Incident } from "../InstanceState";
import type { NodeInfo } from "../indexModel";
import { isUnlocked } from "../nodeGate";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";
import { startOccurrence } from "../startOccurrence";

/** Finds an open incident and checks the instance can act on it. */
export function findIncident(
  d: Draft,
  incidentId: unknown,
): { ok: true; incident: Incident } | { ok: false; rejection: Rejection } {
  if (typeof incidentId !== "string")
    return { ok: false, rejection: rejection("INVALID_EVENT", "incidentId must be a string") };
  if (d.state.status === "locked")
    return {
      ok: false,
      rejection: rejection(
        "INSTANCE_LOCKED",
        `the instance is locked by ${d.state.lockedBy ?? "another instance"}`,
      ),
    };
  if (d.state.status !== "running")
    return { ok: false, rejection: rejection("INSTANCE_NOT_RUNNING", `the instance is ${d.state.status}`) };
  const incident = d.state.incidents.find((i) => i.id === incidentId);
  if (!incident)
    return { ok: false, rejection: rejection("UNKNOWN_INCIDENT", `no open incident ${incidentId}`) };
  return { ok: true, incident };
}

/**
 * Resolves the open incident `incidentId` as `resolution`: logged and closed on the instance (the
 * caller emits `incidentClosed` once the resolution is sure to go through). Also returns the failed
 * action's node.
 */
export function resolveIncident(
  d: Draft,
  incidentId: unknown,
  resolution: "retried" | "skipped",
): { ok: true; incident: Incident; info: NodeInfo } | { ok: false; rejection: Rejection } {
  const found = findIncident(d, incidentId);
  if (!found.ok) return found;
  const incident = found.incident;
  const info = d.ix.nodes.get(incident.nodeId);
  if (!info)
    return {
      ok: false,
      rejection: rejection("UNKNOWN_ACTION", `node ${incident.nodeId} is not in this version`),
    };
  d.log("incidentResolved", { incidentId: incident.id, occurrenceId: incident.occurrenceId, resolution });
  d.setIncidents(d.state.incidents.filter((i) => i.id !== incident.id));
  return { ok: true, incident, info };
}

/**
 * `retryIncident`: re-opens the failed occurrence with the next attempt and starts it now
 * (`callHandler`); the incident is resolved. Rejected if the action is no longer unlocked for a
 * reason other than the failure itself.
 */
export function applyRetryIncident(d: Draft, e: RetryIncidentEvent): Rejection | undefined {
  const found = resolveIncident(d, e.incidentId, "retried");
  if (!found.ok) return found.rejection;
  const { incident, info } = found;
  const summary = d.writeNode(info.id);
  delete summary.failedSeq;
  delete summary.failedOccurrenceId;
  if (!isUnlocked(info, d.state))
    return rejection("NOT_UNLOCKED", `cannot retry: ${explain(d.ix.model, d.state, info.id).summary}`);
  d.effects.push({
    type: "emit",
    name: "incidentClosed",
    data: { incidentId: incident.id, resolution: "retried" },
  });
  startOccurrence(d, info, { ...incident.occurrence, attempt: incident.occurrence.attempt + 1 });
  return undefined;
}
