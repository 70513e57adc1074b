import { completeNode } from "../completeNode";
import type { Draft } from "../Draft";
import type { SkipIncidentEvent } from "../EngineEvent";
import type { Rejection } from "../StepResult";
import { resolveIncident } from "./applyRetryIncident";

/**
 * `skipIncident`: the operator gives up on the failed occurrence and moves on. The occurrence
 * becomes `skipped` and counts as a completion with no output (no output mapping, no captures):
 * its transitions and outgoing flow lines are evaluated as if it had completed.
 */
export function applySkipIncident(d: Draft, e: SkipIncidentEvent): Rejection | undefined {
  const found = resolveIncident(d, e.incidentId, "skipped");
  if (!found.ok) return found.rejection;
  const { incident, info } = found;
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
