import type { FlowLine } from "../../schema/Line";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { ModelIndex } from "../ModelIndex";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";
import { stronglyConnected } from "../stronglyConnected";

/** Why a flow line can never fire. */
function deadReason(index: ModelIndex, line: FlowLine, armable: ReadonlySet<string>): string {
  const source = describeElement(index, line.from);
  if (!armable.has(line.from)) return `${source} is never armed`;
  if (index.nodes.get(line.from)?.kind === "finalizer") return `${source} ends the instance`;
  return `${source} never fails (failure flow from a control node)`;
}

/** Nodes on a flow cycle (strongly connected through flow lines, or with a line to themselves). */
function nodesOnFlowCycles(index: ModelIndex): Set<string> {
  const onCycle = new Set<string>();
  const successors = (id: string): string[] => (index.flowOut.get(id) ?? []).map((l) => l.to);
  for (const component of stronglyConnected(index.nodes.keys(), successors)) {
    if (component.cyclic) for (const id of component.members) onCycle.add(id);
  }
  return onCycle;
}

/**
 * Two inputs of an `and` exclude each other when both have an unconditional flow line into the same
 * `or`: the `or` fires as soon as the first completes and closes the other, so the `and` waits
 * forever. Inputs on a flow cycle are left alone (a loop may arm them again).
 */
function exclusiveInputs(
  index: ModelIndex,
  lines: readonly FlowLine[],
  onCycle: ReadonlySet<string>,
): [string, string, string] | undefined {
  const orsOf = (id: string): string[] =>
    (index.flowOut.get(id) ?? [])
      .filter(
        (l) => l.on === "completed" && l.condition === undefined && index.nodes.get(l.to)?.kind === "or",
      )
      .map((l) => l.to);
  const sources = [...new Set(lines.filter((l) => l.on === "completed").map((l) => l.from))].filter(
    (id) => !onCycle.has(id),
  );
  for (let i = 0; i < sources.length; i++) {
    const a = sources[i] as string;
    const orsA = new Set(orsOf(a));
    for (let j = i + 1; j < sources.length; j++) {
      const b = sources[j] as string;
      const shared = orsOf(b).find((or) => orsA.has(or));
      if (shared !== undefined) return [a, b, shared];
    }
  }
  return undefined;
}

/**
 * `node.never-armed` (no incoming flow line can ever fire), `and.waits-on-dead` (an `and` with an
 * input that can never fire, or two inputs an `or` makes exclusive), `join.single-incoming`.
 */
export function checkArming({ index, arming }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const onCycle = nodesOnFlowCycles(index);
  for (const nodes of index.nodesByState.values()) {
    for (const node of nodes) {
      const incoming = index.flowIn.get(node.id) ?? [];
      if ((node.kind === "and" || node.kind === "or") && incoming.length === 1) {
        problems.push(
          makeProblem(
            "join.single-incoming",
            [node.id],
            `${describeElement(index, node.id)} has a single incoming flow line, so it joins nothing.`,
          ),
        );
      }
      const label = describeElement(index, node.id);
      if (node.kind === "and") {
        const dead = incoming.filter((l) => !arming.canFire(l));
        if (dead.length > 0) {
          const reasons = dead.map((l) => deadReason(index, l, arming.armable)).join("; ");
          problems.push(
            makeProblem(
              "and.waits-on-dead",
              [node.id, ...dead.map((l) => l.id), ...dead.map((l) => l.from)],
              `${label} waits for every input, but ${reasons}.`,
            ),
          );
          continue;
        }
        const exclusive = exclusiveInputs(index, incoming, onCycle);
        if (exclusive) {
          const [a, b, or] = exclusive;
          problems.push(
            makeProblem(
              "and.waits-on-dead",
              [node.id, a, b, or],
              `${label} waits for both ${describeElement(index, a)} and ${describeElement(index, b)}, but ${describeElement(index, or)} fires when the first of them completes and closes the other.`,
            ),
          );
        }
        continue;
      }
      if (arming.armable.has(node.id)) continue;
      const cycleOnly = incoming.every((l) => onCycle.has(l.from) && onCycle.has(node.id));
      const reasons = cycleOnly
        ? "it is only reached from its own loop, which nothing enters"
        : incoming.map((l) => deadReason(index, l, arming.armable)).join("; ");
      problems.push(
        makeProblem(
          "node.never-armed",
          [node.id, ...incoming.map((l) => l.id)],
          `${label} can never be armed: ${reasons}.`,
        ),
      );
    }
  }
  return problems;
}
