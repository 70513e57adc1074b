import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { Runtime } from "../instances/Runtime.ts";
import {
  assertMapped,
  checkPlan,
  resolvePlan,
  selectionWhere,
  unmappedStates,
  storedPlan,
} from "./migrationPlan.ts";
import type { MigrationPlanInput, RunPace, StoredPlan } from "./migrationPlan.ts";
import { lockRun, refreshCounters, wakeMigrations } from "./MigrationExecutor.ts";

/**
 * Instance migration (semantics §6, issue 7 §4), a run's life: create a run (a snapshot of the
 * selected instances as items), start / pause / resume / cancel it and retry the failed subset.
 * Before a run: `migrationPreview.ts` (propose, validate, dry run); reading runs:
 * `migrationProgress.ts`; undoing one instance: `migrationRevert.ts`. Execution is
 * `MigrationExecutor`'s; every refusal is a typed DomainError and changes nothing.
 */

export type RunStatus = "planned" | "running" | "paused" | "completed" | "cancelled";
export type ItemStatus = "pending" | "migrated" | "failed" | "skipped" | "cancelled" | "reverted";

/**
 * Creates a run (status `planned`) for the instances the plan selects right now: one `pending`
 * item per instance with the version, state and seq it was planned on. Refused (nothing written)
 * like the dry run.
 */
