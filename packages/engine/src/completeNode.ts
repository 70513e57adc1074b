import type { Action } from "@flowstate/model";
import type { Draft } from "./Draft";
import { enterState, leaveState } from "./enterState";
import { conditionHolds, evaluateMapping } from "./evaluateExpression";
import { finishInstance } from "./finishInstance";
import { fireFlows } from "./fireLine";
import { captureValues } from "./captureValues";
import type { NodeInfo } from "./indexModel";
import type { Json, JsonObject } from "./Json";
import { armedAt } from "./nodeGate";
import type { OccurrenceRecord } from "./Records";

/** An occurrence about to close; `createdSeq` defaults to the closing `seq` (control nodes, instant performs). */
export type PendingOccurrence = Omit<OccurrenceRecord, "createdSeq" | "status"> & {
  createdSeq?: number;
  status?: OccurrenceRecord["status"];
};

/** How an occurrence completes. `skipped` (an operator skipped its incident) still counts as a completion. */
export interface Completion {
  status: "completed" | "skipped";
  /** The result (recorded on the occurrence). */
  output?: Json;
  /** Apply the action's output mapping and output captures to `output`. */
  applyOutput: boolean;
  note?: string;
  /** The output mapping evaluated already (by `applyComplete`, which checks it against the FEEL limits first). */
  mapped?: { value: JsonObject; errors: string[] };
}

/** Logs expression errors as one history entry (they never stop a step). */
export function logExpressionErrors(d: Draft, nodeId: string, errors: readonly string[]): void {
  if (errors.length > 0) d.log("expressionError", { nodeId, errors: [...errors] });
}

function lockOthers(d: Draft, action: Action): void {
  const identifiers: JsonObject = {};
  for (const capture of action.captures) {
    const value = d.state.identifiers[capture.name];
    if (capture.identifier === true && value !== undefined) identifiers[capture.name] = value;
  }
  if (Object.keys(identifiers).length === 0) {
    d.log("singletonWithoutIdentifier", { nodeId: action.id });
    return;
  }
  d.effects.push({
    type: "lockInstances",
    processKey: d.state.processKey,
    identifiers,
    exceptInstanceId: d.state.instanceId,
  });
}

/**
 * Completes an occurrence of a node (next `seq`): output mapping and captures, the node's summary
 * (`last(n)`, completions since armed), repeatUntil, compensation log, singleton lock; then a
 * finalizer ends the instance, the first transition (by order) whose condition holds leaves the
 * state (outgoing flows then do not fire), or else the outgoing flow lines whose conditions hold
 * fire. Control nodes reached are queued for `settle`.
 */
export function completeNode(
  d: Draft,
  info: NodeInfo,
  occurrence: PendingOccurrence,
  completion: Completion,
): void {
  const armed = armedAt(info, d.current);
  const seq = d.log(completion.status === "completed" ? "occurrenceCompleted" : "occurrenceSkipped", {
    occurrenceId: occurrence.id,
    nodeId: info.id,
    attempt: occurrence.attempt,
    ...(completion.note !== undefined ? { note: completion.note } : {}),
  });
  const record: OccurrenceRecord = {
    ...occurrence,
    createdSeq: occurrence.createdSeq ?? seq,
    status: completion.status,
    closedSeq: seq,
  };
  if (completion.output !== undefined) record.output = completion.output;
  if (completion.note !== undefined) record.note = completion.note;
  d.putOccurrence(record);
  const action = info.action;
  if (action && completion.applyOutput) {
    const output = completion.output ?? null;
    if (action.output) {
      const mapped = completion.mapped ?? evaluateMapping(action.output, d.context({ result: output }));
      d.setVariables(mapped.value);
      logExpressionErrors(d, info.id, mapped.errors);
    }
    const captured = captureValues(action, "output", output, d.state.identifiers);
    d.setIdentifiers(captured.identifiers);
    d.setVariables(captured.variables);
    logExpressionErrors(d, info.id, captured.errors);
  }
  const summary = d.writeNode(info.id);
  if (armed !== undefined) {
    if (summary.countedFrom === armed) summary.completions = (summary.completions ?? 0) + 1;
    else {
      summary.countedFrom = armed;
      summary.completions = 1;
    }
  }
  summary.lastCompletedSeq = seq;
  summary.lastOccurrenceId = record.id;
  delete summary.failedSeq;
  delete summary.failedOccurrenceId;
  if (info.node.kind === "finalizer") {
    finishInstance(d, info.node);
    return;
  }
  if (action) {
    if (
      action.repeatUntil !== undefined &&
      armed !== undefined &&
      conditionHolds(action.repeatUntil, d.context())
    )
      summary.repeatDoneFor = armed;
    if (action.compensation && completion.status === "completed") {
      const { handler, input: mapping } = action.compensation;
      d.setCompensation([
        ...d.state.compensation,
        {
          occurrenceId: record.id,
          actionId: info.id,
          completedSeq: seq,
          handler,
          ...(mapping ? { mapping } : {}),
          input: record.input ?? null,
          output: record.output ?? null,
        },
      ]);
    }
    if (action.singleton) lockOthers(d, action);
    if (info.transitions.length > 0) {
      const context = d.context();
      for (const transition of info.transitions) {
        if (!conditionHolds(transition.condition, context)) continue;
        d.log("transitionTaken", {
          transitionId: transition.id,
          from: info.id,
          to: transition.to,
          occurrenceId: record.id,
        });
        leaveState(d, "transition");
        enterState(d, transition.to, "flow");
        return;
      }
    }
  }
  fireFlows(d, info, record.id, "completed");
}
