import { evaluate, SyntaxError as FeelinSyntaxError } from "feelin";

/** A warning feelin reported while evaluating (missing variable, type mismatch …). */
export interface FeelWarning {
  type: string;
  message: string;
  from: number;
  to: number;
}

/** Why an evaluation produced no value. */
export interface FeelEvaluationError {
  kind: "syntax" | "evaluation";
  message: string;
  from: number;
  to: number;
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
 * Evaluates a FEEL expression against `context` (variable name → value) with feelin. Never throws:
 * feelin's `SyntaxError` becomes `{ kind: "syntax" }` with its position, anything else thrown while
 * evaluating becomes `{ kind: "evaluation" }`. Evaluation is pure (the context is not mutated), but
 * FEEL's `now()`/`today()` read the clock — pass the time in the context instead when it matters.
 */
export function evaluateFeel(
  expression: string,
  context: Readonly<Record<string, unknown>> = {},
): FeelEvaluation {
  try {
    const result = evaluate(expression, { ...context });
    const warnings = result.warnings.map((w) => ({
      type: w.type,
      message: w.message,
      from: w.position.from,
      to: w.position.to,
    }));
    return { ok: true, value: result.value === undefined ? null : result.value, warnings };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = position(error) ?? { from: 0, to: expression.length };
    const kind = error instanceof FeelinSyntaxError ? "syntax" : "evaluation";
    return { ok: false, error: { kind, message, ...at } };
  }
}