export async function createRun(
  rt: Runtime,
  input: { plan: MigrationPlanInput; createdBy?: string; pace?: RunPace },
) {
  const runId = randomUUID();
  const now = rt.clock.now();
  return rt.db.prisma.$transaction(
    async (tx) => {
      const plan = await checkPlan(rt, input.plan, tx);
      const rows = await tx.instance.findMany({
        where: selectionWhere(plan),
        select: { id: true, versionId: true, currentStateId: true, seq: true },
        orderBy: { id: "asc" },
      });
      await tx.migrationRun.create({
        data: {
          id: runId,
          processId: plan.process.id,
          targetVersionId: plan.target.versionId,
          plan: storedPlan(plan, input.pace) as unknown as Prisma.InputJsonValue,
          status: "planned",
          total: rows.length,
          createdBy: input.createdBy ?? null,
          createdAt: now,
        },
      });
      // Batches stay well under Postgres' 65,535 bind parameters (8 columns per row).
      for (let i = 0; i < rows.length; i += 2000) {
        await tx.migrationItem.createMany({
          data: rows.slice(i, i + 2000).map((r) => ({
            runId,
            instanceId: r.id,
            status: "pending",
            fromVersionId: r.versionId,
            fromStateId: r.currentStateId,
            toStateId: r.currentStateId
              ? (plan.effectiveMapping[r.versionId]?.[r.currentStateId] ?? null)
              : null,
            seqBefore: r.seq,
            updatedAt: now,
          })),
        });
      }
      return { runId, status: "planned" as RunStatus, total: rows.length };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export async function runRow(rt: Runtime, runId: string, client: Prisma.TransactionClient = rt.db.prisma) {
  const run = await client.migrationRun.findUnique({ where: { id: runId } });
  if (!run) throw new DomainError("NOT_FOUND", `no migration run with id "${runId}"`);
  return run;
}

/** Moves a run from one of `from` to `to`, or refuses with PRECONDITION_FAILED naming its status. */
async function transition(
  rt: Runtime,
  runId: string,
  from: RunStatus[],
  to: RunStatus,
  extra: Prisma.MigrationRunUpdateManyMutationInput = {},
) {
  const run = await runRow(rt, runId);
  if (!from.includes(run.status as RunStatus))
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the run is ${run.status}; it can be ${verb(to)} only when ${from.join(" or ")}`,
      { status: run.status },
    );
  const updated = await rt.db.prisma.migrationRun.updateMany({
    where: { id: runId, status: run.status },
    data: { status: to, ...extra },
  });
  if (updated.count !== 1) throw new DomainError("CONFLICT", "the run changed meanwhile; look again");
  return { runId, status: to, previous: run.status as RunStatus };
}

const verb = (to: RunStatus) =>
  ({
    running: "started",
    paused: "paused",
    cancelled: "cancelled",
    completed: "completed",
    planned: "planned",
  })[to];

/**
 * Starts a planned run. The plan is checked again against the instances as they are now: a
 * pending instance that moved into a state with no target refuses the start (BAD_REQUEST,
 * `data.unmapped`; nothing changes) — make a new plan that maps it.
 */
export async function startRun(rt: Runtime, runId: string) {
  const run = await runRow(rt, runId);
  if (run.status !== "planned")
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the run is ${run.status}; only a planned run is started (resume a paused one)`,
      { status: run.status },
    );
  const plan = await resolvePlan(rt, stripResolved(run.plan as unknown as StoredPlan));
  // Where the run's pending instances are now (those still running on a source version).
  const counts = (
    await rt.db.prisma.$queryRawUnsafe<{ version_id: string; state_id: string; count: number }[]>(
      `SELECT i.version_id, i.current_state_id AS state_id, count(*)::int AS count
         FROM migration_item m JOIN instance i ON i.id = m.instance_id
        WHERE m.run_id = $1::uuid AND m.status = 'pending' AND i.status IN ('running', 'locked')
          AND i.version_id = ANY($2::uuid[]) AND i.current_state_id IS NOT NULL
        GROUP BY 1, 2`,
      runId,
      plan.sources.map((s) => s.versionId),
    )
  ).map((r) => ({ versionId: r.version_id, stateId: r.state_id, count: Number(r.count) }));
  assertMapped(
    unmappedStates(
      { ...plan, effectiveMapping: (run.plan as unknown as StoredPlan).effectiveMapping },
      counts,
    ),
  );
  const now = rt.clock.now();
  const result = await transition(rt, runId, ["planned"], "running", { startedAt: now, runningSince: now });
  wakeMigrations(rt);
  return result;
}

export function stripResolved(plan: StoredPlan): MigrationPlanInput {
  const { effectiveMapping: _e, sourceVersions: _s, targetVersion: _t, pace: _p, ...input } = plan;
  return input;
}

export const pauseRun = (rt: Runtime, runId: string) => transition(rt, runId, ["running"], "paused");

export async function resumeRun(rt: Runtime, runId: string) {
  const result = await transition(rt, runId, ["paused"], "running", { runningSince: rt.clock.now() });
  wakeMigrations(rt);
  return result;
}

/** Cancels a run: its pending items become `cancelled` (an item being migrated right now rolls back). Migrated ones stay migrated. */
export async function cancelRun(rt: Runtime, runId: string) {
  const run = await runRow(rt, runId);
  if (!["planned", "running", "paused"].includes(run.status))
    throw new DomainError("PRECONDITION_FAILED", `the run is ${run.status} already`, { status: run.status });
  const now = rt.clock.now();
  const cancelledItems = await rt.db.prisma.$transaction(async (tx) => {
    const updated = await tx.migrationRun.updateMany({
      where: { id: runId, status: run.status },
      data: { status: "cancelled", finishedAt: now },
    });
    if (updated.count !== 1) throw new DomainError("CONFLICT", "the run changed meanwhile; look again");
    return (
      await tx.migrationItem.updateMany({
        where: { runId, status: "pending" },
        data: { status: "cancelled", updatedAt: now },
      })
    ).count;
  });
  await refreshCounters(rt, runId);
  return { runId, status: "cancelled" as RunStatus, previous: run.status as RunStatus, cancelledItems };
}

/**
 * Failed items become pending again; a completed run runs again (a cancelled one does not). The
 * run's status is read under its row lock (`lockRun`), which the executor's completion also takes:
 * a run completing at the same moment is either completed before (and reopened here) or sees the
 * pending items and stays running — never completed with pending items nobody drives.
 */
export async function retryFailed(rt: Runtime, runId: string) {
  await runRow(rt, runId);
  const now = rt.clock.now();
  const retried = await rt.db.prisma.$transaction(async (tx) => {
    const status = await lockRun(tx, runId);
    if (status === "cancelled" || status === "planned")
      throw new DomainError(
        "PRECONDITION_FAILED",
        `the run is ${status}; only a started run's failures are retried`,
        { status },
      );
    const count = (
      await tx.migrationItem.updateMany({
        where: { runId, status: "failed" },
        data: { status: "pending", error: null, updatedAt: now },
      })
    ).count;
    if (count > 0 && status === "completed")
      await tx.migrationRun.update({
        where: { id: runId },
        data: { status: "running", finishedAt: null, runningSince: now },
      });
    return count;
  });
  await refreshCounters(rt, runId);
  if (retried > 0) wakeMigrations(rt);
  return { runId, retried, status: (await runRow(rt, runId)).status as RunStatus };
}
