import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";
import { PollingJob } from "../PollingJob.ts";
import { retainBatch } from "./retainBatch.ts";
import type { RetainedProcess } from "./retainBatch.ts";

const dayMs = 24 * 3600_000;

/** One batch the job handled. */
export interface RetentionBatchReport {
  processKey: string;
  mode: RetainedProcess["retentionMode"];
  count: number;
}

export interface RetentionJobOptions {
  /** Instances per batch (one transaction, one audit record); default 200. */
  batchSize?: number;
  /** How often the job looks for instances past retention (default 10 minutes). */
  pollMs?: number;
  onError?(error: unknown): void;
}

/**
 * THE retention job (issue 22 §5): for every process with `retention_days`, finished instances
 * (completed, failed, cancelled) that ended more than that many days before the runtime clock's now
 * are anonymised or deleted (`retention_mode`), in batches — each batch one transaction with its own
 * audit record. Every runtime process with a worker runs one and polls, like the scheduler; batches
 * claim their instances with `FOR UPDATE SKIP LOCKED`, so processes running at once share the work
 * and never handle an instance twice. State lives in the database (`anonymised_at`), so a restart
 * continues where it stopped and a run with nothing due changes nothing.
 */
export class RetentionJob extends PollingJob<RetentionBatchReport[]> {
  private readonly batchSize: number;

  constructor(
    private readonly rt: { db: Database; clock: Clock },
    options: RetentionJobOptions = {},
  ) {
    super(options.pollMs ?? 600_000, options.onError);
    this.batchSize = options.batchSize ?? 200;
  }

  /** One pass over every process with a retention period, batch after batch until none is due. */
  async runOnce(): Promise<RetentionBatchReport[]> {
    const now = this.rt.clock.now();
    const processes = await this.rt.db.prisma.process.findMany({
      where: { retentionDays: { not: null } },
      select: { id: true, key: true, retentionDays: true, retentionMode: true },
      orderBy: { key: "asc" },
    });
    const reports: RetentionBatchReport[] = [];
    for (const p of processes) {
      const process: RetainedProcess = { ...p, retentionDays: p.retentionDays! };
      const cutoff = new Date(now.getTime() - process.retentionDays * dayMs);
      for (;;) {
        const count = await this.rt.db.prisma.$transaction(
          (tx) => retainBatch(tx, process, cutoff, now, this.batchSize),
          { timeout: 120_000, maxWait: 30_000 },
        );
        if (count > 0) reports.push({ processKey: process.key, mode: process.retentionMode, count });
        if (count < this.batchSize) break;
      }
    }
    return reports;
  }
}
