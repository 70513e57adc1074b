import type { Draft } from "../Draft";
import type { NodeInfo } from "../indexModel";
import type { OccurrenceRecord } from "../Records";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";

/** An open occurrence with its node, or why there is none. */
export type FoundOccurrence =
  { ok: true; occurrence: OccurrenceRecord; info: NodeInfo } | { ok: false; rejection: Rejection };

/**
 * Finds the open occurrence an event names, in the given status (and attempt, when given).
 * Rejects unknown/closed occurrences, the wrong status and stale attempts (a redelivered result).
 */
export function findOpenOccurrence(
  d: Draft,
  occurrenceId: unknown,
  status: "running" | "scheduled",
  attempt?: unknown,
): FoundOccurrence {
  const fail = (r: Rejection): FoundOccurrence => ({ ok: false, rejection: r });
  if (typeof occurrenceId !== "string")
    return fail(rejection("INVALID_EVENT", "occurrenceId must be a string"));
  if (d.state.status !== "running" && d.state.status !== "locked")
    return fail(rejection("INSTANCE_NOT_RUNNING", `the instance is ${d.state.status}`));
  const occurrence = d.state.occurrences[occurrenceId];
  if (!occurrence)
    return fail(
      rejection(
        "UNKNOWN_OCCURRENCE",
        `occurrence ${occurrenceId} is not open (unknown, finished, skipped or cancelled)`,
      ),
    );
  const info = d.ix.nodes.get(occurrence.nodeId);
  if (!info)
    return fail(
      rejection(
        "UNKNOWN_OCCURRENCE",
        `occurrence ${occurrenceId} belongs to node ${occurrence.nodeId}, which this version does not have`,
      ),
    );
  if (occurrence.status !== status) {
    return fail(
      rejection(
        status === "running" ? "OCCURRENCE_NOT_RUNNING" : "OCCURRENCE_NOT_SCHEDULED",
        `occurrence ${occurrenceId} is ${occurrence.status}`,
      ),
    );
  }
  if (attempt !== undefined) {
    if (typeof attempt !== "number" || !Number.isInteger(attempt))
      return fail(rejection("INVALID_EVENT", "attempt must be an integer"));
    if (attempt !== occurrence.attempt)
      return fail(
        rejection(
          "STALE_ATTEMPT",
          `occurrence ${occurrenceId} is at attempt ${occurrence.attempt}, not ${attempt}`,
        ),
      );
  }
  return { ok: true, occurrence, info };
}
