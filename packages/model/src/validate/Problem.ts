import type { ProblemCode, Severity } from "./problemCodes";

/**
 * One finding about a model. `elementIds` point at the elements involved (the modeler highlights
 * them; may be empty for model-level problems). `path` is the JSON path into the model document
 * when the problem is about one field; `location` the character range inside a FEEL expression.
 */
export interface Problem {
  code: ProblemCode;
  severity: Severity;
  elementIds: string[];
  message: string;
  hint: string;
  path?: (string | number)[];
  location?: { from: number; to: number };
}
