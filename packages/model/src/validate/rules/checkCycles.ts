import { isImmediate, isMigrationAction } from "../analyzeArming";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { ModelIndex } from "../ModelIndex";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";
import { stronglyConnected } from "../stronglyConnected";

interface Edge {
  to: string;
  via: string;
  conditional: boolean;
}

/** Edges between immediate nodes: flow lines, and transitions from an action to the immediate roots of the target state. */
function immediateEdges(index: ModelIndex, completable: ReadonlySet<string>): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>();
  const immediate = (id: string): boolean => {
    const node = index.nodes.get(id);
    return node !== undefined && completable.has(id) && isImmediate(node, index);
  };
  for (const node of index.model.nodes) {
    if (!immediate(node.id) || edges.has(node.id)) continue;
    const out: Edge[] = [];
    for (const line of index.flowOut.get(node.id) ?? []) {
      if (line.on === "failed" && node.kind === "action" && node.retry !== undefined) continue; // retries back off
      if (immediate(line.to))
        out.push({ to: line.to, via: line.id, conditional: line.condition !== undefined });
    }
    for (const t of index.transitionsFrom.get(node.id) ?? []) {
      for (const root of index.nodesByState.get(t.to) ?? []) {
        if (!index.flowIn.has(root.id) && !isMigrationAction(root) && immediate(root.id))
          out.push({ to: root.id, via: t.id, conditional: t.condition !== undefined });
      }
    }
    edges.set(node.id, out);
  }
  return edges;
}

/** The cyclic strongly connected components of an edge map. */
function cyclicComponents(edges: ReadonlyMap<string, readonly Edge[]>): string[][] {
  const successors = (id: string): string[] => (edges.get(id) ?? []).map((e) => e.to);
  return stronglyConnected(edges.keys(), successors)
    .filter((c) => c.cyclic)
    .map((c) => c.members);
}

/**
 * `cycle.unbounded` (error): a cycle of immediate steps (control nodes, automatic actions without
 * delay or calendar) through unconditional lines and transitions runs forever. `cycle.conditional`
 * (warning): such a cycle exists only through conditional lines or transitions.
 */
export function checkCycles({ index, arming }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const all = immediateEdges(index, arming.completable);
  const unconditional = new Map([...all].map(([id, out]) => [id, out.filter((e) => !e.conditional)]));
  const reported = new Set<string>();
  const report = (
    code: "cycle.unbounded" | "cycle.conditional",
    component: string[],
    graph: ReadonlyMap<string, readonly Edge[]>,
  ): void => {
    const members = new Set(component);
    const via = component.flatMap((id) =>
      (graph.get(id) ?? []).filter((e) => members.has(e.to)).map((e) => e.via),
    );
    const names = component.map((id) => describeElement(index, id)).join(" → ");
    const tail =
      code === "cycle.unbounded"
        ? "runs forever: no step waits for a person or a delay"
        : "runs without pause for as long as its conditions keep holding";
    problems.push(makeProblem(code, [...component, ...new Set(via)], `The cycle ${names} ${tail}.`));
  };
  for (const component of cyclicComponents(unconditional)) {
    for (const id of component) reported.add(id);
    report("cycle.unbounded", component, unconditional);
  }
  for (const component of cyclicComponents(all)) {
    if (component.some((id) => reported.has(id))) continue;
    report("cycle.conditional", component, all);
  }
  return problems;
}
