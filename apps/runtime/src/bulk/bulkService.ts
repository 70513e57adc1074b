import { randomUUID } from "node:crypto";
import { bulkLimit } from "@flowstate/client";
import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { instanceWhere, processIdOf } from "../instances/instanceFilter.ts";
import type { InstanceFilter } from "../instances/instanceFilter.ts";
import type { BulkOperation } from "./bulkOperations.ts";
import { wakeBulk } from "./BulkExecutor.ts";
import type { RunItemQuery } from "../migrations/runItemPage.ts";
import { runItemPage } from "../migrations/runItemPage.ts";
import { processIdByKey } from "../versions/processIdByKey.ts";

/**
 * Bulk operations (issue 22 §2): a durable run over a frozen selection of one process's instances,
 * one item per instance, executed by `BulkExecutor`. Creating starts it; pause / resume take effect
 * between chunks. Every refusal is a typed DomainError and changes nothing.
 */

export type BulkRunStatus = "running" | "paused" | "completed";
export type BulkItemStatus = "pending" | "done" | "failed";

/** The most instances one bulk operation takes: a larger selection is refused (narrow the filter). */
export const BULK_LIMIT = bulkLimit;

export interface CreateBulkInput {
  processKey: string;
  operation: BulkOperation;
  /** The instance list's filter (its `processKey` is the input's). */
  filter?: Omit<InstanceFilter, "processKey">;
  /** Ticked instances: the selection is these (and the filter, when given, must match them too). */
  instanceIds?: string[];
  createdBy?: string;
}

