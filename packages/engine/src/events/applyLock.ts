import type { Draft } from "../Draft";
import type { LockEvent, UnlockEvent } from "../EngineEvent";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";

/** `lock`: another instance's singleton action locked this running instance; nothing is unlocked until `unlock`. */
export function applyLock(d: Draft, e: LockEvent): Rejection | undefined {
  if (typeof e.byInstanceId !== "string" || e.byInstanceId === "")
    return rejection("INVALID_EVENT", "byInstanceId must be a non-empty string");
  if (e.byInstanceId === d.idToCompare()) return rejection("INVALID_EVENT", "an instance cannot lock itself");
  if (d.state.status === "locked")
    return rejection("ALREADY_LOCKED", `already locked by ${d.state.lockedBy ?? "another instance"}`);
  if (d.state.status !== "running")
    return rejection("INSTANCE_NOT_RUNNING", `the instance is ${d.state.status}`);
  d.state.status = "locked";
  d.state.lockedBy = e.byInstanceId;
  d.log("instanceLocked", { byInstanceId: e.byInstanceId });
  d.effects.push({ type: "emit", name: "instanceLocked", data: { byInstanceId: e.byInstanceId } });
  return undefined;
}

/** `unlock`: lifts a lock; the instance runs again and unlocked automatic actions are scheduled afresh. */
export function applyUnlock(d: Draft, _e: UnlockEvent): Rejection | undefined {
  if (d.state.status !== "locked")
    return rejection("NOT_LOCKED", `the instance is ${d.state.status}, not locked`);
  const by = d.state.lockedBy ?? "";
  d.state.status = "running";
  delete d.state.lockedBy;
  d.log("instanceUnlocked", { wasLockedBy: by });
  d.effects.push({ type: "emit", name: "instanceUnlocked", data: {} });
  return undefined;
}
