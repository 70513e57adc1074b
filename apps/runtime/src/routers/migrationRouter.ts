import { z } from "zod";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { migrationPlanSchema, runPaceSchema } from "../migrations/migrationPlan.ts";
import { diffVersions } from "../versions/versionService.ts";
import {
  cancelRun,
  createRun,
  pauseRun,
  resumeRun,
  retryFailed,
  startRun,
} from "../migrations/migrationService.ts";
import { dryRun, proposeMapping, validatePlan } from "../migrations/migrationPreview.ts";
import { getRun, listItems, listRuns } from "../migrations/migrationProgress.ts";
import { runItemsInput } from "../migrations/runItemPage.ts";
import { revertInstance } from "../migrations/migrationRevert.ts";

const id = z.uuid();
const processKey = z.string().min(1).max(200);
const runInput = z.object({ runId: id });

/**
 * Instance migration (issue 7 §4, runtime side): the wizard and scripts use the same procedures.
 * Refusals are typed: BAD_REQUEST with `data.unmapped` (a state with running instances has no
 * target), `data.invalidVariableChanges` (FEEL does not parse) or `data.invalidMapping`;
 * NOT_FOUND; PRECONDITION_FAILED (wrong run status); CONFLICT (revert refused, `data.rejection`).
 */
export const migrationRouter = router({
  /** Per source version: proposed state mapping, states needing a choice, running instances per state, the diff. */
  proposeMapping: authorizedProcedure
    .input(z.object({ processKey, sourceVersionIds: z.array(id).min(1).max(50), targetVersionId: id }))
    .query(({ ctx, input }) => proposeMapping(ctx.rt, input)),
  /** The element-level diff between two versions (the model diff). */
  diff: authorizedProcedure
    .input(z.object({ fromVersionId: id, toVersionId: id }))
    .query(({ ctx, input }) => diffVersions(ctx, { fromId: input.fromVersionId, toId: input.toVersionId })),
  /** Checks a plan: refuses bad input; reports unmapped states (ok: false) and counts per source state. */
  validatePlan: authorizedProcedure
    .input(z.object({ plan: migrationPlanSchema }))
    .query(({ ctx, input }) => validatePlan(ctx.rt, input.plan)),
  /** Per instance (paged) what the migration would do, plus totals; refused while a state is unmapped. */
  dryRun: authorizedProcedure
    .input(
      z.object({
        plan: migrationPlanSchema,
        cursor: id.optional(),
        limit: z.int().min(1).max(500).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      dryRun(ctx.rt, {
        plan: input.plan,
        limit: input.limit,
        ...(input.cursor ? { cursor: input.cursor } : {}),
      }),
    ),
  /** A planned run with one pending item per selected instance; `pace` (chunk size, delay between chunks) throttles it. */
  create: authorizedProcedure
    .input(
      z.object({
        plan: migrationPlanSchema,
        createdBy: z.string().min(1).max(200).optional(),
        pace: runPaceSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      // `createdBy` is the label the run shows (a script may name itself); it defaults to the caller.
      // Who really created it is in the audit log (`migration.create`, with the run's actor).
      const createdBy = input.createdBy ?? (ctx.actor.kind === "system" ? undefined : ctx.actor.name);
      return createRun(ctx.rt, {
        plan: input.plan,
        ...(createdBy ? { createdBy } : {}),
        ...(input.pace ? { pace: input.pace } : {}),
      });
    }),
  start: authorizedProcedure.input(runInput).mutation(({ ctx, input }) => startRun(ctx.rt, input.runId)),
  pause: authorizedProcedure.input(runInput).mutation(({ ctx, input }) => pauseRun(ctx.rt, input.runId)),
  resume: authorizedProcedure.input(runInput).mutation(({ ctx, input }) => resumeRun(ctx.rt, input.runId)),
  cancel: authorizedProcedure.input(runInput).mutation(({ ctx, input }) => cancelRun(ctx.rt, input.runId)),
  /** The run with progress (total, done, failed, remaining, rate per second, ETA). */
  get: authorizedProcedure.input(runInput).query(({ ctx, input }) => getRun(ctx.rt, input.runId)),
  /** Per-instance outcome with the reason for each failure. */
  items: authorizedProcedure
    .input(runItemsInput(["pending", "migrated", "failed", "skipped", "cancelled", "reverted"]))
    .query(({ ctx, input }) => listItems(ctx.rt, input)),
  retryFailed: authorizedProcedure
    .input(runInput)
    .mutation(({ ctx, input }) => retryFailed(ctx.rt, input.runId)),
  /** Reverts one migrated instance while nothing happened to it since. */
  revert: authorizedProcedure
    .input(z.object({ runId: id, instanceId: id, actor: z.string().min(1).max(200).optional() }))
    .mutation(({ ctx, input }) =>
      revertInstance(ctx.rt, {
        runId: input.runId,
        instanceId: input.instanceId,
        ...(ctx.actor.kind === "system"
          ? input.actor
            ? { actor: input.actor }
            : {}
          : { actor: ctx.actor.name }),
      }),
    ),
  list: authorizedProcedure
    .input(z.object({ processKey, limit: z.int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listRuns(ctx.rt, input)),
});
