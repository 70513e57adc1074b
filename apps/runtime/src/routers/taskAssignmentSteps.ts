import { z } from "zod";
import type { Assignee, AssignEvent } from "@flowstate/engine";
import { DomainError } from "../errors/DomainError.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import type { InstanceRow } from "../instances/instanceRow.ts";
import type { InnerContext } from "../trpc/context.ts";
import type { PendingAudit } from "../auth/auditLog.ts";
import type { TaskRef } from "../auth/taskAssignment.ts";

/** A task: the manual action `actionId` of the instance `instanceId`. */
export const taskRef = z.object({ instanceId: z.uuid(), actionId: z.string().min(1).max(200) });

/** The task list's views (`task.list`'s `view`). */
export const taskView = z.enum(["mine", "myGroups", "unassigned", "all"]);
export type TaskView = z.infer<typeof taskView>;

/** Whether a task (its role and assignee) belongs to a view for this caller. */
export function inView(
  view: TaskView,
  actor: { id?: string; groups: readonly string[] },
  role: string | undefined,
  assignee: Assignee | null,
): boolean {
  if (view === "mine") return assignee !== null && assignee.id === actor.id;
  if (view === "unassigned") return assignee === null;
  if (view === "myGroups") return role !== undefined && actor.groups.includes(role);
  return true;
}

/** Steps the engine's `assign` event; answers the task's assignment, or the engine's refusal typed. */
export async function assignTask(
  ctx: Pick<InnerContext, "rt" | "actor"> & { audit?: PendingAudit },
  ref: TaskRef,
  change: Pick<AssignEvent, "assignee" | "followUp" | "claim">,
  known: InstanceRow,
) {
  const outcome = await stepInstance(
    ctx.rt,
    ref.instanceId,
    { type: "assign", actionId: ref.actionId, ...change },
    { actor: ctx.actor.name, known, ...(ctx.audit ? { audit: ctx.audit } : {}) },
  );
  if (!outcome.ok) {
    const code = outcome.rejection.code === "UNKNOWN_ACTION" ? "NOT_FOUND" : "CONFLICT";
    throw new DomainError(code, outcome.rejection.message, { rejection: outcome.rejection });
  }
  const summary = outcome.state.current.nodes[ref.actionId];
  return {
    instanceId: ref.instanceId,
    actionId: ref.actionId,
    assignee: summary?.assignee ?? null,
    followUpAt: summary?.followUpAt ?? null,
  };
}
