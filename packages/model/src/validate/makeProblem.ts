import type { Problem } from "./Problem";
import { problemCodes } from "./problemCodes";
import type { ProblemCode } from "./problemCodes";

/** Builds a problem with the code's fixed severity and default hint (overridable through `extra`). */
export function makeProblem(
  code: ProblemCode,
  elementIds: readonly string[],
  message: string,
  extra: Partial<Pick<Problem, "hint" | "path" | "location">> = {},
): Problem {
  const info = problemCodes[code];
  const problem: Problem = {
    code,
    severity: info.severity,
    elementIds: [...elementIds],
    message,
    hint: extra.hint ?? info.hint,
  };
  if (extra.path) problem.path = extra.path;
  if (extra.location) problem.location = extra.location;
  return problem;
}
