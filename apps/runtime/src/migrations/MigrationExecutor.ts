import { RunPoller, wakeExecutor } from "./RunPoller.ts";
import { deactivateIdleVersions } from "../versions/versionLifecycle.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { migrateChunk } from "./migrateChunk.ts";
import { loadRunContext, migrateItem } from "./migrateItem.ts";
import type { ItemOutcome, PendingItem } from "./migrateItem.ts";

export interface MigrationExecutorOptions {
  /** Items claimed per chunk; pause/resume/cancel take effect between chunks. */
  chunkSize?: number;
  /** Items migrated together, by one statement (a batch of the chunk). */
  batchSize?: number;
  /** Batches of a chunk migrated at once. */
  concurrency?: number;
  /** Longest sleep between looks for `running` runs when nothing wakes the executor. */
  pollMs?: number;
  onError?(error: unknown): void;
}

export interface ChunkReport {
  /** Items this call finished, by outcome. */
  migrated: number;
  failed: number;
  skipped: number;
  /** Chunks processed. */
  chunks: number;
  /** The run's status when the call returned. */
  status: string;
  /** False when another process holds the run (nothing was done here). */
  acquired: boolean;
}

/**
 * Locks a run's row for the rest of the transaction and returns its status as of the lock: what
 * changes the run's status from its items (retry, completion) goes through this, so those changes
 * are ordered and each reads the other's committed items.
 */
export async function lockRun(tx: Prisma.TransactionClient, runId: string): Promise<string | undefined> {
  const [row] = await tx.$queryRawUnsafe<{ status: string }[]>(
    `SELECT status FROM migration_run WHERE id = $1::uuid FOR UPDATE`,
    runId,
  );
  return row?.status;
}

/** Wakes this process's migration executor (after start/resume/retry); other processes find the run by polling. */
export const wakeMigrations = (rt: Runtime): void => wakeExecutor(rt, "migration_run");

/**
 * The background batch executor of migration runs. It survives restarts because all its state is
 * in the database: a `running` run with `pending` items is picked up by whichever runtime polls
 * first (at start-up too). Chunks of `chunkSize` pending items, migrated in batches of `batchSize`
 * instances, one statement each (`migrateChunk`, through `stepInstances`; item by item through
 * `stepInstance` when a batch does not apply as a whole); failures are recorded per item and do not stop the
 * batch; the run's status is read before every chunk (pause/cancel); progress counters are
 * refreshed after every chunk (then the run's `pace` may wait before the next one); when no pending
 * item is left the run is `completed`.
 */
export class MigrationExecutor extends RunPoller {
  private readonly chunkSize: number;
  private readonly concurrency: number;
  private readonly batchSize: number;
  /** Runs waiting between chunks (their pace); woken by `stop()`. */
  private readonly sleepers = new Set<() => void>();

  constructor(rt: Runtime, options: MigrationExecutorOptions = {}) {
    super(rt, "migration_run", options.pollMs ?? 2000, options.onError);
    // Measured with bench/runtime/migrate.bench.ts: batches of a few hundred instances amortise
    // each statement's fixed cost (round trips, commit, and starting the statement's executor:
    // about 1.5 ms whatever its size; 500 a batch ran 49.6 % of the raw UPDATE's rate against
    // 44.0 % for 250, four runs each, 2026-12-07). A batch spends about a third of its time
    // stepping in Node and the rest in its read and its write: with three at a time about two are
    // in Postgres while one steps (with two, the cores idled a sixth of a run), which leaves the
    // database room for the live load a migration runs beside. A chunk is a batch per worker.
    this.chunkSize = options.chunkSize ?? 1500;
    this.concurrency = options.concurrency ?? 3;
    this.batchSize = options.batchSize ?? 500;
  }

