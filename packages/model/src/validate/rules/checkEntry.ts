import { isMigrationAction } from "../analyzeArming";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { ModelIndex } from "../ModelIndex";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";
import type { Node } from "../../schema/Node";
import { reachableStates } from "./checkStates";

/** A flow line that fires whenever its source completes: no condition, not a failure flow. */
const always = (line: { on: string; condition?: string | undefined }) =>
  line.on === "completed" && line.condition === undefined;

/**
 * The control nodes of one state that fire in the very step the state is entered: roots (no
 * incoming flow line: armed at entry, and a control node fires as soon as it is armed), and what
 * they arm through unconditional lines (an `or` on any such line, an `and` once all its inputs are
 * such lines, a finalizer on any).
 */
function firingAtEntry(index: ModelIndex, nodes: readonly Node[]): Set<string> {
  const fires = new Set<string>();
  const queue: string[] = [];
  for (const node of nodes) {
    if (node.kind === "action") continue;
    if ((index.flowIn.get(node.id) ?? []).length === 0) {
      fires.add(node.id);
      queue.push(node.id);
    }
  }
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const line of index.flowOut.get(id) ?? []) {
      const target = index.nodes.get(line.to);
      if (!target || target.kind === "action" || fires.has(target.id) || !always(line)) continue;
      const incoming = index.flowIn.get(target.id) ?? [];
      if (target.kind === "and" && !incoming.every((l) => fires.has(l.from) && always(l))) continue;
      fires.add(target.id);
      queue.push(target.id);
    }
  }
  return fires;
}

/**
 * The finalizer that ends the instance in the same step as `id` completes, whatever happens: an
 * unconditional line into it, or into an `or` (or a one-input `and`) that leads there so. An action
 * with transitions is left out (a transition taken wins over its flow lines).
 */
function endsAtOnce(index: ModelIndex, id: string, seen = new Set<string>()): string | undefined {
  if (seen.has(id)) return undefined;
  seen.add(id);
  if ((index.transitionsFrom.get(id) ?? []).length > 0) return undefined;
  for (const line of index.flowOut.get(id) ?? []) {
    if (!always(line)) continue;
    const target = index.nodes.get(line.to);
    if (target?.kind === "finalizer") return target.id;
    const joinsAtOnce =
      target?.kind === "or" || (target?.kind === "and" && (index.flowIn.get(target.id) ?? []).length === 1);
    if (target && joinsAtOnce) {
      const end = endsAtOnce(index, target.id, seen);
      if (end !== undefined) return end;
    }
  }
  return undefined;
}

/**
 * What happens the moment an instance enters a state: `finalizer.fires-at-entry` (a finalizer with
 * no incoming flow line, or reached at entry only through control nodes, ends the instance before
 * any action of the state can run), `join.fires-at-entry` (an and/or without incoming flow lines
 * fires at entry and joins nothing) and `action.ended-first` (an action that can never complete:
 * a node that must complete before it is armed leads straight to a finalizer, which ends the
 * instance first). Only states instances enter: reachable ones and those holding a migration action.
 */
export function checkEntry({ index, arming }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const entered = reachableStates(index, arming.completable);
  for (const [stateId, nodes] of index.nodesByState) {
    if (!entered.has(stateId) && !nodes.some(isMigrationAction)) continue;
    const actions = nodes.filter((n) => n.kind === "action");
    const atEntry = firingAtEntry(index, nodes);
    const enders = nodes.filter((n) => n.kind === "finalizer" && atEntry.has(n.id));
    for (const node of nodes) {
      if ((node.kind === "and" || node.kind === "or") && (index.flowIn.get(node.id) ?? []).length === 0)
        problems.push(
          makeProblem(
            "join.fires-at-entry",
            [node.id],
            `${describeElement(index, node.id)} has no incoming flow line: it fires as soon as ${describeElement(index, stateId)} is entered and joins nothing.`,
          ),
        );
    }
    if (actions.length > 0) {
      for (const end of enders) {
        const root = (index.flowIn.get(end.id) ?? []).length === 0;
        problems.push(
          makeProblem(
            "finalizer.fires-at-entry",
            [end.id, stateId],
            `${describeElement(index, end.id)} ${root ? "has no incoming flow line" : "is reached only through control nodes that fire at entry"}: it ends the instance the moment it enters ${describeElement(index, stateId)}, before any of its ${actions.length === 1 ? "action" : `${actions.length} actions`} can run.`,
          ),
        );
      }
    }
    if (enders.length > 0) continue;
    for (const action of actions) {
      if (!arming.completable.has(action.id)) continue;
      for (const before of arming.mustPrecede(action.id)) {
        const end = endsAtOnce(index, before);
        if (end === undefined) continue;
        problems.push(
          makeProblem(
            "action.ended-first",
            [action.id, before, end],
            `${describeElement(index, action.id)} can never complete: ${describeElement(index, before)} must complete before it is armed, and then ${describeElement(index, end)} ends the instance at once.`,
          ),
        );
        break;
      }
    }
  }
  return problems;
}
