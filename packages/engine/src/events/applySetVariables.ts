import type { Draft } from "../Draft";
import type { SetVariablesEvent } from "../EngineEvent";
import { isJsonObject, jsonEqual } from "../Json";
import type { JsonObject } from "../Json";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";

/**
 * `setVariables`: an operator replaces the variables of a running or locked instance. Refused
 * when the instance moved on since the editor was opened (`expectedSeq`, STALE_SEQ) or nothing
 * changes. One `variablesChanged` record lists each changed name with its value before and after
 * (absent = not set) and the operator's reason.
 */
export function applySetVariables(d: Draft, e: SetVariablesEvent): Rejection | undefined {
  if (!isJsonObject(e.variables)) return rejection("INVALID_EVENT", "variables must be a JSON object");
  if (typeof e.reason !== "string" || e.reason.trim() === "" || e.reason.length > 1000)
    return rejection("INVALID_EVENT", "give a reason (1 to 1000 characters)");
  if (e.actor !== undefined && typeof e.actor !== "string")
    return rejection("INVALID_EVENT", "actor must be a string");
  if (d.state.status !== "running" && d.state.status !== "locked")
    return rejection("INSTANCE_NOT_RUNNING", `the instance is ${d.state.status}`);
  // `step` logged the `event` entry already: the instance was at seq - 1 before this event.
  const before = d.state.seq - 1;
  if (e.expectedSeq !== undefined && e.expectedSeq !== before)
    return rejection(
      "STALE_SEQ",
      `the instance changed since the editor was opened (seq ${String(e.expectedSeq)}, now ${before})`,
    );
  const old = d.state.variables;
  const changes: JsonObject[] = [];
  for (const name of new Set([...Object.keys(old), ...Object.keys(e.variables)])) {
    const was = Object.hasOwn(old, name) ? old[name] : undefined;
    const now = Object.hasOwn(e.variables, name) ? e.variables[name] : undefined;
    if (jsonEqual(was, now)) continue;
    changes.push({
      name,
      ...(was !== undefined ? { before: was } : {}),
      ...(now !== undefined ? { after: now } : {}),
    });
  }
  if (changes.length === 0) return rejection("NOTHING_CHANGED", "the variables are unchanged");
  d.state.variables = { ...e.variables };
  d.log("variablesChanged", {
    changes,
    reason: e.reason,
    ...(e.actor !== undefined ? { by: e.actor } : {}),
  });
  return undefined;
}
