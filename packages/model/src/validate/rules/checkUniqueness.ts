import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

function duplicates(entries: Iterable<[key: string, id: string]>): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const [key, id] of entries) {
    const list = seen.get(key);
    if (list) list.push(id);
    else seen.set(key, [id]);
  }
  for (const [key, ids] of seen) if (ids.length < 2) seen.delete(key);
  return seen;
}

/** `id.duplicate` (one id space for all elements), `ref.duplicate` (one ref space), `code.duplicate` (actions). */
export function checkUniqueness({ index }: RuleContext): Problem[] {
  const { model } = index;
  const problems: Problem[] = [];
  const all = [...model.states, ...model.nodes, ...model.lines, ...model.transitions];
  for (const [id, ids] of duplicates([...all, ...model.calendars].map((e) => [e.id, e.id]))) {
    problems.push(makeProblem("id.duplicate", [id], `${ids.length} elements have the id "${id}".`));
  }
  for (const [ref, ids] of duplicates(all.map((e) => [e.ref, e.id]))) {
    problems.push(
      makeProblem(
        "ref.duplicate",
        [...new Set(ids)],
        `${ids.length} elements have the ref "${ref}": ${ids.map((id) => describeElement(index, id)).join(", ")}.`,
      ),
    );
  }
  const codes: [string, string][] = [];
  for (const node of model.nodes)
    if (node.kind === "action" && node.code !== undefined) codes.push([node.code, node.id]);
  for (const [code, ids] of duplicates(codes)) {
    problems.push(
      makeProblem(
        "code.duplicate",
        [...new Set(ids)],
        `The actions ${ids.map((id) => `"${index.nodes.get(id)?.name ?? id}"`).join(", ")} share the code "${code}".`,
      ),
    );
  }
  return problems;
}
