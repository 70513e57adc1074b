/**
 * Checks the wizard's variable changes as the runtime will (`migrationPlanSchema` and FEEL
 * parsing), so the operator sees each problem next to its field before anything is sent.
 */
import { parseFeel } from "@flowstate/model";
import type { VariableChange } from "./MigrationDraft";

export interface VariableChangeProblem {
  index: number;
  field: "name" | "expression";
  message: string;
  /** Where in the expression a FEEL syntax error is. */
  from?: number;
  to?: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Problems of the non-blank rows (a row with neither name nor expression is ignored). */
export function variableChangeProblems(changes: readonly VariableChange[]): VariableChangeProblem[] {
  const problems: VariableChangeProblem[] = [];
  const seen = new Set<string>();
  changes.forEach((change, index) => {
    const name = change.name.trim();
    if (name === "" && change.expression.trim() === "") return;
    if (name === "") problems.push({ index, field: "name", message: "Name the variable" });
    else if (!NAME.test(name) || name.length > 200)
      problems.push({
        index,
        field: "name",
        message: "A variable name is a letter or _ followed by letters, digits or _",
      });
    else if (seen.has(name)) problems.push({ index, field: "name", message: `"${name}" is changed twice` });
    seen.add(name);
    if (change.expression.trim() === "") {
      problems.push({ index, field: "expression", message: "Write a FEEL expression" });
      return;
    }
    const parsed = parseFeel(change.expression);
    if (!parsed.ok)
      problems.push({
        index,
        field: "expression",
        message: parsed.error.message,
        from: parsed.error.from,
        to: parsed.error.to,
      });
  });
  return problems;
}
