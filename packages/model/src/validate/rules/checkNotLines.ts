import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";
import { reachableStates } from "./checkStates";

/**
 * `not.always-blocked`: a not line whose source must complete before its target is armed blocks the
 * target forever. `not.blocks-all-finalizers`: without not lines some finalizer can be reached from
 * the initial state, with them none can.
 */
export function checkNotLines({ index, arming }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const line of arming.blockingLines) {
    problems.push(
      makeProblem(
        "not.always-blocked",
        [line.id, line.from, line.to],
        `${describeElement(index, line.id)}: ${describeElement(index, line.from)} always completes before ${describeElement(index, line.to)} is armed, so it is blocked for good.`,
      ),
    );
  }
  if (arming.blocked.size === 0) return problems;
  const finalizers = (completable: ReadonlySet<string>): string[] => {
    const states = reachableStates(index, completable);
    return index.model.nodes
      .filter((n) => n.kind === "finalizer" && states.has(n.stateId) && completable.has(n.id))
      .map((n) => n.id);
  };
  const before = finalizers(arming.armable);
  const after = finalizers(arming.completable);
  if (before.length > 0 && after.length === 0) {
    const culprits = index.model.lines.filter(
      (l) => l.kind === "not" && arming.blocked.has(l.to) && arming.completable.has(l.from),
    );
    const ids = culprits.length > 0 ? culprits.map((l) => l.id) : arming.blockingLines.map((l) => l.id);
    problems.push(
      makeProblem(
        "not.blocks-all-finalizers",
        [...ids, ...before],
        `The ${ids.map((id) => describeElement(index, id)).join(", ")} make every finalizer (${before.map((id) => describeElement(index, id)).join(", ")}) unreachable: the instance can never end.`,
      ),
    );
  }
  return problems;
}
