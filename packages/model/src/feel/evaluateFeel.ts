import { evaluate, FeelLimitError, SyntaxError as FeelinSyntaxError } from "feelin";
import { feelRegexFunctions } from "./feelRegex";

/** A warning feelin reported while evaluating (missing variable, type mismatch …). */
export interface FeelWarning {
  type: string;
  message: string;
  from: number;
  to: number;
}

/**
 * What one evaluation may cost (docs/semantics.md "FEEL limits"). A step is one evaluated node of
 * the expression (a loop body's nodes count once per iteration, a function's body once per
 * call); `listLength` bounds every list an evaluation builds or iterates (ranges, `for`
 * products, function results); `stringLength` every string it builds. A step count, not a timer:
 * the same expression on the same context always ends the same way.
 */
export interface FeelLimits {
  steps: number;
  listLength: number;
  stringLength: number;
}

/** The limits every evaluation runs under unless the caller passes others. */
export const FEEL_LIMITS: Readonly<FeelLimits> = Object.freeze({
  steps: 10_000,
  listLength: 10_000,
  stringLength: 100_000,
});

/** Why an evaluation produced no value; `limit` is set (kind `limit`) when it exceeded `FeelLimits`. */
export interface FeelEvaluationError {
  kind: "syntax" | "evaluation" | "limit";
  message: string;
  from: number;
  to: number;
  limit?: { name: "steps" | "list" | "string"; max: number };
}

/** Result of `evaluateFeel`: the value (FEEL `null` for undefined results) and feelin's warnings, or a typed error. */
export type FeelEvaluation =
  { ok: true; value: unknown; warnings: FeelWarning[] } | { ok: false; error: FeelEvaluationError };

function position(error: unknown): { from: number; to: number } | undefined {
  if (typeof error !== "object" || error === null || !("position" in error)) return undefined;
  const p = (error as { position: unknown }).position;
  if (typeof p !== "object" || p === null) return undefined;
  const { from, to } = p as { from?: unknown; to?: unknown };
  return typeof from === "number" && typeof to === "number" ? { from, to } : undefined;
}

/**
 * Evaluates a FEEL expression against `context` (variable name → value) with feelin, under
 * `limits`, with `matches`/`replace`/`split` on a linear-time regular-expression engine
 * (`feelRegex.ts`). Never throws: feelin's `SyntaxError` becomes `{ kind: "syntax" }` with its
 * position, an exceeded limit `{ kind: "limit", limit }` with the position of the expression part
 * that exceeded it, anything else thrown while evaluating `{ kind: "evaluation" }`. Evaluation is
 * pure (the context is not mutated), but FEEL's `now()`/`today()` read the clock — pass the time
 * in the context instead when it matters.
 */
export function evaluateFeel(
  expression: string,
  context: Readonly<Record<string, unknown>> = {},
  limits: Readonly<FeelLimits> = FEEL_LIMITS,
): FeelEvaluation {
  try {
    const result = evaluate(expression, { ...feelRegexFunctions, ...context }, undefined, limits);
    const warnings = result.warnings.map((w) => ({
      type: w.type,
      message: w.message,
      from: w.position.from,
      to: w.position.to,
    }));
    return { ok: true, value: result.value === undefined ? null : result.value, warnings };
  } catch (error) {
    if (error instanceof FeelLimitError) {
      const part = expression.slice(error.position.from, error.position.to);
      const message = `${error.message} (at ${JSON.stringify(part.length > 60 ? `${part.slice(0, 57)}...` : part)})`;
      return {
        ok: false,
        error: {
          kind: "limit",
          message,
          from: error.position.from,
          to: error.position.to,
          limit: { name: error.limit, max: error.max },
        },
      };
    }
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return {
        ok: false,
        error: {
          kind: "limit",
          message: "evaluation nests too deeply (call stack exceeded)",
          from: 0,
          to: expression.length,
          limit: { name: "steps", max: limits.steps },
        },
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    const at = position(error) ?? { from: 0, to: expression.length };
    const kind = error instanceof FeelinSyntaxError ? "syntax" : "evaluation";
    return { ok: false, error: { kind, message, ...at } };
  }
}
