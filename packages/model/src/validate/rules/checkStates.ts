import { isMigrationAction } from "../analyzeArming";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { ModelIndex } from "../ModelIndex";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

/** States an instance can reach from the initial state through transitions of actions that can complete. */
export function reachableStates(index: ModelIndex, completable: ReadonlySet<string>): Set<string> {
  const reached = new Set<string>();
  const queue = index.model.states.filter((s) => s.initial === true).map((s) => s.id);
  for (const id of queue) reached.add(id);
  while (queue.length > 0) {
    const stateId = queue.pop() as string;
    for (const node of index.nodesByState.get(stateId) ?? []) {
      if (!completable.has(node.id)) continue;
      for (const t of index.transitionsFrom.get(node.id) ?? []) {
        if (!reached.has(t.to)) {
          reached.add(t.to);
          queue.push(t.to);
        }
      }
    }
  }
  return reached;
}

/** States from which an instance can still end: a finalizer can complete in it, or a transition leads to such a state. */
function statesThatCanEnd(index: ModelIndex, completable: ReadonlySet<string>): Set<string> {
  const canEnd = new Set<string>();
  for (const [stateId, nodes] of index.nodesByState) {
    if (nodes.some((n) => n.kind === "finalizer" && completable.has(n.id))) canEnd.add(stateId);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const [stateId, nodes] of index.nodesByState) {
      if (canEnd.has(stateId)) continue;
      const leads = nodes.some(
        (n) => completable.has(n.id) && (index.transitionsFrom.get(n.id) ?? []).some((t) => canEnd.has(t.to)),
      );
      if (leads) {
        canEnd.add(stateId);
        changed = true;
      }
    }
  }
  return canEnd;
}

/**
 * `state.initial-count`, `transition.from-non-action`, `state.unreachable` (not reachable from the
 * initial state and holding no migration action), `state.no-end` (reachable, but no finalizer can
 * be reached from it).
 */
export function checkStates({ index, arming }: RuleContext): Problem[] {
  const { model } = index;
  const problems: Problem[] = [];
  const initial = model.states.filter((s) => s.initial === true);
  if (initial.length !== 1) {
    const message =
      initial.length === 0
        ? "No state is marked initial."
        : `${initial.length} states are marked initial: ${initial.map((s) => s.id).join(", ")}.`;
    problems.push(
      makeProblem(
        "state.initial-count",
        initial.map((s) => s.id),
        message,
      ),
    );
  }
  model.transitions.forEach((t, i) => {
    const from = index.nodes.get(t.from);
    if (from && from.kind !== "action") {
      problems.push(
        makeProblem(
          "transition.from-non-action",
          [t.id, from.id],
          `${describeElement(index, t.id)} starts at ${describeElement(index, from.id)}.`,
          { path: ["transitions", i, "from"] },
        ),
      );
    }
  });
  if (initial.length === 0) return problems;
  const reached = reachableStates(index, arming.armable);
  const canEnd = statesThatCanEnd(index, arming.completable);
  for (const state of model.states) {
    const migratable = (index.nodesByState.get(state.id) ?? []).some(isMigrationAction);
    if (!reached.has(state.id) && !migratable) {
      const into = (index.transitionsInto.get(state.id) ?? []).filter(
        (t) => index.nodes.get(t.from)?.stateId !== state.id,
      );
      const why =
        into.length === 0
          ? "no transition leads into it"
          : `the transitions into it (${into.map((t) => t.id).join(", ")}) start at actions that are never reached`;
      problems.push(
        makeProblem(
          "state.unreachable",
          [state.id],
          `${describeElement(index, state.id)} can never be entered: ${why}.`,
        ),
      );
      continue;
    }
    if (!canEnd.has(state.id)) {
      problems.push(
        makeProblem(
          "state.no-end",
          [state.id],
          `From ${describeElement(index, state.id)} no finalizer can be reached: an instance that enters it runs forever.`,
        ),
      );
    }
  }
  return problems;
}
