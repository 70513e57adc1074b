import { checkFeelSyntax } from "../../feel/checkFeelSyntax";
import type { Mapping } from "../../schema/Mapping";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

/**
 * `feel.syntax`: every FEEL expression of the model parses — line and transition conditions,
 * input/output mappings, repeatUntil, capture paths, compensation input. The message names the
 * field and the position; `location` carries the character range.
 */
export function checkFeel({ index }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const check = (elementId: string, path: (string | number)[], what: string, expression: string): void => {
    const error = checkFeelSyntax(expression);
    if (!error) return;
    problems.push(
      makeProblem(
        "feel.syntax",
        [elementId],
        `${what} of ${describeElement(index, elementId)}: ${error.message} (in ${JSON.stringify(expression)}).`,
        { path, location: { from: error.from, to: error.to } },
      ),
    );
  };
  const mapping = (
    elementId: string,
    path: (string | number)[],
    what: string,
    m: Mapping | undefined,
  ): void => {
    if (m)
      for (const [key, expression] of Object.entries(m))
        check(elementId, [...path, key], `${what} "${key}"`, expression);
  };
  const { model } = index;
  model.lines.forEach((line, i) => {
    if (line.kind === "flow" && line.condition !== undefined)
      check(line.id, ["lines", i, "condition"], "The condition", line.condition);
  });
  model.transitions.forEach((t, i) => {
    if (t.condition !== undefined) check(t.id, ["transitions", i, "condition"], "The condition", t.condition);
  });
  model.nodes.forEach((node, i) => {
    if (node.kind !== "action") return;
    const at = ["nodes", i];
    mapping(node.id, [...at, "input"], "Input", node.input);
    mapping(node.id, [...at, "output"], "Output", node.output);
    if (node.repeatUntil !== undefined)
      check(node.id, [...at, "repeatUntil"], "repeatUntil", node.repeatUntil);
    node.captures.forEach((c, j) =>
      check(node.id, [...at, "captures", j, "path"], `The path of capture "${c.name}"`, c.path),
    );
    if (node.compensation)
      mapping(node.id, [...at, "compensation", "input"], "Compensation input", node.compensation.input);
  });
  return problems;
}
