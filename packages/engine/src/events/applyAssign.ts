import type { Draft } from "../Draft";
import type { AssignEvent } from "../EngineEvent";
import { explain } from "../explain";
import type { Assignee } from "../InstanceState";
import { isUnlocked } from "../nodeGate";
import { rejection } from "../StepResult";
import type { Rejection } from "../StepResult";
import { normalizeTime } from "../time/addDuration";
import { resolveAction } from "./applyPerform";

/** Longest assignee id or name the engine keeps. */
const MAX_ASSIGNEE_TEXT = 200;

function validAssignee(a: unknown): a is Assignee {
  if (typeof a !== "object" || a === null || Array.isArray(a)) return false;
  const { id, name } = a as { id?: unknown; name?: unknown };
  return (
    typeof id === "string" &&
    typeof name === "string" &&
    id.length > 0 &&
    name.length > 0 &&
    id.length <= MAX_ASSIGNEE_TEXT &&
    name.length <= MAX_ASSIGNEE_TEXT
  );
}

/**
 * `assign`: sets or clears the assignee and/or the follow-up time of an unlocked manual action of
 * the current state instance (kept in its node summary, so they end with the state instance, move
 * back with a reverted migration and are replayed like any event). Who may assign whom is the
 * caller's decision; the engine only refuses a `claim` of an action assigned to somebody else.
 * Performing the action clears both (a repeatable action's next round starts unassigned).
 */
export function applyAssign(d: Draft, e: AssignEvent): Rejection | undefined {
  if (typeof e.actionId !== "string") return rejection("INVALID_EVENT", "assign needs an actionId");
  if (e.assignee === undefined && e.followUp === undefined)
    return rejection("INVALID_EVENT", "assign needs an assignee (or null) or a followUp (or null)");
  if (e.assignee !== undefined && e.assignee !== null && !validAssignee(e.assignee))
    return rejection(
      "INVALID_EVENT",
      `an assignee is { id, name }: non-empty strings of at most ${MAX_ASSIGNEE_TEXT} characters`,
    );
  if (e.claim !== undefined && typeof e.claim !== "boolean")
    return rejection("INVALID_EVENT", "claim must be a boolean");
  let followUp: string | undefined;
  if (e.followUp !== undefined && e.followUp !== null) {
    followUp = typeof e.followUp === "string" ? normalizeTime(e.followUp) : undefined;
    if (followUp === undefined)
      return rejection(
        "INVALID_TIME",
        `followUp must be an ISO-8601 time with a zone, got ${JSON.stringify(e.followUp)}`,
      );
  }
  const resolved = resolveAction(d, e.actionId, undefined);
  if (!resolved.ok) return resolved.rejection;
  const info = resolved.info;
  const state = d.state;
  if (state.status !== "running") return rejection("INSTANCE_NOT_RUNNING", `the instance is ${state.status}`);
  if (!isUnlocked(info, state)) {
    const explanation = explain(d.ix.model, state, info.id);
    return rejection("NOT_UNLOCKED", `only a task can be assigned: ${explanation.summary}`, explanation);
  }
  const held = d.current.nodes[info.id]?.assignee;
  if (e.claim === true && held && e.assignee && held.id !== e.assignee.id)
    return rejection(
      "ALREADY_ASSIGNED",
      `${info.node.name} is assigned to ${held.name}; only an operator or an admin may reassign it`,
    );
  const summary = d.writeNode(info.id);
  if (e.assignee === null) {
    delete summary.assignee;
    delete summary.followUpAt;
  } else if (e.assignee !== undefined) summary.assignee = { id: e.assignee.id, name: e.assignee.name };
  if (e.followUp === null) delete summary.followUpAt;
  else if (followUp !== undefined) summary.followUpAt = followUp;
  d.log("assigned", {
    nodeId: info.id,
    assignee: summary.assignee ? { ...summary.assignee } : null,
    followUpAt: summary.followUpAt ?? null,
  });
  return undefined;
}
