import type { Action } from "@flowstate/model";
import { evaluateExpression } from "./evaluateExpression";
import { isJsonObject, jsonEqual } from "./Json";
import type { Json, JsonObject } from "./Json";

/** Captured values of one side (input or output) of an action, split by kind. */
export interface CapturedValues {
  identifiers: JsonObject;
  variables: JsonObject;
  /** Identifier captures whose value differs from the one the instance already holds. */
  mismatches: { name: string; held: Json; given: Json }[];
  errors: string[];
}

/**
 * Evaluates an action's captures `from` one side. Input captures read the input's fields
 * (`path: "jobId"`), output captures read `result` (`path: "result.jobId"`). A capture that
 * yields `null` captures nothing. `identifier: true` captures go to identifiers (and are compared
 * with `held`), the others to variables.
 */
export function captureValues(
  action: Action,
  from: "input" | "output",
  value: Json,
  held: JsonObject,
): CapturedValues {
  const out: CapturedValues = { identifiers: {}, variables: {}, mismatches: [], errors: [] };
  if (action.captures.length === 0) return out;
  const context: Record<string, unknown> =
    from === "input" ? (isJsonObject(value) ? { ...value } : {}) : { result: value };
  for (const capture of action.captures) {
    if (capture.from !== from) continue;
    const r = evaluateExpression(capture.path, context);
    if (r.error !== undefined) out.errors.push(`capture ${capture.name}: ${r.error}`);
    if (r.value === null) continue;
    if (capture.identifier === true) {
      const before = held[capture.name];
      if (from === "input" && before !== undefined && !jsonEqual(before, r.value))
        out.mismatches.push({ name: capture.name, held: before, given: r.value });
      out.identifiers[capture.name] = r.value;
    } else out.variables[capture.name] = r.value;
  }
  return out;
}
