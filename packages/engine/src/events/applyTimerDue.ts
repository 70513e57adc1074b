import type { Draft } from "../Draft";
import type { TimerDueEvent } from "../EngineEvent";
import { explain } from "../explain";
import { armedAt, nodeGate } from "../nodeGate";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";
import { isDue, startOccurrence } from "../startOccurrence";
import { findOpenOccurrence } from "./findOpenOccurrence";
import { skipOccurrence } from "./skipOccurrence";

/**
 * `timerDue`: a scheduled occurrence is due. Re-checked: if its action is no longer unlocked (or
 * was armed again since) it is `skipped`, never run. Otherwise an automatic action starts
 * (`callHandler`), and a timer-gated manual action becomes performable (its occurrence `running`
 * until performed, `emit actionReady`).
 */
export function applyTimerDue(d: Draft, e: TimerDueEvent): Rejection | undefined {
  const found = findOpenOccurrence(d, e.occurrenceId, "scheduled");
  if (!found.ok) return found.rejection;
  const { occurrence, info } = found;
  if (occurrence.dueAt !== undefined && !isDue(d, occurrence.dueAt))
    return rejection("TIMER_NOT_DUE", `occurrence ${occurrence.id} is due at ${occurrence.dueAt}`);
  const current = d.current;
  const armed = armedAt(info, current);
  const unlocked =
    d.state.status === "running" &&
    info.stateId === current.stateId &&
    armed === occurrence.armedAt &&
    nodeGate(info, current, armed, true) === undefined;
  if (!unlocked) {
    const note =
      armed !== occurrence.armedAt && armed !== undefined
        ? "the action was armed again since it was scheduled"
        : `no longer unlocked: ${explain(d.ix.model, d.state, info.id).summary}`;
    skipOccurrence(d, occurrence, note);
    return undefined;
  }
  if (info.action?.mode === "automatic") {
    startOccurrence(d, info, occurrence);
    return undefined;
  }
  d.writeNode(info.id).timerPassedFor = occurrence.armedAt;
  d.log("timerPassed", { occurrenceId: occurrence.id, nodeId: info.id });
  const record = { ...occurrence, status: "running" as const };
  delete record.dueAt;
  d.putOccurrence(record);
  d.effects.push({
    type: "emit",
    name: "actionReady",
    data: { occurrenceId: occurrence.id, nodeId: info.id },
  });
  return undefined;
}
