import type { Node } from "../../schema/Node";
import { isImmediate, isMigrationAction } from "../analyzeArming";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { ModelIndex } from "../ModelIndex";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

/** Whether `target` is armed in the same firing every time `source` is armed. */
function armedTogether(index: ModelIndex, source: Node, target: Node): boolean {
  const into = index.flowIn.get(source.id) ?? [];
  if (into.length === 0)
    return !index.flowIn.has(target.id) && !isMigrationAction(source) && !isMigrationAction(target);
  if (target.kind === "and") return false;
  return into.every((line) =>
    (index.flowOut.get(line.from) ?? []).some(
      (l) => l.to === target.id && l.on === line.on && l.condition === undefined,
    ),
  );
}

/**
 * `limit.upstream-target` (warning): the target must have completed before the source is armed, so
 * the line only matters if the target runs again. `limit.closes-at-open` (error): the target is
 * armed together with the source and runs at once, so the source's window closes as it opens.
 */
export function checkLimitLines({ index, arming }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const lines of index.limitOut.values()) {
    for (const line of lines) {
      const source = index.nodes.get(line.from);
      const target = index.nodes.get(line.to);
      if (!source || !target || source.id === target.id || !arming.armable.has(source.id)) continue;
      if (arming.mustPrecede(source.id).has(target.id)) {
        problems.push(
          makeProblem(
            "limit.upstream-target",
            [line.id, source.id, target.id],
            `${describeElement(index, line.id)}: ${describeElement(index, target.id)} has always completed before ${describeElement(index, source.id)} is armed, so the limit only closes it if ${describeElement(index, target.id)} runs again.`,
          ),
        );
      } else if (isImmediate(target, index) && armedTogether(index, source, target)) {
        problems.push(
          makeProblem(
            "limit.closes-at-open",
            [line.id, source.id, target.id],
            `${describeElement(index, line.id)}: ${describeElement(index, target.id)} is armed together with ${describeElement(index, source.id)} and runs at once, which closes the window of ${describeElement(index, source.id)} as soon as it opens.`,
          ),
        );
      }
    }
  }
  return problems;
}
