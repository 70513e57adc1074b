import type { Line } from "../schema/Line";
import type { ProcessModel } from "../schema/Process";
import { canConnect } from "./canConnect";
import type { ConnectKind } from "./ConnectKind";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Turns a line into another kind between the same nodes, keeping its id, ref and layout (so a
 * version diff shows a changed `kind`, not a removed and an added line). A flow line's condition
 * survives a change between `flow` and `failure`; limit and not lines carry none. Guarded by
 * `canConnect` (ignoring the line itself); `transition` is not a line kind here.
 */
export function changeLineKind(
  model: ProcessModel,
  lineId: string,
  kind: Exclude<ConnectKind, "transition">,
): EditResult {
  const index = model.lines.findIndex((l) => l.id === lineId);
  const line = model.lines[index];
  if (!line) throw new EditError("not-found", `no line "${lineId}"`);
  const others = { ...model, lines: model.lines.filter((l) => l.id !== lineId) };
  const check = canConnect(others, kind, line.from, line.to);
  if (!check.ok) throw new EditError("illegal-connection", check.reason);
  const base = { id: line.id, ref: line.ref, from: line.from, to: line.to };
  const condition =
    line.kind === "flow" && line.condition !== undefined && (kind === "flow" || kind === "failure")
      ? { condition: line.condition }
      : {};
  const next: Line =
    kind === "flow" || kind === "failure"
      ? { ...base, kind: "flow", on: kind === "failure" ? "failed" : "completed", ...condition }
      : { ...base, kind };
  return produceEdit(model, (draft) => {
    draft.lines[index] = next;
  });
}
