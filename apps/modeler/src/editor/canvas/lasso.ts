/**
 * What a lasso (Shift-drag on the canvas) selects (pure): React Flow selects the boxes inside the
 * rectangle and every line touching one of them; a line belongs to the lasso only when both of its
 * ends are inside (selected), as in bpmn-js.
 */
import type { ProcessModel } from "@flowstate/model";

export function lassoSelection(model: ProcessModel, selection: readonly string[]): string[] {
  const chosen = new Set(selection);
  const ends = new Map<string, [string, string]>();
  for (const e of [...model.lines, ...model.transitions]) ends.set(e.id, [e.from, e.to]);
  return selection.filter((id) => {
    const pair = ends.get(id);
    return !pair || (chosen.has(pair[0]) && chosen.has(pair[1]));
  });
}
