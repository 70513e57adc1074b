import { BUSINESS_KEY_PATH, personalPathSegments } from "../../schema/Personal";
import { makeProblem } from "../makeProblem";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

/**
 * Personal paths (`model.personal`): a path whose first name is nothing the model writes — no
 * output mapping target, capture, form field or schedule variable — is likely a typo
 * (`personal.unknown`, a warning: start variables need no declaration).
 */
export function checkPersonal({ index }: RuleContext): Problem[] {
  const personal = index.model.personal ?? [];
  if (personal.length === 0) return [];
  const written = new Set<string>();
  for (const node of index.model.nodes) {
    if (node.kind !== "action") continue;
    for (const target of Object.keys(node.output ?? {})) written.add(target);
    for (const capture of node.captures) written.add(capture.name);
    const properties = (node.form as { properties?: unknown } | undefined)?.properties;
    if (properties && typeof properties === "object")
      for (const name of Object.keys(properties)) written.add(name);
  }
  for (const schedule of index.model.schedules ?? [])
    for (const name of Object.keys(schedule.variables ?? {})) written.add(name);
  const problems: Problem[] = [];
  personal.forEach((path, i) => {
    if (path === BUSINESS_KEY_PATH || written.has(personalPathSegments(path)[0] ?? "")) return;
    problems.push(
      makeProblem("personal.unknown", [], `The personal path "${path}" names nothing the model writes.`, {
        path: ["personal", i],
      }),
    );
  });
  return problems;
}
