import type { Runtime } from "../instances/Runtime.ts";
import type { StoredPlan } from "./migrationPlan.ts";
import { runRow, stripResolved } from "./migrationService.ts";
import type { RunItemQuery } from "./runItemPage.ts";
import { runItemPage } from "./runItemPage.ts";
import type { ItemStatus, RunStatus } from "./migrationService.ts";
import { processIdByKey } from "../versions/processIdByKey.ts";

/** Reading runs: progress and rate (`getRun`), items (`listItems`) and a process's runs (`listRuns`). */

/** Per-status item counts of a run. */
async function itemCounts(rt: Runtime, runId: string): Promise<Record<ItemStatus, number>> {
  const rows = await rt.db.prisma.migrationItem.groupBy({
    by: ["status"],
    where: { runId },
    _count: { _all: true },
  });
  const counts: Record<ItemStatus, number> = {
    pending: 0,
    migrated: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
    reverted: 0,
  };
  for (const r of rows) counts[r.status as ItemStatus] = r._count._all;
  return counts;
}

/** The rate is measured over the last minute of finished items, and only since the run last went running (a pause does not drag it down). */
const RATE_WINDOW_MS = 60_000;

/** A run with its plan and progress: total, done, failed, remaining, rate per second and ETA. */
export async function getRun(rt: Runtime, runId: string) {
  const run = await runRow(rt, runId);
  const counts = await itemCounts(rt, runId);
  const now = rt.clock.now();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const windowStart = new Date(
    Math.max(now.getTime() - RATE_WINDOW_MS, (run.runningSince ?? run.startedAt)?.getTime() ?? now.getTime()),
  );
  const recent = run.startedAt
    ? await rt.db.prisma.migrationItem.count({
        where: { runId, status: { in: ["migrated", "failed", "skipped"] }, updatedAt: { gte: windowStart } },
      })
    : 0;
  const seconds = (now.getTime() - windowStart.getTime()) / 1000;
  const ratePerSecond = run.status === "running" && seconds > 0 ? recent / seconds : 0;
  const remaining = counts.pending;
  const done = counts.migrated + counts.skipped + counts.reverted;
  const plan = run.plan as unknown as StoredPlan;
  return {
    id: run.id,
    processKey: plan.processKey,
    status: run.status as RunStatus,
    targetVersionId: run.targetVersionId,
    targetVersion: plan.targetVersion,
    sourceVersions: plan.sourceVersions,
    plan: stripResolved(plan),
    pace: plan.pace ?? null,
    effectiveMapping: plan.effectiveMapping,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    progress: {
      total,
      done,
      failed: counts.failed,
      remaining,
      cancelled: counts.cancelled,
      counts,
      percent: total === 0 ? 100 : Math.round(((total - remaining - counts.cancelled) / total) * 1000) / 10,
      ratePerSecond: Math.round(ratePerSecond * 100) / 100,
      etaSeconds: remaining === 0 ? 0 : ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null,
    },
  };
}

/**
 * A run's items (per-instance outcome and the reason for each failure), by instance id,
 * cursor-paged. A migrated item lists the migration actions the run started on the target
 * version with their occurrence status (`scheduled` … `completed`).
 */
export async function listItems(rt: Runtime, input: RunItemQuery<ItemStatus>) {
  await runRow(rt, input.runId);
  const {
    page,
    instances: byId,
    nextCursor,
  } = await runItemPage(
    input,
    (args) => rt.db.prisma.migrationItem.findMany(args),
    (ids) =>
      rt.db.prisma.instance.findMany({
        where: { id: { in: ids } },
        select: { id: true, businessKey: true, status: true, currentStateId: true, versionId: true },
      }),
  );
  // The migration actions the run started on the target version, and how far each got (the wizard's per-instance outcome).
  const run = await rt.db.prisma.migrationRun.findUniqueOrThrow({
    where: { id: input.runId },
    select: { targetVersionId: true },
  });
  const migrated = page.filter((r) => r.status === "migrated").map((r) => r.instanceId);
  const occurrences = migrated.length
    ? await rt.db.prisma.occurrence.findMany({
        where: { instanceId: { in: migrated }, versionId: run.targetVersionId, reason: "migration" },
        select: { instanceId: true, nodeId: true, status: true },
        orderBy: [{ instanceId: "asc" }, { createdAt: "asc" }],
      })
    : [];
  const actionsOf = (instanceId: string) =>
    occurrences
      .filter((o) => o.instanceId === instanceId)
      .map((o) => ({ nodeId: o.nodeId, status: o.status }));
  return {
    items: page.map((r) => ({
      instanceId: r.instanceId,
      businessKey: byId.get(r.instanceId)?.businessKey ?? null,
      status: r.status as ItemStatus,
      fromVersionId: r.fromVersionId,
      fromStateId: r.fromStateId,
      toStateId: r.toStateId,
      seqBefore: r.seqBefore,
      seqAfter: r.seqAfter,
      reason: r.error,
      updatedAt: r.updatedAt,
      migrationActions: r.status === "migrated" ? actionsOf(r.instanceId) : [],
      instance: byId.get(r.instanceId)
        ? {
            status: byId.get(r.instanceId)!.status,
            currentStateId: byId.get(r.instanceId)!.currentStateId,
            versionId: byId.get(r.instanceId)!.versionId,
          }
        : null,
    })),
    nextCursor,
  };
}

/** The runs of a process, newest first, with their counters. */
export async function listRuns(rt: Runtime, input: { processKey: string; limit: number }) {
  const processId = await processIdByKey(rt.db.prisma, input.processKey);
  const runs = await rt.db.prisma.migrationRun.findMany({
    where: { processId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
  });
  return runs.map((r) => {
    const plan = r.plan as unknown as StoredPlan;
    return {
      id: r.id,
      status: r.status as RunStatus,
      targetVersionId: r.targetVersionId,
      targetVersion: plan.targetVersion,
      sourceVersions: plan.sourceVersions,
      total: r.total,
      done: r.done,
      failed: r.failed,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    };
  });
}
