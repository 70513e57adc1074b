import type { Retry } from "@flowstate/model";
import { addMillis, durationMillis } from "./addDuration";

/**
 * When the attempt after failed attempt `failedAttempt` (1-based) is due: `now` plus
 * `initial × factor^(failedAttempt − 1)`, capped by `max`. `undefined` when `now` is invalid.
 */
export function retryDueAt(retry: Retry, failedAttempt: number, now: string): string | undefined {
  const initial = durationMillis(retry.backoff.initial);
  let wait = initial * Math.pow(retry.backoff.factor, Math.max(0, failedAttempt - 1));
  if (retry.backoff.max !== undefined) wait = Math.min(wait, durationMillis(retry.backoff.max));
  if (!Number.isFinite(wait))
    wait = retry.backoff.max !== undefined ? durationMillis(retry.backoff.max) : initial;
  return addMillis(now, wait);
}
