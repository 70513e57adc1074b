import { completeNode } from "../completeNode";
import { evaluateMapping } from "../evaluateExpression";
import { failNode } from "../failNode";
import { EXPRESSION_LIMIT } from "../startOccurrence";
import type { Draft } from "../Draft";
import type { CompleteEvent } from "../EngineEvent";
import { isUnlocked } from "../nodeGate";
import type { Rejection } from "../StepResult";
import { findRunningAttempt } from "./findOpenOccurrence";
import { skipLateResult } from "./skipOccurrence";

/**
 * `complete`: a handler finished the running attempt. Re-checked: if the action is no longer
 * unlocked (its window closed, the instance was locked, …) the late result is recorded on a
 * `skipped` occurrence and changes nothing; otherwise the occurrence completes with `output` — unless
 * the action's output mapping exceeds the FEEL limits: then the occurrence fails for good
 * (`EXPRESSION_LIMIT`: failure flows, else an incident).
 */
export function applyComplete(d: Draft, e: CompleteEvent): Rejection | undefined {
  const found = findRunningAttempt(d, e);
  if (!found.ok) return found.rejection;
  const { occurrence, info, action, sent: output } = found;
  if (!isUnlocked(info, d.state)) {
    skipLateResult(d, occurrence, info, "result", { output });
    return undefined;
  }
  // An output mapping over the FEEL limits fails the attempt for good: an incident (or the failure flows).
  const mapped = action.output ? evaluateMapping(action.output, d.context({ result: output })) : undefined;
  if (mapped?.limitError !== undefined) {
    failNode(
      d,
      info,
      { ...occurrence, output },
      { code: EXPRESSION_LIMIT, message: `output ${mapped.limitError}` },
    );
    return undefined;
  }
  completeNode(d, info, occurrence, {
    status: "completed",
    output,
    applyOutput: true,
    ...(mapped ? { mapped } : {}),
  });
  return undefined;
}
