import { captureValues } from "../captureValues";
import { completeNode } from "../completeNode";
import type { Draft } from "../Draft";
import type { PerformEvent } from "../EngineEvent";
import { mayPerformAssigned, mayPerformRole } from "../EngineActor";
import { explain } from "../explain";
import type { NodeInfo } from "../indexModel";
import { isJson, toJson } from "../Json";
import type { Json } from "../Json";
import { armedAt, isUnlocked } from "../nodeGate";
import type { OccurrenceReason } from "../Records";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";

/** Finds the action a perform or signal names (node id first, then code). */
export function resolveAction(
  d: Draft,
  actionId: string | undefined,
  code: string | undefined,
): { ok: true; info: NodeInfo } | { ok: false; rejection: Rejection } {
  const fail = (r: Rejection): { ok: false; rejection: Rejection } => ({ ok: false, rejection: r });
  const info =
    actionId !== undefined
      ? d.ix.nodes.get(actionId)
      : code !== undefined
        ? d.ix.byCode.get(code)
        : undefined;
  if (!info)
    return fail(
      rejection(
        "UNKNOWN_ACTION",
        actionId !== undefined
          ? `no node ${actionId} in this version`
          : code !== undefined
            ? `no action with code ${code} in this version`
            : "perform needs an actionId or a code",
      ),
    );
  if (!info.action)
    return fail(rejection("NOT_MANUAL", `${info.node.name} is a control node: it fires by itself`));
  if (info.action.mode !== "manual")
    return fail(rejection("NOT_MANUAL", `${info.node.name} is automatic: the engine runs it`));
  return { ok: true, info };
}

/**
 * Performs a manual action (also used by `signal`). Strict and not unlocked: rejected with the
 * explanation. Lax and not unlocked (or an input identifier that contradicts the instance's):
 * recorded as a `skipped` occurrence that advances nothing. Otherwise the input captures are
 * applied and the occurrence completes with the submitted input as its result.
 */
export function performAction(
  d: Draft,
  info: NodeInfo,
  input: Json,
  actor: Json,
  reason: OccurrenceReason,
): Rejection | undefined {
  const action = info.action;
  if (!action) return rejection("NOT_MANUAL", `${info.node.name} is not an action`);
  const state = d.state;
  if (state.status !== "running" && state.status !== "locked")
    return rejection(
      "INSTANCE_NOT_RUNNING",
      `the instance is ${state.status}`,
      explain(d.ix.model, state, info.id),
    );
  if (!mayPerformRole(actor, action.role))
    return rejection("ROLE_REQUIRED", `${info.node.name} needs role ${action.role}`);
  const assignee = d.current.nodes[info.id]?.assignee;
  if (!mayPerformAssigned(actor, assignee))
    return rejection(
      "ASSIGNED_TO_OTHER",
      `${info.node.name} is assigned to ${assignee!.name}; only ${assignee!.name} or an admin may perform it`,
    );
  const lax = action.strictness === "lax";
  const skip = (note: string): undefined => {
    const id = d.nextId("occurrence");
    const seq = d.log("occurrenceSkipped", { occurrenceId: id, nodeId: info.id, note });
    d.putOccurrence({
      id,
      nodeId: info.id,
      stateInstanceId: d.current.id,
      version: state.version,
      status: "skipped",
      attempt: 1,
      reason,
      armedAt: armedAt(info, d.current) ?? -1,
      createdSeq: seq,
      closedSeq: seq,
      input,
      actor,
      note,
    });
    return undefined;
  };
  if (!isUnlocked(info, state)) {
    const explanation = explain(d.ix.model, state, info.id);
    if (lax) return skip(`lax action performed while not unlocked: ${explanation.summary}`);
    return rejection(
      state.status === "locked" ? "INSTANCE_LOCKED" : "NOT_UNLOCKED",
      explanation.summary,
      explanation,
    );
  }
  const captured = captureValues(action, "input", input, state.identifiers);
  if (captured.mismatches.length > 0) {
    const text = captured.mismatches
      .map((m) => `${m.name} is ${JSON.stringify(m.held)}, the input says ${JSON.stringify(m.given)}`)
      .join("; ");
    if (lax) return skip(`identifier mismatch: ${text}`);
    return rejection("IDENTIFIER_MISMATCH", `this instance does not match: ${text}`);
  }
  d.setIdentifiers(captured.identifiers);
  d.setVariables(captured.variables);
  const armed = armedAt(info, d.current) ?? d.current.enteredSeq;
  const open = Object.values(d.state.occurrences).find(
    (o) => o.nodeId === info.id && o.stateInstanceId === d.current.id && o.status === "running",
  );
  const occurrence = open
    ? { ...open, input, actor, reason }
    : {
        id: d.nextId("occurrence"),
        nodeId: info.id,
        stateInstanceId: d.current.id,
        version: state.version,
        attempt: 1,
        reason,
        armedAt: armed,
        input,
        actor,
      };
  // performed: the assignment ends here (a repeatable action's next round starts unassigned)
  const summary = d.current.nodes[info.id];
  if (summary?.assignee !== undefined || summary?.followUpAt !== undefined) {
    const own = d.writeNode(info.id);
    delete own.assignee;
    delete own.followUpAt;
  }
  completeNode(d, info, occurrence, { status: "completed", output: input, applyOutput: true });
  return undefined;
}

/** `perform`: validates the event, resolves the action, performs it. */
export function applyPerform(d: Draft, e: PerformEvent): Rejection | undefined {
  if (
    (e.actionId !== undefined && typeof e.actionId !== "string") ||
    (e.code !== undefined && typeof e.code !== "string")
  )
    return rejection("INVALID_EVENT", "actionId and code must be strings");
  if (e.input !== undefined && !isJson(e.input)) return rejection("INVALID_EVENT", "input must be JSON");
  if (e.actor !== undefined && !isJson(e.actor)) return rejection("INVALID_EVENT", "actor must be JSON");
  // copies: the state must not share objects with the caller's event
  const input = e.input === undefined ? {} : toJson(e.input);
  const actor = e.actor === undefined ? null : toJson(e.actor);
  const resolved = resolveAction(d, e.actionId, e.code);
  if (!resolved.ok) return resolved.rejection;
  return performAction(d, resolved.info, input, actor, "manual");
}
