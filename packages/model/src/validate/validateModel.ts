import { parseModel } from "../parse/parseModel";
import type { ProcessModel } from "../schema/Process";
import { analyzeArming } from "./analyzeArming";
import { makeProblem } from "./makeProblem";
import { indexModel } from "./ModelIndex";
import type { Problem } from "./Problem";
import type { Rule } from "./RuleContext";
import { checkActions } from "./rules/checkActions";
import { checkArming } from "./rules/checkArming";
import { checkCycles } from "./rules/checkCycles";
import { checkEntry } from "./rules/checkEntry";
import { checkFeel } from "./rules/checkFeel";
import { checkLimitLines } from "./rules/checkLimitLines";
import { checkLines } from "./rules/checkLines";
import { checkNotLines } from "./rules/checkNotLines";
import { checkPersonal } from "./rules/checkPersonal";
import { checkReferences } from "./rules/checkReferences";
import { checkSchedules } from "./rules/checkSchedules";
import { checkStates } from "./rules/checkStates";
import { checkUniqueness } from "./rules/checkUniqueness";

/** The lint rules, in reporting order: structure first, then the unlock semantics. */
export const lintRules: readonly Rule[] = [
  checkUniqueness,
  checkReferences,
  checkSchedules,
  checkPersonal,
  checkLines,
  checkStates,
  checkActions,
  checkFeel,
  checkArming,
  checkEntry,
  checkLimitLines,
  checkNotLines,
  checkCycles,
];

/**
 * Lints a schema-valid model (as returned by `parseModel`): structure (ids, refs, codes,
 * references, lines, states, transitions), actions, FEEL syntax and the unlock semantics. Builds the
 * index and the arming analysis once; linear in the model size apart from per-state dominator sets.
 */
export function lintModel(model: ProcessModel): Problem[] {
  const index = indexModel(model);
  const context = { index, arming: analyzeArming(index) };
  return lintRules.flatMap((rule) => rule(context));
}

/**
 * Validates anything: JSON text or a JSON value. Schema problems (pointing at elements) are returned
 * alone when the document does not match the format; otherwise the lint problems. An empty array
 * means a clean model. Never throws: should a rule fail unexpectedly, the failure is returned as an
 * `internal.error` problem.
 */
export function validateModel(model: unknown): Problem[] {
  try {
    const parsed = parseModel(model);
    return parsed.ok ? lintModel(parsed.model) : parsed.problems;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [makeProblem("internal.error", [], `Validation failed unexpectedly: ${message}`)];
  }
}
