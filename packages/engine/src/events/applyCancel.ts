import type { Draft } from "../Draft";
import type { CancelEvent } from "../EngineEvent";
import { leaveState } from "../enterState";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";

/** `cancel`: ends a running or locked instance as `cancelled`; open occurrences are cancelled. No compensation. */
export function applyCancel(d: Draft, e: CancelEvent): Rejection | undefined {
  if (e.reason !== undefined && typeof e.reason !== "string")
    return rejection("INVALID_EVENT", "reason must be a string");
  if (d.state.status !== "running" && d.state.status !== "locked")
    return rejection("INSTANCE_NOT_RUNNING", `the instance is already ${d.state.status}`);
  leaveState(d, "cancelled");
  d.state.status = "cancelled";
  d.state.outcome = "cancelled";
  delete d.state.lockedBy;
  delete d.state.migration;
  d.log("instanceFinished", { status: "cancelled", outcome: "cancelled", reason: e.reason ?? "" });
  d.effects.push({ type: "instanceFinished", status: "cancelled", outcome: "cancelled" });
  return undefined;
}
