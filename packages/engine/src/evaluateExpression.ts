import { evaluateFeel } from "@flowstate/model";
import type { Mapping } from "@flowstate/model";
import { fastFeel } from "./fastFeel";
import { toJson } from "./Json";
import type { Json, JsonObject } from "./Json";

/**
 * A FEEL result as JSON, or the reason it has none (the value is then `null`); `limit` when the
 * evaluation exceeded `FEEL_LIMITS` (docs/semantics.md "FEEL limits").
 */
export interface ExpressionResult {
  value: Json;
  error?: string;
  limit?: true;
}

/**
 * Evaluates a FEEL expression (common shapes by `fastFeel`, the rest via `@flowstate/model`'s
 * `evaluateFeel`, i.e. feelin) against `context` and
 * converts the result to JSON. Never throws; an error gives `null` and a message.
 */
export function evaluateExpression(
  expression: string,
  context: Readonly<Record<string, unknown>>,
): ExpressionResult {
  const fast = fastFeel(expression, context);
  if (fast !== undefined) return fast;
  const result = evaluateFeel(expression, context);
  if (!result.ok) {
    const error = `${result.error.kind} error in ${quote(expression)}: ${result.error.message}`;
    return result.error.kind === "limit" ? { value: null, error, limit: true } : { value: null, error };
  }
  return { value: toJson(result.value) };
}

/** A condition holds only when it evaluates to `true`; absent = holds. Errors count as not holding. */
export function conditionHolds(
  condition: string | undefined,
  context: Readonly<Record<string, unknown>>,
): boolean {
  if (condition === undefined || condition.trim() === "") return true;
  return evaluateExpression(condition, context).value === true;
}

/** An expression as quoted in messages (long ones shortened). */
function quote(expression: string): string {
  return JSON.stringify(expression.length > 200 ? `${expression.slice(0, 197)}...` : expression);
}

/**
 * Evaluates every entry of a mapping; failed entries become `null` and are listed in `errors`;
 * `limitError` is the first entry that exceeded the FEEL limits (the caller may refuse the whole
 * mapping: an action's input mapping then opens an incident).
 */
export function evaluateMapping(
  mapping: Mapping,
  context: Readonly<Record<string, unknown>>,
): { value: JsonObject; errors: string[]; limitError?: string } {
  const value: JsonObject = {};
  const errors: string[] = [];
  let limitError: string | undefined;
  for (const [target, expression] of Object.entries(mapping)) {
    const r = evaluateExpression(expression, context);
    value[target] = r.value;
    if (r.error !== undefined) errors.push(`${target}: ${r.error}`);
    if (r.limit && limitError === undefined) limitError = `${target}: ${r.error}`;
  }
  return limitError === undefined ? { value, errors } : { value, errors, limitError };
}