  /** Wakes the runs waiting out their pace. */
  protected override interrupt(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /**
   * Drives one run while it is `running` (at most `maxChunks` chunks), holding the run's advisory
   * lock. Public so tests and scripts can drive a run step by step.
   *
   * Pending items are read a chunk at a time in key order (a cursor), cut into batches, and
   * `concurrency` workers each migrate one batch at a time (`migrateChunk`: one transaction per
   * batch). The next chunk is read as soon as a worker runs out of batches, while the others are
   * still busy, so the database never idles between chunks. Before each further chunk the run's
   * status is read again: pause and cancel take effect there. A paced run (`chunkDelayMs`) instead
   * finishes a chunk, waits, then reads the next. When the cursor reaches the end, the workers
   * finish and the items are read once more from the start (anything set back to pending
   * meanwhile); only when none is left is the run completed. Counters are refreshed at most once a
   * second while running and whenever the drive stops.
   */
  async processRun(runId: string, options: { maxChunks?: number } = {}): Promise<ChunkReport> {
    const report: ChunkReport = {
      migrated: 0,
      failed: 0,
      skipped: 0,
      chunks: 0,
      status: "unknown",
      acquired: false,
    };
    const maxChunks = options.maxChunks ?? Number.POSITIVE_INFINITY;
    const held = await this.withRunLock(runId, async () => {
      report.acquired = true;
      const run = await loadRunContext(this.rt, runId);
      report.status = run.status;
      if (run.status !== "running") return;
      const chunkSize = run.plan.pace?.chunkSize ?? this.chunkSize;
      const delay = run.plan.pace?.chunkDelayMs ?? 0;
      const queue: PendingItem[][] = [];
      const inFlight = new Set<Promise<unknown>>();
      const drain = async () => {
        while (inFlight.size) await Promise.allSettled([...inFlight]);
      };
      let cursor: string | null = null;
      let done = false;
      let exhausted = false;
      let refreshedAt = Date.now();
      const read = async (after: string | null): Promise<PendingItem[]> => {
        // Walking the run's items in key order (the primary key), whatever the statistics say: a
        // run's items are inserted at once, so until the table is analysed again Postgres expects
        // a handful and reads ALL of the run's items after the cursor into a bitmap and sorts them,
        // for every chunk (a run quadratic in its size: 10,000 items read 70,000 rows).
        const rows = await this.rt.db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
          return tx.$queryRawUnsafe<
            {
              instance_id: string;
              from_version_id: string;
              from_state_id: string | null;
              seq_before: number | null;
            }[]
          >(
            `SELECT instance_id, from_version_id, from_state_id, seq_before FROM migration_item
              WHERE run_id = $1::uuid AND status = 'pending' AND ($3::uuid IS NULL OR instance_id > $3::uuid) ORDER BY instance_id LIMIT $2`,
            runId,
            chunkSize,
            after,
          );
        });
        return rows.map((i) => ({
          instanceId: i.instance_id,
          fromVersionId: i.from_version_id,
          fromStateId: i.from_state_id,
          seqBefore: i.seq_before === null ? null : Number(i.seq_before),
        }));
      };
      const refill = async (): Promise<void> => {
        if (this.stopping || report.chunks >= maxChunks) return void (done = true);
        if (report.chunks > 0) {
          if (delay > 0) {
            await drain();
            await refreshCounters(this.rt, runId);
            refreshedAt = Date.now();
            await this.sleep(delay);
            if (this.stopping) return void (done = true);
          } else if (Date.now() - refreshedAt >= 1000) {
            await refreshCounters(this.rt, runId);
            refreshedAt = Date.now();
          }
          if ((await this.runStatus(runId)) !== "running") return void (done = true);
        }
        let items = await read(cursor);
        if (items.length === 0 && cursor !== null) {
          // The end: once every batch in flight has committed, anything still pending is read from the start.
          await drain();
          items = await read(null);
        }
        if (items.length === 0) {
          exhausted = true;
          return void (done = true);
        }
        cursor = items[items.length - 1]!.instanceId;
        report.chunks++;
        for (let i = 0; i < items.length; i += this.batchSize) queue.push(items.slice(i, i + this.batchSize));
      };
      let refilling: Promise<void> | undefined;
      const nextBatch = async (): Promise<PendingItem[] | undefined> => {
        for (;;) {
          const batch = queue.shift();
          if (batch) return batch;
          if (done) return undefined;
          await (refilling ??= refill().finally(() => (refilling = undefined)));
        }
      };
      const count = (outcome: ItemOutcome) => {
        if (outcome.status !== "gone") report[outcome.status]++;
      };
      const migrate = async (batch: PendingItem[]) => {
        const outcomes = await migrateChunk(this.rt, run, batch);
        if (outcomes) outcomes.forEach(count);
        else for (const item of batch) if (!this.stopping) count(await migrateItem(this.rt, run, item));
      };
      const worker = async () => {
        for (let batch = await nextBatch(); batch && !this.stopping; batch = await nextBatch()) {
          const work = migrate(batch);
          inFlight.add(work);
          try {
            await work;
          } finally {
            inFlight.delete(work);
          }
        }
      };
      await Promise.all(Array.from({ length: this.concurrency }, worker));
      if (exhausted) report.status = await this.complete(runId, run.processId);
      else {
        await refreshCounters(this.rt, runId);
        report.status = await this.runStatus(runId);
      }
    });
    if (!held) report.status = await this.runStatus(runId);
    return report;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Marks the run completed when nothing is pending any more; deprecated versions left empty become inactive. */
  private async complete(runId: string, processId: string): Promise<string> {
    await refreshCounters(this.rt, runId);
    const now = this.rt.clock.now();
    await this.rt.db.prisma.$transaction(async (tx) => {
      // Under the run's row lock (as `retryFailed`): the pending check reads items committed before the lock.
      if ((await lockRun(tx, runId)) !== "running") return;
      const [{ pending }] = await tx.$queryRawUnsafe<[{ pending: boolean }]>(
        `SELECT EXISTS (SELECT 1 FROM migration_item WHERE run_id = $1::uuid AND status = 'pending') AS pending`,
        runId,
      );
      if (!pending)
        await tx.migrationRun.update({
          where: { id: runId },
          data: { status: "completed", finishedAt: now },
        });
    });
    await deactivateIdleVersions(this.rt, processId);
    return this.runStatus(runId);
  }
}

/** Recomputes a run's counters from its items (one indexed scan; no hot row updated per item). */
export async function refreshCounters(rt: Runtime, runId: string): Promise<void> {
  await rt.db.prisma.$executeRawUnsafe(
    `UPDATE migration_run r SET
        done = c.done, failed = c.failed
       FROM (SELECT count(*) FILTER (WHERE status IN ('migrated', 'skipped', 'reverted'))::int AS done,
                    count(*) FILTER (WHERE status = 'failed')::int AS failed
               FROM migration_item WHERE run_id = $1::uuid) c
      WHERE r.id = $1::uuid`,
    runId,
  );
}

/** Starts this process's executor (called once from `createRuntime`); returns it so `stop()` can stop it. */
export function startMigrationExecutor(
  rt: Runtime,
  options: MigrationExecutorOptions = {},
): MigrationExecutor {
  return new MigrationExecutor(rt, options).start();
}
