import { planMove } from "@flowstate/engine";
import type { EngineEvent, JsonObject } from "@flowstate/engine";
import type { MoveDryRun } from "@flowstate/client";
import type { PendingAudit } from "../auth/auditLog.ts";
import { DomainError } from "../errors/DomainError.ts";
import { leavingWarnings } from "../migrations/migrationPreview.ts";
import { readInstanceRow, rowState } from "./instanceRow.ts";
import type { Runtime } from "./Runtime.ts";
import { stepInstance } from "./stepInstance.ts";
import type { StepOutcome } from "./stepBatch.ts";

/**
 * An operator's modification of one instance (issue 22 §2): move it to another state of its version
 * (`planMove`: the migration plan with the version as source and target) after a dry run, and
 * replace its variables. Both are engine events stepped through `stepInstance` with the caller's
 * audit record; the reason is in the history record and the audit detail.
 */

/** What moving the instance to `stateId` would do, in names: the migration dry run of one instance. Changes nothing. */
export async function moveDryRun(rt: Runtime, instanceId: string, stateId: string): Promise<MoveDryRun> {
  const row = await readInstanceRow(rt, instanceId);
  if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${instanceId}"`);
  const state = rowState(row);
  const { model } = await rt.models.get(row.version_id);
  const names = new Map<string, string>([
    ...model.states.map((s) => [s.id, s.name] as const),
    ...model.nodes.map((n) => [n.id, n.name] as const),
  ]);
  const name = (id: string) => names.get(id) ?? id;
  const named = (ids: string[]) => ids.map((nodeId) => ({ nodeId, name: name(nodeId) }));
  const plan = planMove(model, state, stateId, { now: rt.clock.now().toISOString() });
  const target = model.states.find((s) => s.id === stateId);
  return {
    instanceId,
    seq: state.seq,
    status: state.status,
    version: state.version,
    from: { stateId: state.current.stateId, name: name(state.current.stateId) },
    to: { stateId, name: target?.name ?? null },
    ok: plan.ok,
    refusal: plan.ok ? null : { code: plan.reason, message: plan.message },
    migrationActions: plan.ok ? named(plan.migrationActions) : [],
    unlocked: plan.ok ? named(plan.unlocked) : [],
    becomesUnlocked: plan.ok ? named(plan.becomesUnlocked) : [],
    noLongerUnlocked: plan.ok ? named(plan.noLongerUnlocked) : [],
    droppedOccurrences: plan.ok
      ? Object.values(state.occurrences).map((o) => ({
          occurrenceId: o.id,
          nodeId: o.nodeId,
          name: name(o.nodeId),
          status: o.status,
          dueAt: o.dueAt ?? null,
        }))
      : [],
    problems: plan.ok ? leavingWarnings(state, name) : [],
  };
}

interface Caller {
  rt: Runtime;
  actor: { name: string };
  audit?: PendingAudit;
}

/** Steps an operator's event with the call's actor and audit record. */
function operatorStep(ctx: Caller, instanceId: string, event: EngineEvent): Promise<StepOutcome> {
  return stepInstance(ctx.rt, instanceId, event, {
    actor: ctx.actor.name,
    ...(ctx.audit ? { audit: ctx.audit } : {}),
  });
}

/** Moves the instance (one step, one `moved` record with who and why). */
export function moveInstance(
  ctx: Caller,
  input: { instanceId: string; stateId: string; reason: string; expectedSeq?: number | undefined },
): Promise<StepOutcome> {
  return operatorStep(ctx, input.instanceId, {
    type: "move",
    stateId: input.stateId,
    reason: input.reason,
    actor: ctx.actor.name,
    ...(input.expectedSeq !== undefined ? { expectedSeq: input.expectedSeq } : {}),
  });
}

/** Replaces the variables if the instance is still at `expectedSeq` (one `variablesChanged` record). */
export function setVariables(
  ctx: Caller,
  input: { instanceId: string; variables: JsonObject; reason: string; expectedSeq: number },
): Promise<StepOutcome> {
  return operatorStep(ctx, input.instanceId, {
    type: "setVariables",
    variables: input.variables,
    reason: input.reason,
    actor: ctx.actor.name,
    expectedSeq: input.expectedSeq,
  });
}
