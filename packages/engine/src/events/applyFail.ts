import type { Draft } from "../Draft";
import type { FailEvent } from "../EngineEvent";
import { failNode } from "../failNode";
import { isUnlocked } from "../nodeGate";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";
import { retryDueAt } from "../time/retryDueAt";
import { scheduleOccurrence } from "../startOccurrence";
import { findRunningAttempt } from "./findOpenOccurrence";
import { skipLateResult } from "./skipOccurrence";

/**
 * `fail`: a handler attempt failed. Not `final` and the action's retry policy has attempts left:
 * the next attempt is scheduled after the backoff. Otherwise the occurrence failed for good:
 * failure flows or an incident (see `failNode`). A failure of an action that is no longer
 * unlocked is recorded as `skipped` and changes nothing.
 */
export function applyFail(d: Draft, e: FailEvent): Rejection | undefined {
  const found = findRunningAttempt(d, e);
  if (!found.ok) return found.rejection;
  const { occurrence, info, action, sent: error } = found;
  if (e.final !== undefined && typeof e.final !== "boolean")
    return rejection("INVALID_EVENT", "final must be a boolean");
  if (!isUnlocked(info, d.state)) {
    skipLateResult(d, occurrence, info, "failure", { error });
    return undefined;
  }
  const retry = action.retry;
  if (e.final !== true && retry && occurrence.attempt < retry.maxAttempts) {
    const dueAt = retryDueAt(retry, occurrence.attempt, d.now) ?? d.now;
    d.log("attemptFailed", {
      occurrenceId: occurrence.id,
      nodeId: info.id,
      attempt: occurrence.attempt,
      error,
    });
    scheduleOccurrence(d, info, { ...occurrence, attempt: occurrence.attempt + 1, error }, dueAt);
    return undefined;
  }
  failNode(d, info, occurrence, error);
  return undefined;
}
