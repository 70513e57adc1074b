import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit, removeWhere } from "./produceEdit";

/**
 * The ids that removing `ids` takes with it: a state's nodes, every line touching a removed node,
 * every transition from a removed node or into a removed state.
 */
export function removalCascade(model: ProcessModel, ids: Iterable<string>): Set<string> {
  const gone = new Set(ids);
  const states = new Set(model.states.filter((s) => gone.has(s.id)).map((s) => s.id));
  for (const node of model.nodes) if (states.has(node.stateId)) gone.add(node.id);
  for (const line of model.lines) if (gone.has(line.from) || gone.has(line.to)) gone.add(line.id);
  for (const t of model.transitions) if (gone.has(t.from) || states.has(t.to)) gone.add(t.id);
  return gone;
}

/**
 * Removes elements (states, nodes, lines, transitions, calendars) in one undo step, with the
 * cascade of `removalCascade` and every diagram entry of a removed element; actions that used a
 * removed calendar lose their `calendar`. Removing the initial state leaves the model without one
 * (lint reports it). Throws `EditError("not-found")` for an unknown id.
 */
export function removeElements(model: ProcessModel, ids: readonly string[]): EditResult {
  const known = new Set(
    [...model.states, ...model.nodes, ...model.lines, ...model.transitions, ...model.calendars].map(
      (e) => e.id,
    ),
  );
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) throw new EditError("not-found", `no element "${unknown}"`);
  const gone = removalCascade(model, ids);
  const calendars = new Set(model.calendars.filter((c) => gone.has(c.id)).map((c) => c.id));
  return produceEdit(model, (draft) => {
    for (const node of draft.nodes)
      if (
        node.kind === "action" &&
        node.calendar !== undefined &&
        calendars.has(node.calendar) &&
        !gone.has(node.id)
      )
        delete node.calendar;
    removeWhere(draft.transitions, (t) => gone.has(t.id));
    removeWhere(draft.lines, (l) => gone.has(l.id));
    removeWhere(draft.nodes, (n) => gone.has(n.id));
    removeWhere(draft.states, (s) => gone.has(s.id));
    removeWhere(draft.calendars, (c) => gone.has(c.id));
    for (const section of ["states", "nodes", "lines", "transitions"] as const) {
      const entries = draft.diagram[section];
      for (const id of Object.keys(entries)) if (gone.has(id)) delete entries[id];
    }
  });
}
