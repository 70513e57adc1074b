import type { Draft } from "../Draft";
import type { SignalEvent } from "../EngineEvent";
import { isJson, isJsonObject, jsonEqual, toJson } from "../Json";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";
import { performAction, resolveAction } from "./applyPerform";

/** How many signal message ids an instance remembers to drop redeliveries. */
export const MESSAGE_ID_MEMORY = 64;

/**
 * `signal`: an outside event for the manual action with `code`. Its `identifiers` must agree with
 * the instance's captured ones (names the instance has not captured are not compared); a
 * `messageId` seen before is rejected (`DUPLICATE_MESSAGE`). Then it is a perform with reason
 * `callback` and the payload as input (strict: rejected if not unlocked; lax: skipped).
 */
export function applySignal(d: Draft, e: SignalEvent): Rejection | undefined {
  if (typeof e.code !== "string") return rejection("INVALID_EVENT", "signal needs a code");
  const identifiers = e.identifiers ?? {};
  if (!isJsonObject(identifiers)) return rejection("INVALID_EVENT", "identifiers must be a JSON object");
  if (e.payload !== undefined && !isJson(e.payload))
    return rejection("INVALID_EVENT", "payload must be JSON");
  const payload = e.payload === undefined ? {} : toJson(e.payload);
  if (e.messageId !== undefined && typeof e.messageId !== "string")
    return rejection("INVALID_EVENT", "messageId must be a string");
  if (e.messageId !== undefined && d.state.messageIds.includes(e.messageId))
    return rejection("DUPLICATE_MESSAGE", `message ${e.messageId} was already received`);
  for (const [name, value] of Object.entries(identifiers)) {
    const held = d.state.identifiers[name];
    if (held !== undefined && !jsonEqual(held, value))
      return rejection(
        "IDENTIFIER_MISMATCH",
        `identifier ${name} is ${JSON.stringify(held)} in this instance, the signal says ${JSON.stringify(value)}`,
      );
  }
  const resolved = resolveAction(d, undefined, e.code);
  if (!resolved.ok) return resolved.rejection;
  if (e.messageId !== undefined)
    d.state.messageIds = [...d.state.messageIds, e.messageId].slice(-MESSAGE_ID_MEMORY);
  return performAction(
    d,
    resolved.info,
    payload,
    { signal: e.code, ...(e.messageId !== undefined ? { messageId: e.messageId } : {}) },
    "callback",
  );
}
