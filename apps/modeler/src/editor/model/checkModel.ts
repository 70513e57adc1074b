/**
 * Live problems of a model for the problems panel and the canvas markers. Stand-in for
 * `validateModel` of `@flowstate/model` (same `Problem` shape and codes) until it is exported;
 * covers the checks an analyst trips over while drawing.
 */
import { parseFeel, problemCodes } from "@flowstate/model";
import type { Problem, ProblemCode, ProcessModel } from "@flowstate/model";

function problem(code: ProblemCode, elementIds: string[], message: string, location?: { from: number; to: number }): Problem {
  const info = problemCodes[code];
  return { code, severity: info.severity, elementIds, message, hint: info.hint, ...(location ? { location } : {}) };
}

export function checkModel(model: ProcessModel): Problem[] {
  const out: Problem[] = [];
  const initial = model.states.filter((s) => s.initial);
  if (initial.length !== 1) {
    out.push(problem("state.initial-count", initial.map((s) => s.id), initial.length === 0 ? "No state is marked initial." : `${initial.length} states are marked initial.`));
  }
  const feel = (id: string, what: string, text: string | undefined): void => {
    if (text === undefined || text.trim() === "") return;
    const parsed = parseFeel(text);
    if (!parsed.ok) out.push(problem("feel.syntax", [id], `${what}: ${parsed.error.message}`, { from: parsed.error.from, to: parsed.error.to }));
  };
  const codes = new Map<string, string>();
  for (const node of model.nodes) {
    if (node.kind !== "action") continue;
    if (node.mode === "automatic" && !node.handler) out.push(problem("action.no-handler", [node.id], `"${node.name}" is automatic but has no handler.`));
    if (node.mode === "manual" && node.handler) out.push(problem("action.handler-on-manual", [node.id], `"${node.name}" is manual but names a handler.`));
    if (node.code) {
      const other = codes.get(node.code);
      if (other) out.push(problem("code.duplicate", [other, node.id], `Two actions use the code "${node.code}".`));
      else codes.set(node.code, node.id);
    }
    for (const [k, v] of Object.entries(node.input ?? {})) feel(node.id, `input ${k}`, v);
    for (const [k, v] of Object.entries(node.output ?? {})) feel(node.id, `output ${k}`, v);
    feel(node.id, "repeat until", node.repeatUntil);
    for (const c of node.captures) feel(node.id, `capture ${c.name}`, c.path);
    if (node.singleton && !node.captures.some((c) => c.identifier)) {
      out.push(problem("singleton.no-identifier", [node.id], `"${node.name}" is a singleton but captures no identifier.`));
    }
  }
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  for (const line of model.lines) {
    const from = nodes.get(line.from);
    const to = nodes.get(line.to);
    if (!from || !to) out.push(problem("reference.dangling", [line.id], "A line points at a missing node."));
    else if (from.stateId !== to.stateId) out.push(problem("line.across-states", [line.id, from.id, to.id], `The line from "${from.name}" to "${to.name}" crosses states.`));
    if (line.kind === "flow") feel(line.id, "condition", line.condition);
  }
  for (const t of model.transitions) feel(t.id, "condition", t.condition);
  const finalizers = model.nodes.filter((n) => n.kind === "finalizer");
  if (model.states.length > 0 && finalizers.length === 0) {
    out.push(problem("state.no-end", [], "No finalizer: instances of this process never end."));
  }
  const entered = new Set(model.transitions.map((t) => t.to));
  for (const s of model.states) {
    if (!s.initial && !entered.has(s.id)) out.push(problem("state.unreachable", [s.id], `No transition enters "${s.name}".`));
  }
  return out;
}
