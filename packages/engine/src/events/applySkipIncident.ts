import { completeNode } from "../completeNode";
import type { Draft } from "../Draft";
import type { SkipIncidentEvent } from "../EngineEvent";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";
import { findIncident } from "./applyRetryIncident";

/**
 * `skipIncident`: the operator gives up on the failed occurrence and moves on. The occurrence
 * becomes `skipped` and counts as a completion with no output (no output mapping, no captures):
 * its transitions and outgoing flow lines are evaluated as if it had completed.
 */
export function applySkipIncident(d: Draft, e: SkipIncidentEvent): Rejection | undefined {
  const found = findIncident(d, e.incidentId);
  if (!found.ok) return found.rejection;
  const incident = found.incident;
  const info = d.ix.nodes.get(incident.nodeId);
  if (!info) return rejection("UNKNOWN_ACTION", `node ${incident.nodeId} is not in this version`);
  d.log("incidentResolved", {
    incidentId: incident.id,
    occurrenceId: incident.occurrenceId,
    resolution: "skipped",
  });
  d.setIncidents(d.state.incidents.filter((i) => i.id !== incident.id));
  d.effects.push({
    type: "emit",
    name: "incidentClosed",
    data: { incidentId: incident.id, resolution: "skipped" },
  });
  completeNode(d, info, incident.occurrence, {
    status: "skipped",
    applyOutput: false,
    note: "incident skipped by an operator: treated as completed with no output",
  });
  return undefined;
}
