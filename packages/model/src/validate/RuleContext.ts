import type { ArmingAnalysis } from "./analyzeArming";
import type { ModelIndex } from "./ModelIndex";
import type { Problem } from "./Problem";

/** What every lint rule receives: the index and the arming analysis, both computed once. */
export interface RuleContext {
  readonly index: ModelIndex;
  readonly arming: ArmingAnalysis;
}

/** A lint rule: reads the context, returns its problems. Pure, never throws on a schema-valid model. */
export type Rule = (context: RuleContext) => Problem[];
