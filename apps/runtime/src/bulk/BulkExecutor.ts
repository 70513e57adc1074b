import { RunPoller, wakeExecutor } from "../migrations/RunPoller.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { applyBulkItem } from "./bulkOperations.ts";
import type { BulkOperation } from "./bulkOperations.ts";

export interface BulkExecutorOptions {
  /** Pending items read per chunk; pause takes effect between chunks. */
  chunkSize?: number;
  /** Items of a chunk worked at once. */
  concurrency?: number;
  /** Longest sleep between looks for `running` runs when nothing wakes the executor. */
  pollMs?: number;
  onError?(error: unknown): void;
}

export interface BulkReport {
  done: number;
  failed: number;
  chunks: number;
  /** The run's status when the call returned. */
  status: string;
  /** False when another process holds the run (nothing was done here). */
  acquired: boolean;
}

/** Wakes this process's bulk executor (after create / resume); other processes find the run by polling. */
export const wakeBulk = (rt: Runtime): void => wakeExecutor(rt, "bulk_run");

/**
 * The background executor of bulk operations, on the migration executor's pattern: all state is in
 * the database (a `running` run with `pending` items is picked up by whichever runtime polls first,
 * at start-up too), one process drives a run at a time (advisory lock), the run's status is read
 * before every chunk (pause), and each item is done once because its last step flips it from
 * `pending` in the same transaction (`applyBulkItem`). Items go one instance at a time through
 * `stepInstance` — unlike migration there is no batch statement, since a bulk selection is at most
 * 10,000 instances and each item may take several steps (one per open incident).
 */
export class BulkExecutor extends RunPoller {
  private readonly chunkSize: number;
  private readonly concurrency: number;

  constructor(rt: Runtime, options: BulkExecutorOptions = {}) {
    super(rt, "bulk_run", options.pollMs ?? 2000, options.onError);
    this.chunkSize = options.chunkSize ?? 100;
    this.concurrency = options.concurrency ?? 4;
  }

  /**
   * Drives one run while it is `running` (at most `maxChunks` chunks), holding its advisory lock.
   * Public so tests can drive a run step by step. Completes the run when no item is pending.
   */
  async processRun(runId: string, options: { maxChunks?: number } = {}): Promise<BulkReport> {
    const report: BulkReport = { done: 0, failed: 0, chunks: 0, status: "unknown", acquired: false };
    const maxChunks = options.maxChunks ?? Number.POSITIVE_INFINITY;
    await this.withRunLock(runId, async () => {
      report.acquired = true;
      const run = await this.rt.db.prisma.bulkRun.findUnique({ where: { id: runId } });
      if (!run) return;
      const operation = run.operation as unknown as BulkOperation;
      const actor = `bulk:${runId}`;
      while (!this.stopping && report.chunks < maxChunks) {
        if ((await this.runStatus(runId)) !== "running") break;
        const items = await this.rt.db.prisma.bulkItem.findMany({
          where: { runId, status: "pending" },
          select: { instanceId: true },
          orderBy: { instanceId: "asc" },
          take: this.chunkSize,
        });
        if (items.length === 0) {
          await this.complete(runId);
          break;
        }
        report.chunks++;
        let next = 0;
        const worker = async () => {
          while (next < items.length && !this.stopping) {
            const { instanceId } = items[next++]!;
            const result = await applyBulkItem({ rt: this.rt, runId, instanceId, actor }, operation);
            if (result.status !== "gone") report[result.status]++;
          }
        };
        await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker));
      }
    });
    report.status = await this.runStatus(runId);
    return report;
  }

  /** Marks the run completed when nothing is pending (under its row lock, so a pause in between wins). */
  private async complete(runId: string): Promise<void> {
    await this.rt.db.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ status: string }[]>(
        `SELECT status FROM bulk_run WHERE id = $1::uuid FOR UPDATE`,
        runId,
      );
      if (row?.status !== "running") return;
      const pending = await tx.bulkItem.count({ where: { runId, status: "pending" } });
      if (pending === 0)
        await tx.bulkRun.update({
          where: { id: runId },
          data: { status: "completed", finishedAt: this.rt.clock.now() },
        });
    });
  }
}
