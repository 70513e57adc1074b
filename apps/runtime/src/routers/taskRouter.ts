import { z } from "zod";
import { unlockedActions } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { seesAllTasks } from "../auth/permissions.ts";

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
          for (const u of unlockedActions(model, state)) {
            const node = nodes.get(u.nodeId);
            if (!node || node.kind !== "action" || node.mode !== "manual") continue;
            if (input?.role && node.role !== input.role) continue;
            if (!all && node.role !== undefined && !ctx.actor.groups.includes(node.role)) continue;
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
              since: row.startedAt,
            });
            if (tasks.length >= limit) return tasks;
          }
        }
        if (page.length < TASK_SCAN_PAGE) return tasks;
        after = page[page.length - 1]!;
      }
    }),
});
