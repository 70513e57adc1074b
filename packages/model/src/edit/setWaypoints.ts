import type { Point } from "../schema/Diagram";
import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Sets the bend points of a line or transition (`diagram.lines[id]` / `diagram.transitions[id]`);
 * an empty list resets it to the routed path. Layout only, the meaning is unchanged. Coordinates
 * must be finite (the schema's rule); an unknown id throws `not-found`.
 */
export function setWaypoints(model: ProcessModel, id: string, waypoints: readonly Point[]): EditResult {
  const section = model.lines.some((l) => l.id === id)
    ? "lines"
    : model.transitions.some((t) => t.id === id)
      ? "transitions"
      : undefined;
  if (!section) throw new EditError("not-found", `no line or transition "${id}"`);
  if (waypoints.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y)))
    throw new EditError("invalid-change", "bend points need finite coordinates");
  const next = waypoints.map((p) => ({ x: p.x, y: p.y }));
  const old = model.diagram[section][id]?.waypoints ?? [];
  if (old.length === next.length && old.every((p, i) => p.x === next[i]?.x && p.y === next[i]?.y))
    return { model, patches: [], inverse: [] };
  return produceEdit(model, (draft) => {
    draft.diagram[section][id] = { waypoints: next };
  });
}
