import { LineSchema } from "../schema/Line";
import type { ProcessModel } from "../schema/Process";
import { changeElement } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";

/** What can change on a line in place: the condition and the trigger of a flow line. */
export interface LineChanges {
  condition?: string | undefined;
  on?: "completed" | "failed";
}

/**
 * Changes a flow line's condition (`undefined` removes it) or trigger (`on`). Only flow lines carry
 * these: other kinds throw `EditError("wrong-kind")`. A failure trigger on a line leaving a control
 * node is allowed here and reported by lint (`line.failure-from-control`).
 */
export function updateLine(model: ProcessModel, lineId: string, changes: LineChanges): EditResult {
  const line = model.lines.find((l) => l.id === lineId);
  if (!line) throw new EditError("not-found", `no line "${lineId}"`);
  if (line.kind !== "flow")
    throw new EditError("wrong-kind", `a ${line.kind} line has no condition or trigger`);
  return changeElement(model, "lines", line, LineSchema, { ...changes });
}
