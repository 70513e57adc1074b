import type { FlowLine } from "@flowstate/model";
import type { Draft } from "./Draft";
import { conditionHolds } from "./evaluateExpression";
import type { NodeInfo } from "./indexModel";

/** Fires one flow line: records the firing (next `seq`), arms its target, queues a control target. */
export function fireLine(d: Draft, line: FlowLine, occurrenceId: string): void {
  const id = d.nextId("firing");
  const seq = d.log("lineFired", {
    firingId: id,
    lineId: line.id,
    from: line.from,
    to: line.to,
    occurrenceId,
  });
  const target = d.writeNode(line.to);
  (target.fired ??= {})[line.id] = { firingId: id, seq };
  d.firings.push({
    id,
    lineId: line.id,
    from: line.from,
    to: line.to,
    stateInstanceId: d.current.id,
    occurrenceId,
    seq,
  });
  if (d.ix.nodes.get(line.to)?.action === undefined) d.worklist.push(line.to);
}

/**
 * Fires the node's outgoing flow lines of kind `on` whose condition holds now (evaluated on the
 * variables, plus `extra` such as `error`), in model order. Returns how many fired.
 */
export function fireFlows(
  d: Draft,
  info: NodeInfo,
  occurrenceId: string,
  on: "completed" | "failed",
  extra?: Record<string, unknown>,
): number {
  let fired = 0;
  let context: Record<string, unknown> | undefined;
  for (const line of info.outgoing) {
    if (line.on !== on) continue;
    if (line.condition !== undefined) {
      context ??= d.context(extra);
      if (!conditionHolds(line.condition, context)) continue;
    }
    fireLine(d, line, occurrenceId);
    fired++;
  }
  return fired;
}
