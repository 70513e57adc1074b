import { parseModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";

/**
 * A benchmark's process `key` of one state `main` holding `nodes` (each its own ref, in `main`),
 * joined by `lines` (flows, each its own ref); parsed, or an error naming the problems.
 */
export function oneStateModel(
  key: string,
  name: string,
  nodes: (Record<string, unknown> & { id: string })[],
  lines: { id: string; from: string; to: string }[] = [],
): ProcessModel {
  const parsed = parseModel({
    formatVersion: 1,
    key,
    name,
    states: [{ id: "main", ref: "main", name: "Main", initial: true }],
    nodes: nodes.map((n) => ({ ref: n.id, stateId: "main", ...n })),
    lines: lines.map((l) => ({ ref: l.id, kind: "flow", ...l })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.model;
}
