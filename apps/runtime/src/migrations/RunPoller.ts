import { withAdvisoryLock } from "../db/advisoryLock.ts";
import type { Runtime } from "../instances/Runtime.ts";

/** The tables of runs an executor drives (each with `id`, `status`, `created_at`). */
type RunTable = "migration_run" | "bulk_run";

/**
 * Postgres advisory-lock class per run table (`'migr'`, `'bulk'`), the second key being hashtext(run id).
 * A session-level advisory lock on a dedicated connection marks "this process drives that run":
 * unlike a lease column it needs no expiry and no clock — if the process dies, its connection
 * closes and the lock is gone at once, so another runtime resumes the run on its next poll. It
 * only avoids two processes doing the same chunk: correctness does not depend on it, because each
 * item commits together with its instance change and only while still `pending` (see migrateItem, applyBulkItem).
 */
const lockClasses: Record<RunTable, number> = { migration_run: 0x6d696772, bulk_run: 0x62756c6b };

/** The executors of each run table by runtime, so the API can wake this process's executor. */
const executors: Record<RunTable, WeakMap<Runtime, RunPoller>> = {
  migration_run: new WeakMap(),
  bulk_run: new WeakMap(),
};

/** Wakes this process's executor of `table`'s runs (if it runs one); other processes find the run by polling. */
export function wakeExecutor(rt: Runtime, table: RunTable): void {
  executors[table].get(rt)?.wake();
}

/**
 * The background loop of a run executor (instance migration, bulk operations): looks for `running`
 * runs of its table every `pollMs` (at once when woken), drives each one not already driven here,
 * and on stop waits for the loop and the runs in flight. How a run is driven is the subclass's
 * (`processRun`); several processes may poll, a run's advisory lock decides who drives it.
 */
export abstract class RunPoller {
  protected stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly driving = new Map<string, Promise<unknown>>();

  constructor(
    protected readonly rt: Runtime,
    private readonly table: RunTable,
    private readonly pollMs: number,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {}

  abstract processRun(runId: string): Promise<unknown>;

  /** Starts looking for `running` runs (right away: that is the resume after a restart). */
  start(): this {
    executors[this.table].set(this.rt, this);
    this.stopping = false;
    this.loop ??= this.poll();
    return this;
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming; items in flight finish (each is atomic anyway); then the run locks are released. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    this.interrupt();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.driving.values()]);
    if (executors[this.table].get(this.rt) === this) executors[this.table].delete(this.rt);
  }

  /** Wakes what waits inside a run when the executor stops (nothing by default). */
  protected interrupt(): void {}

  /** Ids of the runs to drive now, oldest first. */
  private async runningRunIds(): Promise<string[]> {
    const runs = await this.rt.db.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM ${this.table} WHERE status = 'running' ORDER BY created_at`,
    );
    return runs.map((r) => r.id);
  }

  /** Runs `fn` while holding the run's advisory lock; false (and `fn` not run) when another session holds it. */
  protected withRunLock(runId: string, fn: () => Promise<void>): Promise<boolean> {
    // PGlite: one process per data folder; `driving` already keeps this process to one loop per run.
    return withAdvisoryLock(this.rt.db, lockClasses[this.table], runId, fn);
  }

  /** A run's status now (`unknown` when there is no such run). */
  protected async runStatus(runId: string): Promise<string> {
    const [run] = await this.rt.db.prisma.$queryRawUnsafe<{ status: string }[]>(
      `SELECT status FROM ${this.table} WHERE id = $1::uuid`,
      runId,
    );
    return run?.status ?? "unknown";
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      try {
        for (const id of await this.runningRunIds()) {
          if (this.driving.has(id) || this.stopping) continue;
          const driven = this.processRun(id)
            .catch((error: unknown) => this.onError?.(error))
            .finally(() => this.driving.delete(id));
          this.driving.set(id, driven);
        }
      } catch (error) {
        this.onError?.(error);
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }
}