/** Creates and starts a run over the instances matching now (frozen: later matches are not added). */
export async function createBulk(rt: Runtime, input: CreateBulkInput) {
  const processId = await processIdByKey(rt.db.prisma, input.processKey);
  const filter: InstanceFilter = { ...input.filter, processKey: input.processKey };
  const where: Prisma.InstanceWhereInput = {
    ...instanceWhere(filter, processId),
    ...(input.instanceIds ? { id: { in: input.instanceIds } } : {}),
  };
  const runId = randomUUID();
  const now = rt.clock.now();
  const total = await rt.db.prisma.$transaction(
    async (tx) => {
      // One more than the limit tells "too many" without counting a huge selection.
      const rows = await tx.instance.findMany({
        where,
        select: { id: true, versionId: true },
        orderBy: { id: "asc" },
        take: BULK_LIMIT + 1,
      });
      if (rows.length > BULK_LIMIT)
        throw new DomainError(
          "BAD_REQUEST",
          `more than ${BULK_LIMIT.toLocaleString("en")} instances match; a bulk operation takes at most ${BULK_LIMIT.toLocaleString("en")} — narrow the filter`,
          { limit: BULK_LIMIT },
        );
      if (rows.length === 0)
        throw new DomainError("BAD_REQUEST", "no instance matches the selection; nothing to do");
      if (input.operation.type === "move")
        await checkMoveTarget(rt, input.operation.stateId, new Set(rows.map((r) => r.versionId)));
      await tx.bulkRun.create({
        data: {
          id: runId,
          processId,
          operation: input.operation as unknown as Prisma.InputJsonValue,
          filter: {
            ...input.filter,
            ...(input.instanceIds ? { instanceIds: input.instanceIds.length } : {}),
          } as Prisma.InputJsonValue,
          status: "running",
          total: rows.length,
          createdBy: input.createdBy ?? null,
          createdAt: now,
        },
      });
      for (let i = 0; i < rows.length; i += 5000)
        await tx.bulkItem.createMany({
          data: rows.slice(i, i + 5000).map((r) => ({ runId, instanceId: r.id, updatedAt: now })),
        });
      return rows.length;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  wakeBulk(rt);
  return { runId, status: "running" as BulkRunStatus, total };
}

/** A bulk move needs the target state in the version of every selected instance. */
async function checkMoveTarget(rt: Runtime, stateId: string, versionIds: Set<string>) {
  const lacking: number[] = [];
  let name: string | undefined;
  for (const versionId of versionIds) {
    const { model } = await rt.models.get(versionId);
    const state = model.states.find((s) => s.id === stateId);
    if (state) name ??= state.name;
    else {
      const version = await rt.db.prisma.version.findUnique({
        where: { id: versionId },
        select: { number: true },
      });
      lacking.push(version?.number ?? 0);
    }
  }
  if (lacking.length === 0) return;
  lacking.sort((a, b) => a - b);
  throw new DomainError(
    "BAD_REQUEST",
    `${name ? `the state "${name}"` : "the target state"} is not in version${lacking.length === 1 ? "" : "s"} ${lacking.join(", ")} of the selected instances; filter the list by a version that has it`,
    { stateId, versionsWithout: lacking },
  );
}

/** How many instances a filter selects now (up to one past the limit: `overLimit`), for "Select all N matching". */
export async function countBulkSelection(
  rt: Runtime,
  input: { processKey: string; filter?: Omit<InstanceFilter, "processKey"> },
) {
  const rows = await rt.db.prisma.instance.findMany({
    where: instanceWhere(
      { ...input.filter, processKey: input.processKey },
      await processIdOf(rt.db.prisma, { processKey: input.processKey }),
    ),
    select: { id: true },
    take: BULK_LIMIT + 1,
  });
  return {
    matching: Math.min(rows.length, BULK_LIMIT),
    overLimit: rows.length > BULK_LIMIT,
    limit: BULK_LIMIT,
  };
}

async function bulkRow(rt: Runtime, runId: string) {
  const run = await rt.db.prisma.bulkRun.findUnique({ where: { id: runId } });
  if (!run) throw new DomainError("NOT_FOUND", `no bulk operation with id "${runId}"`);
  return run;
}

/** A run with its progress: total, done, failed, pending. */
export async function getBulk(rt: Runtime, runId: string) {
  const run = await bulkRow(rt, runId);
  const process = await rt.db.prisma.process.findUnique({
    where: { id: run.processId },
    select: { key: true },
  });
  const rows = await rt.db.prisma.bulkItem.groupBy({
    by: ["status"],
    where: { runId },
    _count: { _all: true },
  });
  const counts: Record<BulkItemStatus, number> = { pending: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.status as BulkItemStatus] = r._count._all;
  return {
    id: run.id,
    processKey: process?.key ?? null,
    operation: run.operation as unknown as BulkOperation,
    filter: run.filter as Record<string, unknown>,
    status: run.status as BulkRunStatus,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    progress: { total: run.total, ...counts },
  };
}

/** A run's items (per-instance outcome with the reason of each failure), by instance id, cursor-paged. */
export async function listBulkItems(rt: Runtime, input: RunItemQuery<BulkItemStatus>) {
  await bulkRow(rt, input.runId);
  const { page, instances, nextCursor } = await runItemPage(
    input,
    (args) => rt.db.prisma.bulkItem.findMany(args),
    (ids) =>
      rt.db.prisma.instance.findMany({ where: { id: { in: ids } }, select: { id: true, businessKey: true } }),
  );
  return {
    items: page.map((r) => ({
      instanceId: r.instanceId,
      businessKey: instances.get(r.instanceId)?.businessKey ?? null,
      status: r.status as BulkItemStatus,
      reason: r.error,
      updatedAt: r.updatedAt,
    })),
    nextCursor,
  };
}

/** A process's bulk operations, newest first. */
export async function listBulk(rt: Runtime, input: { processKey: string; limit: number }) {
  const processId = await processIdByKey(rt.db.prisma, input.processKey);
  const runs = await rt.db.prisma.bulkRun.findMany({
    where: { processId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: { id: true },
  });
  return Promise.all(runs.map((r) => getBulk(rt, r.id)));
}

async function transition(rt: Runtime, runId: string, from: BulkRunStatus, to: BulkRunStatus) {
  const run = await bulkRow(rt, runId);
  if (run.status !== from)
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the bulk operation is ${run.status}; only a ${from} one can be ${to === "paused" ? "paused" : "resumed"}`,
      { status: run.status },
    );
  const updated = await rt.db.prisma.bulkRun.updateMany({
    where: { id: runId, status: from },
    data: { status: to },
  });
  if (updated.count !== 1)
    throw new DomainError("CONFLICT", "the bulk operation changed meanwhile; look again");
  return { runId, status: to };
}

/** Pauses a running run: the executor stops before its next chunk (items in flight finish). */
export const pauseBulk = (rt: Runtime, runId: string) => transition(rt, runId, "running", "paused");

export async function resumeBulk(rt: Runtime, runId: string) {
  const result = await transition(rt, runId, "paused", "running");
  wakeBulk(rt);
  return result;
}
