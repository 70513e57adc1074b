import type { Draft } from "../Draft";
import type { NodeInfo } from "../indexModel";
import { isJson, toJson } from "../Json";
import type { Json } from "../Json";
import type { OccurrenceRecord } from "../Records";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";

type Action = NonNullable<NodeInfo["action"]>;

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

/**
 * The running attempt a handler's result (`complete` or `fail`) names: the event must give the
 * attempt, and the action must be automatic (a manual action waits to be performed). `sent` is what
 * the handler sent, its output or its error, as JSON (null when it sent none); it must be JSON.
 */
export function findRunningAttempt(
  d: Draft,
  event:
    | { type: "complete"; occurrenceId: unknown; attempt?: unknown; output?: unknown }
    | { type: "fail"; occurrenceId: unknown; attempt?: unknown; error?: unknown },
):
  | (FoundOccurrence & { ok: false })
  | { ok: true; occurrence: OccurrenceRecord; info: NodeInfo; action: Action; sent: Json } {
  if (event.attempt === undefined)
    return { ok: false, rejection: rejection("INVALID_EVENT", `${event.type} needs the attempt`) };
  const found = findOpenOccurrence(d, event.occurrenceId, "running", event.attempt);
  if (!found.ok) return found;
  const action = found.info.action;
  if (action?.mode !== "automatic")
    return {
      ok: false,
      rejection: rejection(
        "NOT_MANUAL",
        `occurrence ${found.occurrence.id} is a manual action waiting to be performed: use perform`,
      ),
    };
  const [name, sent] = event.type === "complete" ? ["output", event.output] : ["error", event.error];
  if (sent !== undefined && !isJson(sent))
    return { ok: false, rejection: rejection("INVALID_EVENT", `${name} must be JSON`) };
  return { ...found, action, sent: sent === undefined ? null : toJson(sent) };
}
