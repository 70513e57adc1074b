import type { Line } from "../schema/Line";
import type { ProcessModel } from "../schema/Process";
import type { Transition } from "../schema/Transition";
import { canConnect } from "./canConnect";
import type { ConnectKind } from "./ConnectKind";
import { EditError } from "./EditContext";
import type { EditContext, EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Options of a new connection: a condition (flow lines, transitions), the trigger of a flow line, a transition's order. */
export interface ConnectOptions {
  condition?: string;
  on?: "completed" | "failed";
  order?: number;
}

/**
 * Draws a connection: a flow line (`on: "failed"` or kind `failure` for a failure flow), a limit or
 * not line between two nodes of one state, or a transition from an action to a state (order
 * defaults to after the action's existing transitions). Guarded by `canConnect`: a refused
 * connection throws `EditError("illegal-connection")` with the reason. Adds a diagram entry without
 * waypoints. The id comes from `ctx.newId(kind)`.
 */
export function connect(
  model: ProcessModel,
  ctx: EditContext,
  args: { kind: ConnectKind; from: string; to: string } & ConnectOptions,
): EditResult & { id: string } {
  const failed = args.kind === "failure" || (args.kind === "flow" && args.on === "failed");
  const kind: ConnectKind = failed ? "failure" : args.kind;
  const check = canConnect(model, kind, args.from, args.to);
  if (!check.ok) throw new EditError("illegal-connection", check.reason);
  if (kind === "transition") {
    const id = ctx.newId("transition");
    const order = args.order ?? model.transitions.filter((t) => t.from === args.from).length;
    const transition: Transition = {
      id,
      ref: `r.${id}`,
      from: args.from,
      to: args.to,
      order,
      ...(args.condition === undefined ? {} : { condition: args.condition }),
    };
    const result = produceEdit(model, (draft) => {
      draft.transitions.push(transition);
      draft.diagram.transitions[id] = { waypoints: [] };
    });
    return { ...result, id };
  }
  const id = ctx.newId(kind === "failure" ? "flow" : kind);
  const base = { id, ref: `r.${id}`, from: args.from, to: args.to };
  const line: Line =
    kind === "flow" || kind === "failure"
      ? {
          ...base,
          kind: "flow",
          on: failed ? "failed" : "completed",
          ...(args.condition === undefined ? {} : { condition: args.condition }),
        }
      : { ...base, kind };
  const result = produceEdit(model, (draft) => {
    draft.lines.push(line);
    draft.diagram.lines[id] = { waypoints: [] };
  });
  return { ...result, id };
}
