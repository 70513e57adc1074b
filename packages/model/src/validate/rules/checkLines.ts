import { nodeKinds } from "../../schema/nodeKinds";
import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

/** Identity of a line for duplicate detection: kind, (failure or not), source, target. */
export function lineKey(line: { kind: string; from: string; to: string; on?: string }): string {
  return `${line.kind}|${line.kind === "flow" ? (line.on ?? "completed") : ""}|${line.from}|${line.to}`;
}

/**
 * `line.self`, `line.across-states`, `line.duplicate`, `line.from-finalizer` (any line leaving a
 * kind without outgoing lines), `line.failure-from-control` (control nodes never fail),
 * `migration.incoming-lines` (no line of any kind into a migration action).
 */
export function checkLines({ index }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  index.model.lines.forEach((line, i) => {
    const from = index.nodes.get(line.from);
    const to = index.nodes.get(line.to);
    if (line.from === line.to) {
      problems.push(
        makeProblem(
          "line.self",
          [line.id],
          `${describeElement(index, line.id)} starts and ends at the same node.`,
          { path: ["lines", i] },
        ),
      );
    }
    if (from && to && from.stateId !== to.stateId) {
      problems.push(
        makeProblem(
          "line.across-states",
          [line.id, from.id, to.id],
          `${describeElement(index, line.id)} connects ${describeElement(index, from.id)} in ${describeElement(index, from.stateId)} with ${describeElement(index, to.id)} in ${describeElement(index, to.stateId)}.`,
          { path: ["lines", i] },
        ),
      );
    }
    const key = lineKey(line);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line.id);
    else
      problems.push(
        makeProblem(
          "line.duplicate",
          [first, line.id],
          `${describeElement(index, line.id)} duplicates ${first}.`,
          { path: ["lines", i] },
        ),
      );
    if (from && !nodeKinds[from.kind].hasOutgoing) {
      problems.push(
        makeProblem(
          "line.from-finalizer",
          [line.id, from.id],
          `${describeElement(index, line.id)} leaves ${describeElement(index, from.id)}; nothing can follow the end of the instance.`,
          { path: ["lines", i] },
        ),
      );
    } else if (from && line.kind === "flow" && line.on === "failed" && from.kind !== "action") {
      problems.push(
        makeProblem(
          "line.failure-from-control",
          [line.id, from.id],
          `${describeElement(index, line.id)} leaves ${describeElement(index, from.id)}, which fires by itself and never fails.`,
          { path: ["lines", i] },
        ),
      );
    }
  });
  for (const node of index.model.nodes) {
    if (node.kind !== "action" || node.migration === undefined) continue;
    const incoming = index.anyIn.get(node.id) ?? [];
    if (incoming.length > 0) {
      problems.push(
        makeProblem(
          "migration.incoming-lines",
          [node.id, ...incoming.map((l) => l.id)],
          `Migration ${describeElement(index, node.id)} has incoming lines (${incoming.map((l) => l.id).join(", ")}); it may only sit at the root of its state.`,
        ),
      );
    }
  }
  return problems;
}
