import type { z } from "zod";
import { isNodeKind, NODE_KINDS } from "../schema/nodeKinds";
import { LINE_KINDS } from "../schema/Line";
import { makeProblem } from "../validate/makeProblem";
import type { Problem } from "../validate/Problem";

const ELEMENT_ARRAYS = new Set(["states", "nodes", "lines", "transitions", "calendars"]);
const DIAGRAM_MAPS = new Set(["nodes", "states", "lines", "transitions"]);

function at(value: unknown, key: PropertyKey): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Record<PropertyKey, unknown>)[key];
}

/**
 * The id of the element a JSON path points into: `["nodes", 3, "delay"]` → the id written on
 * `raw.nodes[3]`; `["diagram", "nodes", "n1", "x"]` → `"n1"`. `undefined` for model-level paths or
 * elements without a usable id.
 */
export function elementIdAt(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  const [first, second, third] = path;
  if (typeof first === "string" && ELEMENT_ARRAYS.has(first) && typeof second === "number") {
    const id = at(at(at(raw, first), second), "id");
    return typeof id === "string" && id !== "" ? id : undefined;
  }
  if (
    first === "diagram" &&
    typeof second === "string" &&
    DIAGRAM_MAPS.has(second) &&
    typeof third === "string"
  )
    return third;
  return undefined;
}

function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

/**
 * Turns zod issues into problems that point at elements. An unknown node or line `kind` gets its
 * own code (`node.unknown-kind`, `line.unknown-kind`) instead of zod's generic union message.
 */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter(
      (p): p is string | number => typeof p === "string" || typeof p === "number",
    );
    const id = elementIdAt(raw, path);
    const elementIds = id === undefined ? [] : [id];
    const where = path.length > 0 ? describePath(path) : "the model";
    const [first, index] = path;
    if ((first === "nodes" || first === "lines") && typeof index === "number" && path.length <= 3) {
      const kind = at(at(at(raw, first), index), "kind");
      const known = first === "nodes" ? isNodeKind(kind) : LINE_KINDS.includes(kind as never);
      if (!known) {
        const key = `${first}/${index}/kind`;
        if (seen.has(key)) continue;
        seen.add(key);
        const allowed = first === "nodes" ? NODE_KINDS.join(", ") : LINE_KINDS.join(", ");
        const code = first === "nodes" ? "node.unknown-kind" : "line.unknown-kind";
        problems.push(
          makeProblem(
            code,
            elementIds,
            `${where}: kind ${JSON.stringify(kind) ?? "undefined"} is not one of ${allowed}.`,
            { path: [first, index, "kind"] },
          ),
        );
        continue;
      }
    }
    problems.push(makeProblem("schema.invalid", elementIds, `${where}: ${issue.message}`, { path }));
  }
  return problems;
}
