import { isZeroDuration } from "../../schema/Duration";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { ModelIndex } from "../ModelIndex";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

/** Whether an outgoing unconditional flow line leads to a control node that fires in the same step, closing the source at once. */
function closedAtOnce(index: ModelIndex, actionId: string): boolean {
  return (index.flowOut.get(actionId) ?? []).some((line) => {
    if (line.on !== "completed" || line.condition !== undefined) return false;
    const target = index.nodes.get(line.to);
    if (!target) return false;
    return (
      target.kind === "or" ||
      target.kind === "finalizer" ||
      (target.kind === "and" && index.flowIn.get(target.id)?.length === 1)
    );
  });
}

/**
 * `action.no-handler`, `action.handler-on-manual`, `singleton.no-identifier`,
 * `capture.duplicate-name`, `action.unbounded-repeat` (automatic, maxOccurs 0, no positive delay,
 * and no control node that closes it in the same step).
 */
export function checkActions({ index }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  index.model.nodes.forEach((node, i) => {
    if (node.kind !== "action") return;
    const label = describeElement(index, node.id);
    if (node.mode === "automatic" && node.handler === undefined) {
      problems.push(
        makeProblem(
          "action.no-handler",
          [node.id],
          `Automatic ${label} has no handler, so the engine cannot run it.`,
          { path: ["nodes", i, "handler"] },
        ),
      );
    }
    if (node.mode === "manual" && node.handler !== undefined) {
      problems.push(
        makeProblem(
          "action.handler-on-manual",
          [node.id],
          `Manual ${label} names handler "${node.handler}", which never runs for a manual action.`,
          { path: ["nodes", i, "handler"] },
        ),
      );
    }
    if (node.singleton && !node.captures.some((c) => c.identifier === true)) {
      problems.push(
        makeProblem(
          "singleton.no-identifier",
          [node.id],
          `Singleton ${label} has no identifier capture, so there is nothing to find the other instances by.`,
          { path: ["nodes", i, "captures"] },
        ),
      );
    }
    const names = new Set<string>();
    node.captures.forEach((capture, c) => {
      if (names.has(capture.name)) {
        problems.push(
          makeProblem(
            "capture.duplicate-name",
            [node.id],
            `${label} has more than one capture named "${capture.name}".`,
            { path: ["nodes", i, "captures", c, "name"] },
          ),
        );
      }
      names.add(capture.name);
    });
    const delayed = node.delay !== undefined && !isZeroDuration(node.delay);
    if (node.mode === "automatic" && node.maxOccurs === 0 && !delayed && !closedAtOnce(index, node.id)) {
      problems.push(
        makeProblem(
          "action.unbounded-repeat",
          [node.id],
          `Automatic ${label} may complete any number of times (maxOccurs 0) and has no delay, so it runs again at once, forever${node.repeatUntil !== undefined ? " unless its repeatUntil condition holds" : ""}.`,
          { path: ["nodes", i, "maxOccurs"] },
        ),
      );
    }
  });
  return problems;
}
