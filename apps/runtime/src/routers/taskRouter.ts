import { z } from "zod";
import { unlockedActions } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { seesAllTasks } from "../auth/permissions.ts";
import {
  checkAssign,
  checkClaim,
  checkFollowUp,
  checkUnclaim,
  taskCandidates,
} from "../auth/taskAssignment.ts";
import { assignTask, taskRef, taskView, inView } from "./taskAssignmentSteps.ts";

/** Running instances read per query of the task list's scan. */
const TASK_SCAN_PAGE = 500;

export const taskRouter = router({
  /**
   * Manual actions unlocked right now across running instances, optionally for one process and
   * one role, with the timers that limit them (an `or` with an expiry shows its due time).
   * A user who is only a worker sees only the actions their groups may perform.
   */
  list: authorizedProcedure
    .input(
      z
        .object({
          processKey: z.string().max(200).optional(),
          role: z.string().max(200).optional(),
          /** mine: assigned to the caller; myGroups: role among the caller's groups; unassigned; all (default). */
          view: taskView.optional(),
          limit: z.int().min(1).max(1000).default(200),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const all = seesAllTasks(ctx.actor);
      const limit = input?.limit ?? 200;
      const tasks = [];
      // Running instances, oldest first, read in pages until `limit` tasks are found or none is
      // left (keyset after the last row's startedAt and id): a task of the newest instance is found
      // however many older ones have none for this caller.
      let after: { startedAt: Date; id: string } | undefined;
      for (;;) {
        const page = await ctx.db.prisma.instance.findMany({
          where: {
            status: "running",
            ...(input?.processKey ? { process: { key: input.processKey } } : {}),
            ...(after
              ? {
                  OR: [
                    { startedAt: { gt: after.startedAt } },
                    { startedAt: after.startedAt, id: { gt: after.id } },
                  ],
                }
              : {}),
          },
          select: {
            id: true,
            versionId: true,
            businessKey: true,
            state: true,
            startedAt: true,
            process: { select: { key: true, name: true } },
          },
          orderBy: [{ startedAt: "asc" }, { id: "asc" }],
          take: TASK_SCAN_PAGE,
        });
        for (const row of page) {
          const { model, number } = await ctx.rt.models.get(row.versionId);
          const state = row.state as unknown as InstanceState;
          const nodes = new Map(model.nodes.map((n) => [n.id, n]));
          const stateName =
            model.states.find((s) => s.id === state.current.stateId)?.name ?? state.current.stateId;
          // Timers running in this state instance (expiries, reminders): shown next to the task.
          const timers = Object.values(state.occurrences)
            .filter((o) => o.status === "scheduled" && o.dueAt)
            .map((o) => ({ nodeId: o.nodeId, name: nodes.get(o.nodeId)?.name ?? o.nodeId, dueAt: o.dueAt! }));
          // due: the earliest timer of the state instance (an expiry, a reminder) — ISO times in UTC sort as text
          const dueAt = timers.reduce<string | null>(
            (min, t) => (min === null || t.dueAt < min ? t.dueAt : min),
            null,
          );
          for (const u of unlockedActions(model, state)) {
            const node = nodes.get(u.nodeId);
            if (!node || node.kind !== "action" || node.mode !== "manual") continue;
            if (input?.role && node.role !== input.role) continue;
            if (!all && node.role !== undefined && !ctx.actor.groups.includes(node.role)) continue;
            const summary = state.current.nodes[node.id];
            const assignee = summary?.assignee ?? null;
            if (!inView(input?.view ?? "all", ctx.actor, node.role, assignee)) continue;
            tasks.push({
              instanceId: row.id,
              businessKey: row.businessKey,
              process: row.process,
              version: number,
              stateId: state.current.stateId,
              stateName,
              actionId: node.id,
              name: node.name,
              code: node.code ?? null,
              role: node.role ?? null,
              form: node.form ?? null,
              timers,
              dueAt,
              assignee,
              followUpAt: summary?.followUpAt ?? null,
              since: row.startedAt,
            });
            if (tasks.length >= limit) return tasks;
          }
        }
        if (page.length < TASK_SCAN_PAGE) return tasks;
        after = page[page.length - 1]!;
      }
    }),
  /** The caller takes the task (refused when somebody else holds it: CONFLICT, ALREADY_ASSIGNED). */
  claim: authorizedProcedure.input(taskRef).mutation(async ({ ctx, input }) => {
    const { known, assignee } = await checkClaim(ctx, input);
    return assignTask(ctx, input, { assignee, claim: true }, known);
  }),
  /** The assignee gives the task back (operators and admins: anybody's). */
  unclaim: authorizedProcedure.input(taskRef).mutation(async ({ ctx, input }) => {
    const known = await checkUnclaim(ctx, input);
    return assignTask(ctx, input, { assignee: null }, known);
  }),
  /** Operators and admins: assign to a user by username (`null`: unassign); `claim`: only if unassigned. */
  assign: authorizedProcedure
    .input(
      taskRef.extend({
        username: z.string().trim().min(1).max(200).nullable(),
        claim: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.username === null) {
        const known = await checkUnclaim(ctx, input);
        return assignTask(ctx, input, { assignee: null }, known);
      }
      const { known, assignee } = await checkAssign(ctx, input, input.username);
      return assignTask(ctx, input, { assignee, ...(input.claim ? { claim: true } : {}) }, known);
    }),
  /** The assignee, an operator or an admin: when to look at the task again (`null` clears it). */
  setFollowUp: authorizedProcedure
    .input(taskRef.extend({ followUp: z.iso.datetime({ offset: true }).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const known = await checkFollowUp(ctx, input);
      return assignTask(ctx, input, { followUp: input.followUp }, known);
    }),
  /** Operators and admins: the users a task may be assigned to (enabled, may perform it). */
  candidates: authorizedProcedure.input(taskRef).query(({ ctx, input }) => taskCandidates(ctx, input)),
});
