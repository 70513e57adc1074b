import { z } from "zod";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { bulkFilterSchema, bulkOperationSchema } from "@flowstate/client";
import { runItemsInput } from "../migrations/runItemPage.ts";
import {
  BULK_LIMIT,
  countBulkSelection,
  createBulk,
  getBulk,
  listBulk,
  listBulkItems,
  pauseBulk,
  resumeBulk,
} from "../bulk/bulkService.ts";

const id = z.uuid();
const runInput = z.object({ runId: id });

/**
 * Bulk operations on a selection of a process's instances (issue 22 §2): cancel (reason required)
 * or retry incidents, as a durable run with progress, pause / resume and per-instance failures.
 * Refusals: NOT_FOUND, BAD_REQUEST (over 10,000 instances match, or none), PRECONDITION_FAILED
 * (pause a run that is not running, resume one that is not paused).
 */
export const bulkRouter = router({
  /** Freezes the selection (the list's filter, and/or ticked ids) and starts the run. */
  create: authorizedProcedure
    .input(
      z.object({
        processKey: z.string().min(1).max(200),
        operation: bulkOperationSchema,
        filter: bulkFilterSchema.optional(),
        instanceIds: z.array(id).min(1).max(BULK_LIMIT).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      createBulk(ctx.rt, {
        processKey: input.processKey,
        operation: input.operation,
        ...(input.filter ? { filter: input.filter } : {}),
        ...(input.instanceIds ? { instanceIds: input.instanceIds } : {}),
        ...(ctx.actor.kind === "system" ? {} : { createdBy: ctx.actor.name }),
      }),
    ),
  /** How many instances the filter selects now (capped at the limit, `overLimit` beyond). */
  count: authorizedProcedure
    .input(z.object({ processKey: z.string().min(1).max(200), filter: bulkFilterSchema.optional() }))
    .query(({ ctx, input }) =>
      countBulkSelection(ctx.rt, {
        processKey: input.processKey,
        ...(input.filter ? { filter: input.filter } : {}),
      }),
    ),
  /** The run with its progress (total, done, failed, pending). */
  get: authorizedProcedure.input(runInput).query(({ ctx, input }) => getBulk(ctx.rt, input.runId)),
  /** Per-instance outcomes with the reason of each failure, cursor-paged. */
  items: authorizedProcedure
    .input(runItemsInput(["pending", "done", "failed"]))
    .query(({ ctx, input }) => listBulkItems(ctx.rt, input)),
  list: authorizedProcedure
    .input(z.object({ processKey: z.string().min(1).max(200), limit: z.int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listBulk(ctx.rt, input)),
  pause: authorizedProcedure.input(runInput).mutation(({ ctx, input }) => pauseBulk(ctx.rt, input.runId)),
  resume: authorizedProcedure.input(runInput).mutation(({ ctx, input }) => resumeBulk(ctx.rt, input.runId)),
});
