import type { Finalizer } from "@flowstate/model";
import type { Draft } from "./Draft";
import { leaveState } from "./enterState";
import { evaluateMapping } from "./evaluateExpression";

/**
 * A finalizer fired: with `compensate`, first one `compensate` effect per logged completed action
 * with a compensation handler, in reverse completion order; then the state instance is left, open
 * occurrences are cancelled and the instance ends (`completed` for outcome `succeeded`, `failed`
 * for `failed`) with an `instanceFinished` effect.
 */
export function finishInstance(d: Draft, finalizer: Finalizer): void {
  if (finalizer.compensate && d.state.compensation.length > 0) {
    const entries = [...d.state.compensation].reverse();
    entries.forEach((entry, i) => {
      const input = entry.mapping
        ? evaluateMapping(entry.mapping, d.context({ result: entry.output, input: entry.input })).value
        : {};
      const order = i + 1;
      d.log("compensationRequested", {
        occurrenceId: entry.occurrenceId,
        actionId: entry.actionId,
        handler: entry.handler,
        order,
      });
      d.effects.push({
        type: "compensate",
        occurrenceId: entry.occurrenceId,
        actionId: entry.actionId,
        handler: entry.handler,
        input,
        order,
        idempotencyKey: `${d.state.instanceId}:${entry.actionId}:${entry.occurrenceId}:compensate`,
      });
    });
    d.setCompensation([]);
  }
  leaveState(d, "finished");
  const status = finalizer.outcome === "failed" ? "failed" : "completed";
  d.state.status = status;
  d.state.outcome = finalizer.outcome;
  delete d.state.lockedBy;
  delete d.state.migration;
  d.log("instanceFinished", { status, outcome: finalizer.outcome, finalizerId: finalizer.id });
  d.effects.push({ type: "instanceFinished", status, outcome: finalizer.outcome });
}
